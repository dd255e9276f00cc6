import Domain
import Localization
import Storage

/// A form for one entity, built from its kind's schema: one input per field, one per child list
/// (rows separated by `;`, parts by `:` as on the command line). Every key re-validates with the
/// domain's own parsing and rules; nothing is written until the caller saves `record`.
public final class FormModel {
  public enum Mode: Sendable {
    case add
    /// Editing the entity with this code; `original` is its record as read.
    case edit(code: String, original: Record)
  }

  public enum ItemKind: Sendable {
    case field(Field)
    case child(ChildList)
  }

  public struct Item: Sendable {
    public var name: String
    public var kind: ItemKind
    public var required: Bool
    public var readOnly: Bool

    /// What the field expects, for the hint line, in a language.
    public func hint(in language: Language = .en) -> String {
      switch kind {
      case .field(let f):
        var s = language.say(f.type.expectation)
        if case .choice = f.type { s += " " + language.say(tr("(← → to choose)")) }
        if case .reference = f.type { s += " " + language.say(tr("(F2 or Ctrl-P to pick)")) }
        if let help = f.help { s += " — " + language.say(help) }
        return s
      case .child(let c):
        let parts = c.fields.map { $0.required ? $0.name.uppercased() : "[\($0.name.uppercased())]" }
        return language.say(tr("Enter edits it as a table; or rows \(parts.joined(separator: ":")), separated by ;"))
          + " — " + language.say(c.help)
      }
    }

    /// `hint(in: .en)`.
    public var hint: String { hint() }
  }

  /// What a key did to the form.
  public enum Action: Sendable, Equatable { case none, save, cancel }

  public let kind: EntityKind
  public let mode: Mode
  public private(set) var items: [Item]
  public private(set) var values: [String]
  /// Focused item; `items.count` is the Save button, `items.count + 1` Cancel.
  public private(set) var focus = 0
  /// Cursor position (in characters) in the focused value.
  public private(set) var cursor = 0
  public private(set) var touched = Set<Int>()
  /// Set by a save attempt: every error is shown from then on.
  public var submitted = false
  /// Every current error, by item name (shown for touched items, or all once submitted).
  public private(set) var errors = [String: String]()
  /// A rule that names no single field of the form.
  public private(set) var formError: String?
  /// The validated record, when the form is valid.
  public private(set) var record: Record?
  /// Whether a code of a kind exists (references are checked as you type).
  let exists: (EntityKind, String) -> Bool
  var scroll = 0
  /// The language of the labels, hints and errors.
  public let language: Language

  public init(
    kind: EntityKind, mode: Mode, prefill: [String: String] = [:], exists: @escaping (EntityKind, String) -> Bool,
    language: Language = .en
  ) {
    self.kind = kind
    self.mode = mode
    self.exists = exists
    self.language = language
    let schema = kind.schema
    var items = [Item]()
    var values = [String]()
    let original: Record?
    if case .edit(_, let r) = mode { original = r } else { original = nil }
    for f in schema.fields where !FormModel.computed(kind).contains(f.name) {
      let isCode = f.name == "code"
      let codeGiven = schema.derivedCode != nil || kind == .ledger
      items.append(
        Item(
          name: f.name, kind: .field(f), required: f.required && !(isCode && codeGiven),
          readOnly: isCode && original != nil))
      values.append(original.map { $0[f.name].plain } ?? prefill[f.name] ?? "")
    }
    for c in schema.children {
      items.append(Item(name: c.name, kind: .child(c), required: false, readOnly: false))
      values.append(original.map { $0.rows(c.name).map(c.format).joined(separator: "; ") } ?? prefill[c.name] ?? "")
    }
    self.items = items
    self.values = values
    if let first = items.indices.first(where: { !items[$0].readOnly && values[$0].isEmpty }) {
      focus = first
    } else {
      focus = items.firstIndex { !$0.readOnly } ?? 0
    }
    cursor = focus < values.count ? values[focus].count : 0
    validate()
  }

  /// Fields the registry sets itself, left out of forms: the ledger's hash chain.
  static func computed(_ kind: EntityKind) -> Set<String> {
    kind == .ledger ? ["prev_hash", "hash"] : []
  }

  public var title: Phrase {
    switch mode {
    case .add: return tr("Add \(kind.title)")
    case .edit(let code, _): return tr("Edit \(kind.title) \(code)")
    }
  }

  public var saveIndex: Int { items.count }

  /// The kind the focused field refers to, when it is an editable reference (F2 picks it).
  public var focusedReference: EntityKind? {
    guard focus < items.count, !items[focus].readOnly, case .field(let f) = items[focus].kind,
      case .reference(let target) = f.type
    else { return nil }
    return target
  }

  /// The child list of the focused item, when it is one (Enter edits it as a table).
  public var focusedList: ChildList? {
    guard focus < items.count, !items[focus].readOnly, case .child(let list) = items[focus].kind else { return nil }
    return list
  }

