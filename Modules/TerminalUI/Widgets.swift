import Presentation

/// Selection and scrolling of a list: which row is selected and which is shown first.
public struct ListState: Sendable, Hashable {
  public var selected = 0
  public var offset = 0

  public init() {}

  /// Keeps the selection inside `0..<count`.
  public mutating func clamp(count: Int) {
    selected = count == 0 ? 0 : min(max(0, selected), count - 1)
    offset = max(0, min(offset, max(0, count - 1)))
  }

  /// Moves the selection for a navigation key; returns whether the key was one.
  public mutating func handle(_ key: Key, count: Int, page: Int) -> Bool {
    switch key {
    case .up, .character("k"): selected -= 1
    case .down, .character("j"): selected += 1
    case .pageUp: selected -= max(1, page)
    case .pageDown: selected += max(1, page)
    case .home, .character("g"): selected = 0
    case .end, .character("G"): selected = count - 1
    default: return false
    }
    clamp(count: count)
    return true
  }

  /// Scrolls so that the selection is visible in `height` rows.
  public mutating func scroll(height: Int) {
    guard height > 0 else { return }
    if selected < offset { offset = selected }
    if selected >= offset + height { offset = selected - height + 1 }
    offset = max(0, offset)
  }
}

/// A column of a table: its title, how wide it may grow, and its alignment.
public struct Column: Sendable, Hashable {
  public var title: String
  public var maxWidth: Int
  /// Other columns give way before this one shrinks below it.
  public var minWidth: Int
  public var alignRight: Bool
  /// When the table is too narrow for every column, the lowest priority goes first (hidden,
  /// not cut down to "…"); equal priorities go from the right. The first column stays.
  public var priority: Int

  public init(_ title: String, maxWidth: Int = 40, minWidth: Int = 4, alignRight: Bool = false, priority: Int = 0) {
    self.title = title
    self.maxWidth = maxWidth
    self.minWidth = minWidth
    self.alignRight = alignRight
    self.priority = priority
  }
}

/// A list of rows in columns, with a header, a selected row and scrolling.
public enum TableView {
  /// Column widths for `available` columns: each as wide as its content (up to its maximum).
  /// When they do not fit, text columns give way down to a readable width (their minimum, at
  /// least 10), the widest first — numbers are never cut; when that is not enough, whole columns
  /// are hidden (width 0), the lowest priority first, from the right, the first column never;
  /// only then is anything cut further.
  public static func widths(_ columns: [Column], rows: [[String]], available: Int) -> [Int] {
    let natural = columns.enumerated().map { i, c in
      min(c.maxWidth, rows.reduce(Cells.width(c.title)) { max($0, i < $1.count ? Cells.width($1[i]) : 0) })
    }
    let floors = columns.indices.map { i in
      columns[i].alignRight ? natural[i] : min(natural[i], max(10, columns[i].minWidth))
    }
    func needed(_ shown: [Int], _ widths: [Int]) -> Int {
      shown.reduce(0) { $0 + widths[$1] } + max(0, shown.count - 1)
    }
    var shown = Array(columns.indices)
    // Hide columns while even their readable widths do not fit: lowest priority, rightmost first.
    while shown.count > 2, needed(shown, floors) > available {
      let candidates = shown.dropFirst()
      guard let victim = candidates.min(by: { (columns[$0].priority, -$0) < (columns[$1].priority, -$1) }) else {
        break
      }
      shown.removeAll { $0 == victim }
    }
    var widths = columns.indices.map { shown.contains($0) ? natural[$0] : 0 }
    // Columns above their minimum give way first, the widest first; then any column, the
    // first one (the code) last.
    while needed(shown, widths) > available {
      let flexible = shown.dropFirst().filter { widths[$0] > floors[$0] }
      let others = shown.dropFirst().filter { widths[$0] > 4 }
      if let widest = flexible.max(by: { widths[$0] < widths[$1] }) ?? others.max(by: { widths[$0] < widths[$1] }) {
        widths[widest] -= 1
      } else if let first = shown.first, widths[first] > 4 {
        widths[first] -= 1
      } else {
        break
      }
    }
    return widths
  }

