import Foundation
import Localization

/// Any JSON value, decoded without a schema (the schema is applied afterwards, so that errors
/// can name the field).
public indirect enum JSONValue: Sendable, Hashable, Decodable {
  case null
  case bool(Bool)
  case integer(Int64)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() {
      self = .null
    } else if let b = try? c.decode(Bool.self) {
      self = .bool(b)
    } else if let n = try? c.decode(Int64.self) {
      self = .integer(n)
    } else if let x = try? c.decode(Double.self) {
      self = .number(x)
    } else if let s = try? c.decode(String.self) {
      self = .string(s)
    } else if let a = try? c.decode([JSONValue].self) {
      self = .array(a)
    } else {
      self = .object(try c.decode([String: JSONValue].self))
    }
  }
}

/// An open object (with the keys seen so far) or array, while scanning for duplicate keys.
enum JSONFrame {
  case object(Set<String>)
  case array
}

/// One JSON record of an input file and where it starts.
public struct JSONElement: Sendable {
  public var value: JSONValue
  public var location: SourceLocation
}

/// Reads a JSON file holding an array of objects, or NDJSON (one object per line).
public enum JSONReader {
  /// Splits and decodes every element, reporting each problem at the element's line and column.
  public static func elements(data: Data, file: String) throws(InputError) -> [JSONElement] {
    let bytes = [UInt8](data)
    var start = 0
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
    guard String(validating: bytes[start...], as: UTF8.self) != nil else {
      let bad = firstInvalidUTF8(bytes, from: start)
      let (line, column) = lineColumn(bytes, bad)
      throw InputError(SourceLocation(file: file, line: line, column: column), tr("invalid UTF-8"))
    }
    var i = start
    while i < bytes.count && isSpace(bytes[i]) { i += 1 }
    if i >= bytes.count { return [] }
    let ranges: [Range<Int>]
    if bytes[i] == UInt8(ascii: "[") {
      ranges = try arrayElements(bytes, from: i, file: file)
    } else {
      ranges = ndjsonLines(bytes, from: i)
    }
    let decoder = JSONDecoder()
    var out = [JSONElement]()
    out.reserveCapacity(ranges.count)
    // Ranges are in file order: count lines and columns incrementally, so that a whole array
    // on one line (as most JSON writers emit it) is read in linear time. Columns count Unicode
    // scalars (UTF-8 lead bytes) from 1.
    var line = 1
    var column = 1
    var scanned = 0
    for r in ranges {
      for k in scanned..<r.lowerBound {
        let b = bytes[k]
        if b == 0x0A {
          line += 1
          column = 1
        } else if b & 0xC0 != 0x80 {
          column += 1
        }
      }
      scanned = r.lowerBound
      let location = SourceLocation(file: file, line: line, column: column)
      if let key = duplicateKey(in: bytes[r]) {
        throw InputError(location, tr("the key '\(key)' appears twice in one object: give each field once"))
      }
      do {
        let value = try decoder.decode(JSONValue.self, from: Data(bytes[r]))
        out.append(JSONElement(value: value, location: location))
      } catch {
        throw InputError(location, tr("not valid JSON: \(describe(error))"))
      }
    }
    return out
  }

  /// The first key named twice in one object of a JSON text (`{"code":"A","code":"B"}`), after
  /// unescaping; nil when there is none. JSON parsers keep one of the two silently; EduCluster
  /// refuses such input instead. Assumes well-formed JSON: malformed input is reported by the
  /// parser afterwards.
  public static func duplicateKey<C: Collection>(in bytes: C) -> String? where C.Element == UInt8, C.Index == Int {
    var stack = [JSONFrame]()
    var expectKey = false
    var i = bytes.startIndex
    while i < bytes.endIndex {
      switch bytes[i] {
      case UInt8(ascii: "{"):
        stack.append(.object([]))
        expectKey = true
      case UInt8(ascii: "["):
        stack.append(.array)
        expectKey = false
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        _ = stack.popLast()
        expectKey = false
      case UInt8(ascii: ","):
        if case .object = stack.last { expectKey = true }
      case UInt8(ascii: ":"):
        expectKey = false
      case UInt8(ascii: "\""):
        var j = i + 1
        var escaped = false
        while j < bytes.endIndex && bytes[j] != UInt8(ascii: "\"") {
          if bytes[j] == UInt8(ascii: "\\") {
            escaped = true
            j += 1
          }
          j += 1
        }
        if expectKey, case .object(var keys) = stack.last, j < bytes.endIndex {
          let raw = Array(bytes[i...j])
          let key =
            escaped
            ? ((try? JSONDecoder().decode(String.self, from: Data(raw))) ?? String(decoding: raw, as: UTF8.self))
            : String(decoding: raw.dropFirst().dropLast(), as: UTF8.self)
          if keys.contains(key) { return key }
          keys.insert(key)
          stack[stack.count - 1] = .object(keys)
          expectKey = false
        }
        i = j
      default: break
      }
      i += 1
    }
    return nil
  }

