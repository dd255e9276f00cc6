import Interchange
import Testing

@Test(
  "CSV escaping (RFC 4180)",
  arguments: [
    ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
    ("cr\r", "\"cr\r\""), (" lead", "\" lead\""), ("Turaqo‘rg‘on", "Turaqo‘rg‘on"), ("", ""),
    // A CR LF is one character, and a quote with a combining mark is no quote as a character:
    // both still need quoting, the quote doubling.
    ("windows\r\nline", "\"windows\r\nline\""), ("q\"\u{301}", "\"q\"\"\u{301}\""), ("tail ", "\"tail \""),
  ])
func csvEscaping(_ field: String, _ expected: String) {
  #expect(CSVWriter.escape(field) == expected)
}

@Test func csvDocumentEndsRowsAsAsked() {
  #expect(CSVWriter().document(header: ["a", "b"], rows: [["1", "x,y"]]) == "a,b\n1,\"x,y\"\n")
  #expect(CSVWriter(lineEnding: "\r\n").row(["a"]) == "a\r\n")
}
