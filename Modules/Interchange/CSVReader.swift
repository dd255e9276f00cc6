import Domain
import Foundation
import Localization

/// Where something is in an input file: 1-based line, and 1-based column — for CSV the
/// field's position in its row, for JSON the character column. In a workbook, the sheet, and
/// line and column are the cell's row and column: `students.xlsx:students!C3`.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
  public var file: String
  /// The workbook's sheet; nil for CSV and JSON.
  public var sheet: String?
  public var line: Int
  public var column: Int

  public init(file: String, sheet: String? = nil, line: Int, column: Int) {
    self.file = file
    self.sheet = sheet
    self.line = line
    self.column = column
  }

  public var description: String {
    guard let sheet else { return "\(file):\(line):\(column)" }
    if line < 1 { return "\(file):\(sheet)" }
    return "\(file):\(sheet)!\(XLSXWriter.columnName(max(0, column - 1)))\(line)"
  }
}

/// A problem found while reading a file, at a place.
public struct InputError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
  public var location: SourceLocation
  /// For people, in the interface language; JSON carries its English text.
  public var message: Phrase

  public init(_ location: SourceLocation, _ message: Phrase) {
    self.location = location
    self.message = message
  }

  /// `file:line:column: message`, in English.
  public var description: String { "\(location): \(message)" }

  /// `file:line:column: message` for people: the place as it is, the message translated.
  public var phrase: Phrase { tr("\(location.description): \(message)") }

  /// What a parser's error says: a domain error's message, else the error as it prints itself.
  public static func phrase(_ error: any Error) -> Phrase {
    (error as? DomainError)?.message ?? Phrase(verbatim: "\(error)")
  }

  enum CodingKeys: String, CodingKey { case location, message }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    location = try c.decode(SourceLocation.self, forKey: .location)
    message = Phrase(verbatim: try c.decode(String.self, forKey: .message))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(location, forKey: .location)
    try c.encode(message.text(in: .en), forKey: .message)
  }
}

/// One CSV record: its fields, the line it starts on and the line each field starts on.
public struct CSVRecord: Sendable {
  public var fields: [String]
  public var line: Int
  public var fieldLines: [Int]
  /// What is wrong with the row as a whole (a workbook cell holding `#N/A`): reported, and the
  /// row skipped, while reading goes on.
  public var problem: InputError?

  public init(fields: [String], line: Int, fieldLines: [Int], problem: InputError? = nil) {
    self.fields = fields
    self.line = line
    self.fieldLines = fieldLines
    self.problem = problem
  }
}

/// Where rows come from: a CSV file, or a workbook's sheet.
public protocol RowSource: AnyObject {
  /// The next row, or nil at the end; an error ends reading.
  func next() throws(InputError) -> CSVRecord?
  var bytesRead: Int { get }
  var totalBytes: Int? { get }
}

extension CSVReader: RowSource {}

/// A streaming RFC 4180 reader: UTF-8 with or without BOM, quoted fields with doubled quotes,
/// embedded newlines, LF or CRLF line ends. Reads the file in chunks, so memory stays bounded
/// by the longest record, not the file. Invalid UTF-8 and unbalanced quotes are errors with
/// the line and field where they occur. Blank lines are skipped.
///
/// Excel's CSV too: the delimiter is a comma, a semicolon (Excel in a Russian, Uzbek or German
/// locale) or a tab, found from the first line unless given; a file in a legacy encoding
/// (Windows-1251 …) is read through a `Transcoder` when its encoding is named.
public final class CSVReader {
  public let file: String
  private let handle: FileHandle?
  private var buffer: [UInt8]
  private var position = 0
  private var exhausted: Bool
  private let chunkSize: Int
  private var line = 1
  private var atStart = true
  /// Bytes consumed so far (for progress).
  public private(set) var bytesRead = 0
  /// The file's size in bytes, when known.
  public let totalBytes: Int?
  /// The field separator: given, or found from the first line (comma, semicolon or tab).
  public private(set) var delimiter: UInt8
  private var detectDelimiter: Bool
  private let transcoder: Transcoder?

  /// Reads a file from disk in chunks of `chunkSize` bytes. `delimiter` nil: found from the
  /// first line; `encoding` nil: UTF-8.
  public init(
    path: String, displayName: String? = nil, chunkSize: Int = 1 << 20, delimiter: Character? = nil,
    encoding: String? = nil
  ) throws(InputError) {
    file = displayName ?? (path as NSString).lastPathComponent
    transcoder = try CSVReader.transcoder(encoding, file: file)
    guard let h = FileHandle(forReadingAtPath: path) else {
      throw InputError(SourceLocation(file: file, line: 0, column: 0), tr("cannot open \(path)"))
    }
    handle = h
    buffer = []
    exhausted = false
    self.chunkSize = chunkSize
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
    totalBytes = size
    self.delimiter = delimiter?.asciiValue ?? CSVReader.comma
    detectDelimiter = delimiter == nil
  }

