import Foundation

/// Folding used for search: case, diacritics and the apostrophe-like letters of Uzbek Latin
/// (‘ ’ ʻ ʼ ' `) are ignored, so `turaqorgon` finds `Turaqo‘rg‘on`, and `ё` finds `е`.
public enum TextFolding {
  static let apostrophes: Set<Character> = ["‘", "’", "ʻ", "ʼ", "'", "`", "´", "ʹ"]

  public static func fold(_ text: String) -> String {
    let stripped = String(text.filter { !apostrophes.contains($0) })
    return stripped.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
      .lowercased()
  }

  /// Splits folded text into search tokens (letters and digits).
  public static func tokens(_ text: String) -> [String] {
    fold(text).split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
  }
}
