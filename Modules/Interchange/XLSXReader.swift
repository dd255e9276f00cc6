import Domain
import Foundation
import Localization
import ZIPFoundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// One sheet of a workbook: its name and where its part is in the package.
public struct XLSXSheet: Sendable, Hashable {
  public var name: String
  public var part: String
  public var hidden: Bool
}

/// One row of a sheet, its cells as text the way CSV would hold them: shared and inline
/// strings as they are, numbers in their shortest form (whole numbers without a fraction),
/// cells formatted as dates as `YYYY-MM-DD`, booleans as `true` / `false`, formulas by their
/// cached value. Missing cells are empty strings.
public struct XLSXRow: Sendable {
  /// The row's number in the sheet (1-based, as the spreadsheet shows it).
  public var number: Int
  public var cells: [String]
  /// Cells holding a spreadsheet error (`#N/A`, `#DIV/0!` …), by 0-based column; an empty
  /// text for a formula saved without its result.
  public var errors: [Int: String]

  public var isBlank: Bool { errors.isEmpty && cells.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
}

/// Reads an `.xlsx` workbook: the package through ZIPFoundation, its XML through Foundation's
/// XMLParser (libxml2, SAX: nothing is built in memory but the shared strings). A sheet is
/// unpacked to a scratch file and parsed on a second thread while the caller consumes its rows,
/// so a sheet of any size is read in bounded memory.
public final class XLSXWorkbook {
  public let file: String
  public let sheets: [XLSXSheet]
  private let archive: Archive
  private let sharedStrings: [String]
  /// Whether each cell format (by index) shows a date.
  private let dateFormats: [Bool]
  /// Days to add to a serial number: 0 in the 1900 system, 1462 in the 1904 one.
  private let epochOffset: Int
  private let scratch: URL
  /// The file's size in bytes.
  public let totalBytes: Int

  public init(path: String, displayName: String? = nil) throws(InputError) {
    let file = displayName ?? (path as NSString).lastPathComponent
    self.file = file
    func failure(_ message: Phrase) -> InputError {
      InputError(SourceLocation(file: file, line: 0, column: 0), message)
    }
    let archive: Archive
    do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
      throw failure(tr("not an Excel workbook (.xlsx): the file is not a ZIP package"))
    }
    self.archive = archive
    totalBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent("educluster-xlsx-\(UUID().uuidString)")
    guard let workbookXML = XLSXWorkbook.data(archive, "xl/workbook.xml") else {
      throw failure(tr("not an Excel workbook (.xlsx): it has no xl/workbook.xml"))
    }
    // The workbook names its sheets and their relationship ids; the relationships give the parts.
    var named = [(String, String, Bool)]()
    var date1904 = false
    XMLEvents.parse(workbookXML) { name, attributes in
      if name == "sheet", let sheetName = attributes["name"], let id = XMLEvents.attribute(attributes, "id") {
        named.append((sheetName, id, attributes["state"] == "hidden" || attributes["state"] == "veryHidden"))
      }
      if name == "workbookPr", let v = attributes["date1904"] { date1904 = v == "1" || v == "true" }
    }
    var targets = [String: String]()
    if let rels = XLSXWorkbook.data(archive, "xl/_rels/workbook.xml.rels") {
      XMLEvents.parse(rels) { name, attributes in
        if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
          targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
      }
    }
    sheets = named.compactMap { name, id, hidden in
      targets[id].map { XLSXSheet(name: name, part: $0, hidden: hidden) }
    }
    epochOffset = date1904 ? 1462 : 0
    sharedStrings = XLSXWorkbook.data(archive, "xl/sharedStrings.xml").map(XLSXWorkbook.strings) ?? []
    dateFormats = XLSXWorkbook.data(archive, "xl/styles.xml").map(XLSXWorkbook.dateFormats) ?? []
  }

  deinit { try? FileManager.default.removeItem(at: scratch) }

