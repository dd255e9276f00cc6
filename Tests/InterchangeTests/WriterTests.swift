import Interchange
import Testing

@Test(
  "CSV escaping (RFC 4180)",
  arguments: [
    ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
    ("cr\r", "\"cr\r\""), (" lead", "\" lead\""), ("Turaqo‘rg‘on", "Turaqo‘rg‘on"), ("", ""),
  ])
func csvEscaping(_ field: String, _ expected: String) {
  #expect(CSVWriter.escape(field) == expected)
}

@Test func csvDocumentEndsRowsAsAsked() {
  #expect(CSVWriter().document(header: ["a", "b"], rows: [["1", "x,y"]]) == "a,b\n1,\"x,y\"\n")
  #expect(CSVWriter(lineEnding: "\r\n").row(["a"]) == "a\r\n")
}

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
