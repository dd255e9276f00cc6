import Domain
import Testing

private func day(_ s: String) -> Day? { Day(iso: s) }

/// One row of the validation table: an entity, and the field its first issue must name
/// (nil when the entity is valid).
struct ValidationCase: CustomTestStringConvertible, Sendable {
  let label: String
  let entity: any Entity
  let field: String?
  var testDescription: String { label }
}

let validationCases: [ValidationCase] = [
  .init(label: "valid region", entity: Region(code: "UZ-NG", name: "Namangan"), field: nil),
  .init(label: "empty code", entity: Region(code: "", name: "Namangan"), field: "code"),
  .init(label: "untrimmed code", entity: Region(code: " UZ", name: "Uzbekistan"), field: "code"),
  .init(label: "own parent", entity: Region(code: "UZ", name: "Uzbekistan", parent: "UZ"), field: "parent"),
  .init(label: "blank name", entity: Organization(code: "O", name: "  ", kind: .school, region: "R"), field: "name"),
  .init(
    label: "valid organization",
    entity: Organization(code: "O", name: "Maktab № 5", kind: .school, region: "R", rating: .green), field: nil),
  .init(
    label: "membership left before joined",
    entity: Membership(cluster: "C", organization: "O", joined: day("2024-05-01"), left: day("2023-01-01")),
    field: "left"),
  .init(
    label: "competency broader than itself", entity: Competency(code: "C", name: "Welding", broader: "C"),
    field: "broader"),
  .init(
    label: "program outcome level 6",
    entity: Program(
      code: "P", name: "Welding", organization: "O", level: .vocational, outcomes: [.init(competency: "C", level: 6)]),
    field: "outcome"),
  .init(
    label: "program outcome listed twice",
    entity: Program(
      code: "P", name: "Welding", organization: "O", level: .vocational,
      outcomes: [.init(competency: "C", level: 2), .init(competency: "C", level: 3)]), field: "outcome"),
  .init(
    label: "program negative intake",
    entity: Program(code: "P", name: "W", organization: "O", level: .bachelor, annualIntake: -1), field: "annual_intake"
  ),
  .init(
    label: "program zero duration",
    entity: Program(code: "P", name: "W", organization: "O", level: .bachelor, durationMonths: 0),
    field: "duration_months"),
  .init(
    label: "entry level 0",
    entity: Program(
      code: "P", name: "W", organization: "O", level: .bachelor, entryRequirements: [.init(competency: "C", level: 0)]),
    field: "entry"),
  .init(
    label: "graduated over enrolled", entity: Cohort(program: "P", year: 2024, enrolled: 10, graduated: 11),
    field: "graduated"),
  .init(
    label: "employed over graduated", entity: Cohort(program: "P", year: 2024, enrolled: 10, graduated: 8, employed: 9),
    field: "employed"),
  .init(label: "negative enrolled", entity: Cohort(program: "P", year: 2024, enrolled: -3), field: "enrolled"),
  .init(label: "implausible year", entity: Cohort(program: "P", year: 24, enrolled: 3), field: "year"),
  .init(
    label: "valid cohort",
    entity: Cohort(program: "P", year: 2024, enrolled: 30, graduated: 25, employed: 20, employedInCluster: 12),
    field: nil),
  .init(label: "score over 100", entity: Student(code: "S", name: "Ali", score: 101), field: "score"),
  .init(
    label: "preference twice", entity: Student(code: "S", name: "Ali", preferences: ["P1", "P1"]), field: "prefers"),
  .init(
    label: "teacher qualified before hired",
    entity: Teacher(
      code: "T", name: "T", organization: "O", hiredOn: day("2020-01-01"), lastQualifiedOn: day("2019-01-01")),
    field: "last_qualified_on"),
  .init(label: "course zero hours", entity: Course(code: "K", title: "CNC", provider: "O", hours: 0), field: "hours"),
  .init(
    label: "course negative capacity", entity: Course(code: "K", title: "CNC", provider: "O", hours: 36, capacity: -1),
    field: "capacity"),
  .init(
    label: "course ends before start",
    entity: Course(
      code: "K", title: "CNC", provider: "O", hours: 36, startsOn: day("2025-02-01"), endsOn: day("2025-01-01")),
    field: "ends_on"),
  .init(
    label: "need without specialty or occupation",
    entity: PersonnelNeed(code: "N", organization: "E", region: "R", year: 2025, count: 4), field: "specialty"),
  .init(
    label: "need negative count",
    entity: PersonnelNeed(code: "N", organization: "E", specialty: "S", region: "R", year: 2025, count: -4),
    field: "count"),
  .init(
    label: "placement capacity 0 is fine",
    entity: Placement(code: "PL", organization: "E", title: "Intern", kind: .internship, capacity: 0), field: nil),
  .init(
    label: "placement negative capacity",
    entity: Placement(code: "PL", organization: "E", title: "Intern", kind: .internship, capacity: -1),
    field: "capacity"),
  .init(
    label: "agreement unknown currency",
    entity: Agreement(code: "A", kind: .internship, customer: "E", provider: "U", currency: "XYZ"), field: "currency"),
  .init(
    label: "agreement with itself", entity: Agreement(code: "A", kind: .internship, customer: "E", provider: "E"),
    field: "provider"),
  .init(
    label: "agreement negative value",
    entity: Agreement(code: "A", kind: .research, customer: "E", provider: "U", value: -5), field: "value"),
  .init(
    label: "project negative budget", entity: Project(code: "PR", title: "Lab", fundingSource: .ppp, budget: -1),
    field: "budget"),
  .init(
    label: "project ends before start",
    entity: Project(
      code: "PR", title: "Lab", fundingSource: .own, startsOn: day("2025-01-01"), endsOn: day("2024-01-01")),
    field: "ends_on"),
  .init(
    label: "ledger zero amount",
    entity: LedgerEntry(code: "L", date: Day(year: 2025, month: 1, day: 1)!, from: "A", to: "B", amount: 0),
    field: "amount"),
  .init(
    label: "ledger to itself",
    entity: LedgerEntry(code: "L", date: Day(year: 2025, month: 1, day: 1)!, from: "A", to: "A", amount: 5), field: "to"
  ),
  .init(
    label: "swot blank text", entity: SwotItem(code: "W", cluster: "C", category: .threat, text: ""), field: "text"),
]