  /// A small part, whole; nil when missing, unreadable or declaring entities.
  static func data(_ archive: Archive, _ path: String) -> Data? {
    guard let entry = archive[path] else { return nil }
    var out = Data()
    do { _ = try archive.extract(entry, skipCRC32: false) { out.append($0) } } catch { return nil }
    return declaresEntities(out) ? nil : out
  }

  /// The shared strings table: each item's text runs joined (phonetic runs left out).
  static func strings(_ data: Data) -> [String] {
    var out = [String]()
    var current = ""
    var inText = false
    var phonetic = 0
    XMLEvents.parse(
      data,
      start: { name, _ in
        switch name {
        case "si": current = ""
        case "t": inText = phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
      },
      end: { name in
        switch name {
        case "si": out.append(XLSXWorkbook.unescape(current))
        case "t": inText = false
        case "rPh": phonetic -= 1
        default: break
        }
      },
      text: { if inText { current += $0 } })
    return out
  }

  /// Which cell formats show dates: the built-in date formats and custom codes with d, m or y.
  static func dateFormats(_ data: Data) -> [Bool] {
    var custom = [Int: String]()
    var formats = [Bool]()
    var inCellFormats = false
    XMLEvents.parse(
      data,
      start: { name, attributes in
        switch name {
        case "numFmt":
          if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] {
            custom[id] = code
          }
        case "cellXfs": inCellFormats = true
        case "xf" where inCellFormats:
          let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
          formats.append(XLSXWorkbook.isDate(id, custom[id]))
        default: break
        }
      }, end: { if $0 == "cellXfs" { inCellFormats = false } }, text: { _ in })
    return formats
  }

  static func isDate(_ id: Int, _ code: String?) -> Bool {
    if (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id) {
      return true
    }
    guard let code else { return false }
    // Quoted text, escaped characters and [colour] / [$-locale] sections say nothing of dates.
    var plain = ""
    var quoted = false
    var bracket = false
    var escaped = false
    for c in code {
      if escaped {
        escaped = false
        continue
      }
      switch c {
      case "\\": escaped = true
      case "\"": quoted.toggle()
      case "[" where !quoted: bracket = true
      case "]" where !quoted: bracket = false
      default: if !quoted && !bracket { plain.append(c) }
      }
    }
    return plain.lowercased().contains { "dmy".contains($0) }
  }

  /// Reads a sheet's rows. The reader must be closed (or read to its end) when done.
  public func rows(of sheet: XLSXSheet) throws(InputError) -> XLSXSheetReader {
    let location = SourceLocation(file: file, sheet: sheet.name, line: 0, column: 0)
    guard let entry = archive[sheet.part] else {
      throw InputError(location, tr("the workbook names sheet '\(sheet.name)' but has no part \(sheet.part)"))
    }
    let part = scratch.appendingPathComponent(UUID().uuidString + ".xml")
    do {
      try FileManager.default.createDirectory(
        at: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      _ = try archive.extract(entry, to: part)
    } catch {
      throw InputError(location, tr("cannot unpack sheet '\(sheet.name)': \(error.localizedDescription)"))
    }
    if XLSXWorkbook.declaresEntities(part) {
      try? FileManager.default.removeItem(at: part)
      throw InputError(location, XLSXWorkbook.entitiesRefused)
    }
    return XLSXSheetReader(
      part: part, sheet: sheet.name, file: file,
      decoder: CellDecoder(sharedStrings: sharedStrings, dateFormats: dateFormats, epochOffset: epochOffset))
  }

  static let entitiesRefused = tr("the sheet declares XML entities, which a workbook never needs; it is not read")

  /// Whether an XML part has a document type declaration (where entities are declared): a
  /// workbook never has one, and libxml2 would expand what it declares.
  static func declaresEntities(_ url: URL) -> Bool {
    guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
    defer { try? handle.close() }
    return declaresEntities(handle.readData(ofLength: 1 << 16))
  }

  static func declaresEntities(_ data: Data) -> Bool {
    let head = data.prefix(1 << 16)
    return head.range(of: Data("<!DOCTYPE".utf8)) != nil || head.range(of: Data("<!ENTITY".utf8)) != nil
  }

  /// Undoes OOXML's `_xHHHH_` escapes of characters XML cannot hold.
  static func unescape(_ text: String) -> String {
    guard text.contains("_x") else { return text }
    var out = ""
    var rest = text[...]
    while let range = rest.range(of: "_x") {
      out += rest[..<range.lowerBound]
      let after = rest[range.upperBound...]
      let hex = after.prefix(4)
      if hex.count == 4, after.dropFirst(4).first == "_", let value = UInt32(hex, radix: 16),
        let scalar = Unicode.Scalar(value)
      {
        out.unicodeScalars.append(scalar)
        rest = after.dropFirst(5)
      } else {
        out += "_x"
        rest = after
      }
    }
    return out + rest
  }
}

/// Turns a cell's raw value into the text a CSV cell would hold.
struct CellDecoder: Sendable {
  let sharedStrings: [String]
  let dateFormats: [Bool]
  let epochOffset: Int

