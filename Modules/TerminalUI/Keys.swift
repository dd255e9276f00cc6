/// A key press (or a terminal event) as the TUI sees it, independent of the terminal library.
public enum Key: Sendable, Hashable {
  /// A printable character, already decoded from UTF-8.
  case character(Character)
  /// Ctrl with a letter, lowercase (`.control("s")` is Ctrl-S).
  case control(Character)
  case up, down, left, right
  case home, end, pageUp, pageDown
  case enter, escape, tab, backTab, backspace, delete
  case function(Int)
  /// The terminal changed size.
  case resize

  /// Keys from a plain string, one per character (for tests and scripted input): `\n` is Enter,
  /// `\t` Tab, `\u{1B}` Escape, `\u{7F}` Backspace, other controls Ctrl-letters.
  public static func typing(_ text: String) -> [Key] {
    text.map { ch -> Key in
      switch ch {
      case "\n", "\r": return .enter
      case "\t": return .tab
      case "\u{1B}": return .escape
      case "\u{7F}", "\u{08}": return .backspace
      default:
        if let v = ch.unicodeScalars.first?.value, ch.unicodeScalars.count == 1, v >= 1, v <= 26,
          let letter = Unicode.Scalar(v + 96)
        {
          return .control(Character(letter))
        }
        return .character(ch)
      }
    }
  }
}
