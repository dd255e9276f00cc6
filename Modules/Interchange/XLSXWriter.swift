import Domain
import Foundation
import Localization
import ZIPFoundation

/// One cell of a workbook being written. Text stays text — a value such as `=1+1` is never a
/// formula — numbers are numbers, days are dates.
public enum XLSXValue: Sendable, Hashable {
  case empty
  case text(String)
  case number(Double)
  case date(Day)
  case bool(Bool)
}

/// What a template column lets people type, checked by the spreadsheet as they type it.
public enum XLSXValidation: Sendable, Hashable {
  /// One of these values (a choice field, or the codes of a reference the workbook can name).
  case list([String])
  /// A date.
  case date
  /// A whole number.
  case whole
  /// A number.
  case decimal
  /// true or false.
  case bool
}

/// A column of a sheet being written.
public struct XLSXColumn: Sendable {
  public var header: String
  /// A comment on the header cell: what the column means, whether it is required.
  public var note: String?
  /// What the spreadsheet lets people type below the header (templates).
  public var validation: XLSXValidation?
  /// Cells typed into the column stay text (codes keep their leading zeros).
  public var text: Bool
  /// The header is marked as a column every row must fill.
  public var required: Bool

  public init(
    _ header: String, note: String? = nil, validation: XLSXValidation? = nil, text: Bool = false, required: Bool = false
  ) {
    self.header = header
    self.note = note
    self.validation = validation
    self.text = text
    self.required = required
  }
}

/// A problem writing a workbook (a full disk, a folder that cannot be written).
public struct XLSXWriteError: Error, Sendable {
  public var message: Phrase
}

/// Writes an Office Open XML workbook (`.xlsx`) sheet by sheet, row by row: each sheet's XML
/// streams to a scratch file, and `finish` packs them with ZIPFoundation beside the target and
/// renames the result over it — a failure leaves no half-written workbook. The header row is
/// bold and frozen, columns are sized to what they hold, and template sheets carry header
/// comments and data validations. The XML is written here: it is the mapping, the part no
/// library does for us.
public final class XLSXWriter {
  public let path: String
  private let scratch: URL
  private var sheets: [Sheet] = []
  private var current: Sheet?
  private var handle: FileHandle?
  private var pending = ""
  /// Values of long lists, written to a hidden `lists` sheet that validations refer to.
  private var lists: [[String]] = []

  private final class Sheet {
    let name: String
    let columns: [XLSXColumn]
    let number: Int
    let validationRows: Int
    var rows = 1
    var widths: [Int]
    var hidden = false
    init(name: String, columns: [XLSXColumn], number: Int, validationRows: Int) {
      self.name = name
      self.columns = columns
      self.number = number
      self.validationRows = validationRows
      widths = columns.map { XLSXWriter.width($0.header) + 2 }
    }
    var dataFile: String { "sheet\(number).data" }
    var hasNotes: Bool { columns.contains { $0.note != nil } }
  }