  /// A list editor for the focused child list, with the form's reference check and language.
  public func listEditor() -> ListEditorModel? {
    focusedList.map {
      ListEditorModel(list: $0, kind: kind, text: focusedValue, exists: exists, language: language)
    }
  }

  /// The focused field's text.
  public var focusedValue: String { focus < items.count ? values[focus] : "" }

  /// Sets the focused field (a code chosen from a pick list) and validates.
  public func fillFocused(_ text: String) {
    guard focus < items.count, !items[focus].readOnly else { return }
    values[focus] = text
    cursor = text.count
    touched.insert(focus)
    validate()
  }
  public var cancelIndex: Int { items.count + 1 }

  public func value(_ name: String) -> String? { items.firstIndex(of: name).map { values[$0] } }

  /// The error shown for an item now: only for items edited, or all after a save attempt.
  public func visibleError(_ name: String) -> String? {
    guard let i = items.firstIndex(of: name) else { return nil }
    return submitted || touched.contains(i) ? errors[name] : nil
  }

  /// Every error currently on screen.
  public var visibleErrors: [String: String] {
    errors.filter { name, _ in visibleError(name) != nil }
  }

  /// Sets a value as if typed (tests, prefill after open).
  public func set(_ name: String, _ text: String) {
    guard let i = items.firstIndex(of: name) else { return }
    values[i] = text
    touched.insert(i)
    if i == focus { cursor = text.count }
    validate()
  }

  /// Moves the focus to a named item.
  public func focus(on name: String) {
    guard let i = items.firstIndex(of: name) else { return }
    focus = i
    cursor = values[i].count
  }

  // MARK: Validation

  /// Parses every value with the schema, checks references exist, then builds the entity and
  /// runs its rules. Sets `errors`, `formError` and `record` (nil while anything is wrong).
  @discardableResult
  public func validate() -> Record? {
    var found = [String: String]()
    var built = Record(kind)
    let say = language.say
    for (i, item) in items.enumerated() {
      let raw = values[i]
      switch item.kind {
      case .field(let f):
        do {
          let v = try f.parse(raw, kind: kind)
          built[f.name] = v
          if v.isNull, item.required {
            found[f.name] = say(tr("required"))
          } else if case .reference(let target) = f.type, case .text(let code) = v, !exists(target, code) {
            found[f.name] = say(StoreError.notFound(target, code: code).message)
          }
        } catch {
          found[f.name] = say(tr("'\(raw.trimmed)' is not \(f.type.expectation)"))
        }
      case .child(let c):
        var rows = [Record]()
        for part in raw.split(separator: ";").map({ String($0).trimmed }) where !part.isEmpty {
          do {
            let row = try c.parseRow(part, kind: kind)
            for f in c.fields {
              if case .reference(let target) = f.type, case .text(let code) = row[f.name], !exists(target, code) {
                found[c.name] = say(StoreError.notFound(target, code: code).message)
              }
            }
            rows.append(row)
          } catch {
            let parts = c.fields.map { $0.required ? $0.name.uppercased() : "[\($0.name.uppercased())]" }
            found[c.name] = say(tr("'\(part)' is not \(parts.joined(separator: ":"))"))
          }
        }
        built.children[c.name] = rows
      }
    }
    formError = nil
    record = nil
    if found.isEmpty {
      var full = built
      if case .edit(_, let original) = mode { full = original.overlaid(with: built) }
      if full.optText("code") == nil, let derive = kind.schema.derivedCode, let code = derive(full) {
        full["code"] = .text(code)
      }
      // A ledger entry's code is assigned in sequence when it is appended: check the rest.
      var checked = full
      if kind == .ledger, full.optText("code") == nil { checked["code"] = .text("pending") }
      do {
        let entity = try SchemaRegistry.entityType(for: kind).init(record: checked)
        for issue in entity.allIssues() {
          if let item = items.first(where: { issue.field == $0.name || issue.field.hasPrefix($0.name + "[") }) {
            found[item.name] = found[item.name] ?? say(issue.message)
          } else {
            formError = formError ?? say(issue.phrase)
          }
        }
        if found.isEmpty && formError == nil { record = full }
      } catch let DomainError.missingField(_, field) {
        found[field] = say(tr("required"))
      } catch let DomainError.badValue(_, field, value, expected) {
        found[field] = say(tr("'\(value)' is not \(expected)"))
      } catch let error as DomainError {
        formError = say(error.message)
      } catch {
        formError = "\(error)"
      }
    }
    errors = found
    return record
  }

  /// The fields that differ from the original (for an update), else the whole record.
  public var changes: Record? {
    guard let record else { return nil }
    guard case .edit(_, let original) = mode else { return record }
    var out = Record(kind)
    for item in items where !item.readOnly {
      switch item.kind {
      case .field:
        if record[item.name] != original[item.name] { out[item.name] = record[item.name] }
      case .child:
        if record.rows(item.name) != original.rows(item.name) { out.children[item.name] = record.rows(item.name) }
      }
    }
    return out
  }

  // MARK: Keys

