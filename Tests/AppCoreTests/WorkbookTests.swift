import Analytics
import AppCore
import Domain
import Foundation
import Interchange
import Localization
import TestSupport
import Testing
import ZIPFoundation

/// Excel workbooks end to end: export → import → export gives the CSV round trip's bytes; a bad
/// cell is named by sheet and cell and nothing is written; other programs' workbooks import with
/// the right values; templates carry their validations and import once filled in; Excel's CSV.
struct WorkbookTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("InterchangeTests/Fixtures")

  @Test(arguments: DatabaseKind.available, [UInt64(1), 42, 2026])
  func aWorkbookRoundTripIsTheCSVRoundTrip(_ kind: DatabaseKind, seed: UInt64) throws {
    let app = try tempApp()
    _ = try app.save(randomRegistry(seed: seed))
    let dir = try tempDir()
    _ = try app.exportWorkbook(to: dir + "/all.xlsx", includePersonal: true)
    let copy = try emptyApp(kind)
    let report = try copy.importFiles([dir + "/all.xlsx"])
    #expect(report.skippedSheets.isEmpty)
    _ = try app.export(to: dir + "/a", format: .csv, includePersonal: true)
    _ = try copy.export(to: dir + "/b", format: .csv, includePersonal: true)
    #expect(try files(in: dir + "/a") == files(in: dir + "/b"), "seed \(seed)")
  }

  @Test func theDemoRoundTripsThroughOneWorkbook() throws {
    let app = try demoApp()
    let dir = try tempDir()
    let sheets = try app.exportWorkbook(to: dir + "/demo.xlsx", includePersonal: true)
    #expect(
      sheets.count
        == DataFile.all.filter { if case .entity = $0 { true } else if case .children = $0 { true } else { false } }
        .count)
    let copy = try tempApp()
    _ = try copy.importFiles([dir + "/demo.xlsx"])
    _ = try app.export(to: dir + "/a", format: .csv, includePersonal: true)
    _ = try copy.export(to: dir + "/b", format: .csv, includePersonal: true)
    #expect(try files(in: dir + "/a") == files(in: dir + "/b"))
  }

  @Test(arguments: DatabaseKind.available)
  func aBadCellIsNamedBySheetAndCellAndNothingIsWritten(_ kind: DatabaseKind) throws {
    let app = try emptyApp(kind)
    _ = try app.save(randomRegistry(seed: 7))
    let before = try EntityKind.allCases.map { try app.count($0) }
    let dir = try tempDir()
    let writer = try XLSXWriter(path: dir + "/orgs.xlsx")
    try writer.beginSheet("organizations", columns: ["code", "name", "kind", "region"].map { XLSXColumn($0) })
    for i in 0..<2000 { try writer.append([.text("X-\(i)"), .text("School \(i)"), .text("school"), .text("R0-1")]) }
    // Row 2002: a kind that does not exist (column C); row 2003: a region that does not (column D).
    try writer.append([.text("X-BAD"), .text("Bad"), .text("schoool"), .text("R0-1")])
    try writer.append([.text("X-NOWHERE"), .text("Lost"), .text("school"), .text("NO-SUCH")])
    try writer.finish()
    #expect {
      try app.importFiles([dir + "/orgs.xlsx"])
    } throws: { error in
      let details = (error as? AppError)?.details.map { $0.text(in: .en) } ?? []
      return details.count == 2 && details[0].hasPrefix("orgs.xlsx:organizations!C2002: ")
        && details[1].hasPrefix("orgs.xlsx:organizations!D2003: ")
    }
    #expect(try EntityKind.allCases.map { try app.count($0) } == before)
  }

  /// openpyxl's workbook and LibreOffice's copy of it: text codes with leading zeros, a local
  /// date format, numbers, a sheet with no type (skipped), sheets in any order.
  @Test(arguments: ["openpyxl", "libreoffice"])
  func anotherProgramsWorkbookImportsWithTheRightValues(_ writer: String) throws {
    let app = try tempApp()
    let name = "registry-\(writer).xlsx"
    let report = try app.importFiles([WorkbookTests.fixtures.appendingPathComponent(name).path])
    #expect(report.skippedSheets == ["\(name):Лист1"])
    #expect(report.files.map(\.file) == ["regions", "organizations", "clusters", "courses"].map { "\(name):\($0)" })
    let college = try #require(try app.show(.organization, code: "0105") as? Organization)
    #expect(college.kind == .vocational_college && college.region == "UZ-AN" && college.rating == .green)
    let plant = try #require(try app.show(.organization, code: "ENT-AVTO") as? Organization)
    #expect(plant.rating == .yellow)
    let cluster = try #require(try app.show(.cluster, code: "CL-AN") as? Cluster)
    #expect(cluster.established == Day(iso: "2022-09-01") && cluster.core == "0105" && cluster.mission == nil)
    let course = try #require(try app.show(.course, code: "CRS-1") as? Course)
    #expect(course.hours == 72 && course.capacity == 20 && course.provider == "0105")
    #expect(course.startsOn == Day(iso: "2026-01-12") && course.endsOn == Day(iso: "2026-02-06"))
  }

  @Test func aTemplateCarriesItsValidationsAndImportsOnceFilledIn() throws {
    let app = try demoApp()
    let dir = try tempDir()
    let path = dir + "/intake.xlsx"
    #expect(try app.template(["students", "preferences"], to: path, language: .en) == ["students", "preferences"])
    let workbook = try XLSXWorkbook(path: path)
    #expect(workbook.sheets.map(\.name) == ["students", "preferences", "lists"])
    #expect(workbook.sheets.map(\.hidden) == [false, false, true])
    let sheet = try WorkbookTests.part(path, "xl/worksheets/sheet1.xml")
    // program and region: the demo's codes (program on the lists sheet, regions inline);
    // cohort_year a whole number, score a number.
    #expect(sheet.contains("sqref=\"C2:C5001\"><formula1>lists!$A$2:$A$"))
    #expect(sheet.contains("sqref=\"E2:E5001\"><formula1>&quot;UZ,UZ-AN,"))
    #expect(sheet.contains("type=\"whole\"") && sheet.contains("sqref=\"D2:D5001\""))
    #expect(sheet.contains("type=\"decimal\"") && sheet.contains("sqref=\"F2:F5001\""))
    let comments = try WorkbookTests.part(path, "xl/comments1.xml")
    #expect(comments.contains("<comment ref=\"A1\" authorId=\"0\"><text><t xml:space=\"preserve\">Required."))
    #expect(comments.contains("<comment ref=\"C1\"") && comments.contains("Pick from the list."))

    // Filled in as a spreadsheet would: rows added to the sheets' data, the rest untouched.
    try WorkbookTests.fill(
      path,
      [
        "xl/worksheets/sheet1.xml": [
          ["ST-9001", "Aziz Karimov", "VC-TUR-CW", "2027", "UZ-NG-TUR", "61.5"],
          ["ST-9002", "Dilnoza Rahimova", "VC-TUR-CW", "2027", "UZ-NG-TUR", ""],
        ],
        "xl/worksheets/sheet2.xml": [["ST-9001", "PL-AAC-ASSY-INT", "1"]],
      ])
    let report = try app.importFiles([path])
    #expect(report.counts.first { $0.kind == "student" }?.inserted == 2)
    let student = try #require(try app.show(.student, code: "ST-9001") as? Student)
    #expect(student.score == 61.5 && student.cohortYear == 2027 && student.preferences == ["PL-AAC-ASSY-INT"])
  }

  static func part(_ path: String, _ name: String) throws -> String {
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    let entry = try #require(archive[name])
    var data = Data()
    _ = try archive.extract(entry) { data.append($0) }
    return String(decoding: data, as: UTF8.self)
  }

  /// Adds rows below a sheet's header (numbers as numbers, the rest as inline text), rewriting
  /// the package the way a spreadsheet saves it.
  static func fill(_ path: String, _ rows: [String: [[String]]]) throws {
    let source = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    var parts = [(String, Data)]()
    for entry in source {
      var data = Data()
      _ = try source.extract(entry) { data.append($0) }
      if let added = rows[entry.path] {
        var xml = String(decoding: data, as: UTF8.self)
        var cells = ""
        for (r, row) in added.enumerated() {
          cells += "<row r=\"\(r + 2)\">"
          for (c, value) in row.enumerated() where !value.isEmpty {
            let ref = XLSXWriter.columnName(c) + String(r + 2)
            cells +=
              Double(value) != nil && !value.hasPrefix("0")
              ? "<c r=\"\(ref)\"><v>\(value)</v></c>" : "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(value)</t></is></c>"
          }
          cells += "</row>"
        }
        xml = xml.replacingOccurrences(of: "</sheetData>", with: cells + "</sheetData>")
        data = Data(xml.utf8)
      }
      parts.append((entry.path, data))
    }
    try FileManager.default.removeItem(atPath: path)
    let target = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
    for (name, data) in parts {
      try target.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
        position, size in data.subdata(in: Int(position)..<Int(position) + size)
      }
    }
  }

  @Test func excelsSemicolonCSVAndAWindows1251FileImport() throws {
    let app = try tempApp()
    _ = try app.save(randomRegistry(seed: 3).filter { type(of: $0).kind == .region })
    let dir = try tempDir()
    try Data("\u{FEFF}code;name;kind;region\r\nS-1;\"Maktab; 1\";school;R0-1\r\n".utf8).write(
      to: URL(fileURLWithPath: dir + "/organizations.csv"))
    _ = try app.importFiles([dir + "/organizations.csv"])
    #expect((try app.show(.organization, code: "S-1") as? Organization)?.name == "Maktab; 1")

    // "Тошкент" in Windows-1251: refused with a hint as UTF-8, read with its encoding.
    let cp1251: [UInt8] = [0xD2, 0xEE, 0xF8, 0xEA, 0xE5, 0xED, 0xF2]
    let file = dir + "/schools.csv"
    try Data(Array("code;name;kind;region\r\nS-2;".utf8) + cp1251 + Array(";school;R0-1\r\n".utf8)).write(
      to: URL(fileURLWithPath: file))
    #expect {
      try app.importFiles([file], options: ImportOptions(type: "organizations"))
    } throws: { error in
      (error as? AppError)?.details.first?.text(in: .en).contains("schools.csv:2:2: this field is not UTF-8") == true
    }
    _ = try app.importFiles([file], options: ImportOptions(type: "organizations", encoding: "windows-1251"))
    #expect((try app.show(.organization, code: "S-2") as? Organization)?.name == "Тошкент")
  }

  /// AndMI in the demo, by hand from the demo data: four programs, one agreement (it provides
  /// equipment to ENT-AMSH), two teachers due on 2026-11-29 (T-008 never qualified, T-005 overdue
  /// since 2024-12-18).
  @Test func anOrganizationsPage() throws {
    let app = try demoApp()
    let page = try app.organizationReport(code: "AndMI", year: 2026, on: Day(iso: "2026-11-29"))
    #expect(page.programs.map(\.code) == ["AndMI-B-AUTO", "AndMI-B-MACH", "AndMI-IS-CNC", "AndMI-M-MACH"])
    #expect(page.region == "UZ-AN")
    #expect(page.cohorts.allSatisfy { (2022...2026).contains($0.year) && $0.program.hasPrefix("AndMI-") })
    #expect(page.cohorts.first { $0.program == "AndMI-B-AUTO" && $0.year == 2026 }?.graduated == 74)
    #expect(Set(page.gaps.map(\.specialty)) == ["60710900", "60711400", "70710900"])
    #expect(page.teachersDue.map(\.teacher) == ["T-008", "T-005"])
    #expect(page.teachersDue.map(\.status) == ["never_qualified", "overdue"])
    #expect(page.agreements.map { "\($0.code) \($0.role) \($0.partner)" } == ["AG-2022-06 provider ENT-AMSH"])
    #expect(throws: AppError.self) { try app.organizationReport(code: "NO-SUCH") }
  }
}
