import Domain
import Foundation
import Interchange
import Localization
import Testing
import ZIPFoundation

/// Workbooks: what this project writes reads back cell for cell; what openpyxl and LibreOffice
/// wrote (fixtures made once by Tools/make-xlsx-fixtures.py) reads with the right values; hostile
/// workbooks are refused with a reason.
struct XLSXTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

  /// Every row of a sheet, as the reader gives it (blank rows skipped).
  static func rows(_ path: String, sheet: String) throws -> [XLSXRow] {
    let workbook = try XLSXWorkbook(path: path)
    let found = try #require(workbook.sheets.first { $0.name == sheet })
    let reader = try workbook.rows(of: found)
    defer { reader.close() }
    var out = [XLSXRow]()
    while let row = try reader.next() { out.append(row) }
    return out
  }

  static func scratch(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString)-\(name)").path
  }

  @Test func writtenCellsReadBackAsCSVWouldHoldThem() throws {
    let path = XLSXTests.scratch("round.xlsx")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let writer = try XLSXWriter(path: path)
    try writer.beginSheet("students", columns: ["code", "note", "score", "on", "ok", "blank"].map { XLSXColumn($0) })
    // Text that must stay text (a formula-looking value, markup, control characters, OOXML's
    // own escape written literally, spaces and lines), numbers, dates, booleans, empties.
    let awkward = "=1+1 <b>&amp;</b> \u{1}\u{1F} _x0041_ \r\n  two lines  "
    try writer.append([
      .text("0105"), .text(awkward), .number(12.5), .date(Day(iso: "2026-09-01")!), .bool(true), .empty,
    ])
    try writer.append([
      .text("ST-2"), .text("Тошкент Oʻzbekiston"), .number(-7), .date(Day(iso: "1999-12-31")!), .bool(false), .empty,
    ])
    try writer.append([.text("ST-3"), .empty, .number(0.1), .empty, .empty, .empty])
    try writer.beginSheet("second", columns: [XLSXColumn("a")])
    try writer.append([.number(1e15 + 2)])
    try writer.finish()

    let workbook = try XLSXWorkbook(path: path)
    #expect(workbook.sheets.map(\.name) == ["students", "second"])
    let rows = try XLSXTests.rows(path, sheet: "students")
    #expect(rows.map(\.number) == [1, 2, 3, 4])
    #expect(rows[0].cells == ["code", "note", "score", "on", "ok", "blank"])
    #expect(rows[1].cells == ["0105", awkward, "12.5", "2026-09-01", "true"])
    #expect(rows[2].cells == ["ST-2", "Тошкент Oʻzbekiston", "-7", "1999-12-31", "false"])
    #expect(rows[3].cells == ["ST-3", "", "0.1"])
    // Past 10^15 a number keeps its full precision in exponent form, as CSV writes it.
    #expect(try XLSXTests.rows(path, sheet: "second")[1].cells == [FieldValue.real(1e15 + 2).plain])
  }

  @Test func sheetsOfTensOfThousandsOfRowsStreamInOrder() throws {
    let path = XLSXTests.scratch("big.xlsx")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let writer = try XLSXWriter(path: path)
    try writer.beginSheet("students", columns: [XLSXColumn("code"), XLSXColumn("score")])
    for i in 1...30_000 { try writer.append([.text("ST-\(i)"), .number(Double(i % 100))]) }
    try writer.finish()
    let rows = try XLSXTests.rows(path, sheet: "students")
    #expect(rows.count == 30_001)
    #expect(rows.last?.cells == ["ST-30000", "0"])
    #expect(zip(rows.dropFirst(), 1...).allSatisfy { $0.cells[0] == "ST-\($1)" })
  }

  @Test func closingEarlyStopsTheParserAndFreesTheReader() throws {
    let path = XLSXTests.scratch("early.xlsx")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let writer = try XLSXWriter(path: path)
    try writer.beginSheet("s", columns: [XLSXColumn("n")])
    for i in 1...20_000 { try writer.append([.number(Double(i))]) }
    try writer.finish()
    let workbook = try XLSXWorkbook(path: path)
    let reader = try workbook.rows(of: workbook.sheets[0])
    #expect(try reader.next()?.cells == ["n"])
    reader.close()  // returns: the parser, blocked on a full queue, was told to stop
    #expect(try reader.next() == nil)
  }

  /// The same cells, written by openpyxl and by LibreOffice: shared strings, numbers, dates
  /// (1900 system, a local date format), booleans (LibreOffice: `=TRUE()` with its result),
  /// empty cells, a blank row, a text cell holding `=1+1`, formulas by their cached result.
  @Test(arguments: ["openpyxl", "libreoffice"])
  func anotherProgramsWorkbookReadsWithTheRightValues(_ writer: String) throws {
    let path = XLSXTests.fixtures.appendingPathComponent("types-\(writer).xlsx").path
    let workbook = try XLSXWorkbook(path: path)
    #expect(workbook.sheets.map(\.name) == ["types", "notes"])
    let rows = try XLSXTests.rows(path, sheet: "types")
    #expect(rows.map(\.number) == [1, 2, 3, 4, 6])
    func cells(_ i: Int) -> [String] { rows[i].cells + Array(repeating: "", count: max(0, 8 - rows[i].cells.count)) }
    #expect(cells(0) == ["text", "number", "integer", "date", "bool", "formula", "empty", "last"])
    let computed = writer == "libreoffice"
    #expect(cells(1) == ["Ташкент", "12.5", "42", "2026-09-01", "true", computed ? "2" : "", "", "x"])
    #expect(cells(2) == ["=1+1", "0.1", "-7", "1999-12-31", "false", computed ? "0.2" : "", "", "y"])
    #expect(cells(3) == ["  spaced  ", "1234567.25", "0", "1900-03-01", "", computed ? "ab" : "", "", "z"])
    #expect(cells(4) == ["after blank", "3", "3", "2024-02-29", "true", "", "", "w"])
    // openpyxl never calculates: its formulas have no result, which the import reports.
    #expect(rows[1].errors == (computed ? [:] : [5: ""]))
  }

  @Test func aFormulaWithoutItsResultIsAProblemAtItsCell() throws {
    let path = XLSXTests.fixtures.appendingPathComponent("types-openpyxl.xlsx").path
    let workbook = try XLSXWorkbook(path: path, displayName: "types.xlsx")
    let rows = SheetRows(try workbook.rows(of: workbook.sheets[0]))
    _ = try rows.next()
    let row = try #require(try rows.next())
    #expect(row.problem?.location.description == "types.xlsx:types!F2")
    #expect(row.problem?.message.text(in: .en).contains("saved without its result") == true)
  }

  @Test func templatesCarryCommentsAndValidations() throws {
    let path = XLSXTests.scratch("template.xlsx")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let writer = try XLSXWriter(path: path)
    let long = (1...80).map { "REGION-\($0)" }
    try writer.beginSheet(
      "students",
      columns: [
        XLSXColumn("code", note: "Required. The student's code.", text: true, required: true),
        XLSXColumn("level", note: "Optional.", validation: .list(["vocational", "bachelor"])),
        XLSXColumn("region", validation: .list(long)),
        XLSXColumn("born", validation: .date),
        XLSXColumn("year", validation: .whole),
        XLSXColumn("score", validation: .decimal),
        XLSXColumn("active", validation: .bool),
      ], validationRows: 100)
    try writer.finish()
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    func part(_ name: String) throws -> String {
      let entry = try #require(archive[name])
      var data = Data()
      _ = try archive.extract(entry) { data.append($0) }
      return String(decoding: data, as: UTF8.self)
    }
    let sheet = try part("xl/worksheets/sheet1.xml")
    #expect(sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
    #expect(sheet.contains("<dataValidations count=\"6\">"))
    #expect(
      sheet.contains("type=\"list\"")
        && sheet.contains("sqref=\"B2:B101\"><formula1>&quot;vocational,bachelor&quot;</formula1>"))
    #expect(sheet.contains("sqref=\"C2:C101\"><formula1>lists!$A$2:$A$81</formula1>"))
    #expect(sheet.contains("type=\"date\"") && sheet.contains("type=\"whole\"") && sheet.contains("type=\"decimal\""))
    #expect(sheet.contains("<formula1>\"true,false\"</formula1>"))
    #expect(sheet.contains("<col min=\"1\" max=\"1\"") && sheet.contains("style=\"3\""))  // code typed as text
    #expect(sheet.contains("<legacyDrawing r:id=\"rId2\"/>"))
    let comments = try part("xl/comments1.xml")
    #expect(
      comments.contains(
        "<comment ref=\"A1\" authorId=\"0\"><text><t xml:space=\"preserve\">Required. The student&apos;s code.</t>")
        || comments.contains("Required. The student's code."))
    #expect(try part("xl/workbook.xml").contains("<sheet name=\"lists\" sheetId=\"2\" state=\"hidden\""))
    #expect(try XLSXTests.rows(path, sheet: "lists").map { $0.cells[0] } == ["list1"] + long)
  }

  @Test func notAWorkbookAndHostileXMLAreRefusedWithAReason() throws {
    let text = XLSXTests.scratch("not.xlsx")
    try Data("code,name\n".utf8).write(to: URL(fileURLWithPath: text))
    defer { try? FileManager.default.removeItem(atPath: text) }
    #expect {
      try XLSXWorkbook(path: text, displayName: "not.xlsx")
    } throws: { ($0 as? InputError)?.description.contains("not a ZIP package") == true }

    // A sheet declaring entities (the "billion laughs" shape) is not read.
    let path = XLSXTests.scratch("entities.xlsx")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
    func add(_ name: String, _ text: String) throws {
      let data = Data(text.utf8)
      try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count)) { position, size in
        data.subdata(in: Int(position)..<Int(position) + size)
      }
    }
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    try add(
      "xl/workbook.xml",
      "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
    )
    try add(
      "xl/_rels/workbook.xml.rels",
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
    )
    try add(
      "xl/worksheets/sheet1.xml",
      "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><worksheet xmlns=\"\(main)\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>"
    )
    #expect {
      _ = try XLSXTests.rows(path, sheet: "s")
    } throws: { ($0 as? InputError)?.message.text(in: .en).contains("declares XML entities") == true }
  }

  @Test func columnNamesAndReferences() {
    #expect(
      [0, 1, 25, 26, 27, 51, 52, 701, 702, 16383].map(XLSXWriter.columnName)
        == ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"])
    #expect(SourceLocation(file: "s.xlsx", sheet: "students", line: 3, column: 3).description == "s.xlsx:students!C3")
    #expect(SourceLocation(file: "s.csv", line: 3, column: 3).description == "s.csv:3:3")
  }

  /// Property: every day from 1900-03-01 on survives day → workbook → day.
  @Test func datesSurviveTheWorkbook() throws {
    var rng = SystemRandomNumberGenerator()
    let days =
      (0..<300).map { _ in
        Day(
          year: Int.random(in: 1900...2199, using: &rng), month: Int.random(in: 1...12, using: &rng),
          day: Int.random(in: 1...28, using: &rng))!
      } + [Day(iso: "1900-03-01")!, Day(iso: "2000-02-29")!, Day(iso: "9999-12-31")!]
    let path = XLSXTests.scratch("days.xlsx")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let writer = try XLSXWriter(path: path)
    try writer.beginSheet("d", columns: [XLSXColumn("day")])
    for d in days { try writer.append([.date(d)]) }
    try writer.finish()
    #expect(try XLSXTests.rows(path, sheet: "d").dropFirst().map { $0.cells[0] } == days.map(\.description))
  }
}