  public func handle(_ key: Key) -> Action {
    switch key {
    case .escape: return .cancel
    case .control("s"): return .save
    case .tab, .down: move(1)
    case .backTab, .up: move(-1)
    case .enter:
      if focus == saveIndex { return .save }
      if focus == cancelIndex { return .cancel }
      move(1)
    default:
      guard focus < items.count, !items[focus].readOnly else { return .none }
      edit(key)
    }
    return .none
  }

  func move(_ step: Int) {
    let count = items.count + 2
    var next = focus
    repeat { next = (next + step + count) % count } while next < items.count && items[next].readOnly && next != focus
    focus = next
    cursor = focus < items.count ? values[focus].count : 0
  }

  func edit(_ key: Key) {
    var chars = Array(values[focus])
    if key == .left || key == .right, case .field(let f) = items[focus].kind, case .choice(let options) = f.type {
      let all = (items[focus].required ? [] : [""]) + options
      chars = Array(TextEditing.cycle(all, from: String(chars), forward: key == .right))
      cursor = chars.count
    } else if TextEditing.apply(key, to: &chars, cursor: &cursor) != true {
      return
    }
    values[focus] = String(chars)
    touched.insert(focus)
    validate()
  }

  // MARK: Drawing

  /// Draws the form in `rect` and returns where the text cursor goes.
  @discardableResult
  public func draw(on screen: any Screen, in rect: Rect) -> (row: Int, column: Int)? {
    guard rect.height >= 4, rect.width >= 20 else { return nil }
    let labels = items.map { language == .en ? $0.name : language.say(Field.title(of: $0.name)) }
    let labelWidth = min(24, (labels.map { Cells.width($0) }.max() ?? 0) + 2)
    let inputColumn = rect.column + labelWidth + 1
    let inputWidth = max(8, min(60, rect.right - inputColumn - 1))
    // Visual lines: each item, then its error when shown.
    var lines = [(item: Int?, error: String?)]()
    for (i, item) in items.enumerated() {
      lines.append((i, nil))
      if let e = visibleError(item.name) { lines.append((nil, e)) }
    }
    let area = rect.height - 4  // hint, form error, buttons, blank
    let focusLine = lines.firstIndex { $0.item == focus } ?? (focus >= items.count ? lines.count - 1 : 0)
    if focusLine < scroll { scroll = focusLine }
    if focusLine >= scroll + area { scroll = focusLine - area + 1 }
    scroll = max(0, min(scroll, max(0, lines.count - area)))
    var cursorAt: (row: Int, column: Int)?
    for (n, line) in lines.dropFirst(scroll).prefix(area).enumerated() {
      let row = rect.row + n
      if let i = line.item {
        let item = items[i]
        let label = (item.required ? "*" : " ") + labels[i]
        screen.put(label, row: row, column: rect.column, width: labelWidth, style: i == focus ? .header : .normal)
        let value = values[i]
        let style: Style = item.readOnly ? .muted : (i == focus ? .inputFocused : .input)
        // Show the part of the value around the cursor.
        let chars = Array(value)
        let cursorPos = i == focus ? min(cursor, chars.count) : 0  // unfocused: from the start
        var start = 0
        while Cells.width(String(chars[start..<cursorPos])) > inputWidth - 1 { start += 1 }
        let shown = String(chars[start...])
        screen.put(shown, row: row, column: inputColumn, width: inputWidth, style: style)
        if i == focus {
          cursorAt = (row, inputColumn + Cells.width(String(chars[start..<cursorPos])))
        }
      } else if let error = line.error {
        screen.put("✗ " + error, row: row, column: inputColumn, width: rect.right - inputColumn, style: .error)
      }
    }
    if lines.count > area + scroll {
      let more = language.say(tr("↓ more"))
      screen.put(more, row: rect.row + area - 1, column: rect.right - Cells.width(more), style: .muted)
    }
    var row = rect.row + area
    if focus < items.count {
      screen.put(
        labels[focus] + ": " + items[focus].hint(in: language), row: row, column: rect.column, width: rect.width,
        style: .muted)
    }
    row += 1
    if let formError, submitted || errors.isEmpty {
      screen.put("✗ " + formError, row: row, column: rect.column, width: rect.width, style: .error)
    } else if submitted && !errors.isEmpty {
      let n = errors.count
      let text = n == 1 ? tr("✗ 1 field to fix before saving") : tr("✗ \(n) fields to fix before saving")
      screen.put(language.say(text), row: row, column: rect.column, width: rect.width, style: .error)
    }
    row += 1
    let save = "[ " + language.say(tr("Save")) + " ]"
    let cancel = "[ " + language.say(tr("Cancel")) + " ]"
    screen.put(save, row: row, column: inputColumn, style: focus == saveIndex ? .selected : .key)
    screen.put(
      cancel, row: row, column: inputColumn + Cells.width(save) + 2, style: focus == cancelIndex ? .selected : .key)
    if focus >= items.count { cursorAt = nil }
    return cursorAt
  }
}

extension [FormModel.Item] {
  func firstIndex(of name: String) -> Int? { firstIndex { $0.name == name } }
}
