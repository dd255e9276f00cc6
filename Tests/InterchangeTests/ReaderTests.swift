import Domain
import Foundation
import Interchange
import Testing

/// The CSV reader reads files in chunks; every record must come out the same whatever the chunk
/// size, so that a quote, a CRLF, a BOM or a multi-byte letter split across two reads is never
/// misread. Each text is read from memory and from a file at chunk sizes 1 to 7, 64 and 1 MiB.
struct ReaderTests {
  static let chunkSizes = [1, 2, 3, 4, 5, 7, 64, 1 << 20]

  /// What a reader produced: each record's fields, its line and its fields' lines, or the error.
  static func read(_ reader: CSVReader) -> [String] {
    var out = [String]()
    do {
      while let r = try reader.next() {
        out.append("\(r.line) \(r.fieldLines) \(r.fields)")
      }
    } catch {
      out.append("error \(error)")
    }
    return out
  }

  static func readFile(_ bytes: [UInt8], chunkSize: Int) throws -> [String] {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("reader-\(UUID().uuidString).csv")
    try Data(bytes).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    return read(try CSVReader(path: url.path, displayName: "t.csv", chunkSize: chunkSize))
  }

  @Test(arguments: [
    // BOM, CRLF, a quoted field with a doubled quote, a comma and a CRLF inside it.
    "\u{FEFF}code,name\r\nA1,\"Say \"\"hi\"\", then,\r\ngo\"\r\nA2,plain\r\n",
    // LF only, Uzbek and Cyrillic letters (2 bytes), an emoji (4 bytes), blank lines, no final newline.
    "code,name\n\nO‘Z,Тошкент\n\nX,🙂 ok",
    // An empty quoted field, empty fields, a quoted newline at the very end.
    "a,b,c\n\"\",,\n1,\"two\nlines\",3\n",
  ])
  func everyChunkSizeReadsTheSameRecords(_ text: String) throws {
    let bytes = Array(text.utf8)
    let expected = ReaderTests.read(CSVReader(data: Data(bytes), file: "t.csv"))
    #expect(!expected.contains { $0.hasPrefix("error") }, "\(expected)")
    for size in ReaderTests.chunkSizes {
      #expect(try ReaderTests.readFile(bytes, chunkSize: size) == expected, "chunk size \(size)")
    }
  }

  /// Worked out by hand: the BOM is skipped, the quoted field keeps its doubled quote as one and
  /// its CRLF, and the second record starts on line 3 because the first spans two lines.
  @Test func quotedFieldsAndLinesAreRightAtChunkSizeOne() throws {
    let bytes = Array("\u{FEFF}code,name\r\nA1,\"Say \"\"hi\"\",\r\ngo\"\r\nA2,plain\r\n".utf8)
    let records = try ReaderTests.readFile(bytes, chunkSize: 1)
    #expect(
      records == [
        "1 [1, 1] [\"code\", \"name\"]",
        "2 [2, 2] [\"A1\", \"Say \\\"hi\\\",\\r\\ngo\"]",
        "4 [4, 4] [\"A2\", \"plain\"]",
      ])
  }

  /// Invalid UTF-8 is an error at the same line and field however the bytes are split, even
  /// when the bad byte is the last of a chunk.
  @Test func invalidUTF8IsReportedTheSameAtEveryChunkEdge() throws {
    let bytes = Array("code,name\nA1,ok\nA2,b".utf8) + [0xC3] + Array("\n".utf8)
    let expected = ReaderTests.read(CSVReader(data: Data(bytes), file: "t.csv"))
    #expect(expected.last?.contains("t.csv:3:2") == true, "\(expected)")
    #expect(expected.last?.contains("not UTF-8") == true, "\(expected)")
    for size in ReaderTests.chunkSizes {
      #expect(try ReaderTests.readFile(bytes, chunkSize: size) == expected, "chunk size \(size)")
    }
  }

  /// A cut four-byte sequence (F0 9F 98, the start of an emoji) is replaced by one U+FFFD of
  /// the same three bytes: the reader must still see the field was not UTF-8, quoted or not;
  /// valid Cyrillic, Uzbek Latin and an emoji beside it are read as they are.
  @Test func aReplacementOfTheSameLengthIsStillInvalid() throws {
    let head = Array("code,name,note\nA1,Алиев,Oʻgʻil 😀\nA2,".utf8)
    let cut: [UInt8] = [0x78, 0xF0, 0x9F, 0x98, 0x79]  // x, a cut emoji, y
    // Unquoted in the second column; quoted in the third.
    let cases: [(bytes: [UInt8], column: Int)] = [
      (head + cut + Array(",n\n".utf8), 2),
      (head + Array("x,\"".utf8) + cut + Array("\"\n".utf8), 3),
    ]
    for (bytes, column) in cases {
      let lines = ReaderTests.read(CSVReader(data: Data(bytes), file: "t.csv"))
      #expect(lines.contains { $0.contains("Алиев") && $0.contains("Oʻgʻil 😀") }, "\(lines)")
      #expect(lines.last?.contains("t.csv:3:\(column)") == true, "\(lines)")
      #expect(lines.last?.contains("not UTF-8") == true, "\(lines)")
    }
  }

  /// An unbalanced quote is reported where the field starts, at every chunk size.
  @Test func anUnclosedQuoteIsReportedWhereItOpens() throws {
    let bytes = Array("a,b\n1,\"never closed\n2,3\n".utf8)
    let expected = ReaderTests.read(CSVReader(data: Data(bytes), file: "t.csv"))
    #expect(expected.last?.contains("t.csv:2:2") == true, "\(expected)")
    for size in ReaderTests.chunkSizes {
      #expect(try ReaderTests.readFile(bytes, chunkSize: size) == expected, "chunk size \(size)")
    }
  }
}

/// The import's read-and-map stage on its own thread gives what reading in one thread gives:
/// every row in file order, a row that does not map as its problem, and a malformed row as the
/// error that ends reading — after every row before it.
@Test func mappedRowsKeepFileOrderProblemsAndTheEnd() throws {
  var text = "code,name,kind,region\n"
  for i in 1...20_000 { text += "O\(i),School \(i),\(i == 777 ? "schoool" : "school"),R1\n" }
  text += "O-LAST,\"never closed,school,R1\n"
  let reader = CSVReader(data: Data(text.utf8), file: "organizations.csv")
  var mapper = RecordMapper(dataFile: .entity(.organization), file: "organizations.csv")
  try mapper.read(header: try #require(try reader.next()).fields)
  let rows = ReadAhead(reader) { [mapper] record -> Result<ImportItem, InputError> in
    Result { () throws(InputError) in try mapper.item(csv: record) }
  }
  var codes = [String]()
  var problems = [String]()
  var ending: String?
  do {
    while let row = try rows.next() {
      switch row {
      case .success(.entity(let record, _)): codes.append(record["code"].plain)
      case .success: Issue.record("a list row from an entity file")
      case .failure(let error): problems.append(error.location.description)
      }
    }
  } catch {
    ending = error.location.description
  }
  #expect(codes.count == 19_999 && codes.first == "O1" && codes.last == "O20000")
  #expect(codes == (1...20_000).filter { $0 != 777 }.map { "O\($0)" })
  #expect(problems == ["organizations.csv:778:3"])
  #expect(ending == "organizations.csv:20002:2")
}
