import Analytics
import AppCore
import Domain
import Localization
import Presentation

/// A list on the left and the selection's detail on the right, split by a rule.
struct ListWithDetail {
  var columns: [Column]
  var rows: [[String]]
  var list = ListState()
  /// The share of the width the list takes.
  var split = 0.5

  /// The list's part of `rect`: `split` of it, and at least 60 % on a terminal narrower than
  /// 100 columns, where the table needs the room more than the detail.
  func listRect(_ rect: Rect) -> Rect {
    let share = rect.width < 100 ? max(split, 0.6) : split
    return Rect(row: rect.row, column: rect.column, height: rect.height, width: Int(Double(rect.width) * share) - 1)
  }

  mutating func draw(
    on screen: any Screen, in rect: Rect, detailTitle: String?, detail: [String], empty: String
  ) {
    let left = listRect(rect)
    TableView.draw(on: screen, in: left, columns: columns, rows: rows, state: &list, empty: empty)
    for r in rect.row..<rect.bottom { screen.put("│", row: r, column: left.right, style: .muted) }
    let right = Rect(row: rect.row, column: left.right + 2, height: rect.height, width: rect.right - left.right - 2)
    DetailPane.draw(on: screen, in: right, title: detailTitle, lines: detail)
  }

  mutating func handle(_ key: Key, height: Int) -> Bool {
    list.handle(key, count: rows.count, page: height - 1)
  }
}

/// Detail lines of an entity: every field, then each child list, labelled in the language.
func detailLines(_ entity: any Entity, language: Language = .en) -> [String] {
  Rendering.detail(entity, language: language).split(separator: "\n", omittingEmptySubsequences: false).map(
    String.init
  ).dropLastEmpty()
}

extension [String] {
  func dropLastEmpty() -> [String] {
    var copy = self
    while copy.last?.isEmpty == true { copy.removeLast() }
    return copy
  }
}

/// Money in minor units as major units with thousands separators (UZS has no minor unit shown).
func money(_ minor: Int, currency: String = "UZS") -> String {
  Formats.money(minor: Int64(minor), currency: currency)
}

func percent(_ x: Double) -> String { Formats.percent(x, precise: true) }

/// Soʻm in minor units, as the language writes money (`1 500 000 сум`); English as before.
func money(_ minor: Int, in language: Language) -> String {
  language == .en ? money(minor) : LocalFormat(language).money(Int((Double(minor) / 100).rounded()))
}

/// A share as the language writes a percentage (`87,3 %`); English as before.
func percent(_ x: Double, in language: Language) -> String {
  language == .en ? percent(x) : LocalFormat(language).percent(x)
}

// MARK: - Clusters

/// The first page: every cluster with its overview.
final class ClustersPage: Page {
  /// The clusters, at once; their overviews when computed (in the background in a terminal).
  var clusters = [(code: String, name: String)]()
  var overviews = [ClusterOverview]()
  var computing = false
  var view = ListWithDetail(
    columns: [
      Column("code", maxWidth: 14), Column("name", maxWidth: 34, minWidth: 16), Column("members", alignRight: true),
    ],
    rows: [])
  var lastHeight = 20

  init(app: TerminalApp) { reload(app: app) }

  var title: Phrase { tr("clusters") }

  var hints: [(key: String, action: Phrase)] {
    [("↑↓", tr("move")), ("Enter", tr("open cluster")), ("r", tr("refresh"))]
  }

