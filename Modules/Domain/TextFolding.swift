import Foundation

/// Folding used for search: case, diacritics and the apostrophe-like letters of Uzbek Latin
/// (‘ ’ ʻ ʼ ' `) are ignored, so `turaqorgon` finds `Turaqo‘rg‘on`, and `ё` finds `е`.
public enum TextFolding {
  static let apostrophes: Set<Character> = ["‘", "’", "ʻ", "ʼ", "'", "`", "´", "ʹ"]

  public static func fold(_ text: String) -> String {
    // Fast path: plain ASCII needs only lower case and no apostrophes.
    if text.utf8.allSatisfy({ $0 < 0x80 }) {
      return String(
        decoding: text.utf8.compactMap { b -> UInt8? in
          b == 0x27 || b == 0x60 ? nil : (0x41...0x5A).contains(b) ? b + 32 : b
        }, as: UTF8.self)
    }
    let stripped = String(text.filter { !apostrophes.contains($0) })
    return stripped.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
      .lowercased()
  }

  /// Splits folded text into search tokens (letters and digits).
  public static func tokens(_ text: String) -> [String] {
    fold(text).split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
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