@Test("validation rules", arguments: validationCases)
func validation(_ c: ValidationCase) {
  let issues = c.entity.issues()
  if let field = c.field {
    #expect(issues.first?.field == field, "\(issues)")
    #expect(throws: DomainError.self) { try c.entity.validate() }
  } else {
    #expect(issues.isEmpty, "\(issues)")
  }
}

@Test func invalidErrorNamesEntityCodeAndRule() {
  let e = Cohort(program: "P", year: 2024, enrolled: 10, graduated: 11)
  do {
    try e.validate()
    Issue.record("expected an error")
  } catch {
    #expect("\(error)" == "cohort 'P/2024' is invalid: graduated: 11 is more than enrolled (10)")
  }
}

@Test(
  "ISO dates",
  arguments: [
    ("2024-02-29", true), ("2023-02-29", false), ("2024-13-01", false), ("2024-1-01", false),
    ("24-01-01", false), ("2024-04-31", false), ("2024-12-31", true), ("abcd-ef-gh", false),
  ])
func isoDates(_ text: String, valid: Bool) {
  #expect((Day(iso: text) != nil) == valid)
  if valid { #expect(Day(iso: text)?.description == text) }
}

@Test func fieldParsingExplainsWhatItExpects() throws {
  let kind = Field.choice("kind", OrganizationKind.self, required: true)
  #expect(try kind.parse("university", kind: .organization) == .text("university"))
  #expect(throws: DomainError.self) { try kind.parse("universe", kind: .organization) }
  do {
    _ = try Field("year", .integer).parse("20x4", kind: .need)
  } catch {
    #expect("\(error)" == "personnel need: 'year' cannot be '20x4': expected a whole number")
  }
  #expect(try Field("n", .integer).parse("  ", kind: .need) == .null)
  #expect(try Field("d", .date).parse("2025-01-31", kind: .need) == .text("2025-01-31"))
  #expect(throws: DomainError.self) { try Field("d", .date).parse("31.01.2025", kind: .need) }
}

@Test func childRowsKeepURIsWhole() throws {
  let outcomes = try #require(Program.schema.child(option: "outcome"))
  let row = try outcomes.parseRow("http://data.europa.eu/esco/skill/abc-123:3:40", kind: .program)
  #expect(row["competency"] == .text("http://data.europa.eu/esco/skill/abc-123"))
  #expect(row["level"] == .integer(3))
  #expect(row["hours"] == .integer(40))
  let short = try outcomes.parseRow("C-WELD:2", kind: .program)
  #expect(short["hours"] == .null)
  #expect(outcomes.format(short) == "C-WELD:2")
  #expect(throws: DomainError.self) { try outcomes.parseRow("C-WELD:x", kind: .program) }
}