  /// The text, or the spreadsheet error the cell holds.
  func decode(type: String?, style: Int, value: String, inline: String) -> (String, String?) {
    switch type {
    case "s":
      guard let i = Int(value), sharedStrings.indices.contains(i) else { return ("", nil) }
      return (sharedStrings[i], nil)
    case "inlineStr": return (XLSXWorkbook.unescape(inline), nil)
    case "str": return (XLSXWorkbook.unescape(value), nil)
    case "b": return (value == "1" || value == "true" ? "true" : "false", nil)
    case "e": return ("", value)
    case "d": return (String(value.prefix(10)), nil)
    default:
      let trimmed = value.trimmingCharacters(in: .whitespaces)
      guard !trimmed.isEmpty, let x = Double(trimmed) else { return (trimmed, nil) }
      if dateFormats.indices.contains(style), dateFormats[style] {
        return (CellDecoder.day(serial: Int(x.rounded(.down)) + epochOffset).description, nil)
      }
      return (FieldValue.real(x).plain, nil)
    }
  }

  static func day(serial: Int) -> Day {
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = serial + XLSXWriter.daysFromCivil(1899, 12, 30) + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    return Day(year: y, month: m, day: d) ?? Day.endOf(year: y)
  }
}

/// The rows of one sheet, parsed on a thread of their own and handed over in batches; at most a
/// few thousand rows wait at a time.
public final class XLSXSheetReader: @unchecked Sendable {
  public let sheet: String
  public let file: String
  private let part: URL
  private let handoff = Handoff<XLSXRow>()
  /// The last row the sheet's dimension names, when it names one (set by the parser's thread).
  private let lastRow = NSLock()
  private var lastRowValue: Int?
  /// The size of the sheet's XML, and about how much of it is read (for progress): the rows
  /// handed over against the last row of the sheet's dimension.
  public let totalBytes: Int
  public var bytesRead: Int {
    if handoff.isFinished { return totalBytes }
    let last = lastRow.withLock { lastRowValue }
    guard let last, last > 0 else { return 0 }
    return Int(Double(totalBytes) * min(1, Double(handoff.progress) / Double(last)))
  }

  init(part: URL, sheet: String, file: String, decoder: CellDecoder) {
    self.part = part
    self.sheet = sheet
    self.file = file
    totalBytes = (try? FileManager.default.attributesOfItem(atPath: part.path)[.size] as? NSNumber)?.intValue ?? 0
    handoff.start { [self] handoff in self.produce(decoder, handoff) }
  }

  deinit { close() }

  /// The next row with anything in it, or nil at the end of the sheet.
  public func next() throws(InputError) -> XLSXRow? {
    while let row = try handoff.next() {
      if !row.isBlank { return row }
    }
    return nil
  }

  /// Stops parsing (when the caller has read what it needs) and removes the scratch file.
  public func close() {
    handoff.close()
    try? FileManager.default.removeItem(at: part)
  }

