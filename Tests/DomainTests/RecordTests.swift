import Domain
import Foundation
import Testing

/// Every kind, with Uzbek Latin, Cyrillic and every list filled, survives entity → record → entity.
let samples: [any Entity] = [
  Region(code: "UZ-NG-TUR", name: "Turaqo‘rg‘on tumani", level: .district, parent: "UZ-NG"),
  Organization(
    code: "O1", name: "АО «Алмалыкский ГМК»", kind: .enterprise, region: "UZ-TO", sector: "B07", ownership: .mixed),
  Cluster(
    code: "CL", name: "Namangan qurilish klasteri", region: "UZ-NG", specialization: "qurilish", core: "NamECI",
    established: Day(iso: "2021-09-01"), mission: "Ta’lim – fan – ishlab chiqarish\nikkinchi qator"),
  Membership(cluster: "CL", organization: "O1", role: .social_partner, joined: Day(iso: "2022-01-10")),
  Specialty(code: "60711400", name: "Qurilish muhandisligi", level: .bachelor, field: "Muhandislik"),
  Competency(
    code: "http://data.europa.eu/esco/skill/x", name: "payvandlash", type: .skill, reuseLevel: "sector-specific",
    description: "Metallni payvandlash", altLabels: ["сварка", "welding"], broader: "C-MET"),
  Occupation(
    code: "7212", name: "Payvandchi", iscoGroup: "7212",
    skills: [.init(competency: "C-WELD", essential: true), .init(competency: "C-SAFE", essential: false)]),
  Program(
    code: "P1", name: "Payvandlash ishlari", organization: "O1", specialty: "S1", level: .vocational, form: .dual,
    durationMonths: 24, annualIntake: 60, language: "uz",
    outcomes: [.init(competency: "C-WELD", level: 3, hours: 120), .init(competency: "C-SAFE", level: 2)],
    entryRequirements: [.init(competency: "C-MATH", level: 2)]),
  Cohort(program: "P1", year: 2024, enrolled: 60, graduated: 52, employed: 40, employedInCluster: 31),
  Student(
    code: "S1", name: "G‘ulomova Oʻgiloy", program: "P1", cohortYear: 2025, region: "UZ-NG", score: 87.5,
    competencies: [.init(competency: "C-WELD", level: 3, assessedOn: Day(iso: "2025-05-20"))],
    preferences: ["PL1", "PL2"]),
  Teacher(
    code: "T1", name: "Шерзод Каримов", organization: "O1", specialty: "S1", category: "oliy",
    hiredOn: Day(iso: "2015-09-01"), lastQualifiedOn: Day(iso: "2021-06-30"),
    competencies: [.init(competency: "C-WELD", level: 4)], programs: ["P1"]),
  Course(
    code: "K1", title: "CNC dasturlash", provider: "O1", hours: 72, mode: .non_formal, capacity: 20,
    startsOn: Day(iso: "2025-10-01"), endsOn: Day(iso: "2025-10-20"), raises: [.init(competency: "C-CNC", level: 3)]),
  TrainingRecord(
    teacher: "T1", course: "K1", completedOn: Day(year: 2025, month: 10, day: 20)!, hours: 72, result: .passed),
  PersonnelNeed(
    code: "N1", organization: "O1", specialty: "S1", occupation: "7212", region: "UZ-NG", year: 2026, count: 12,
    requirements: [
      .init(competency: "C-WELD", level: 3, essential: true), .init(competency: "C-ENG", level: 2, essential: false),
    ]),
  Placement(
    code: "PL1", organization: "O1", title: "Dual o‘qish: payvandchi", kind: .dual_education, specialty: "S1",
    region: "UZ-NG", capacity: 0, requirements: [.init(competency: "C-WELD", level: 2)], ranking: ["S1"]),
  Agreement(
    code: "AG1", kind: .dual_education, customer: "O1", provider: "O2", cluster: "CL", signedOn: Day(iso: "2024-01-15"),
    validUntil: Day(iso: "2026-01-15"), value: 150_000_000_00, status: .active,
    obligations: [.init(text: "Host 10 students: from June", dueOn: Day(iso: "2025-06-01"), status: .overdue)]),
  Project(
    code: "PR1", title: "Laboratoriya", cluster: "CL", kind: "equipment", fundingSource: .ppp, budget: 500_000_000_00,
    startsOn: Day(iso: "2024-01-01"), endsOn: Day(iso: "2026-12-31"), status: .active,
    participants: [.init(organization: "O1", role: "lead")],
    outputs: [.init(kind: .patent, title: "Payvand usuli", on: Day(iso: "2025-03-03"))]),
  LedgerEntry(
    code: "LE-000001", date: Day(year: 2025, month: 3, day: 1)!, from: "O1", to: "O2", amount: 5_000_000_00,
    project: "PR1", purpose: "Birinchi to‘lov"),
  SwotItem(code: "SW1", cluster: "CL", category: .opportunity, text: "Yangi zavod — новый завод"),
]