  /// Reads from memory (tests, HTTP bodies).
  public init(data: Data, file: String, delimiter: Character? = nil, encoding: String? = nil) throws(InputError) {
    self.file = file
    handle = nil
    transcoder = try CSVReader.transcoder(encoding, file: file)
    buffer = [UInt8](data)
    exhausted = true
    chunkSize = 0
    totalBytes = data.count
    self.delimiter = delimiter?.asciiValue ?? CSVReader.comma
    detectDelimiter = delimiter == nil
    if let transcoder {
      do { buffer = try transcoder.convert(buffer, final: true) } catch {
        throw CSVReader.undecodable(error, encoding: transcoder.encoding, file: file)
      }
    }
  }

  /// Reads from memory, UTF-8, delimiter found from the first line.
  public init(data: Data, file: String) {
    self.file = file
    handle = nil
    transcoder = nil
    buffer = [UInt8](data)
    exhausted = true
    chunkSize = 0
    totalBytes = data.count
    delimiter = CSVReader.comma
    detectDelimiter = true
  }

  static func transcoder(_ encoding: String?, file: String) throws(InputError) -> Transcoder? {
    guard let encoding, !["utf-8", "utf8"].contains(encoding.lowercased()) else { return nil }
    guard let t = Transcoder(encoding: encoding) else {
      throw InputError(
        SourceLocation(file: file, line: 0, column: 0),
        tr("unknown encoding '\(encoding)': name one such as \(Transcoder.common)"))
    }
    return t
  }

  static func undecodable(_ error: Transcoder.Failure, encoding: String, file: String) -> InputError {
    let offset: Int
    switch error {
    case .invalid(let at): offset = at
    }
    return InputError(
      SourceLocation(file: file, line: 0, column: 0),
      tr("byte \(offset + 1) is not a character of \(encoding): is this the file's encoding?"))
  }

  /// The delimiter a first line uses: the most frequent of comma, semicolon and tab outside
  /// quotes (a comma when none is there).
  public static func guessDelimiter(_ bytes: ArraySlice<UInt8>) -> UInt8 {
    var counts: [UInt8: Int] = [comma: 0, semicolon: 0, tab: 0]
    var quoted = false
    for b in bytes {
      // The first line break ends the sample even inside quotes: a file read in chunks sees
      // exactly this much before deciding, so it decides the same as one read whole.
      if b == lf || b == cr { break }
      if b == quote { quoted.toggle() }
      if quoted { continue }
      if counts[b] != nil { counts[b, default: 0] += 1 }
    }
    let best = [comma, semicolon, tab].max { (counts[$0] ?? 0) < (counts[$1] ?? 0) } ?? comma
    return (counts[best] ?? 0) > 0 ? best : comma
  }

  deinit { try? handle?.close() }

  /// Appends the next chunk to the buffer; false at end of file.
  private func refill() -> Bool {
    guard !exhausted, let handle else { return false }
    if position > 0 {
      buffer.removeFirst(position)
      position = 0
    }
    let chunk = handle.readData(ofLength: chunkSize)
    if chunk.isEmpty {
      exhausted = true
      if let transcoder {
        do { buffer.append(contentsOf: try transcoder.convert([], final: true)) } catch {
          failure = CSVReader.undecodable(error, encoding: transcoder.encoding, file: file)
        }
      }
      return false
    }
    if let transcoder {
      do { buffer.append(contentsOf: try transcoder.convert([UInt8](chunk))) } catch {
        failure = CSVReader.undecodable(error, encoding: transcoder.encoding, file: file)
        exhausted = true
        return false
      }
    } else {
      buffer.append(contentsOf: chunk)
    }
    return true
  }

  /// A chunk that did not decode: reported by the next `next()`.
  private var failure: InputError?

  private func location(_ line: Int, _ column: Int) -> SourceLocation {
    SourceLocation(file: file, line: line, column: column)
  }

  /// The next record, or nil at the end of the file.
  public func next() throws(InputError) -> CSVRecord? {
    while true {
      if let failure { throw failure }
      if atStart {
        while buffer.count - position < 3 && refill() {}
        if buffer.count - position >= 3 && buffer[position] == 0xEF && buffer[position + 1] == 0xBB
          && buffer[position + 2] == 0xBF
        {
          position += 3
          bytesRead += 3
        }
        if detectDelimiter {
          // The first line decides: read until it ends (or 64 KiB of it).
          while !buffer[position...].contains(CSVReader.lf) && buffer.count - position < 1 << 16 && refill() {}
          delimiter = CSVReader.guessDelimiter(buffer[position...])
        }
        atStart = false
      }
      switch try parseRecord() {
      case .record(let r): return r
      case .blank: continue
      case .needMore:
        if !refill() {
          // End of file inside a record: parse what is there as the last record.
          exhausted = true
          switch try parseRecord(final: true) {
          case .record(let r): return r
          case .blank, .needMore, .end: return nil
          }
        }
      case .end: return nil
      }
    }
  }