  private func produce(_ decoder: CellDecoder, _ handoff: Handoff<XLSXRow>) -> InputError? {
    let handler = SheetHandler(decoder: decoder) { rows in handoff.put(rows, progress: rows.last?.number) }
    handler.dimension = { [self] last in lastRow.withLock { lastRowValue = last } }
    guard let stream = InputStream(url: part) else {
      return InputError(SourceLocation(file: file, sheet: sheet, line: 0, column: 0), tr("cannot read the file"))
    }
    let parser = XMLParser(stream: stream)
    handler.parser = parser
    parser.delegate = handler
    parser.shouldResolveExternalEntities = false
    let ok = parser.parse()
    handler.flush()
    if let refused = handler.refusal {
      return InputError(SourceLocation(file: file, sheet: sheet, line: handler.rowNumber, column: 0), refused)
    }
    if !ok && !handler.stopped {
      let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "?"
      return InputError(
        SourceLocation(file: file, sheet: sheet, line: handler.rowNumber, column: 0),
        tr("the sheet's XML cannot be read (after row \(handler.rowNumber)): \(reason)"))
    }
    return nil
  }
}

/// The SAX handler of a sheet's XML: cells into rows, rows out in small batches.
final class SheetHandler: NSObject, XMLParserDelegate {
  let decoder: CellDecoder
  let deliver: ([XLSXRow]) -> Bool
  weak var parser: XMLParser?
  /// Told the last row the sheet's dimension names.
  var dimension: ((Int) -> Void)?
  var rowNumber = 0
  private var cells: [String] = []
  private var errors: [Int: String] = [:]
  private var column = 0
  private var type: String?
  private var style = 0
  private var value = ""
  private var inline = ""
  private var collecting = 0  // 1: a <v>, 2: an inline <t>
  private var phonetic = 0
  private var inCell = false
  private var formula = false
  private var pending: [XLSXRow] = []
  private(set) var stopped = false
  private(set) var refusal: Phrase?

  init(decoder: CellDecoder, deliver: @escaping ([XLSXRow]) -> Bool) {
    self.decoder = decoder
    self.deliver = deliver
  }

  static func local(_ name: String) -> Substring {
    name.lastIndex(of: ":").map { name[name.index(after: $0)...] } ?? name[...]
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
    attributes: [String: String] = [:]
  ) {
    switch SheetHandler.local(elementName) {
    case "dimension":
      // `A1:F100001`: the last row, for progress.
      if let ref = attributes["ref"], let last = Int(ref.split(separator: ":").last?.drop { !$0.isNumber } ?? "") {
        dimension?(last)
      }
    case "row":
      rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
      cells.removeAll(keepingCapacity: true)
      errors = [:]
      column = 0
    case "c":
      if let ref = attributes["r"], let at = SheetHandler.column(of: ref) { column = at }
      type = attributes["t"]
      style = attributes["s"].flatMap(Int.init) ?? 0
      value = ""
      inline = ""
      inCell = true
      formula = false
    case "f" where inCell: formula = true
    case "v" where inCell: collecting = 1
    case "t" where inCell && phonetic == 0: collecting = 2
    case "rPh": phonetic += 1
    default: break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    switch collecting {
    case 1: value += string
    case 2: inline += string
    default: break
    }
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
  ) {
    switch SheetHandler.local(elementName) {
    case "v", "t": collecting = 0
    case "rPh": phonetic -= 1
    case "c":
      inCell = false
      var (text, error) = decoder.decode(type: type, style: style, value: value, inline: inline)
      // A formula saved without its result (by a program that does not calculate) has no value
      // to import; an empty error marks it.
      if formula && value.isEmpty && type != "inlineStr" { error = "" }
      if column >= 16_384 {
        refuse(tr("row \(rowNumber) has a cell past column XFD, the last a sheet can have"))
        return
      }
      while cells.count <= column { cells.append("") }
      cells[column] = text
      if let error { errors[column] = error }
      column += 1
    case "row":
      pending.append(XLSXRow(number: rowNumber, cells: cells, errors: errors))
      if pending.count >= 256 { flush() }
    default: break
    }
  }

  private func refuse(_ message: Phrase) {
    if refusal == nil { refusal = message }
    stopped = true
    parser?.abortParsing()
  }

  func flush() {
    guard !pending.isEmpty, !stopped else { return }
    if !deliver(pending) {
      stopped = true
      parser?.abortParsing()
    }
    pending.removeAll(keepingCapacity: true)
  }

  /// The 0-based column of a reference such as `C3`.
  static func column(of reference: String) -> Int? {
    var n = 0
    var letters = 0
    for u in reference.utf8 {
      guard u >= 65 && u <= 90 else { break }
      n = n * 26 + Int(u - 64)
      letters += 1
    }
    return letters == 0 ? nil : n - 1
  }
}

/// Small XML parts (workbook, relationships, styles, shared strings) read event by event.
enum XMLEvents {
  final class Handler: NSObject, XMLParserDelegate {
    let start: (String, [String: String]) -> Void
    let end: (String) -> Void
    let text: (String) -> Void
    init(
      start: @escaping (String, [String: String]) -> Void, end: @escaping (String) -> Void,
      text: @escaping (String) -> Void
    ) {
      self.start = start
      self.end = end
      self.text = text
    }
    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
      attributes: [String: String] = [:]
    ) { start(String(SheetHandler.local(elementName)), attributes) }
    func parser(
      _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) { end(String(SheetHandler.local(elementName))) }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text(string) }
  }

