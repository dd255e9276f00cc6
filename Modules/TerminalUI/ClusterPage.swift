import AppCore
import Domain
import Localization

/// A cluster: its members, programs, needs and gaps, placements and matching, agreements,
/// projects and funding, teachers and training, indicators — one tab each. The page is the frame
/// (tab bar, table and detail, add, edit and delete); each tab's `ClusterTabView` reads its rows
/// and handles the keys only it knows.
public final class ClusterPage: Page {
  public let code: String
  let name: String
  public private(set) var tab = ClusterTab.members
  /// One view per tab, in `ClusterTab` order; they live as long as the page.
  let views: [any ClusterTabView]
  /// Tabs showing their second view (`v`).
  var alternate = Set<ClusterTab>()
  var content = TabContent()
  var view = ListWithDetail(columns: [], rows: [], split: 0.6)
  var detailCache: (key: String, title: String?, lines: [String]) = ("", nil, [])
  /// Loads started so far; a computed tab's result is shown only if no load came after it.
  var loads = 0
  /// The tab and view `content` is of (a computed tab's "computing…" placeholder counts as its).
  var contentShows: (tab: ClusterTab, alternate: Bool)?
  var lastHeight = 20

  init(app: TerminalApp, code: String, name: String) {
    self.code = code
    self.name = name
    views = ClusterTab.allCases.map { $0.view(cluster: code) }
    reload(app: app)
  }

  public var title: Phrase { Phrase(verbatim: "\(code) \(name)") }

  /// The current tab's view.
  var current: any ClusterTabView { views[tab.rawValue] }

  var isAlternate: Bool { alternate.contains(tab) }

  public var hints: [(key: String, action: Phrase)] {
    var out: [(key: String, action: Phrase)] = [("Tab", tr("next tab"))]
    out += current.hints(alternate: isAlternate)
    if content.kind != nil {
      out += [("a", tr("add")), ("e", tr("edit")), ("d", tr("delete"))]
    }
    if let alt = current.alternateName { out.append(("v", isAlternate ? alt.main : alt.other)) }
    out += [("Enter", tr("detail")), ("r", tr("refresh"))]
    return out
  }

  public var help: [(key: String, action: Phrase)] {
    var out: [(key: String, action: Phrase)] = [
      ("Tab  →  l", tr("next tab")), ("Shift-Tab  ←  h", tr("previous tab")), ("1 … 8", tr("go to a tab")),
      ("Enter", tr("the selection's whole detail")),
    ]
    if let alt = current.alternateName { out.append(("v", tr("switch \(alt.main) / \(alt.other)"))) }
    if content.kind != nil {
      out += [
        ("a", tr("add (a form: Tab moves, Ctrl-S saves, Esc cancels)")), ("e", tr("edit the selection")),
        ("d", tr("delete the selection (asks first)")),
      ]
    }
    out += current.help(alternate: isAlternate)
    return out
  }

  var selectedCode: String? {
    view.list.selected < content.codes.count ? content.codes[view.list.selected] : nil
  }

  public func reload(app: TerminalApp) {
    loads += 1
    if let computed = current as? any ComputedTab {
      compute(computed, app: app)
      return
    }
    let keep = selectedCode
    do {
      show(try current.load(app.core, alternate: isAlternate, language: app.language), keeping: keep)
    } catch {
      failed(error, app: app)
    }
  }

  /// Starts a computed tab on another thread (at once without background work). What the
  /// tab showed stays while the same tab computes again (a refresh, a write elsewhere); another
  /// tab says it is computing. A result that comes after a newer load is dropped.
  private func compute<Tab: ComputedTab>(_ computed: Tab, app: TerminalApp) {
    let keep = selectedCode
    let load = loads
    if contentShows?.tab != tab || contentShows?.alternate != isAlternate {
      var waiting = TabContent(summary: app.say(computed.computingSummary))
      waiting.empty = waiting.summary
      show(waiting, keeping: nil)
    }
    let language = app.language
    app.inBackground(computed.computation(app.core, alternate: isAlternate, language: language)) {
      [weak self, weak app] result in
      guard let self, let app, self.loads == load else { return }
      switch result {
      case .success(let value): self.show(computed.content(value, language: language), keeping: keep)
      case .failure(let error): self.failed(error, app: app)
      }
    }
  }

  private func show(_ loaded: TabContent, keeping keep: String?) {
    content = loaded
    contentShows = (tab, isAlternate)
    view.columns = content.columns
    view.rows = content.rows
    if let keep, let i = content.codes.firstIndex(of: keep) { view.list.selected = i }
    view.list.clamp(count: content.rows.count)
    detailCache = ("", nil, [])
  }

  private func failed(_ error: any Error, app: TerminalApp) {
    var empty = TabContent(summary: "")
    empty.empty = (error as? AppError).map { app.say($0.message) } ?? "\(error)"
    show(empty, keeping: nil)
    app.report(error)
  }

