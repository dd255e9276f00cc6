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

/// Cutting Latin and Cyrillic text by scalars gives what cutting it by characters gives: random
/// names of Uzbek Latin (o‘ with U+2018), Cyrillic, dashes, daggers, the soft hyphen and, now and
/// then, a combining accent (which
/// takes the path by characters), cut to every width.
@Test func cuttingByScalarsAgreesWithCuttingByCharacters() {
  func byCharacters(_ text: String, _ width: Int) -> String {
    var out = ""
    var used = 0
    for ch in text {
      let cw = DisplayWidth.of(String(ch))
      if used + cw > width - 1 { break }
      out.append(ch)
      used += cw
    }
    return out + "…" + String(repeating: " ", count: max(0, width - used - 1))
  }
  let pieces = [
    "o‘", "g‘", "Oʻ", "sh", "a", "Q", " ", "-", "Ж", "қ", "ў", "é", "\u{AD}", "1", "«", "»", "‘", "†", "—", "; ",
  ]
  var generator = SystemRandomNumberGenerator()
  for round in 0..<400 {
    var text = (0..<Int.random(in: 1...24, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "a"
    }
    .joined()
    if round % 5 == 0 { text += "e\u{301}x" }
    let full = DisplayWidth.of(text)
    // A width read up to a limit is the width, or more than the limit when the width is.
    for limit in [0, 1, full / 2, full - 1, full, full + 1] where limit >= 0 {
      let capped = DisplayWidth.of(text, upTo: limit)
      #expect(full <= limit ? capped == full : (capped > limit && capped <= full), "\(text) up to \(limit)")
    }
    for width in 1..<max(2, full) where full > width {
      #expect(DisplayWidth.fit(text, to: width) == byCharacters(text, width), "\(text) to \(width)")
    }
  }
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
