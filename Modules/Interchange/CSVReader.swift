import Domain
import Foundation
import Localization

/// Where something is in an input file: 1-based line, and 1-based column — for CSV the
/// field's position in its row, for JSON the character column.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int

  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  public var description: String { "\(file):\(line):\(column)" }
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
}

/// A streaming RFC 4180 reader: UTF-8 with or without BOM, quoted fields with doubled quotes,
/// embedded newlines, LF or CRLF line ends. Reads the file in chunks, so memory stays bounded
/// by the longest record, not the file. Invalid UTF-8 and unbalanced quotes are errors with
/// the line and field where they occur. Blank lines are skipped.
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

  /// Reads a file from disk in chunks of `chunkSize` bytes.
  public init(path: String, displayName: String? = nil, chunkSize: Int = 1 << 20) throws(InputError) {
    file = displayName ?? (path as NSString).lastPathComponent
    guard let h = FileHandle(forReadingAtPath: path) else {
      throw InputError(SourceLocation(file: file, line: 0, column: 0), tr("cannot open \(path)"))
    }
    handle = h
    buffer = []
    exhausted = false
    self.chunkSize = chunkSize
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
    totalBytes = size
  }

  /// Reads from memory (tests, HTTP bodies).
  public init(data: Data, file: String) {
    self.file = file
    handle = nil
    buffer = [UInt8](data)
    exhausted = true
    chunkSize = 0
    totalBytes = data.count
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
      return false
    }
    buffer.append(contentsOf: chunk)
    return true
  }

  private func location(_ line: Int, _ column: Int) -> SourceLocation {
    SourceLocation(file: file, line: line, column: column)
  }

  /// The next record, or nil at the end of the file.
  public func next() throws(InputError) -> CSVRecord? {
    while true {
      if atStart {
        while buffer.count - position < 3 && refill() {}
        if buffer.count - position >= 3 && buffer[position] == 0xEF && buffer[position + 1] == 0xBB
          && buffer[position + 2] == 0xBF
        {
          position += 3
          bytesRead += 3
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
  private static let lf: UInt8 = 0x0A
  private static let cr: UInt8 = 0x0D

  /// Parses one record starting at `position`. Without `final`, returns `.needMore` when the
  /// buffer ends before the record does (the caller refills and parses again from the start).
  private func parseRecord(final: Bool = false) throws(InputError) -> Step {
    let end = buffer.count
    var i = position
    if i >= end { return (exhausted || final) ? .end : .needMore }
    var fields = [String]()
    var fieldLines = [Int]()
    var currentLine = line
    var field = [UInt8]()
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
          if b != CSVReader.comma && b != CSVReader.lf && b != CSVReader.cr {
            throw InputError(
              location(currentLine, column),
              tr("unexpected character after a closing quote (a quote inside a quoted field must be doubled)"))
          }
        }
      } else {
        let start = i
        while i < end {
          let b = buffer[i]
          if b == CSVReader.comma || b == CSVReader.lf || b == CSVReader.cr { break }
          i += 1
        }
        if i >= end && !(final || exhausted) { return .needMore }
        field.append(contentsOf: buffer[start..<i])
      }
      guard let text = String(validating: field, as: UTF8.self) else {
        throw InputError(location(fieldLine, column), tr("invalid UTF-8 in this field"))
      }
      fields.append(text)
      fieldLines.append(fieldLine)
      // After a field: comma, line end, or end of input.
      if i >= end {
        if !(final || exhausted) { return .needMore }
        break
      }
      let b = buffer[i]
      if b == CSVReader.comma {
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
    return .record(CSVRecord(fields: fields, line: startLine, fieldLines: fieldLines))
  }
}
