import Foundation

/// Folding used for search: case, diacritics and the apostrophe-like letters of Uzbek Latin
/// (‘ ’ ʻ ʼ ' `) are ignored, so `turaqorgon` finds `Turaqo‘rg‘on`, and `ё` finds `е`.
public enum TextFolding {
  static let apostrophes: Set<Character> = ["‘", "’", "ʻ", "ʼ", "'", "`", "´", "ʹ"]

  /// The apostrophe-like letters above, as scalars: each is a character of its own.
  static let apostropheScalars: Set<UInt32> = [0x2018, 0x2019, 0x02BB, 0x02BC, 0x27, 0x60, 0xB4, 0x02B9]

  public static func fold(_ text: String) -> String {
    // Fast path: plain ASCII, or Uzbek Latin (ASCII but for its apostrophe letters), needs only
    // lower case and no apostrophes — a million names are folded for the duplicate check.
    var bytes = [UInt8]()
    bytes.reserveCapacity(text.utf8.count)
    var plain = true
    for scalar in text.unicodeScalars {
      if scalar.isASCII {
        let b = UInt8(scalar.value)
        if b == 0x27 || b == 0x60 { continue }
        bytes.append((0x41...0x5A).contains(b) ? b + 32 : b)
      } else if !apostropheScalars.contains(scalar.value) {
        plain = false
        break
      }
    }
    if plain { return String(decoding: bytes, as: UTF8.self) }
    let stripped = String(text.filter { !apostrophes.contains($0) })
    return stripped.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
      .lowercased()
  }

  /// Splits folded text into search tokens (letters and digits).
  public static func tokens(_ text: String) -> [String] {
    let folded = fold(text)
    // ASCII (most folded text): letters and digits are bytes, and a byte is a character.
    if folded.utf8.allSatisfy({ $0 < 0x80 }) {
      func isWord(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x61...0x7A).contains(b) || (0x41...0x5A).contains(b)
      }
      return folded.utf8.split(whereSeparator: { !isWord($0) }).map { String(decoding: $0, as: UTF8.self) }
    }
    return folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
  }
}

extension String {
  /// The text without leading and trailing white space (spaces, tabs, newlines and the other
  /// Unicode white space). Much faster than Foundation's `trimmingCharacters(in:)` on the
  /// common case of text with nothing to trim.
  public var trimmed: String {
    // Fast path: the first and last bytes are ASCII and not white space.
    if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80,
      !Self.asciiSpace(first), !Self.asciiSpace(last)
    {
      return self
    }
    let scalars = unicodeScalars
    guard let first = scalars.first, let last = scalars.last else { return "" }
    if !first.properties.isWhitespace && !last.properties.isWhitespace { return String(self) }
    var start = scalars.startIndex
    var end = scalars.endIndex
    while start < end && scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
    while end > start && scalars[scalars.index(before: end)].properties.isWhitespace {
      end = scalars.index(before: end)
    }
    return String(scalars[start..<end])
  }

  /// Whether the text is empty or only white space.
  public var isBlank: Bool {
    if utf8.contains(where: { $0 < 0x80 && !Self.asciiSpace($0) }) { return false }
    return unicodeScalars.allSatisfy { $0.properties.isWhitespace }
  }

  static func asciiSpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }
}
