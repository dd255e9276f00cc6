import Domain
import Localization
import Testing

// The text rule of issue #11: no control characters in text, from any entry point; tab and line
// breaks only in multi-line fields.

@Test(arguments: [0x00, 0x01, 0x07, 0x1B, 0x1F, 0x7F, 0x85, 0x9B])
func controlCharactersAreRefusedInNames(_ code: UInt32) throws {
  let scalar = try #require(Unicode.Scalar(code))
  let org = Organization(code: "ORG-1", name: "x\(Character(scalar))y", kind: .school, region: "UZ")
  let issues = org.allIssues()
  #expect(issues.map(\.field) == ["name"])
  #expect(issues.first?.message.description.contains(TextRules.name(scalar)) == true)
  #expect(throws: DomainError.self) { try org.validate() }
}

@Test func lineBreaksOnlyInMultiLineFields() {
  // A description may hold lines and tabs; a name may not.
  var competency = Competency(code: "C-1", name: "Welding")
  competency.description = "First line\nsecond\tline\r\n"
  #expect(competency.allIssues().isEmpty)
  competency.name = "Weld\ning"
  #expect(competency.allIssues().map(\.field) == ["name"])
  // A ledger purpose is multi-line text, but a NUL is refused there too (SQLite would cut it).
  let entry = LedgerEntry(
    code: "LE-1", date: Day(year: 2026, month: 1, day: 1) ?? .endOf(year: 2026), from: "A", to: "B", amount: 5,
    purpose: "grant\u{0}hidden")
  #expect(entry.allIssues().map(\.field) == ["purpose"])
}

@Test func childRowsAreCheckedToo() {
  let program = Program(
    code: "P-1", name: "Welding", organization: "ORG", level: .vocational,
    outcomes: [.init(competency: "C\u{1B}[2J", level: 3)])
  #expect(program.allIssues().contains { $0.field.hasPrefix("outcomes[1].") })
}

@Test func visibleTextHasNoControlCharacters() {
  let hostile = "x\u{1B}]0;title\u{07}\u{1B}[2Jy\u{0}z\u{7F}\u{9B}"
  let shown = TextRules.visible(hostile)
  #expect(shown == "x␛]0;title␇␛[2Jy␀z␡\u{FFFD}")
  #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
  #expect(TextRules.visible("Turaqo‘rg‘on, Ирина") == "Turaqo‘rg‘on, Ирина")
}
