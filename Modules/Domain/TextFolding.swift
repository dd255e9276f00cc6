import Foundation

/// Folding used for search and for duplicate detection: one key for the ways people in
/// Uzbekistan write a name.
///
/// - case and diacritics are ignored, and the apostrophe-like letters of Uzbek Latin
///   (‘ ’ ʻ ʼ ' `) are dropped, so `turaqorgon` finds `Turaqo‘rg‘on`;
/// - Cyrillic is read in Latin by the official Uzbek correspondence (ў→o‘, ғ→g‘, қ→q, ҳ→h,
///   ш→sh, ч→ch, ё→yo, ю→yu, я→ya, ц→ts, ъ→’ …; Russian letters likewise: щ→sh, ы→i, ь
///   dropped), so `Шаҳрихон` finds `Shahrixon` and `namangan muhandislik` finds
///   `Наманган муҳандислик-қурилиш институти`;
/// - the English `kh` is Uzbek `x` (and Russian `х`), and `ye` is `e` (Uzbek Cyrillic `е`
///   stands for both), so `Khorezm` finds `Хорезм` and `Yangiyer` finds `Янгиер`.
public enum TextFolding {
  static let apostrophes: Set<Character> = ["‘", "’", "ʻ", "ʼ", "'", "`", "´", "ʹ"]

  /// The apostrophe-like letters above, as scalars: each is a character of its own.
  static let apostropheScalars: Set<UInt32> = [0x2018, 0x2019, 0x02BB, 0x02BC, 0x27, 0x60, 0xB4, 0x02B9]

  /// Cyrillic letters (lower case; upper case is looked up lowered) in Latin.
  static let cyrillic: [UInt32: String] = {
    let pairs: [(Character, String)] = [
      ("а", "a"), ("б", "b"), ("в", "v"), ("г", "g"), ("д", "d"), ("е", "e"), ("ё", "yo"), ("ж", "j"),
      ("з", "z"), ("и", "i"), ("й", "y"), ("к", "k"), ("л", "l"), ("м", "m"), ("н", "n"), ("о", "o"),
      ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("у", "u"), ("ф", "f"), ("х", "x"), ("ц", "ts"),
      ("ч", "ch"), ("ш", "sh"), ("щ", "sh"), ("ъ", ""), ("ы", "i"), ("ь", ""), ("э", "e"), ("ю", "yu"),
      ("я", "ya"), ("ў", "o"), ("қ", "q"), ("ғ", "g"), ("ҳ", "h"), ("і", "i"), ("ї", "yi"), ("є", "ye"),
    ]
    var table: [UInt32: String] = [:]
    for (letter, latin) in pairs {
      for scalar in letter.unicodeScalars { table[scalar.value] = latin }
      for scalar in String(letter).uppercased().unicodeScalars { table[scalar.value] = latin }
    }
    return table
  }()

  public static func fold(_ text: String) -> String {
    if let bytes = foldedASCII(text) { return String(decoding: bytes, as: UTF8.self) }
    return general(text)
  }

  /// `fold` of plain ASCII or Uzbek Latin text (ASCII but for its apostrophe letters), as
  /// bytes; nil for other text. That needs only lower case, no apostrophes and the two
  /// digraphs — a million names are folded for the duplicate check.
  public static func foldedASCII(_ text: String) -> [UInt8]? {
    var bytes = [UInt8]()
    bytes.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      if scalar.isASCII {
        let b = UInt8(scalar.value)
        if b == 0x27 || b == 0x60 { continue }
        bytes.append((0x41...0x5A).contains(b) ? b + 32 : b)
      } else if !apostropheScalars.contains(scalar.value) {
        return nil
      }
    }
    return digraphBytes(bytes)
  }

  /// The definition the fast path agrees with: apostrophes dropped, Cyrillic read in Latin,
  /// case and diacritics folded (Foundation), then `kh` → `x` and `ye` → `e`.
  static func general(_ text: String) -> String {
    var latin = String.UnicodeScalarView()
    for scalar in text.unicodeScalars where !apostropheScalars.contains(scalar.value) {
      if let mapped = cyrillic[scalar.value] {
        latin.append(contentsOf: mapped.unicodeScalars)
      } else {
        latin.append(scalar)
      }
    }
    let folded = String(latin).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
      .lowercased()
    return digraphs(Array(folded.utf8))
  }

  /// `kh` → `x`, `ye` → `e`, on UTF-8 bytes (both digraphs are ASCII, so no other character
  /// is touched).
  static func digraphs(_ bytes: [UInt8]) -> String { String(decoding: digraphBytes(bytes), as: UTF8.self) }

  static func digraphBytes(_ bytes: [UInt8]) -> [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      if i + 1 < bytes.count {
        let next = bytes[i + 1]
        if b == UInt8(ascii: "k") && next == UInt8(ascii: "h") {
          out.append(UInt8(ascii: "x"))
          i += 2
          continue
        }
        if b == UInt8(ascii: "y") && next == UInt8(ascii: "e") {
          out.append(UInt8(ascii: "e"))
          i += 2
          continue
        }
      }
      out.append(b)
      i += 1
    }
    return out
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