@Test("every kind has a sample") func everyKindSampled() {
  #expect(Set(samples.map { type(of: $0).kind }) == Set(EntityKind.allCases))
}

@Test("record round trip", arguments: samples.indices)
func recordRoundTrip(_ i: Int) throws {
  let e = samples[i]
  let type = SchemaRegistry.entityType(for: Swift.type(of: e).kind)
  let back = try type.init(record: e.record)
  #expect(back.record == e.record)
  #expect(e.issues().isEmpty, "\(e.issues())")
}

@Test("record fields match the schema", arguments: EntityKind.allCases)
func recordMatchesSchema(_ kind: EntityKind) throws {
  let e = try #require(samples.first { type(of: $0).kind == kind })
  let schema = kind.schema
  #expect(Set(e.record.values.keys) == Set(schema.fields.map(\.name)))
  #expect(Set(e.record.children.keys) == Set(schema.children.map(\.name)))
}

@Test func missingRequiredFieldNamesTheOption() {
  do {
    _ = try Organization(
      record: Record(.organization, ["code": .text("X"), "name": .text("Y"), "kind": .text("school")]))
    Issue.record("expected an error")
  } catch {
    #expect("\(error)" == "organization: 'region' is required (give --region)")
  }
}

@Test func foldingIgnoresCaseDiacriticsAndApostrophes() {
  #expect(TextFolding.fold("Turaqo‘rg‘on") == "turaqorgon")
  #expect(TextFolding.fold("TURAQO'RG'ON") == "turaqorgon")
  #expect(TextFolding.fold("Oʻzbekiston") == "ozbekiston")
  // Cyrillic is read in Latin, the English kh is x, ye is e (issue #14).
  #expect(TextFolding.fold("Шаҳрихон") == TextFolding.fold("Shahrixon"))
  #expect(TextFolding.fold("Ўрта Чирчиқ") == "orta chirchiq")
  #expect(TextFolding.fold("Khorezm") == TextFolding.fold("Хорезм"))
  #expect(TextFolding.fold("Yangiyer") == TextFolding.fold("Янгиер"))
  #expect(TextFolding.fold("таълим") == TextFolding.fold("taʼlim"))
  #expect(TextFolding.tokens("Namangan, Uchqo‘rg‘on-2") == ["namangan", "uchqorgon", "2"])
}

@Test func occupationProfileGivesRequirementsWhenNoneAreListed() {
  let welder = Occupation(
    code: "7212", name: "Welder",
    skills: [.init(competency: "C-WELD", essential: true), .init(competency: "C-SAFE", essential: false)])
  let byCode = ["7212": welder]
  let need = PersonnelNeed(code: "N", organization: "E", occupation: "7212", region: "R", year: 2026, count: 3)
  #expect(
    need.effectiveRequirements(occupations: byCode) == [
      Requirement(competency: "C-WELD", level: 3, essential: true),
      Requirement(competency: "C-SAFE", level: 3, essential: false),
    ])
  var listed = need
  listed.requirements = [Requirement(competency: "C-CAD", level: 2)]
  #expect(listed.effectiveRequirements(occupations: byCode) == listed.requirements)
  let place = Placement(code: "P", organization: "E", title: "Welder", kind: .job, occupation: "7212", capacity: 1)
  #expect(place.effectiveRequirements(occupations: byCode).count == 2)
  #expect(place.effectiveRequirements(occupations: [:]).isEmpty)
}

