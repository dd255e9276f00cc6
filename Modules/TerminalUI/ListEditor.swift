import Domain
import Localization
import Storage

/// A child list (a program's outcomes, a student's preferences, an agreement's obligations…)
/// as a small table inside a form: one row per item, one cell per part. Every cell is parsed
/// as it is typed, with the field's own rules, and references are checked; the list goes back
/// to the form as the `A:B; C:D` text the form and the command line read.
public final class ListEditorModel {
  public let list: ChildList
  public let kind: EntityKind
  public let language: Language
  /// The cells, row by row; each row has one cell per field of the list.
  public private(set) var rows: [[String]]
  public private(set) var row = 0
  public private(set) var column = 0
  /// Cursor position (in characters) in the focused cell.
  public private(set) var cursor = 0
  /// Every current error, by row: the first wrong cell's message.
  public private(set) var errors = [Int: String]()
  /// The cell the error of each row is about.
  public private(set) var errorColumns = [Int: Int]()
  let exists: (EntityKind, String) -> Bool

  /// What a key did to the editor.
  public enum Action: Sendable, Equatable { case none, done, cancel }

  public init(
    list: ChildList, kind: EntityKind, text: String, exists: @escaping (EntityKind, String) -> Bool,
    language: Language = .en
  ) {
    self.list = list
    self.kind = kind
    self.exists = exists
    self.language = language
    rows = text.split(separator: ";").map { String($0).trimmed }.filter { !$0.isEmpty }.map { part in
      if let parsed = try? list.parseRow(part, kind: kind) {
        return list.fields.map { parsed[$0.name].plain }
      }
      var cells = part.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      while cells.count > list.fields.count, cells.count > 1 { cells[0] += ":" + cells.remove(at: 1) }
      return cells + Array(repeating: "", count: max(0, list.fields.count - cells.count))
    }
    if rows.isEmpty { rows = [Array(repeating: "", count: list.fields.count)] }
    cursor = rows[0][0].count
    validate()
  }

  /// Whether the list is ordered (preferences and rankings: first choice first).
  public var ordered: Bool { ["preferences", "rankings"].contains(list.name) }

  /// The list as the form holds it: rows `A:B:C` (trailing empty parts left out), `; ` between,
  /// empty rows dropped.
  public var text: String {
    rows.filter { $0.contains { !$0.trimmed.isEmpty } }.map { cells in
      var parts = cells.map(\.trimmed)
      while let last = parts.last, last.isEmpty, parts.count > 1 { parts.removeLast() }
      return parts.joined(separator: ":")
    }.joined(separator: "; ")
  }

  /// The field of the focused cell.
  public var focusedField: Field { list.fields[column] }

  /// The kind the focused cell refers to, when it is a reference (F2 picks it).
  public var focusedReference: EntityKind? {
    if case .reference(let target) = focusedField.type { return target }
    return nil
  }

  public var focusedValue: String { rows[row][column] }

  /// Sets the focused cell (a code chosen from a pick list) and validates.
  public func fillFocused(_ text: String) {
    rows[row][column] = text
    cursor = text.count
    validate()
  }

  // MARK: Validation

  /// Parses every cell with its field, requires the required ones (of rows with anything in
  /// them), checks references exist.
  @discardableResult
  public func validate() -> Bool {
    var found = [Int: String]()
    var at = [Int: Int]()
    let say = language.say
    for (r, cells) in rows.enumerated() where cells.contains(where: { !$0.trimmed.isEmpty }) {
      for (c, field) in list.fields.enumerated() {
        let raw = c < cells.count ? cells[c] : ""
        var message: String?
        do {
          let value = try field.parse(raw, kind: kind)
          if value.isNull, field.required {
            message = say(tr("\(field.name) is empty"))
          } else if case .reference(let target) = field.type, case .text(let code) = value, !exists(target, code) {
            message = say(StoreError.notFound(target, code: code).message)
          }
        } catch {
          message = say(tr("'\(raw.trimmed)' is not \(field.type.expectation)"))
        }
        if let message {
          found[r] = message
          at[r] = c
          break
        }
      }
    }
    errors = found
    errorColumns = at
    return found.isEmpty
  }

  // MARK: Keys

