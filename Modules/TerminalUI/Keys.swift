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

/// The keys every one-line text input shares (a form's field, a list editor's cell).
enum TextEditing {
  /// Applies an editing key to `chars` at `cursor`: true when the text changed, false when only
  /// the cursor moved (or nothing happened), nil when the key is not an editing key.
  static func apply(_ key: Key, to chars: inout [Character], cursor: inout Int) -> Bool? {
    cursor = min(cursor, chars.count)
    switch key {
    case .character(let ch):
      chars.insert(ch, at: cursor)
      cursor += 1
      return true
    case .backspace:
      guard cursor > 0 else { return false }
      chars.remove(at: cursor - 1)
      cursor -= 1
      return true
    case .delete:
      guard cursor < chars.count else { return false }
      chars.remove(at: cursor)
      return true
    case .control("u"):
      chars = []
      cursor = 0
      return true
    case .left: cursor = max(0, cursor - 1)
    case .right: cursor = min(chars.count, cursor + 1)
    case .home: cursor = 0
    case .end: cursor = chars.count
    default: return nil
    }
    return false
  }

  /// ← →: the value after (or before) `current` among `values`, round the end; from outside the
  /// list, the first (or the last).
  static func cycle(_ values: [String], from current: String, forward: Bool) -> String {
    guard !values.isEmpty else { return current }
    let at = values.firstIndex(of: current) ?? (forward ? -1 : 0)
    return values[(at + (forward ? 1 : -1) + values.count) % values.count]
  }
}
