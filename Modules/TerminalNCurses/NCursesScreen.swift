import CNCurses
import Foundation
import TerminalUI

/// Why the terminal could not be opened.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
  public var description: String
}

/// The `Screen` on a real terminal, through ncursesw. Every curses call happens on the thread
/// that created it (the main thread): the TUI's loop is synchronous and single-threaded.
///
/// It sets the locale from the environment (falling back to C.UTF-8 when that is not UTF-8),
/// opens the terminal with `newterm` after checking that standard input and output are
/// terminals, uses colours unless `NO_COLOR` is set or the terminal has none, and restores the
/// terminal on `close()`, on SIGINT / SIGTERM / SIGHUP / SIGQUIT and on crash signals.
public final class NCursesScreen: Screen {
  public private(set) var rows: Int
  public private(set) var columns: Int
  let colors: Bool
  var closed = false
  /// The input timeout set last (`timeout`), in milliseconds.
  var waitMilliseconds: Int32 = 250

  /// Colour pairs, by style.
  static let pairs: [Style: (number: Int16, foreground: Int16, background: Int16)] = [
    .title: (1, Int16(COLOR_BLACK), Int16(COLOR_CYAN)),
    .header: (2, Int16(COLOR_CYAN), -1),
    .selected: (3, Int16(COLOR_BLACK), Int16(COLOR_YELLOW)),
    .muted: (4, Int16(COLOR_BLUE), -1),
    .error: (5, Int16(COLOR_RED), -1),
    .success: (6, Int16(COLOR_GREEN), -1),
    .key: (7, Int16(COLOR_YELLOW), -1),
    .input: (8, Int16(COLOR_WHITE), Int16(COLOR_BLUE)),
    .inputFocused: (9, Int16(COLOR_BLACK), Int16(COLOR_WHITE)),
  ]