  /// Switches tab and reads its data.
  public func select(_ next: ClusterTab, app: TerminalApp) {
    tab = next
    reloadFromTop(app: app)
  }

  /// Reads the tab's data again with the selection back on the first row.
  func reloadFromTop(app: TerminalApp) {
    view.list = ListState()
    reload(app: app)
  }

  // MARK: Drawing

  func detail() -> (title: String?, lines: [String]) {
    guard let key = selectedCode else { return (nil, []) }
    if detailCache.key != key || key.isEmpty {
      let d = content.detail(view.list.selected)
      detailCache = (key, d.title, d.lines)
    }
    return (detailCache.title, detailCache.lines)
  }

  public func draw(on screen: any Screen, in rect: Rect, app: TerminalApp) -> (row: Int, column: Int)? {
    TabBar.draw(
      on: screen, row: rect.row, width: rect.width,
      labels: ClusterTab.allCases.map { (app.say($0.label.long), app.say($0.label.short)) }, active: tab.rawValue)
    var summary = content.summary
    if let alt = current.alternateName {
      summary = "[\(app.say(isAlternate ? alt.other : alt.main))] " + summary
    }
    screen.put(summary, row: rect.row + 1, column: rect.column, width: rect.width, style: .muted)
    let body = Rect(row: rect.row + 2, column: rect.column, height: rect.height - 2, width: rect.width)
    lastHeight = body.height
    let d = detail()
    view.draw(on: screen, in: body, detailTitle: d.title, detail: d.lines, empty: content.empty)
    return nil
  }

  // MARK: Keys

  public func handle(_ key: Key, app: TerminalApp) -> Bool {
    if view.handle(key, height: lastHeight) { return true }
    if current.handle(key, alternate: isAlternate, page: self, app: app) { return true }
    let count = ClusterTab.allCases.count
    switch key {
    case .tab, .right, .character("l"):
      select(ClusterTab(rawValue: (tab.rawValue + 1) % count) ?? .members, app: app)
    case .backTab, .left, .character("h"):
      select(ClusterTab(rawValue: (tab.rawValue + count - 1) % count) ?? .members, app: app)
    case .character(let ch) where ch.isNumber:
      guard let n = ch.wholeNumberValue, let next = ClusterTab(rawValue: n - 1) else { return false }
      select(next, app: app)
    case .character("v"):
      guard current.alternateName != nil else { return false }
      if isAlternate { alternate.remove(tab) } else { alternate.insert(tab) }
      reloadFromTop(app: app)
    case .enter:
      guard selectedCode != nil else { return true }
      let d = detail()
      app.push(DetailPage(title: Phrase(verbatim: "\(code) · \(d.title ?? selectedCode ?? "")"), lines: d.lines))
    case .character("a"): add(app: app)
    case .character("e"): edit(app: app)
    case .character("d"): delete(app: app)
    default: return false
    }
    return true
  }

  func exists(_ core: EduCluster) -> (EntityKind, String) -> Bool {
    { kind, code in (try? core.show(kind, code: code)) != nil }
  }

  func add(app: TerminalApp) {
    guard let kind = content.kind else {
      app.refuse(tr("nothing to add here: these rows are computed"))
      return
    }
    var prefill = [String: String]()
    if kind.schema.field("cluster") != nil { prefill["cluster"] = code }
    let form = FormModel(kind: kind, mode: .add, prefill: prefill, exists: exists(app.core), language: app.language)
    app.push(
      FormPage(form: form) { [weak self] app, saved in
        guard let self else { return }
        self.reload(app: app)
        if let i = self.content.codes.firstIndex(of: saved) { self.view.list.selected = i }
      })
  }

  func edit(app: TerminalApp) {
    guard let kind = content.kind, let selected = selectedCode else {
      app.refuse(content.kind == nil ? tr("these rows are computed: nothing to edit") : tr("nothing selected"))
      return
    }
    if kind == .ledger {
      app.refuse(tr("the ledger is append-only: add a correcting entry instead"))
      return
    }
    do {
      let entity = try app.core.show(kind, code: selected)
      let form = FormModel(
        kind: kind, mode: .edit(code: selected, original: entity.record), exists: exists(app.core),
        language: app.language)
      app.push(FormPage(form: form) { [weak self] app, _ in self?.reload(app: app) })
    } catch {
      app.report(error)
    }
  }

  func delete(app: TerminalApp) {
    guard let kind = content.kind, let selected = selectedCode else {
      app.refuse(content.kind == nil ? tr("these rows are computed: nothing to delete") : tr("nothing selected"))
      return
    }
    if kind == .ledger {
      app.refuse(tr("the ledger is append-only: entries cannot be deleted"))
      return
    }
    app.confirm(tr("Delete \(kind.title) \(selected)?"), detail: [tr("This cannot be undone.")]) { [weak self] in
      do {
        try app.core.remove(kind, code: selected)
        self?.reload(app: app)
        app.info(tr("deleted \(kind.title) \(selected)"))
      } catch {
        app.report(error)
      }
    }
  }
}
