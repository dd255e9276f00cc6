import Presentation

/// What a piece of text means on screen. A terminal maps each to colours or, in monochrome,
/// to attributes (bold, reverse, underline); `MemoryScreen` records it per cell for tests.
public enum Style: Sendable, Hashable, CaseIterable {
  case normal
  /// The title bar.
  case title
  /// Column headers and section headings.
  case header
  /// The selected row of the focused list; the active tab.
  case selected
  /// Secondary text: hints, separators, empty states.
  case muted
  case error
  case success
  /// Key names in the status line and the help.
  case key
  /// An input field, and the focused one.
  case input
  case inputFocused
}

/// A rectangle of character cells.
public struct Rect: Sendable, Hashable {
  public var row: Int
  public var column: Int
  public var height: Int
  public var width: Int

  public init(row: Int, column: Int, height: Int, width: Int) {
    self.row = row
    self.column = column
    self.height = max(0, height)
    self.width = max(0, width)
  }

  public var bottom: Int { row + height }
  public var right: Int { column + width }
}

/// Where the TUI draws: a grid of cells addressed by row and column from the top left.
/// Text is measured by display width (`DisplayWidth`): a wide character takes two cells, a
/// combining mark none. Implementations clip at the right edge and never wrap.
public protocol Screen: AnyObject {
  var rows: Int { get }
  var columns: Int { get }
  /// Blanks every cell.
  func clear()
  /// Writes one line of text from (row, column), clipped at the screen's right edge.
  func put(_ text: String, row: Int, column: Int, style: Style)
  /// Shows what was drawn; the cursor is shown at `cursor` (for text input) or hidden.
  func present(cursor: (row: Int, column: Int)?)
}

extension Screen {
  /// Writes `text` fitted to exactly `width` columns: padded, or cut with "…".
  public func put(_ text: String, row: Int, column: Int, width: Int, style: Style, alignRight: Bool = false) {
    guard width > 0 else { return }
    put(
      DisplayWidth.fit(Cells.printable(text), to: width, alignRight: alignRight), row: row, column: column, style: style
    )
  }

  /// Fills a rectangle with blanks of a style.
  public func fill(_ rect: Rect, style: Style = .normal) {
    let blank = String(repeating: " ", count: rect.width)
    for r in rect.row..<rect.bottom { put(blank, row: r, column: rect.column, style: style) }
  }
}

/// Text measuring and cutting by display width.
public enum Cells {
  /// Tabs, newlines and other controls become spaces: one screen line holds one line of text.
  public static func printable(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }) else {
      return text
    }
    return String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) ? " " : $0 }))
  }

  public static func width(_ text: String) -> Int { DisplayWidth.of(text) }

  public static func width(_ ch: Character) -> Int { DisplayWidth.of(String(ch)) }

  /// Splits a line into pieces at most `width` columns wide, at spaces where possible;
  /// continuation pieces are indented like the first.
  public static func wrap(_ line: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    let text = printable(line)
    if DisplayWidth.of(text) <= width { return [text] }
    let indent = String(text.prefix { $0 == " " })
    let indentWidth = min(indent.count, width / 2)
    var out = [String]()
    var current = ""
    var currentWidth = 0
    var lastSpace: String.Index?
    var limit = width
    for ch in text {
      let w = Cells.width(ch)
      if currentWidth + w > limit {
        if let space = lastSpace, space > current.startIndex {
          let head = String(current[..<space])
          let tail = String(current[current.index(after: space)...])
          out.append(head)
          current = String(repeating: " ", count: indentWidth) + tail
        } else {
          out.append(current)
          current = String(repeating: " ", count: indentWidth)
        }
        currentWidth = DisplayWidth.of(current)
        lastSpace = nil
        limit = width
      }
      if ch == " " && currentWidth > indentWidth { lastSpace = current.endIndex }
      current.append(ch)
      currentWidth += w
    }
    if !current.trimmingSpaces.isEmpty { out.append(current) }
    return out
  }

  /// The longest prefix of `text` that fits in `width` columns.
  public static func prefix(_ text: String, width: Int) -> String {
    var out = ""
    var used = 0
    for ch in text {
      let w = Cells.width(ch)
      if used + w > width { break }
      out.append(ch)
      used += w
    }
    return out
  }
}

extension String {
  var trimmingSpaces: Substring {
    let s = drop { $0 == " " }
    return s.reversed().drop { $0 == " " }.isEmpty ? "" : s
  }
}

/// An in-memory screen for tests: a grid of cells with their styles. A wide character fills its
/// cell and leaves the next one empty, as a terminal does.
public final class MemoryScreen: Screen {
  public struct Cell: Sendable, Hashable {
    /// The character drawn here; empty for the right half of a wide character.
    public var text: String
    public var style: Style
  }

  public private(set) var rows: Int
  public private(set) var columns: Int
  public private(set) var cells: [[Cell]]
  public private(set) var cursor: (row: Int, column: Int)?
  /// How many times `present` was called.
  public private(set) var presented = 0

  public init(rows: Int = 24, columns: Int = 80) {
    self.rows = rows
    self.columns = columns
    cells = MemoryScreen.blank(rows: rows, columns: columns)
  }

  static func blank(rows: Int, columns: Int) -> [[Cell]] {
    Array(repeating: Array(repeating: Cell(text: " ", style: .normal), count: columns), count: rows)
  }

  public func resize(rows: Int, columns: Int) {
    self.rows = rows
    self.columns = columns
    cells = MemoryScreen.blank(rows: rows, columns: columns)
  }

  public func clear() { cells = MemoryScreen.blank(rows: rows, columns: columns) }

  public func put(_ text: String, row: Int, column: Int, style: Style) {
    guard row >= 0, row < rows else { return }
    var c = column
    for ch in Cells.printable(text) {
      let w = Cells.width(ch)
      if w == 0 { continue }
      if c + w > columns { break }
      if c >= 0 {
        // Overwriting half of a wide character blanks its other half.
        if cells[row][c].text.isEmpty, c > 0 { cells[row][c - 1] = Cell(text: " ", style: cells[row][c - 1].style) }
        let after = c + w
        if after < columns, cells[row][after].text.isEmpty {
          cells[row][after] = Cell(text: " ", style: cells[row][after].style)
        }
        cells[row][c] = Cell(text: String(ch), style: style)
        if w == 2 { cells[row][c + 1] = Cell(text: "", style: style) }
      }
      c += w
    }
  }

  public func present(cursor: (row: Int, column: Int)?) {
    self.cursor = cursor
    presented += 1
  }

  /// One row as text, trailing blanks removed.
  public func line(_ row: Int) -> String {
    guard row >= 0, row < rows else { return "" }
    var s = cells[row].map(\.text).joined()
    while s.hasSuffix(" ") { s.removeLast() }
    return s
  }

  /// The whole screen, one line per row.
  public var text: String { (0..<rows).map(line).joined(separator: "\n") }

  public func contains(_ text: String) -> Bool { (0..<rows).contains { line($0).contains(text) } }

  /// The first row containing `text`.
  public func row(containing text: String) -> Int? { (0..<rows).first { line($0).contains(text) } }

  /// The style of the cell where `text` starts, on the first row containing it.
  public func style(of text: String) -> Style? {
    guard let r = row(containing: text) else { return nil }
    for start in 0..<columns where !cells[r][start].text.isEmpty {
      if cells[r][start...].map(\.text).joined().hasPrefix(text) { return cells[r][start].style }
    }
    return nil
  }
}