  static func describe(_ error: any Error) -> String {
    if case DecodingError.dataCorrupted(let context) = error {
      let underlying = (context.underlyingError as? NSError)?.userInfo["NSDebugDescription"] as? String
      return underlying ?? context.debugDescription
    }
    return "\(error)"
  }

  static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

  static func firstInvalidUTF8(_ bytes: [UInt8], from start: Int) -> Int {
    var lo = start
    var hi = bytes.count
    // Binary search the longest valid prefix (valid prefixes are monotone up to a boundary).
    while hi - lo > 4 {
      let mid = (lo + hi) / 2
      var m = mid
      while m > lo && (bytes[m] & 0xC0) == 0x80 { m -= 1 }
      if String(validating: bytes[start..<m], as: UTF8.self) != nil { lo = m == lo ? mid : m } else { hi = m }
    }
    return lo
  }

  /// 1-based line and character column of a byte offset.
  public static func lineColumn(_ bytes: [UInt8], _ offset: Int) -> (Int, Int) {
    var line = 1
    var lineStart = 0
    for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
      line += 1
      lineStart = i + 1
    }
    let prefix = bytes[lineStart..<min(offset, bytes.count)]
    let column = (String(validating: prefix, as: UTF8.self)?.count ?? prefix.count) + 1
    return (line, column)
  }

  /// The byte ranges of a top-level array's elements.
  static func arrayElements(_ bytes: [UInt8], from open: Int, file: String) throws(InputError) -> [Range<Int>] {
    var ranges = [Range<Int>]()
    var depth = 0
    var inString = false
    var escaped = false
    var elementStart: Int?
    var i = open
    var closed = false
    while i < bytes.count {
      let b = bytes[i]
      if inString {
        if escaped {
          escaped = false
        } else if b == UInt8(ascii: "\\") {
          escaped = true
        } else if b == 0x22 {
          inString = false
        }
        i += 1
        continue
      }
      switch b {
      case 0x22:
        inString = true
        if depth == 1 && elementStart == nil { elementStart = i }
      case UInt8(ascii: "["), UInt8(ascii: "{"):
        if depth == 1 && elementStart == nil { elementStart = i }
        depth += 1
      case UInt8(ascii: "]"), UInt8(ascii: "}"):
        depth -= 1
        if depth == 0 {
          if let s = elementStart { ranges.append(s..<i) }
          closed = true
          i += 1
          break
        }
      case UInt8(ascii: ","):
        if depth == 1 {
          if let s = elementStart { ranges.append(s..<i) }
          elementStart = nil
        }
      default:
        if depth == 1 && elementStart == nil && !isSpace(b) { elementStart = i }
      }
      if closed { break }
      i += 1
    }
    if !closed {
      let (line, column) = lineColumn(bytes, open)
      throw InputError(
        SourceLocation(file: file, line: line, column: column), tr("the JSON array that starts here is never closed"))
    }
    while i < bytes.count && isSpace(bytes[i]) { i += 1 }
    if i < bytes.count {
      let (line, column) = lineColumn(bytes, i)
      throw InputError(
        SourceLocation(file: file, line: line, column: column), tr("unexpected text after the JSON array"))
    }
    return ranges
  }

  static func ndjsonLines(_ bytes: [UInt8], from start: Int) -> [Range<Int>] {
    var ranges = [Range<Int>]()
    var lineStart = start
    var i = start
    while i <= bytes.count {
      if i == bytes.count || bytes[i] == 0x0A {
        var s = lineStart
        var e = i
        while s < e && isSpace(bytes[s]) { s += 1 }
        while e > s && isSpace(bytes[e - 1]) { e -= 1 }
        if s < e { ranges.append(s..<e) }
        lineStart = i + 1
      }
      i += 1
    }
    return ranges
  }
}