  private enum Step {
    case record(CSVRecord)
    case blank
    case needMore
    case end
  }

  private static let quote: UInt8 = 0x22
  private static let comma: UInt8 = 0x2C
  private static let semicolon: UInt8 = 0x3B
  private static let tab: UInt8 = 0x09
  private static let lf: UInt8 = 0x0A
  private static let cr: UInt8 = 0x0D

  /// `bytes` as a text, and whether they were valid UTF-8 (else the text has replacements).
  private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, Bool) {
    let text = String(decoding: bytes, as: UTF8.self)
    var high: UInt8 = 0
    for b in bytes { high |= b }
    if high < 0x80 { return (text, true) }
    var same = text.utf8.count == bytes.count
    if same {
      var copy = text
      same = copy.withUTF8 { $0.elementsEqual(bytes) }
    }
    return (text, same)
  }

  /// The most fields a record of this file had so far: room for them at once.
  private var widest = 8

  /// Parses one record starting at `position`. Without `final`, returns `.needMore` when the
  /// buffer ends before the record does (the caller refills and parses again from the start).
  private func parseRecord(final: Bool = false) throws(InputError) -> Step {
    let end = buffer.count
    var i = position
    if i >= end { return (exhausted || final) ? .end : .needMore }
    var fields = [String]()
    var fieldLines = [Int]()
    fields.reserveCapacity(widest)
    fieldLines.reserveCapacity(widest)
    var currentLine = line
    var field = [UInt8]()
    // An unquoted field's bytes, decoded where they lie in the buffer.
    var unquoted: Range<Int>?
    while true {
      let fieldLine = currentLine
      let column = fields.count + 1
      field.removeAll(keepingCapacity: true)
      if i < end && buffer[i] == CSVReader.quote {
        // Quoted field.
        i += 1
        var closed = false
        while i < end {
          let b = buffer[i]
          if b == CSVReader.quote {
            if i + 1 < end {
              if buffer[i + 1] == CSVReader.quote {
                field.append(CSVReader.quote)
                i += 2
                continue
              }
              i += 1
              closed = true
              break
            } else if final || exhausted {
              i += 1
              closed = true
              break
            } else {
              return .needMore
            }
          }
          if b == CSVReader.lf { currentLine += 1 }
          field.append(b)
          i += 1
        }
        if !closed {
          if !(final || exhausted) { return .needMore }
          throw InputError(
            location(fieldLine, column),
            tr("unbalanced quote: the quoted field that starts here is never closed"))
        }
        if i < end {
          let b = buffer[i]
          if b != delimiter && b != CSVReader.lf && b != CSVReader.cr {
            throw InputError(
              location(currentLine, column),
              tr("unexpected character after a closing quote (a quote inside a quoted field must be doubled)"))
          }
        }
      } else {
        let start = i
        while i < end {
          let b = buffer[i]
          if b == delimiter || b == CSVReader.lf || b == CSVReader.cr { break }
          i += 1
        }
        if i >= end && !(final || exhausted) { return .needMore }
        unquoted = start..<i
      }
      // `String(validating:as:)` came to a thousand instructions a field here, most of them
      // generic metadata looked up at run time: decoded (repairing) instead, and valid when the
      // bytes are ASCII or the text's bytes are the same.
      let text: String
      let valid: Bool
      if let range = unquoted {
        unquoted = nil
        (text, valid) = buffer.withUnsafeBufferPointer { CSVReader.decode(UnsafeBufferPointer(rebasing: $0[range])) }
      } else {
        (text, valid) = field.withUnsafeBufferPointer { CSVReader.decode($0) }
      }
      guard valid else {
        throw InputError(
          location(fieldLine, column),
          transcoder == nil
            ? tr(
              "this field is not UTF-8: a file saved by Excel in Windows is often Windows-1251 (Cyrillic) or Windows-1252; import it with --encoding windows-1251"
            ) : tr("invalid UTF-8 in this field"))
      }
      fields.append(text)
      fieldLines.append(fieldLine)
      // After a field: comma, line end, or end of input.
      if i >= end {
        if !(final || exhausted) { return .needMore }
        break
      }
      let b = buffer[i]
      if b == delimiter {
        i += 1
        if i >= end && !(final || exhausted) { return .needMore }
        continue
      }
      if b == CSVReader.cr {
        if i + 1 >= end && !(final || exhausted) { return .needMore }
        i += 1
        if i < end && buffer[i] == CSVReader.lf { i += 1 }
      } else {
        i += 1
      }
      currentLine += 1
      break
    }
    bytesRead += i - position
    position = i
    let startLine = line
    line = currentLine
    if fields.count == 1 && fields[0].isEmpty { return .blank }
    widest = max(widest, fields.count)
    return .record(CSVRecord(fields: fields, line: startLine, fieldLines: fieldLines))
  }
}
