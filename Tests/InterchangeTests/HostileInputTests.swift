import Domain
import Foundation
import Interchange
import Localization
import Testing

// Hostile input (issue #11): duplicate JSON keys, spreadsheet formulas, terminal escapes, and
// arbitrary bytes through both readers.

@Test func duplicateKeysAreFound() {
  func dup(_ text: String) -> String? { JSONReader.duplicateKey(in: Array(text.utf8)) }
  #expect(dup(#"{"code":"A","name":"x","code":"B"}"#) == "code")
  // The same key in two objects, or in an object and its child, is fine.
  #expect(dup(#"[{"code":"A"},{"code":"B"}]"#) == nil)
  #expect(dup(#"{"code":"A","outcomes":[{"code":"C"}],"name":"n"}"#) == nil)
  // Nested duplicates are found; escaped spellings are the same key.
  #expect(dup(#"{"a":{"level":1,"level":2}}"#) == "level")
  #expect(dup(#"{"code":"A","\u0063ode":"B"}"#) == "code")
  // Braces, colons and quotes inside strings are text.
  #expect(dup(#"{"name":"a \"{code\": 1} b","code":"x"}"#) == nil)
}

@Test func aJSONImportWithADuplicateKeyIsRefusedAtItsLine() {
  let data = Data("[\n{\"code\":\"A\",\"name\":\"x\"},\n{\"code\":\"B\",\"code\":\"C\"}\n]".utf8)
  #expect(throws: InputError.self) { _ = try JSONReader.elements(data: data, file: "orgs.json") }
  do {
    _ = try JSONReader.elements(data: data, file: "orgs.json")
  } catch {
    #expect(error.location.line == 3)
    #expect(error.message.description.contains("'code' appears twice"))
  }
}

@Test func spreadsheetSafeCSVNeverStartsAFormula() {
  let safe = CSVWriter(spreadsheetSafe: true)
  #expect(
    safe.row(["=HYPERLINK(\"http://x\")", "+1+1", "-2", "-cmd", "@SUM(A1)", "\tx", "plain"])
      == #""'=HYPERLINK(""http://x"")",'+1+1,-2,'-cmd,'@SUM(A1),'"# + "\tx,plain\n")
  // The machine CSV stays exact.
  #expect(CSVWriter().row(["=1+1"]) == "=1+1\n")
}

/// Arbitrary bytes and Unicode through both readers: they answer or refuse, never crash.
@Test func arbitraryBytesNeverCrashTheReaders() {
  var state: UInt64 = 0x1234_5678
  func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  let alphabet = Array("{}[]\":,\\ \n\r\tabc0123-.eE𝄞ʻo‘\u{0}\u{1B}\u{FEFF}".utf8) + [0xFF, 0xC3, 0x80]
  for _ in 0..<2000 {
    let length = Int(next() % 64)
    let bytes = (0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }
    let data = Data(bytes)
    _ = try? JSONReader.elements(data: data, file: "fuzz.json")
    _ = JSONReader.duplicateKey(in: bytes)
    let reader = CSVReader(data: data, file: "fuzz.csv")
    var rows = 0
    while rows < 1000, let _ = try? reader.next() { rows += 1 }
  }
}

/// Finding 9's slow import came from here: a JSON array written on one line (as most writers
/// emit it) had each element's column counted from the line's start, so 60,000 records took
/// minutes. Columns are now counted as the reader goes; they must still be right.
@Test func elementColumnsOnOneLongLineCountCharacters() throws {
  // `[{"n":"ЖЖ"},` is 12 characters (the Cyrillic letters are 2 bytes each): the second object,
  // with its key twice, starts at column 13 of line 1.
  let text = #"[{"n":"ЖЖ"},{"n":1,"n":2}]"#
  do {
    _ = try JSONReader.elements(data: Data(text.utf8), file: "one-line.json")
    Issue.record("a duplicate key was accepted")
  } catch {
    #expect(error.location == SourceLocation(file: "one-line.json", line: 1, column: 13))
  }
  // On a later line, columns restart at 1.
  let lines = "[\n  {\"n\":1},\n  {\"n\":1,\"n\":2}\n]"
  do {
    _ = try JSONReader.elements(data: Data(lines.utf8), file: "lines.json")
    Issue.record("a duplicate key was accepted")
  } catch {
    #expect(error.location == SourceLocation(file: "lines.json", line: 3, column: 3))
  }
}