  public static func draw(
    on screen: any Screen, in rect: Rect, columns: [Column], rows: [[String]], state: inout ListState,
    focused: Bool = true, empty: String = "(nothing here yet)"
  ) {
    guard rect.height > 0, rect.width > 0 else { return }
    // When the rows do not fit, the header's end shows the position ("12/88").
    let mark = rows.count > rect.height - 1 ? "\(min(state.selected, rows.count - 1) + 1)/\(rows.count)" : ""
    let markWidth = mark.isEmpty ? 0 : Cells.width(mark) + 1
    let widths = widths(columns, rows: rows, available: rect.width - markWidth)
    func line(_ cells: [String]) -> String {
      widths.enumerated().filter { $0.element > 0 }.map { i, w in
        DisplayWidth.fit(Cells.printable(i < cells.count ? cells[i] : ""), to: w, alignRight: columns[i].alignRight)
      }.joined(separator: " ")
    }
    screen.put(
      line(columns.map(\.title)), row: rect.row, column: rect.column, width: rect.width - markWidth, style: .header)
    let body = rect.height - 1
    state.clamp(count: rows.count)
    state.scroll(height: body)
    if rows.isEmpty {
      if body > 0 { screen.put(empty, row: rect.row + 1, column: rect.column, width: rect.width, style: .muted) }
      return
    }
    for i in 0..<body {
      let index = state.offset + i
      guard index < rows.count else { break }
      let style: Style = index == state.selected ? (focused ? .selected : .header) : .normal
      screen.put(line(rows[index]), row: rect.row + 1 + i, column: rect.column, width: rect.width, style: style)
    }
    if !mark.isEmpty, markWidth < rect.width {
      screen.put(
        "\(state.selected + 1)/\(rows.count)", row: rect.row, column: rect.right - markWidth + 1, style: .muted)
    }
  }
}

/// Lines of text in a rectangle, wrapped to its width, scrolled by `offset` lines.
public enum DetailPane {
  public static func draw(on screen: any Screen, in rect: Rect, title: String?, lines: [String], offset: Int = 0) {
    guard rect.height > 0, rect.width > 0 else { return }
    var top = rect.row
    if let title {
      screen.put(title, row: top, column: rect.column, width: rect.width, style: .header)
      top += 1
    }
    let wrapped = lines.flatMap { $0.isEmpty ? [""] : Cells.wrap($0, width: rect.width) }
    let visible = rect.bottom - top
    let start = max(0, min(offset, max(0, wrapped.count - visible)))
    for (i, l) in wrapped.dropFirst(start).prefix(visible).enumerated() {
      screen.put(l, row: top + i, column: rect.column, width: rect.width, style: .normal)
    }
    if wrapped.count > visible + start, visible > 0 {
      screen.put("…", row: rect.bottom - 1, column: rect.right - 1, style: .muted)
    }
  }
}

/// A row of tab labels; the active one stands out. Short labels are used when the long ones
/// do not fit.
public enum TabBar {
  public static func draw(
    on screen: any Screen, row: Int, width: Int, labels: [(long: String, short: String)], active: Int
  ) {
    let long = labels.reduce(0) { $0 + Cells.width($1.long) + 2 }
    let names = long <= width ? labels.map(\.long) : labels.map(\.short)
    screen.put(String(repeating: " ", count: width), row: row, column: 0, style: .normal)
    var column = 0
    for (i, name) in names.enumerated() {
      let label = " \(name) "
      let w = Cells.width(label)
      if column + w > width { break }
      screen.put(label, row: row, column: column, style: i == active ? .selected : .muted)
      column += w
    }
  }
}