  func reload(app: TerminalApp) {
    // The list first (fourteen rows), then the overview: a gap analysis per cluster, seconds on
    // a national registry — the screen and the keys do not wait for it.
    let language = app.language
    view.columns = [
      Column(app.say(tr("code")), maxWidth: 14), Column(app.say(tr("name")), maxWidth: 34, minWidth: 16),
      Column(app.say(tr("members")), alignRight: true),
    ]
    do {
      clusters = try app.core.all(Cluster.self).map { ($0.code, $0.name(in: language)) }
    } catch {
      app.report(error)
    }
    if overviews.isEmpty { view.rows = clusters.map { [$0.code, $0.name, "…"] } }
    computing = true
    let core = app.core
    app.inBackground({
      // Specialties by their label in the interface language, as the clusters are.
      let specialties = try core.names(of: .specialty, in: language)
      return try core.overview().map { o in
        var o = o
        for i in o.needsVersusGraduates.indices {
          o.needsVersusGraduates[i].name =
            specialties[o.needsVersusGraduates[i].specialty] ?? o.needsVersusGraduates[i].name
        }
        return o
      }
    }) { [weak self, weak app] result in
      guard let self else { return }
      self.computing = false
      switch result {
      case .success(let overviews):
        let names = Dictionary(self.clusters.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        self.overviews = overviews
        self.clusters = overviews.map { ($0.code, names[$0.code] ?? $0.name) }
        self.view.rows = overviews.map {
          [$0.code, names[$0.code] ?? $0.name, String($0.membersByKind.values.reduce(0, +))]
        }
      case .failure(let error): app?.report(error)
      }
    }
  }

  func draw(on screen: any Screen, in rect: Rect, app: TerminalApp) -> (row: Int, column: Int)? {
    lastHeight = rect.height
    var lines = [String]()
    var title: String?
    let selected = view.list.selected
    if selected < overviews.count, overviews[selected].code == clusters[safe: selected]?.code {
      title = clusters[selected].name
      lines = ClustersPage.lines(overviews[selected], language: app.language)
    } else if let cluster = clusters[safe: selected] {
      title = cluster.name
      lines = computing ? [app.say(tr("computing the overview: members, programs, needs against graduates…"))] : []
    }
    view.draw(
      on: screen, in: rect, detailTitle: title, detail: lines, empty: app.say(tr("no clusters: run `educluster demo`")))
    return nil
  }

  /// "4 enterprise" in English; "предприятие: 4" where a noun after a number would need its case.
  static func count(_ n: Int, _ value: String, in language: Language) -> String {
    language == .en ? "\(n) \(value)" : "\(Field.valueText(value, in: language)): \(n)"
  }

  static func lines(_ o: ClusterOverview, language: Language = .en) -> [String] {
    let say = language.say
    var lines = [say(tr("region: \(o.region)")), say(tr("core: \(o.core ?? "—")"))]
    let kinds = o.membersByKind.sorted { $0.key < $1.key }.map { count($0.value, $0.key, in: language) }
      .joined(separator: ", ")
    lines.append(say(tr("members: \(o.membersByKind.values.reduce(0, +)): \(kinds)")))
    lines.append(say(tr("programs: \(o.programs) · students: \(o.students) · teachers: \(o.teachers)")))
    let agreements = o.agreementsByStatus.sorted { $0.key < $1.key }.map { count($0.value, $0.key, in: language) }
    lines.append(
      say(agreements.isEmpty ? tr("agreements: none") : tr("agreements: \(agreements.joined(separator: ", "))")))
    lines.append(say(tr("projects: \(o.projects) · ledger: \(money(o.ledgerTotal, in: language))")))
    if !o.needsVersusGraduates.isEmpty {
      lines.append("")
      lines.append(say(o.year.map { tr("needs against graduates, \($0)") } ?? tr("needs against graduates")))
      for b in o.needsVersusGraduates {
        lines.append(
          "  "
            + say(
              tr(
                "\(b.specialty) \(b.name), \(b.region): \(b.demand) needed, \(b.supply) graduates — \(b.status.title)"))
        )
      }
    }
    return lines
  }

  func handle(_ key: Key, app: TerminalApp) -> Bool {
    if view.handle(key, height: lastHeight) { return true }
    if key == .enter, let cluster = clusters[safe: view.list.selected] {
      app.push(ClusterPage(app: app, code: cluster.code, name: cluster.name))
      return true
    }
    return false
  }
}

// MARK: - Search

/// Results of `/`: every entity kind, by relevance; the detail of the selected one beside.
final class SearchPage: Page {
  let query: String
  var hits = [SearchHit]()
  var view = ListWithDetail(columns: [], rows: [])
  var detail = (code: "", lines: [String]())
  var lastHeight = 20

  init(app: TerminalApp, query: String) {
    self.query = query
    reload(app: app)
  }

  var title: Phrase { tr("search “\(query)”") }

  var hints: [(key: String, action: Phrase)] { [("↑↓", tr("move")), ("Enter", tr("open"))] }

  func reload(app: TerminalApp) {
    view.columns = [
      Column(app.say(tr("kind")), maxWidth: 14), Column(app.say(tr("code")), maxWidth: 18),
      Column(app.say(tr("name")), maxWidth: 40, minWidth: 16),
    ]
    do {
      hits = try app.core.search(query, limit: 200)
    } catch {
      app.report(error)
    }
    view.rows = hits.map { [app.say($0.kind.title), $0.code, $0.name] }
    detail = ("", [])
    if hits.isEmpty { app.info(tr("nothing found for “\(query)”")) }
  }

  func selectedLines(app: TerminalApp) -> [String] {
    guard view.list.selected < hits.count else { return [] }
    let hit = hits[view.list.selected]
    let key = hit.kind.rawValue + "/" + hit.code
    if detail.code != key {
      do {
        detail = (key, detailLines(try app.core.show(hit.kind, code: hit.code), language: app.language))
      } catch {
        detail = (key, [app.say(error.message)])
      }
    }
    return detail.lines
  }

  func draw(on screen: any Screen, in rect: Rect, app: TerminalApp) -> (row: Int, column: Int)? {
    lastHeight = rect.height - 1
    screen.put(
      app.say(tr("\(hits.count) found for “\(query)”")), row: rect.row, column: rect.column, width: rect.width,
      style: .muted)
    let body = Rect(row: rect.row + 1, column: rect.column, height: rect.height - 1, width: rect.width)
    let title = view.list.selected < hits.count ? hits[view.list.selected].name : nil
    view.draw(
      on: screen, in: body, detailTitle: title, detail: selectedLines(app: app), empty: app.say(tr("nothing found")))
    return nil
  }

