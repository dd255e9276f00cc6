import AppCore
import Domain
import Localization
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
  var view = ListWithDetail(columns: [], rows: [], split: 0.7)
  var lastHeight = 20
  /// At most this many records are read (a national registry has a million students).
  static let limit = 5000

  init(app: TerminalApp, kind: EntityKind, current: String, onPick: @escaping (String) -> Void) {
    self.kind = kind
    self.onPick = onPick
    reload(app: app)
    if let at = shown.firstIndex(where: { all[$0].code == current }) { view.list.selected = at }
  }

  var title: Phrase { tr("choose \(kind.title)") }
  var takesText: Bool { true }
  var hints: [(key: String, action: Phrase)] {
    [("type", tr("filter")), ("↑↓", tr("move")), ("Enter", tr("choose")), ("Esc", tr("back"))]
  }

  func reload(app: TerminalApp) {
    view.columns = [
      Column(app.say(tr("code")), maxWidth: 18), Column(app.say(tr("name")), maxWidth: 60, minWidth: 16),
    ]
    do {
      // Shown in the interface language; found by the name and every label, in either script.
      all = try app.core.list(kind, limit: Self.limit).map { e in
        let r = e.record
        let base = r["name"].plain.isEmpty ? r["title"].plain : r["name"].plain
        let labelled = e as? any Labelled
        let name = labelled?.name(in: app.language) ?? base
        let labels = labelled?.labels.map(\.name).joined(separator: " ") ?? ""
        return (e.code, name, TextFolding.tokens(e.code + " " + base + " " + labels))
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
    let counts =
      all.count == Self.limit
      ? app.say(tr("\(shown.count) of \(all.count) (the first \(Self.limit))"))
      : app.say(tr("\(shown.count) of \(all.count)"))
    let prompt = app.say(tr("filter:")) + " "
    screen.put(prompt + filter, row: rect.row, column: rect.column + 1, width: rect.width - 2, style: .header)
    let countsWidth = min(rect.width / 2, DisplayWidth.of(counts) + 1)
    screen.put(
      counts, row: rect.row, column: rect.right - countsWidth, width: countsWidth, style: .muted)
    let body = Rect(row: rect.row + 1, column: rect.column, height: rect.height - 1, width: rect.width)
    let chosen = view.list.selected < shown.count ? all[shown[view.list.selected]] : nil
    view.draw(
      on: screen, in: body, detailTitle: chosen?.code,
      detail: chosen.map { [$0.name, "", app.say(tr("Enter: choose"))] } ?? [],
      empty: app.say(tr("nothing matches “\(filter)”")))
    return (rect.row, rect.column + 1 + DisplayWidth.of(prompt) + DisplayWidth.of(filter))
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