/// CSV as Excel saves it: semicolons (a Russian or Uzbek locale), a BOM and CRLF, tabs, and
/// legacy encodings.
struct ExcelCSVTests {
  static func records(_ reader: CSVReader) throws -> [[String]] {
    var out = [[String]]()
    while let r = try reader.next() { out.append(r.fields) }
    return out
  }

  @Test(arguments: [
    ("\u{FEFF}code;name\r\nA1;\"Semi; colon\"\r\nA2;Тошкент\r\n", "semicolon, BOM, CRLF"),
    ("code\tname\nA1\tSemi; colon\nA2\tТошкент\n", "tab"),
    ("code,name\nA1,Semi; colon\nA2,Тошкент\n", "comma"),
  ])
  func theDelimiterIsFoundFromTheFirstLine(_ text: String, _ label: String) throws {
    let reader = try CSVReader(data: Data(text.utf8), file: "o.csv", delimiter: nil, encoding: nil)
    #expect(
      try ExcelCSVTests.records(reader) == [["code", "name"], ["A1", "Semi; colon"], ["A2", "Тошкент"]], "\(label)")
  }

  @Test func aGivenDelimiterWins() throws {
    let reader = try CSVReader(data: Data("a;b,c\n1;2,3\n".utf8), file: "o.csv", delimiter: ",", encoding: nil)
    #expect(try ExcelCSVTests.records(reader) == [["a;b", "c"], ["1;2", "3"]])
  }

  @Test func windows1251ReadsWithItsEncodingAndOtherwiseSuggestsIt() throws {
    // "Тошкент" in Windows-1251.
    let bytes: [UInt8] = Array("code;name\r\nA1;".utf8) + [0xD2, 0xEE, 0xF8, 0xEA, 0xE5, 0xED, 0xF2] + [0x0D, 0x0A]
    let reader = try CSVReader(data: Data(bytes), file: "o.csv", delimiter: nil, encoding: "windows-1251")
    #expect(try ExcelCSVTests.records(reader) == [["code", "name"], ["A1", "Тошкент"]])
    // In chunks of 3 bytes from a file, the same.
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cp1251-\(UUID().uuidString).csv")
    try Data(bytes).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let chunked = try CSVReader(path: url.path, chunkSize: 3, encoding: "cp1251")
    #expect(try ExcelCSVTests.records(chunked) == [["code", "name"], ["A1", "Тошкент"]])

    let plain = CSVReader(data: Data(bytes), file: "o.csv")
    #expect {
      _ = try ExcelCSVTests.records(plain)
    } throws: { error in
      let e = error as? InputError
      return e?.location.description == "o.csv:2:2"
        && e?.message.text(in: .en).contains("--encoding windows-1251") == true
    }
  }

  @Test func anUnknownEncodingIsNamed() {
    #expect {
      _ = try CSVReader(data: Data(), file: "o.csv", delimiter: nil, encoding: "klingon-8")
    } throws: { ($0 as? InputError)?.message.text(in: .en).contains("unknown encoding 'klingon-8'") == true }
  }

  @Test func aByteTheEncodingLacksIsFoundByItsOffset() throws {
    // 0x98 is the one byte Windows-1251 leaves undefined.
    #expect {
      let reader = try CSVReader(
        data: Data([0x61, 0x2C, 0x62, 0x0A, 0x98]), file: "o.csv", delimiter: nil, encoding: "windows-1251")
      _ = try ExcelCSVTests.records(reader)
    } throws: {
      ($0 as? InputError)?.message.text(in: .en).contains("byte 5 is not a character of windows-1251") == true
    }
  }
}