  /// Opens the terminal. Refuses (with a message for the user) when standard input or output
  /// is not a terminal, or the terminal type is unknown.
  public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(TerminalError) {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
      throw TerminalError(
        description:
          "needs a terminal: standard input and output must be a terminal (use the `educluster` CLI in scripts and pipes)"
      )
    }
    setlocale(LC_ALL, "")
    if cn_locale_is_utf8() == 0 {
      // Names are UTF-8 (Uzbek ‘ ʻ, Cyrillic): prefer a UTF-8 character type over garbled text.
      setlocale(LC_CTYPE, "C.UTF-8")
    }
    if environment["ESCDELAY"] == nil { setenv("ESCDELAY", "25", 1) }
    guard cn_newterm() != nil else {
      throw TerminalError(
        description: "cannot use terminal type '\(environment["TERM"] ?? "")': set TERM (e.g. xterm-256color)")
    }
    cn_install_signal_handlers()
    raw()
    noecho()
    nonl()
    keypad(cn_stdscr(), true)
    intrflush(cn_stdscr(), false)
    scrollok(cn_stdscr(), false)
    curs_set(0)
    // Wake up now and then even without input: a resize is then seen (KEY_RESIZE) at once.
    timeout(250)
    var useColors = false
    if environment["NO_COLOR"].map({ !$0.isEmpty }) != true, has_colors() {
      start_color()
      use_default_colors()
      useColors = cn_colors() >= 8
      if useColors {
        for (_, p) in NCursesScreen.pairs { init_pair(p.number, p.foreground, p.background) }
      }
    }
    colors = useColors
    rows = Int(cn_rows())
    columns = Int(cn_cols())
  }

  deinit { close() }

  /// Restores the terminal. Safe to call twice.
  public func close() {
    guard !closed else { return }
    closed = true
    curs_set(1)
    endwin()
  }

  /// Reads the size again (after a resize).
  public func updateSize() {
    rows = Int(cn_rows())
    columns = Int(cn_cols())
  }

  public func clear() {
    erase()
  }

  func attributes(_ style: Style) -> Int32 {
    if colors {
      switch style {
      case .normal: return cn_a_normal()
      case .title, .selected, .header:
        return cn_color_pair(Int32(NCursesScreen.pairs[style]?.number ?? 0)) | cn_a_bold()
      default: return cn_color_pair(Int32(NCursesScreen.pairs[style]?.number ?? 0))
      }
    }
    // Monochrome: attributes only.
    switch style {
    case .normal: return cn_a_normal()
    case .input: return cn_a_underline()
    case .title, .selected, .inputFocused: return cn_a_reverse()
    case .header, .key: return cn_a_bold()
    case .muted: return cn_a_dim()
    case .error: return cn_a_bold() | cn_a_underline()
    case .success: return cn_a_bold()
    }
  }

  public func put(_ text: String, row: Int, column: Int, style: Style) {
    guard row >= 0, row < rows, column < columns else { return }
    // Each character is written only when the C library agrees on its width; otherwise "?"
    // fills the same columns, so the layout measured by DisplayWidth holds.
    var scalars = [wchar_t]()
    var used = max(0, column)
    for ch in Cells.printable(text) {
      let w = Cells.width(ch)
      if w == 0 { continue }
      if used + w > columns { break }
      let c = ch.unicodeScalars.reduce(0) { sum, s in sum + max(-99, Int(cn_wcwidth(s.value))) }
      if c == w {
        scalars += ch.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
      } else {
        scalars += Array(repeating: wchar_t(63), count: w)
      }
      used += w
    }
    guard !scalars.isEmpty else { return }
    scalars.append(0)
    cn_attrset(attributes(style))
    scalars.withUnsafeBufferPointer { buffer in
      if let base = buffer.baseAddress { _ = cn_put(Int32(row), Int32(max(0, column)), base) }
    }
    cn_attrset(cn_a_normal())
  }

  public func present(cursor: (row: Int, column: Int)?) {
    if let cursor {
      curs_set(1)
      move(Int32(cursor.row), Int32(cursor.column))
    } else {
      curs_set(0)
    }
    refresh()
  }

  /// Waits for the next key (a quarter of a second at most, `milliseconds` when given). Returns
  /// nil when none came, or for input the TUI does not use.
  public func readKey(milliseconds: Int32 = 250) -> Key? {
    if milliseconds != waitMilliseconds {
      timeout(milliseconds)
      waitMilliseconds = milliseconds
    }
    var c: UInt32 = 0
    let r = cn_get_wch(&c)
    if r == KEY_CODE_YES {
      switch Int32(c) {
      case KEY_UP: return .up
      case KEY_DOWN: return .down
      case KEY_LEFT: return .left
      case KEY_RIGHT: return .right
      case KEY_HOME: return .home
      case KEY_END: return .end
      case KEY_PPAGE: return .pageUp
      case KEY_NPAGE: return .pageDown
      case KEY_ENTER: return .enter
      case KEY_BACKSPACE: return .backspace
      case KEY_DC: return .delete
      case KEY_BTAB: return .backTab
      case KEY_RESIZE:
        updateSize()
        return .resize
      case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(c) - Int(KEY_F0))
      default: return nil
      }
    }
    guard r == OK else { return nil }
    switch c {
    case 9: return .tab
    case 10, 13: return .enter
    case 27: return .escape
    case 8, 127: return .backspace
    case 1...26: return Unicode.Scalar(c + 96).map { .control(Character($0)) }
    default:
      guard c >= 32, let scalar = Unicode.Scalar(c) else { return nil }
      return .character(Character(scalar))
    }
  }
}

/// Runs the TUI on the terminal until it finishes: draw, read a key, handle it, draw again.
public enum TerminalLoop {
  public static func run(_ app: TerminalApp, on screen: NCursesScreen) {
    app.render(on: screen)
    var idle = 0
    while !app.finished {
      // While work runs on another thread, look for its result every 40 ms rather than every
      // quarter of a second: a computed tab appears as soon as it is ready.
      let working = app.isWorking
      guard let key = screen.readKey(milliseconds: working ? 40 : 250) else {
        // No key meanwhile: show what background work finished, and about once a second what
        // others wrote.
        idle += working ? 40 : 250
        if app.collectBackgroundWork() { app.render(on: screen) }
        if idle >= 1000 {
          idle = 0
          if app.poll() { app.render(on: screen) }
        }
        continue
      }
      idle = 0
      if key == .resize {
        // Start from a clean slate at the new size.
        clear()
      }
      app.handle(key)
      app.render(on: screen)
    }
    screen.close()
  }
}
