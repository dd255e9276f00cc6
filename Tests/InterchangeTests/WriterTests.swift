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