/// The bottom line: either a message (an error, a confirmation) or the keys in reach.
public enum StatusLine {
  public static func draw(
    on screen: any Screen, row: Int, width: Int, hints: [(key: String, action: String)], message: Message?
  ) {
    screen.put(String(repeating: " ", count: width), row: row, column: 0, style: .normal)
    if let message {
      screen.put(message.text, row: row, column: 0, width: width, style: message.isError ? .error : .success)
      return
    }
    var column = 0
    for hint in hints {
      let w = Cells.width(hint.key) + 1 + Cells.width(hint.action) + 2
      if column + w > width { break }
      screen.put(hint.key, row: row, column: column, style: .key)
      screen.put(hint.action, row: row, column: column + Cells.width(hint.key) + 1, style: .normal)
      column += w
    }
  }
}

/// A line for the status bar.
public struct Message: Sendable, Hashable {
  public var text: String
  public var isError: Bool
  public init(_ text: String, isError: Bool = false) {
    self.text = text
    self.isError = isError
  }
}

/// A framed box in the middle of the screen, over whatever is below.
public enum Overlay {
  /// Draws a box around `lines` (with `title` in the frame) and returns its rectangle.
  @discardableResult
  public static func box(on screen: any Screen, title: String, lines: [(String, Style)], minWidth: Int = 30) -> Rect {
    let inner = min(
      screen.columns - 4, max(minWidth, Cells.width(title) + 4, lines.map { Cells.width($0.0) }.max() ?? 0))
    let height = min(screen.rows - 2, lines.count + 2)
    let rect = Rect(
      row: max(0, (screen.rows - height) / 2), column: max(0, (screen.columns - inner - 4) / 2), height: height,
      width: inner + 4)
    let top = "┌─ " + Cells.prefix(title, width: inner - 1) + " "
    screen.put(
      top + String(repeating: "─", count: max(0, rect.width - 1 - Cells.width(top))) + "┐", row: rect.row,
      column: rect.column, style: .header)
    for i in 0..<(height - 2) {
      let r = rect.row + 1 + i
      screen.put("│ ", row: r, column: rect.column, style: .header)
      let (text, style) = i < lines.count ? lines[i] : ("", .normal)
      screen.put(text, row: r, column: rect.column + 2, width: inner, style: style)
      screen.put(" │", row: r, column: rect.right - 2, style: .header)
    }
    screen.put(
      "└" + String(repeating: "─", count: rect.width - 2) + "┘", row: rect.bottom - 1, column: rect.column,
      style: .header)
    return rect
  }
}

/// A question that must be answered before anything is written ("Delete …? y/n").
public struct ConfirmDialog: Sendable {
  public var question: String
  public var detail: [String]
  /// The frame's title and the answer line, in the interface language.
  public var title: String
  public var answers: String

  public init(
    question: String, detail: [String] = [], title: String = "Confirm",
    answers: String = "y  yes, go ahead      n / Esc  no"
  ) {
    self.question = question
    self.detail = detail
    self.title = title
    self.answers = answers
  }

  public func draw(on screen: any Screen) {
    var lines: [(String, Style)] = [(question, .normal)]
    lines += detail.map { ($0, .muted) }
    lines += [("", .normal), (answers, .key)]
    Overlay.box(on: screen, title: title, lines: lines, minWidth: 40)
  }
}

/// The keys of the current screen and the global ones, in a box.
public enum HelpOverlay {
  public static func draw(
    on screen: any Screen, title: String, keys: [(key: String, action: String)],
    closing: String = "any key closes this help"
  ) {
    let keyWidth = keys.map { Cells.width($0.key) }.max() ?? 0
    var lines = keys.map { (DisplayWidth.fit($0.key, to: keyWidth) + "  " + $0.action, Style.normal) }
    lines += [("", .normal), (closing, .muted)]
    Overlay.box(on: screen, title: title, lines: lines, minWidth: 44)
  }
}