  public func handle(_ key: Key) -> Action {
    switch key {
    case .escape: return .cancel
    case .enter, .control("s"): return .done
    case .up: moveRow(-1)
    case .down: moveRow(1)
    case .tab: moveCell(1)
    case .backTab: moveCell(-1)
    case .control("n"): insertRow()
    case .control("d"): removeRow()
    case .pageUp: swapRow(-1)
    case .pageDown: swapRow(1)
    default: edit(key)
    }
    return .none
  }

  func moveRow(_ step: Int) {
    row = max(0, min(rows.count - 1, row + step))
    cursor = rows[row][column].count
  }

  /// Tab and Shift-Tab: the next or previous cell, on to the next or previous row.
  func moveCell(_ step: Int) {
    let width = list.fields.count
    let position = row * width + column + step
    guard position >= 0, position < rows.count * width else { return }
    row = position / width
    column = position % width
    cursor = rows[row][column].count
  }

  /// Ctrl-N: a new, empty row below the focused one.
  func insertRow() {
    rows.insert(Array(repeating: "", count: list.fields.count), at: row + 1)
    row += 1
    column = 0
    cursor = 0
    validate()
  }

  /// Ctrl-D: removes the focused row (an empty one stays when it was the last).
  func removeRow() {
    rows.remove(at: row)
    if rows.isEmpty { rows = [Array(repeating: "", count: list.fields.count)] }
    row = min(row, rows.count - 1)
    cursor = rows[row][column].count
    validate()
  }

  /// PageUp / PageDown: moves the focused row up or down (the order of preferences and rankings).
  func swapRow(_ step: Int) {
    let other = row + step
    guard rows.indices.contains(other) else { return }
    rows.swapAt(row, other)
    row = other
    validate()
  }

  func edit(_ key: Key) {
    var chars = Array(rows[row][column])
    let choices: [String]? =
      switch focusedField.type {
      case .choice(let options): (focusedField.required ? [] : [""]) + options
      case .bool: ["", "true", "false"]
      default: nil
      }
    if key == .left || key == .right, let choices {
      chars = Array(TextEditing.cycle(choices, from: String(chars), forward: key == .right))
      cursor = chars.count
    } else if TextEditing.apply(key, to: &chars, cursor: &cursor) != true {
      return
    }
    rows[row][column] = String(chars)
    validate()
  }

  // MARK: Drawing

  /// Draws the table in `rect` and returns where the text cursor goes.
  @discardableResult
  public func draw(on screen: any Screen, in rect: Rect) -> (row: Int, column: Int)? {
    guard rect.height >= 5, rect.width >= 20 else { return nil }
    let say = language.say
    let titles = ["#"] + list.fields.map { language == .en ? $0.name : say(Field.title(of: $0.name)) }
    // Columns: the row number, then each field as wide as its title and its widest value allows,
    // sharing what is left; free text gets the rest.
    let numberWidth = 4
    let available = rect.width - numberWidth - list.fields.count
    var widths = list.fields.indices.map { c in
      max(Cells.width(titles[c + 1]) + (list.fields[c].required ? 1 : 0), rows.map { Cells.width($0[c]) }.max() ?? 0, 6)
        + 1
    }
    while widths.reduce(0, +) > available, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }),
      widths[widest] > 8
    {
      widths[widest] -= 1
    }
    var x = rect.column
    screen.put(titles[0], row: rect.row, column: x, width: numberWidth, style: .header)
    var starts = [Int]()
    x += numberWidth
    for c in list.fields.indices {
      starts.append(x)
      let title = (list.fields[c].required ? "*" : "") + titles[c + 1]
      screen.put(title, row: rect.row, column: x, width: widths[c], style: .header)
      x += widths[c] + 1
    }
    // Rows, scrolled to keep the focused one in view; the error under its row.
    let area = rect.height - 4
    var lines = [(row: Int, error: String?)]()
    for r in rows.indices {
      lines.append((r, nil))
      if let e = errors[r] { lines.append((r, e)) }
    }
    let focusLine = lines.firstIndex { $0.row == row && $0.error == nil } ?? 0
    let focusEnd = focusLine + (errors[row] == nil ? 0 : 1)
    let top = focusEnd >= area ? focusEnd - area + 1 : 0
    var cursorAt: (row: Int, column: Int)?
    for (n, line) in lines.dropFirst(top).prefix(area).enumerated() {
      let y = rect.row + 1 + n
      if let error = line.error {
        let c = errorColumns[line.row] ?? 0
        screen.put("✗ " + error, row: y, column: starts[c], width: rect.right - starts[c], style: .error)
        continue
      }
      screen.put("\(line.row + 1)", row: y, column: rect.column, width: numberWidth, style: .muted)
      for c in list.fields.indices {
        let focused = line.row == row && c == column
        let value = rows[line.row][c]
        let chars = Array(value)
        let at = focused ? min(cursor, chars.count) : chars.count
        var start = 0
        while Cells.width(String(chars[start..<at])) > widths[c] - 1 { start += 1 }
        screen.put(
          String(chars[start...]), row: y, column: starts[c], width: widths[c],
          style: focused ? .inputFocused : (line.row == row ? .input : .normal))
        if focused { cursorAt = (y, starts[c] + Cells.width(String(chars[start..<at]))) }
      }
    }
    // The focused cell's hint, then what the keys do.
    let hint =
      say(focusedField.type.expectation)
      + (focusedReference != nil ? " " + say(tr("(F2 or Ctrl-P to pick)")) : "")
      + (focusedField.help.map { " — " + say($0) } ?? "")
    screen.put(
      say(Field.title(of: focusedField.name)) + ": " + hint, row: rect.row + rect.height - 3, column: rect.column,
      width: rect.width, style: .muted)
    let filled = rows.filter { $0.contains { !$0.trimmed.isEmpty } }.count
    let summary =
      errors.isEmpty
      ? say(filled == 1 ? tr("1 row, valid") : tr("\(filled) rows, all valid"))
      : say(errors.count == 1 ? tr("1 row to fix") : tr("\(errors.count) rows to fix"))
    screen.put(
      summary, row: rect.row + rect.height - 2, column: rect.column, width: rect.width,
      style: errors.isEmpty ? .muted : .error)
    return cursorAt
  }
}