  func handle(_ key: Key, app: TerminalApp) -> Bool {
    if view.handle(key, height: lastHeight) { return true }
    if key == .enter, view.list.selected < hits.count {
      let hit = hits[view.list.selected]
      if hit.kind == .cluster {
        app.push(ClusterPage(app: app, code: hit.code, name: hit.name))
      } else {
        let title = Phrase(verbatim: app.say(hit.kind.title) + " " + hit.code)
        app.push(DetailPage(title: title, lines: selectedLines(app: app)))
      }
      return true
    }
    return false
  }
}

// MARK: - Detail

/// One record (or any text) on the whole screen, scrolled with the arrows.
final class DetailPage: Page {
  let title: Phrase
  var lines: [String]
  var offset = 0
  let reloadLines: ((TerminalApp) -> [String])?

  init(title: Phrase, lines: [String], reload: ((TerminalApp) -> [String])? = nil) {
    self.title = title
    self.lines = lines
    reloadLines = reload
  }

  var hints: [(key: String, action: Phrase)] { [("↑↓", tr("scroll"))] }

  func reload(app: TerminalApp) {
    if let reloadLines { lines = reloadLines(app) }
  }

  func draw(on screen: any Screen, in rect: Rect, app: TerminalApp) -> (row: Int, column: Int)? {
    let inner = Rect(row: rect.row + 1, column: rect.column + 1, height: rect.height - 1, width: rect.width - 2)
    let wrapped = lines.flatMap { $0.isEmpty ? [""] : Cells.wrap($0, width: inner.width) }
    offset = max(0, min(offset, wrapped.count - inner.height))
    DetailPane.draw(on: screen, in: inner, title: nil, lines: wrapped, offset: offset)
    return nil
  }

  func handle(_ key: Key, app: TerminalApp) -> Bool {
    switch key {
    case .up, .character("k"): offset -= 1
    case .down, .character("j"): offset += 1
    case .pageUp: offset -= 10
    case .pageDown: offset += 10
    case .home, .character("g"): offset = 0
    default: return false
    }
    offset = max(0, offset)
    return true
  }
}

// MARK: - Form

/// Adds or edits one entity through a `FormModel`; writes only on save.
final class FormPage: Page {
  let form: FormModel
  let onSaved: (TerminalApp, String) -> Void

  init(form: FormModel, onSaved: @escaping (TerminalApp, String) -> Void) {
    self.form = form
    self.onSaved = onSaved
  }

  var title: Phrase { form.title }
  var takesText: Bool { true }

  var hints: [(key: String, action: Phrase)] {
    [
      ("Tab ↑↓", tr("next field")), ("Ctrl-S", tr("save")), ("Esc", tr("cancel")), ("←→", tr("choose")),
      ("F2", tr("pick")),
      ("Enter", tr("list as a table")),
    ]
  }

  func reload(app: TerminalApp) { form.validate() }

  func draw(on screen: any Screen, in rect: Rect, app: TerminalApp) -> (row: Int, column: Int)? {
    screen.put(app.say(form.title), row: rect.row, column: rect.column + 1, width: rect.width - 2, style: .header)
    return form.draw(
      on: screen, in: Rect(row: rect.row + 2, column: rect.column + 1, height: rect.height - 2, width: rect.width - 2))
  }

  func handle(_ key: Key, app: TerminalApp) -> Bool {
    if key == .function(2) || key == .control("p"), let target = form.focusedReference {
      let form = self.form
      app.push(PickListPage(app: app, kind: target, current: form.focusedValue) { form.fillFocused($0) })
      return true
    }
    if key == .enter, let editor = form.listEditor() {
      let form = self.form
      app.push(ListEditorPage(editor: editor) { form.fillFocused($0) })
      return true
    }
    switch form.handle(key) {
    case .none: break
    case .cancel:
      app.pop()
      app.info(tr("cancelled: nothing written"))
    case .save: save(app: app)
    }
    return true
  }

  func save(app: TerminalApp) {
    form.submitted = true
    guard form.validate() != nil, let changes = form.changes else {
      let n = form.errors.count
      app.refuse(
        n == 1
          ? tr("not saved: 1 field to fix")
          : n > 0 ? tr("not saved: \(n) fields to fix") : tr("not saved: \(form.formError ?? "invalid")"))
      return
    }
    do {
      switch form.mode {
      case .add:
        let entity = try app.core.add(changes)
        app.pop()
        onSaved(app, entity.code)
        app.info(tr("added \(form.kind.title) \(entity.code)"))
      case .edit(let code, _):
        let (_, changed) = try app.core.update(form.kind, code: code, changes: changes)
        app.pop()
        onSaved(app, code)
        app.info(changed ? tr("saved \(form.kind.title) \(code)") : tr("no changes to \(code)"))
      }
    } catch {
      app.report(error)
    }
  }
}

extension Array {
  /// The element at `index`, or nil past either end.
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