/// Which fields are personal data is said once, in the schema (issue #12): the names of
/// students and teachers, nothing else. Exports, the import's required columns and the OpenAPI
/// document all read it from there.
@Test func personalDataIsAFieldPropertyOfStudentAndTeacherNames() {
  var personal = [String]()
  for kind in EntityKind.allCases {
    for name in kind.schema.personalFields { personal.append("\(kind.rawValue).\(name)") }
  }
  #expect(personal == ["student.name", "teacher.name"])
}

/// A record read from a store keeps its values by position beside a shared layout; it must read,
/// change, compare and hash exactly as one built by name.
@Test func aRecordByLayoutBehavesAsOneByName() {
  let layout = FieldLayout(["code", "name", "year"])
  var byLayout = Record(.cohort, layout: layout, slots: [.text("C1"), .text("N"), .null])
  var byName = Record(.cohort, ["code": .text("C1"), "name": .text("N"), "year": .null])
  #expect(byLayout == byName)
  #expect(byLayout.hashValue == byName.hashValue)
  #expect(byLayout["name"] == .text("N") && byLayout["year"] == .null && byLayout["absent"] == .null)
  // A field of the layout changes in place; one outside it is kept by name.
  byLayout["year"] = .integer(2024)
  byLayout["enrolled"] = .integer(30)
  byName["year"] = .integer(2024)
  byName["enrolled"] = .integer(30)
  #expect(byLayout == byName)
  #expect(
    byLayout.values == ["code": .text("C1"), "name": .text("N"), "year": .integer(2024), "enrolled": .integer(30)])
  // Replacing every value leaves the layout behind.
  byLayout.values = ["code": .text("C2")]
  #expect(byLayout["name"] == .null && byLayout["code"] == .text("C2"))
  #expect(byLayout != byName)
  #expect(byName.overlaid(with: Record(.cohort, ["name": .text("M")]))["name"] == .text("M"))
}

/// Records of a large read share one table of values, and their child lists one table per list;
/// each must read, change, compare and hash exactly as a record built by name — and changing
/// one must leave the others sharing its table as they were.
@Test func recordsSharingTablesBehaveAsOnesByName() throws {
  let layout = FieldLayout(["code", "year"])
  var rows = RecordRows(kind: .cohort, layout: layout, rowsPerTable: 2)  // tables of two rows
  for (code, year) in [("C1", 2021), ("C2", 2022), ("C3", 2023)] {
    rows.append(.text(code))
    rows.append(.integer(Int64(year)))
    rows.endRow()
  }
  var records = rows.finish()
  #expect(records.map { $0["code"] } == [.text("C1"), .text("C2"), .text("C3")])
  // Requirements (competency, level) of the three owners, arriving out of owner order, as a
  // list read in owner-id order gives them while the records are in code order: owner 2's two
  // rows, then owner 0's, then owner 2's third. Owner 1 has none.
  let requirement = FieldLayout(["competency", "level"])
  var lists = ChildLists.Builder(kind: .cohort, owners: 3)
  lists.begin("requirements", layout: requirement)
  for (owner, competency, level) in [(2, "K1", 3), (2, "K2", 4), (0, "K3", 1), (2, "K4", 2)] {
    lists.row(owner: owner)
    lists.append(.text(competency))
    lists.append(.integer(Int64(level)))
  }
  lists.begin("labels", layout: FieldLayout(["lang", "name"]))
  let shared = lists.finish()
  for i in records.indices { records[i].share(shared, owner: i) }

  func req(_ c: String, _ l: Int64) -> Record { Record(.cohort, ["competency": .text(c), "level": .integer(l)]) }
  let expected = [
    Record(
      .cohort, ["code": .text("C1"), "year": .integer(2021)], children: ["requirements": [req("K3", 1)], "labels": []]),
    Record(.cohort, ["code": .text("C2"), "year": .integer(2022)], children: ["requirements": [], "labels": []]),
    Record(
      .cohort, ["code": .text("C3"), "year": .integer(2023)],
      children: ["requirements": [req("K1", 3), req("K2", 4), req("K4", 2)], "labels": []]),
  ]
  #expect(records == expected)
  #expect(records.map(\.hashValue) == expected.map(\.hashValue))
  #expect(records[2].rows("requirements") == [req("K1", 3), req("K2", 4), req("K4", 2)])
  #expect(try records[2].mapRows("requirements") { try $0.int("level") } == [3, 4, 2])
  #expect(records[1].rows("requirements").isEmpty && records[0].rows("absent").isEmpty)
  #expect(records[0].slots(in: layout) == [.text("C1"), .integer(2021)])
  #expect(records[0].slots(in: requirement) == nil)

  // Changing a shared record copies its row; its neighbours in the table keep theirs.
  var changed = records[0]
  changed["year"] = .integer(1999)
  changed["note"] = .text("kept by name")
  #expect(changed["year"] == .integer(1999) && changed["note"] == .text("kept by name"))
  #expect(records[0]["year"] == .integer(2021) && records[1]["year"] == .integer(2022))
  // Setting a list replaces the shared ones; the other records keep theirs.
  changed.children["requirements"] = [req("K9", 5)]
  #expect(changed.rows("requirements") == [req("K9", 5)] && changed.rows("labels").isEmpty)
  #expect(records[0].rows("requirements") == [req("K3", 1)])
  #expect(records[1].values == ["code": .text("C2"), "year": .integer(2022)])
}