/// The list editor as a page over the form: Enter keeps the list, Esc leaves it as it was.
final class ListEditorPage: Page {
  let editor: ListEditorModel
  let onDone: (String) -> Void

  init(editor: ListEditorModel, onDone: @escaping (String) -> Void) {
    self.editor = editor
    self.onDone = onDone
  }

  var title: Phrase { tr("edit the list \(Field.title(of: editor.list.name))") }
  var takesText: Bool { true }

  var hints: [(key: String, action: Phrase)] {
    var keys: [(key: String, action: Phrase)] = [
      ("Tab ↑↓", tr("cell")), ("Ctrl-N", tr("new row")), ("Ctrl-D", tr("delete row")),
    ]
    if editor.ordered { keys.append(("PgUp PgDn", tr("move row"))) }
    keys += [("Enter", tr("keep")), ("Esc", tr("cancel"))]
    if editor.focusedReference != nil { keys.append(("F2", tr("pick"))) }
    return keys
  }

  var help: [(key: String, action: Phrase)] {
    [
      ("Tab Shift-Tab", tr("next / previous cell")), ("↑↓", tr("row")), ("←→", tr("cursor, or choose a value")),
      ("Ctrl-N", tr("new row below")), ("Ctrl-D", tr("delete row")), ("PgUp PgDn", tr("move the row up / down")),
      ("F2 Ctrl-P", tr("pick a code")), ("Enter Ctrl-S", tr("keep the list")), ("Esc", tr("cancel")),
    ]
  }

  func reload(app: TerminalApp) { editor.validate() }

  func draw(on screen: any Screen, in rect: Rect, app: TerminalApp) -> (row: Int, column: Int)? {
    screen.put(app.say(title), row: rect.row, column: rect.column + 1, width: rect.width - 2, style: .header)
    return editor.draw(
      on: screen, in: Rect(row: rect.row + 2, column: rect.column + 1, height: rect.height - 2, width: rect.width - 2))
  }

  func handle(_ key: Key, app: TerminalApp) -> Bool {
    if key == .function(2) || key == .control("p"), let target = editor.focusedReference {
      let editor = self.editor
      app.push(PickListPage(app: app, kind: target, current: editor.focusedValue) { editor.fillFocused($0) })
      return true
    }
    switch editor.handle(key) {
    case .none: break
    case .cancel:
      app.pop()
      app.info(tr("list left as it was"))
    case .done:
      app.pop()
      onDone(editor.text)
      if !editor.errors.isEmpty { app.refuse(tr("the list has rows to fix: the form shows them")) }
    }
    return true
  }
}