  static func parse(
    _ data: Data, start: @escaping (String, [String: String]) -> Void, end: @escaping (String) -> Void = { _ in },
    text: @escaping (String) -> Void = { _ in }
  ) {
    let parser = XMLParser(data: data)
    let handler = Handler(start: start, end: end, text: text)
    parser.delegate = handler
    parser.shouldResolveExternalEntities = false
    _ = parser.parse()
  }

  /// An attribute by its local name, whatever prefix the writer gave its namespace (`r:id`).
  static func attribute(_ attributes: [String: String], _ local: String) -> String? {
    attributes.first { $0.key == local || $0.key.hasSuffix(":" + local) }?.value
  }
}

/// A sheet's rows as CSV records: the first row is the header, whose width every row is padded
/// to; a cell holding a spreadsheet error, or a value right of the header's last column, makes
/// the row's problem (the row is reported and skipped, reading goes on).
public final class SheetRows: RowSource {
  public let reader: XLSXSheetReader
  private var width: Int?

  public init(_ reader: XLSXSheetReader) { self.reader = reader }

  deinit { reader.close() }

  public var bytesRead: Int { reader.bytesRead }
  public var totalBytes: Int? { reader.totalBytes }

  public func next() throws(InputError) -> CSVRecord? {
    guard let row = try reader.next() else { return nil }
    var cells = row.cells
    func at(_ column: Int) -> SourceLocation {
      SourceLocation(file: reader.file, sheet: reader.sheet, line: row.number, column: column + 1)
    }
    guard let width else {
      // The header: its last named column sets the width.
      while let last = cells.last, last.trimmingCharacters(in: .whitespaces).isEmpty { cells.removeLast() }
      self.width = cells.count
      return CSVRecord(fields: cells, line: row.number, fieldLines: Array(repeating: row.number, count: cells.count))
    }
    var problem: InputError?
    if let (column, error) = row.errors.min(by: { $0.key < $1.key }) {
      problem = InputError(
        at(column),
        error.isEmpty
          ? tr(
            "the cell's formula was saved without its result (by a program that does not calculate): open the workbook in Excel or LibreOffice and save it"
          ) : tr("the cell holds the spreadsheet error \(error), not a value"))
    } else if let extra = cells.indices.first(where: {
      $0 >= width && !cells[$0].trimmingCharacters(in: .whitespaces).isEmpty
    }) {
      problem = InputError(
        at(extra), tr("a value right of the header's last column (\(width)): give the column a header or clear it"))
    }
    if cells.count > width { cells.removeLast(cells.count - width) }
    while cells.count < width { cells.append("") }
    return CSVRecord(
      fields: cells, line: row.number, fieldLines: Array(repeating: row.number, count: width), problem: problem)
  }
}
