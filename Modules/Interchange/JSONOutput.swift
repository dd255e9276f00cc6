import Foundation

/// The one JSON style of every output: pretty, keys sorted, snake_case, dates as ISO text.
public enum JSONOutput {
  public static func encoder(pretty: Bool = true) -> JSONEncoder {
    let e = JSONEncoder()
    e.outputFormatting =
      pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    e.keyEncodingStrategy = .convertToSnakeCase
    return e
  }

  public static func decoder() -> JSONDecoder {
    let d = JSONDecoder()
    d.keyDecodingStrategy = .convertFromSnakeCase
    return d
  }

  /// The value as JSON in this style: `JSONStream` writes it (the same bytes as `encoder()`'s,
  /// faster), Foundation where `JSONStream` hands it back.
  public static func string<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
    do {
      return String(decoding: try JSONStream.encode(value, pretty: pretty), as: UTF8.self)
    } catch is JSONStream.Fallback {
      return try foundationString(value, pretty: pretty)
    }
  }

  /// The value as Foundation's `JSONEncoder` writes it in this style.
  public static func foundationString<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
    String(decoding: try encoder(pretty: pretty).encode(value), as: UTF8.self)
  }

  /// A key as `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase` writes it (for the API's
  /// schema, which describes the outputs without encoding one), by its algorithm:
  /// words split where a lowercase letter meets an uppercase one and where a run of capitals
  /// ends before a lowercase letter, lowercased and joined with `_` (`myURLString` →
  /// `my_url_string`). ASCII keys (every coding key here) on bytes; others with Foundation's
  /// character sets, as it does.
  public static func snakeCased(_ key: String) -> String {
    let bytes = Array(key.utf8)
    guard !bytes.isEmpty else { return key }
    guard bytes.allSatisfy({ $0 < 0x80 }) else { return snakeCasedUnicode(key) }
    func isUpper(_ b: UInt8) -> Bool { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }
    func isLower(_ b: UInt8) -> Bool { b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") }
    guard bytes.contains(where: isUpper) else { return key }
    var words = [Range<Int>]()
    var wordStart = 0
    var searchFrom = 1
    while let upper = bytes[min(searchFrom, bytes.count)...].firstIndex(where: isUpper) {
      words.append(wordStart..<upper)
      guard let lower = bytes[upper...].firstIndex(where: isLower) else {
        wordStart = upper
        break
      }
      if lower == upper + 1 {
        wordStart = upper
      } else {
        words.append(upper..<(lower - 1))
        wordStart = lower - 1
      }
      searchFrom = lower + 1
    }
    words.append(wordStart..<bytes.count)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count + words.count)
    for (i, word) in words.enumerated() {
      if i > 0 { out.append(UInt8(ascii: "_")) }
      for b in bytes[word] { out.append(isUpper(b) ? b + 32 : b) }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Foundation's algorithm as it is, for keys beyond ASCII.
  static func snakeCasedUnicode(_ stringKey: String) -> String {
    var words = [Range<String.Index>]()
    var wordStart = stringKey.startIndex
    var searchRange = stringKey.index(after: wordStart)..<stringKey.endIndex
    while let upperCaseRange = stringKey.rangeOfCharacter(from: .uppercaseLetters, options: [], range: searchRange) {
      words.append(wordStart..<upperCaseRange.lowerBound)
      searchRange = upperCaseRange.lowerBound..<searchRange.upperBound
      guard
        let lowerCaseRange = stringKey.rangeOfCharacter(from: .lowercaseLetters, options: [], range: searchRange)
      else {
        wordStart = searchRange.lowerBound
        break
      }
      let nextCharacterAfterCapital = stringKey.index(after: upperCaseRange.lowerBound)
      if lowerCaseRange.lowerBound == nextCharacterAfterCapital {
        wordStart = upperCaseRange.lowerBound
      } else {
        let beforeLowerIndex = stringKey.index(before: lowerCaseRange.lowerBound)
        words.append(upperCaseRange.lowerBound..<beforeLowerIndex)
        wordStart = beforeLowerIndex
      }
      searchRange = lowerCaseRange.upperBound..<searchRange.upperBound
    }
    words.append(wordStart..<searchRange.upperBound)
    return words.map { stringKey[$0].lowercased() }.joined(separator: "_")
  }
}