/// Folding and tokens take byte-level fast paths for ASCII and Uzbek Latin; on any text they
/// must give what the plain definition gives: apostrophe letters removed, Cyrillic read in
/// Latin, case and diacritics folded (Foundation), `kh` → `x` and `ye` → `e`, then split on
/// everything but letters and digits.
@Test func foldingFastPathsAgreeWithThePlainDefinition() {
  let apostrophes: Set<Character> = ["‘", "’", "ʻ", "ʼ", "'", "`", "´", "ʹ"]
  let cyrillic: [Character: String] = [
    "ш": "sh", "Ш": "sh", "ё": "yo", "ў": "o", "Ў": "o", "қ": "q", "ҳ": "h", "х": "x", "ы": "i", "ь": "", "ъ": "",
    "а": "a", "л": "l", "м": "m", "А": "a", "к": "k", "е": "e", "Е": "e",
  ]
  func plainFold(_ text: String) -> String {
    let latin = text.filter { !apostrophes.contains($0) }.map { cyrillic[$0] ?? String($0) }.joined()
    return latin.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
      .replacingOccurrences(of: "kh", with: "x").replacingOccurrences(of: "ye", with: "e")
  }
  func plainTokens(_ text: String) -> [String] {
    plainFold(text).split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
  }
  let pieces = [
    "Turaqo", "ʻ", "rg", "‘", "on", "’", "ʼ", "'", "`", "´", "ʹ", " ", "-", "No.", "7", "\r\n", "\t", "Ğ", "ё",
    "Алмалык", "e\u{301}", "SH", "ch", "O", "Q", "x", "ı", "İ", "ß", "٣", "½", "Ⅻ", "k", "H", "y", "E", "Ш",
    "ў", "қ", "ҳ", "х", "Ye", "Kh", "ъ",
  ]
  var rng = SystemRandomNumberGenerator()
  for _ in 0..<2_000 {
    let text = (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined()
    #expect(TextFolding.fold(text) == plainFold(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    #expect(TextFolding.tokens(text) == plainTokens(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
  }
}

/// Per-kind tables index by `ordinal`; stores bind rows by `rowLayout`: both must follow the
/// schema.
@Test func kindsOrdinalsAndRowLayoutsFollowTheSchema() {
  #expect(EntityKind.allCases.map(\.ordinal) == Array(EntityKind.allCases.indices))
  for kind in EntityKind.allCases {
    let names = kind.schema.fields.map(\.name)
    #expect(kind.rowLayout.names == ["code"] + names.filter { $0 != "code" }, "\(kind)")
    #expect(kind.rowLayout === kind.rowLayout, "one shared layout per kind")
    #expect(kind.naturalKey == kind.schema.naturalKey && kind.isSearchable == kind.schema.searchable)
  }
}