  public init(path: String) throws(XLSXWriteError) {
    self.path = path
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent("educluster-xlsx-\(UUID().uuidString)")
    do {
      try FileManager.default.createDirectory(
        at: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw XLSXWriteError(message: tr("cannot write a workbook: \(error.localizedDescription)"))
    }
  }

  deinit {
    try? handle?.close()
    try? FileManager.default.removeItem(at: scratch)
  }

  /// Starts a sheet; its header row is written at once. `validationRows`: how many rows below
  /// the header a template's validations cover.
  public func beginSheet(_ name: String, columns: [XLSXColumn], validationRows: Int = 0) throws(XLSXWriteError) {
    try endSheet()
    let sheet = Sheet(
      name: uniqueName(name), columns: columns, number: sheets.count + 1, validationRows: validationRows)
    // A template's columns are empty: wide enough to type a code or a name into.
    if validationRows > 0 { sheet.widths = sheet.widths.map { max($0, 16) } }
    let url = scratch.appendingPathComponent(sheet.dataFile)
    guard FileManager.default.createFile(atPath: url.path, contents: nil),
      let h = FileHandle(forWritingAtPath: url.path)
    else { throw XLSXWriteError(message: tr("cannot write a workbook in \(scratch.path)")) }
    handle = h
    current = sheet
    sheets.append(sheet)
    var header = "<row r=\"1\">"
    for (i, column) in columns.enumerated() {
      header += XLSXWriter.textCell(
        XLSXWriter.reference(column: i, row: 1), column.header, style: column.required ? 4 : 1)
    }
    pending += header + "</row>"
  }

  /// Appends a row of cells under the current sheet's header.
  public func append(_ values: [XLSXValue]) throws(XLSXWriteError) {
    guard let sheet = current else { return }
    sheet.rows += 1
    let row = sheet.rows
    var xml = "<row r=\"\(row)\">"
    for (i, value) in values.enumerated() {
      let ref = XLSXWriter.reference(column: i, row: row)
      var shown = 0
      switch value {
      case .empty: continue
      case .text(let s):
        xml += XLSXWriter.textCell(ref, s, style: 0)
        shown = XLSXWriter.width(s)
      case .number(let x) where x.isFinite:
        let text = XLSXWriter.number(x)
        xml += "<c r=\"\(ref)\"><v>\(text)</v></c>"
        shown = text.count
      case .number(let x):
        xml += XLSXWriter.textCell(ref, String(x), style: 0)
        shown = 4
      case .date(let day):
        xml += "<c r=\"\(ref)\" s=\"2\"><v>\(XLSXWriter.serial(day))</v></c>"
        shown = 10
      case .bool(let b):
        xml += "<c r=\"\(ref)\" t=\"b\"><v>\(b ? 1 : 0)</v></c>"
        shown = 5
      }
      if i < sheet.widths.count { sheet.widths[i] = max(sheet.widths[i], min(60, shown + 2)) }
    }
    pending += xml + "</row>"
    if pending.utf8.count > 1 << 18 { try flush() }
  }

  /// Hides the current sheet (lists that validations use).
  public func hideSheet() { current?.hidden = true }

  private func flush() throws(XLSXWriteError) {
    guard let handle, !pending.isEmpty else { return }
    do { try handle.write(contentsOf: Data(pending.utf8)) } catch {
      throw XLSXWriteError(message: tr("cannot write a workbook: \(error.localizedDescription)"))
    }
    pending.removeAll(keepingCapacity: true)
  }

  private func endSheet() throws(XLSXWriteError) {
    try flush()
    try? handle?.close()
    handle = nil
    current = nil
  }

  private func uniqueName(_ wanted: String) -> String {
    // Excel's rules: at most 31 characters, none of []:*?/\ and no two alike (case aside).
    var base = String(wanted.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
    if base.isEmpty { base = "sheet" }
    var name = base
    var n = 2
    while sheets.contains(where: { $0.name.lowercased() == name.lowercased() }) {
      name = String(base.prefix(28)) + "_\(n)"
      n += 1
    }
    return name
  }

  // MARK: Finishing

  /// Writes the workbook to `path` (replacing what was there only once it is complete).
  public func finish() throws(XLSXWriteError) {
    try endSheet()
    // Validations first: their long lists make the hidden lists sheet.
    var checks = [Int: String]()
    for sheet in sheets { checks[sheet.number] = validations(sheet) }
    if !lists.isEmpty {
      let columns = lists.indices.map { XLSXColumn("list\($0 + 1)") }
      try beginSheet("lists", columns: columns)
      hideSheet()
      let longest = lists.map(\.count).max() ?? 0
      for r in 0..<longest {
        try append(lists.map { r < $0.count ? .text($0[r]) : .empty })
      }
      try endSheet()
    }
    let folder = (path as NSString).deletingLastPathComponent
    let temporary = URL(
      fileURLWithPath: (folder.isEmpty ? "." : folder)
        + "/.\((path as NSString).lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
    do {
      let archive = try Archive(url: temporary, accessMode: .create)
      try add(archive, "[Content_Types].xml", contentTypes())
      try add(archive, "_rels/.rels", XLSXWriter.packageRelationships)
      try add(archive, "docProps/app.xml", XLSXWriter.appProperties)
      try add(archive, "xl/workbook.xml", workbook())
      try add(archive, "xl/_rels/workbook.xml.rels", workbookRelationships())
      try add(archive, "xl/styles.xml", XLSXWriter.styles)
      for sheet in sheets {
        let part = scratch.appendingPathComponent("sheet\(sheet.number).xml")
        try assemble(sheet, validations: checks[sheet.number] ?? "", into: part)
        try archive.addEntry(
          with: "xl/worksheets/sheet\(sheet.number).xml", fileURL: part, compressionMethod: .deflate)
        try? FileManager.default.removeItem(at: part)
        if sheet.hasNotes {
          try add(
            archive, "xl/worksheets/_rels/sheet\(sheet.number).xml.rels", XLSXWriter.sheetRelationships(sheet.number))
          try add(archive, "xl/comments\(sheet.number).xml", comments(sheet))
          try add(archive, "xl/drawings/vmlDrawing\(sheet.number).vml", vmlDrawing(sheet))
        }
      }
    } catch let error as XLSXWriteError {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw XLSXWriteError(message: tr("cannot write \(path): \(error.localizedDescription)"))
    }
    guard rename(temporary.path, path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw XLSXWriteError(message: tr("cannot write \(path): \(reason)"))
    }
  }

  private func add(_ archive: Archive, _ name: String, _ text: String) throws {
    let data = Data(text.utf8)
    try archive.addEntry(
      with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
    ) { position, size in
      data.subdata(in: Int(position)..<Int(position) + size)
    }
  }

  /// The sheet's part: what precedes its rows (sizes, frozen header), the rows, what follows.
  private func assemble(_ sheet: Sheet, validations: String, into part: URL) throws {
    let lastColumn = XLSXWriter.columnName(max(0, sheet.columns.count - 1))
    var head =
      XLSXWriter.declaration
      + "<worksheet xmlns=\"\(XLSXWriter.mainNamespace)\" xmlns:r=\"\(XLSXWriter.relationshipNamespace)\">"
      + "<dimension ref=\"A1:\(lastColumn)\(sheet.rows)\"/>"
      + "<sheetViews><sheetView workbookViewId=\"0\"\(sheet.number == 1 ? " tabSelected=\"1\"" : "")>"
      + "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
      + "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
      + "<sheetFormatPr defaultRowHeight=\"15\"/>"
    if !sheet.columns.isEmpty {
      head += "<cols>"
      for (i, width) in sheet.widths.enumerated() {
        let style = sheet.columns[i].text ? " style=\"3\"" : ""
        head += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(width)\" customWidth=\"1\"\(style)/>"
      }
      head += "</cols>"
    }
    head += "<sheetData>"
    var tail = "</sheetData>" + validations
    tail += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
    if sheet.hasNotes { tail += "<legacyDrawing r:id=\"rId2\"/>" }
    tail += "</worksheet>"
    _ = FileManager.default.createFile(atPath: part.path, contents: nil)
    let out = try FileHandle(forWritingTo: part)
    defer { try? out.close() }
    try out.write(contentsOf: Data(head.utf8))
    let data = try FileHandle(forReadingFrom: scratch.appendingPathComponent(sheet.dataFile))
    defer { try? data.close() }
    while true {
      let chunk = data.readData(ofLength: 1 << 20)
      if chunk.isEmpty { break }
      try out.write(contentsOf: chunk)
    }
    try out.write(contentsOf: Data(tail.utf8))
    try? FileManager.default.removeItem(at: scratch.appendingPathComponent(sheet.dataFile))
  }

  private func validations(_ sheet: Sheet) -> String {
    guard sheet.validationRows > 0 else { return "" }
    var items = [String]()
    for (i, column) in sheet.columns.enumerated() {
      guard let validation = column.validation else { continue }
      let letter = XLSXWriter.columnName(i)
      let range = "\(letter)2:\(letter)\(sheet.validationRows + 1)"
      let prompt =
        column.note.map {
          " showInputMessage=\"1\" promptTitle=\"\(XLSXWriter.escape(String(column.header.prefix(32))))\" prompt=\"\(XLSXWriter.escape(String($0.prefix(255))))\""
        } ?? ""
      // The type (and operator), and the formulas that bound it.
      let (kind, formulas): (String, [String])
      switch validation {
      case .list(let values): (kind, formulas) = ("type=\"list\"", [listFormula(values)])
      case .bool: (kind, formulas) = ("type=\"list\"", ["\"true,false\""])
      case .date: (kind, formulas) = ("type=\"date\" operator=\"greaterThanOrEqual\"", ["1"])
      case .whole: (kind, formulas) = ("type=\"whole\" operator=\"between\"", ["-1000000000000", "1000000000000"])
      case .decimal: (kind, formulas) = ("type=\"decimal\" operator=\"between\"", ["-1000000000000", "1000000000000"])
      }
      let bounds = formulas.enumerated().map { "<formula\($0.offset + 1)>\($0.element)</formula\($0.offset + 1)>" }
      items.append(
        "<dataValidation \(kind) allowBlank=\"1\" showErrorMessage=\"1\"\(prompt) sqref=\"\(range)\">"
          + bounds.joined() + "</dataValidation>")
    }
    guard !items.isEmpty else { return "" }
    return "<dataValidations count=\"\(items.count)\">" + items.joined() + "</dataValidations>"
  }

  /// A short list inline (`"a,b,c"`), a long one (or one with commas) on the hidden lists sheet.
  private func listFormula(_ values: [String]) -> String {
    let inline = values.joined(separator: ",")
    if inline.count <= 250, !values.contains(where: { $0.contains(",") || $0.contains("\"") }) {
      return XLSXWriter.escape("\"" + inline + "\"")
    }
    let column: Int
    if let at = lists.firstIndex(of: values) {
      column = at
    } else {
      lists.append(values)
      column = lists.count - 1
    }
    let letter = XLSXWriter.columnName(column)
    return "lists!$\(letter)$2:$\(letter)$\(max(2, values.count + 1))"
  }

  private func comments(_ sheet: Sheet) -> String {
    var xml =
      XLSXWriter.declaration
      + "<comments xmlns=\"\(XLSXWriter.mainNamespace)\"><authors><author>EduCluster</author></authors><commentList>"
    for (i, column) in sheet.columns.enumerated() {
      guard let note = column.note else { continue }
      xml +=
        "<comment ref=\"\(XLSXWriter.columnName(i))1\" authorId=\"0\"><text><t xml:space=\"preserve\">\(XLSXWriter.escape(note))</t></text></comment>"
    }
    return xml + "</commentList></comments>"
  }

  /// Excel shows a comment through a legacy VML shape; without it the note exists but is not drawn.
  private func vmlDrawing(_ sheet: Sheet) -> String {
    var xml = """
      <xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" \
      xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" \
      data="\(sheet.number)"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" \
      path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" \
      o:connecttype="rect"/></v:shapetype>
      """
    var shape = 1
    for (i, column) in sheet.columns.enumerated() where column.note != nil {
      xml += """
        <v:shape id="_x0000_s\(sheet.number * 1024 + shape)" type="#_x0000_t202" style="position:absolute;\
        margin-left:80pt;margin-top:2pt;width:180pt;height:80pt;z-index:\(shape);visibility:hidden" \
        fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" \
        obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div \
        style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/>\
        <x:SizeWithCells/><x:Anchor>\(i + 1), 15, 0, 2, \(i + 4), 15, 5, 2</x:Anchor><x:AutoFill>False</x:AutoFill>\
        <x:Row>0</x:Row><x:Column>\(i)</x:Column></x:ClientData></v:shape>
        """
      shape += 1
    }
    return xml + "</xml>"
  }

  private func contentTypes() -> String {
    var xml =
      XLSXWriter.declaration
      + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      + "<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/>"
      + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
      + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
      + "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
    for sheet in sheets {
      xml +=
        "<Override PartName=\"/xl/worksheets/sheet\(sheet.number).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
      if sheet.hasNotes {
        xml +=
          "<Override PartName=\"/xl/comments\(sheet.number).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml\"/>"
      }
    }
    return xml + "</Types>"
  }

  private func workbook() -> String {
    var xml =
      XLSXWriter.declaration
      + "<workbook xmlns=\"\(XLSXWriter.mainNamespace)\" xmlns:r=\"\(XLSXWriter.relationshipNamespace)\">"
      + "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
    for sheet in sheets {
      xml +=
        "<sheet name=\"\(XLSXWriter.escape(sheet.name))\" sheetId=\"\(sheet.number)\"\(sheet.hidden ? " state=\"hidden\"" : "") r:id=\"rId\(sheet.number)\"/>"
    }
    return xml + "</sheets></workbook>"
  }

  private func workbookRelationships() -> String {
    var xml =
      XLSXWriter.declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    for sheet in sheets {
      xml +=
        "<Relationship Id=\"rId\(sheet.number)\" Type=\"\(XLSXWriter.relationshipNamespace)/worksheet\" Target=\"worksheets/sheet\(sheet.number).xml\"/>"
    }
    xml +=
      "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(XLSXWriter.relationshipNamespace)/styles\" Target=\"styles.xml\"/>"
    return xml + "</Relationships>"
  }

  private static func sheetRelationships(_ number: Int) -> String {
    declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      + "<Relationship Id=\"rId1\" Type=\"\(relationshipNamespace)/comments\" Target=\"../comments\(number).xml\"/>"
      + "<Relationship Id=\"rId2\" Type=\"\(relationshipNamespace)/vmlDrawing\" Target=\"../drawings/vmlDrawing\(number).vml\"/>"
      + "</Relationships>"
  }

  static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

  static let packageRelationships =
    declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    + "<Relationship Id=\"rId1\" Type=\"\(relationshipNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
    + "<Relationship Id=\"rId2\" Type=\"\(relationshipNamespace)/extended-properties\" Target=\"docProps/app.xml\"/>"
    + "</Relationships>"

  static let appProperties =
    declaration
    + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>EduCluster</Application></Properties>"

  /// Cell formats by index: 0 plain, 1 header, 2 date (ISO), 3 text, 4 required header.
  static let styles =
    declaration + "<styleSheet xmlns=\"\(mainNamespace)\">"
    + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\"/></numFmts>"
    + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
    + "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
    + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFFF2CC\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>"
    + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
    + "<cellXfs count=\"5\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
    + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
    + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
    + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"/></cellXfs>"
    + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
    + "</styleSheet>"

  // MARK: Cells

  static func textCell(_ ref: String, _ text: String, style: Int) -> String {
    let s = style == 0 ? "" : " s=\"\(style)\""
    let bytes = text.utf8
    let spaces: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
    let preserve =
      (bytes.first.map(spaces.contains) ?? false) || (bytes.last.map(spaces.contains) ?? false)
        || bytes.contains(0x0A)
      ? " xml:space=\"preserve\"" : ""
    return "<c r=\"\(ref)\"\(s) t=\"inlineStr\"><is><t\(preserve)>\(escape(text))</t></is></c>"
  }

  /// A number as the cell's value: whole numbers without a fraction, others in full precision.
  static func number(_ x: Double) -> String { FieldValue.real(x).plain }

  /// Days since 1899-12-30: the 1900 date system as Excel counts it (past its 1900-02-29).
  static func serial(_ day: Day) -> Int {
    daysFromCivil(day.year, day.month, day.day) - daysFromCivil(1899, 12, 30)
  }

  /// Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// `A`, `B` … `Z`, `AA` … for a 0-based column.
  public static func columnName(_ index: Int) -> String {
    var n = index + 1
    var name = ""
    while n > 0 {
      let r = (n - 1) % 26
      name = String(UnicodeScalar(UInt8(65 + r))) + name
      n = (n - 1) / 26
    }
    return name
  }

  static func reference(column: Int, row: Int) -> String { columnName(column) + String(row) }

  /// Text as XML character data: markup escaped, and what XML cannot hold (control characters)
  /// written as OOXML's `_xHHHH_`, a literal `_xHHHH_` protected as `_x005F_xHHHH_`.
  static func escape(_ text: String) -> String {
    // Most cells need nothing: no markup, no underscore, no control character, no U+FFFE/FFFF
    // (whose UTF-8 starts 0xEF).
    if !text.utf8.contains(where: {
      $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x5F || $0 == 0xEF
    }) {
      return text
    }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var scalars = text.unicodeScalars[...]
    while let c = scalars.first {
      scalars = scalars.dropFirst()
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "_" where XLSXWriter.looksEscaped(scalars): out += "_x005F_"
      // (A literal CR would come back as LF: XML normalizes line ends.)
      case "\t", "\n": out.unicodeScalars.append(c)
      case _ where c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF:
        out += "_x" + String(format: "%04X", c.value) + "_"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  /// Whether what follows an underscore reads as `xHHHH_`.
  static func looksEscaped(_ rest: Substring.UnicodeScalarView) -> Bool {
    let next = Array(rest.prefix(6))
    guard next.count == 6, next[0] == "x", next[5] == "_" else { return false }
    return next[1...4].allSatisfy { $0.properties.isASCIIHexDigit }
  }

  /// About how many characters wide a cell's text shows.
  static func width(_ text: String) -> Int {
    guard text.utf8.contains(0x0A) else { return text.unicodeScalars.count }
    return text.split(separator: "\n").map(\.unicodeScalars.count).max() ?? 0
  }
}
