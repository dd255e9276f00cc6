import Presentation
import Testing

@Test(
  "display width",
  arguments: [
    ("abc", 3), ("Turaqo‘rg‘on", 12), ("Oʻzbekiston", 11), ("Алмалык", 7), ("e\u{301}", 1), ("漢字", 4), ("", 0),
  ])
func displayWidth(_ text: String, _ width: Int) {
  #expect(DisplayWidth.of(text) == width)
}

@Test func tablesAlignByDisplayWidth() {
  let table = TextTable(header: ["name", "n"], rows: [["Turaqo‘rg‘on", "1"], ["Алмалык", "22"]], rightAligned: [1])
    .render()
  let lines = table.split(separator: "\n").map(String.init)
  #expect(lines.count == 4)
  // Every row puts the second column at the same display column.
  let widths = lines.map { DisplayWidth.of($0) }
  #expect(Set(widths).count == 1, "\(lines)")
  #expect(lines[3] == "Алмалык       22")
}

@Test func longCellsAreCutWithAnEllipsis() {
  #expect(DisplayWidth.fit("abcdefgh", to: 5) == "abcd…")
  #expect(DisplayWidth.fit("ab", to: 4, alignRight: true) == "  ab")
}

@Test func tablesNeverWriteAControlCharacterFromData() {
  let table = TextTable(header: ["code", "name"], rows: [["X", "evil\u{1B}]0;title\u{07}\u{1B}[2J name"]]).render()
  #expect(!table.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
  #expect(table.contains("evil␛]0;title␇␛[2J name"))
}

/// The shortcuts for Latin and Cyrillic give what the Unicode table gives, scalar by scalar.
@Test func displayWidthShortcutsAgreeWithTheUnicodeTable() {
  for v in UInt32(0x20)..<0x530 {
    guard let scalar = Unicode.Scalar(v), !(0x7F..<0xA0).contains(v) else { continue }
    let zero: Set<Unicode.GeneralCategory> = [.nonspacingMark, .enclosingMark, .format]
    let expected = zero.contains(scalar.properties.generalCategory) ? 0 : 1
    #expect(DisplayWidth.of(scalar) == expected, "U+\(String(v, radix: 16))")
    #expect(DisplayWidth.of(String(scalar)) == expected, "U+\(String(v, radix: 16))")
  }
}
