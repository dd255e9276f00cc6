import AppCore
import Domain
import Presentation

/// Chooses a record of one kind for a reference field (F2 or Ctrl-P in a form): typing filters
/// by code and name with the folding `search` uses (case, diacritics, Uzbek apostrophes), every
/// word as a prefix of a word; ↑↓ move; Enter fills the field with the chosen code; Esc leaves
/// the field as it was.
final class PickListPage: Page {
  let kind: EntityKind
  let onPick: (String) -> Void
  /// What was typed.
  var filter = ""
  /// Every record of the kind: code, name, and the folded words matched against.
  var all = [(code: String, name: String, words: [String])]()
  var shown = [Int]()
  var view = ListWithDetail(
    columns: [Column("code", maxWidth: 18), Column("name", maxWidth: 60, minWidth: 16)], rows: [], split: 0.7)
  var lastHeight = 20
  /// At most this many records are read (a national registry has a million students).
  static let limit = 5000

  init(app: TerminalApp, kind: EntityKind, current: String, onPick: @escaping (String) -> Void) {
    self.kind = kind
    self.onPick = onPick
    reload(app: app)
    if let at = shown.firstIndex(where: { all[$0].code == current }) { view.list.selected = at }
  }

  var title: String { "choose \(kind.displayName)" }
  var takesText: Bool { true }
  var hints: [(key: String, action: String)] {
    [("type", "filter"), ("↑↓", "move"), ("Enter", "choose"), ("Esc", "back")]
  }

  func reload(app: TerminalApp) {
    do {
      all = try app.core.list(kind, limit: Self.limit).map { e in
        let r = e.record
        let name = r["name"].plain.isEmpty ? r["title"].plain : r["name"].plain
        return (e.code, name, TextFolding.tokens(e.code + " " + name))
      }
    } catch {
      app.report(error)
    }
    refilter()
  }

  func refilter() {
    let wanted = TextFolding.tokens(filter)
    shown = all.indices.filter { i in wanted.allSatisfy { w in all[i].words.contains { $0.hasPrefix(w) } } }
    view.rows = shown.map { [all[$0].code, all[$0].name] }
    view.list.selected = min(view.list.selected, max(0, shown.count - 1))
  }

  func draw(on screen: any Screen, in rect: Rect, app: TerminalApp) -> (row: Int, column: Int)? {
    lastHeight = rect.height - 1
    let more = all.count == Self.limit ? " (the first \(Self.limit))" : ""
    screen.put("filter: " + filter, row: rect.row, column: rect.column + 1, width: rect.width - 2, style: .header)
    screen.put(
      "\(shown.count) of \(all.count)\(more)", row: rect.row, column: rect.right - 24, width: 24, style: .muted)
    let body = Rect(row: rect.row + 1, column: rect.column, height: rect.height - 1, width: rect.width)
    let chosen = view.list.selected < shown.count ? all[shown[view.list.selected]] : nil
    view.draw(
      on: screen, in: body, detailTitle: chosen?.code, detail: chosen.map { [$0.name, "", "Enter: choose"] } ?? [],
      empty: "nothing matches “\(filter)”")
    return (rect.row, rect.column + 9 + DisplayWidth.of(filter))
  }

  func handle(_ key: Key, app: TerminalApp) -> Bool {
    switch key {
    case .escape:
      app.pop()
    case .enter:
      guard view.list.selected < shown.count else { return true }
      let code = all[shown[view.list.selected]].code
      app.pop()
      onPick(code)
    case .character(let ch):
      filter.append(ch)
      refilter()
    case .backspace:
      filter = String(filter.dropLast())
      refilter()
    case .control("u"):
      filter = ""
      refilter()
    case .up, .down, .pageUp, .pageDown, .home, .end:
      _ = view.handle(key, height: lastHeight)
    default: break
    }
    return true
  }
}
