import Analytics
import AppCore
import Domain

/// The tabs of a cluster, in order.
public enum ClusterTab: Int, CaseIterable, Sendable {
  case members, programs, needs, matching, agreements, projects, teachers, indicators

  public var label: (long: String, short: String) {
    switch self {
    case .members: return ("Members", "Members")
    case .programs: return ("Programs", "Programs")
    case .needs: return ("Needs & gaps", "Needs")
    case .matching: return ("Placements & matching", "Matching")
    case .agreements: return ("Agreements", "Agreements")
    case .projects: return ("Projects & funding", "Projects")
    case .teachers: return ("Teachers & training", "Teachers")
    case .indicators: return ("Indicators", "Indicators")
    }
  }

  /// What `v` switches the tab to, when it has a second view.
  var alternateName: (main: String, other: String)? {
    switch self {
    case .needs: return ("needs", "gaps")
    case .matching: return ("assignments", "placements")
    case .projects: return ("projects", "ledger")
    case .teachers: return ("teachers", "training records")
    default: return nil
    }
  }
}

/// What one tab shows: a summary line, a table, and each row's detail.
struct TabContent {
  var summary = ""
  var columns = [Column]()
  var rows = [[String]]()
  /// The code of each row's entity (the student, for an assignment).
  var codes = [String]()
  /// The kind `a`, `e` and `d` act on; nil where the rows are computed, not stored.
  var kind: EntityKind?
  var empty = "(nothing here yet)"
  var detail: (Int) -> (title: String?, lines: [String]) = { _ in (nil, []) }
}

/// A row of an entity's fields, as the user types them.
func cells(_ entity: any Entity, _ fields: [String]) -> [String] {
  let r = entity.record
  return fields.map { r[$0].plain }
}

/// A cluster: its members, programs, needs and gaps, placements and matching, agreements,
/// projects and funding, teachers and training, indicators — one tab each.
public final class ClusterPage: Page {
  public let code: String
  let name: String
  public private(set) var tab = ClusterTab.members
  /// Tabs showing their second view (`v`).
  var alternate = Set<ClusterTab>()
  var content = TabContent()
  var view = ListWithDetail(columns: [], rows: [], split: 0.6)
  var detailCache: (key: String, title: String?, lines: [String]) = ("", nil, [])
  /// Matching: which of the cluster's runs is shown (0 = the newest).
  var runIndex = 0
  var runs = [MatchRun]()
  var lastHeight = 20

  init(app: TerminalApp, code: String, name: String) {
    self.code = code
    self.name = name
    reload(app: app)
  }

  public var title: String { "\(code) \(name)" }

  var isAlternate: Bool { alternate.contains(tab) }

  public var hints: [(key: String, action: String)] {
    var out: [(key: String, action: String)] = [("Tab", "next tab")]
    if tab == .matching && !isAlternate {
      out += [("m", "run matching"), ("o c w", "offer confirm withdraw"), ("[ ]", "runs")]
    }
    if content.kind != nil {
      out += [("a", "add"), ("e", "edit"), ("d", "delete")]
    }
    if let alt = tab.alternateName { out.append(("v", isAlternate ? alt.main : alt.other)) }
    out += [("Enter", "detail"), ("r", "refresh")]
    return out
  }

  public var help: [(key: String, action: String)] {
    var out: [(key: String, action: String)] = [
      ("Tab  →  l", "next tab"), ("Shift-Tab  ←  h", "previous tab"), ("1 … 8", "go to a tab"),
      ("Enter", "the selection's whole detail"),
    ]
    if let alt = tab.alternateName { out.append(("v", "switch \(alt.main) / \(alt.other)")) }
    if content.kind != nil {
      out += [
        ("a", "add (a form: Tab moves, Ctrl-S saves, Esc cancels)"), ("e", "edit the selection"),
        ("d", "delete the selection (asks first)"),
      ]
    }
    if tab == .matching && !isAlternate {
      out += [
        ("m", "run the stable matching for this cluster (saved as a run)"),
        ("o  c  w", "move the assignment to offered, confirmed, withdrawn"),
        ("f", "mark a confirmed assignment completed (finished)"), ("[  ]", "older / newer run"),
      ]
    }
    return out
  }

  var selectedCode: String? {
    view.list.selected < content.codes.count ? content.codes[view.list.selected] : nil
  }

  public func reload(app: TerminalApp) {
    let keep = selectedCode
    do {
      content = try load(app.core)
    } catch {
      content = TabContent(summary: "")
      content.empty = error.message
      app.report(error)
    }
    view.columns = content.columns
    view.rows = content.rows
    if let keep, let i = content.codes.firstIndex(of: keep) { view.list.selected = i }
    view.list.clamp(count: content.rows.count)
    detailCache = ("", nil, [])
  }

  /// Switches tab and reads its data.
  public func select(_ next: ClusterTab, app: TerminalApp) {
    tab = next
    view.list = ListState()
    reload(app: app)
  }

  // MARK: Loading

  func load(_ core: EduCluster) throws(AppError) -> TabContent {
    switch tab {
    case .members: return try loadMembers(core)
    case .programs:
      return try loadEntities(
        core, .program, fields: ["code", "name", "level", "organization"],
        titles: ["code", "name", "level", "institution"])
    case .needs: return isAlternate ? try loadGaps(core) : try loadNeeds(core)
    case .matching: return isAlternate ? try loadPlacements(core) : try loadAssignments(core)
    case .agreements: return try loadAgreements(core)
    case .projects: return isAlternate ? try loadLedger(core) : try loadProjects(core)
    case .teachers: return isAlternate ? try loadTraining(core) : try loadTeachers(core)
    case .indicators: return try loadIndicators(core)
    }
  }

  func loadEntities(
    _ core: EduCluster, _ kind: EntityKind, fields: [String], titles: [String], right: Set<String> = []
  ) throws(AppError) -> TabContent {
    let entities = try core.list(kind, cluster: code)
    var c = TabContent()
    c.kind = kind
    c.columns = zip(fields, titles).map {
      Column(
        $1, maxWidth: $0 == "code" ? 22 : 36, minWidth: ["name", "title"].contains($0) ? 16 : 4,
        alignRight: right.contains($0))
    }
    c.rows = entities.map { cells($0, fields) }
    c.codes = entities.map(\.code)
    c.summary = "\(entities.count) \(entities.count == 1 ? kind.displayName : kind.plural)"
    c.detail = { i in (entities[i].code, detailLines(entities[i])) }
    return c
  }

  func loadMembers(_ core: EduCluster) throws(AppError) -> TabContent {
    let memberships = try core.list(.membership, filters: ["cluster": code])
    let organizations = Dictionary(
      try core.list(.organization).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    var c = TabContent()
    c.kind = .membership
    c.columns = [
      Column("organization", maxWidth: 16), Column("name", maxWidth: 36, minWidth: 18), Column("kind"), Column("role"),
    ]
    c.rows = memberships.map { m in
      let org = m.record["organization"].plain
      let o = organizations[org]
      return [
        org, o.map { $0.record["name"].plain } ?? "?", o.map { $0.record["kind"].plain } ?? "", m.record["role"].plain,
      ]
    }
    c.codes = memberships.map(\.code)
    let active = memberships.filter { $0.record["left"].isNull }.count
    c.summary = "\(memberships.count) memberships, \(active) active"
    c.detail = { i in
      let m = memberships[i]
      let org = m.record["organization"].plain
      var lines = ["membership \(m.code)", "role      \(m.record["role"].plain)"]
      lines.append("joined    \(m.record["joined"].plain.isEmpty ? "—" : m.record["joined"].plain)")
      if !m.record["left"].isNull { lines.append("left      \(m.record["left"].plain)") }
      if let o = organizations[org] { lines += [""] + detailLines(o) }
      return (organizations[org].map { $0.record["name"].plain }, lines)
    }
    return c
  }

  func loadNeeds(_ core: EduCluster) throws(AppError) -> TabContent {
    var c = try loadEntities(
      core, .need, fields: ["code", "organization", "specialty", "year", "count"],
      titles: ["code", "employer", "specialty", "year", "count"], right: ["year", "count"])
    let gap = try core.gap(cluster: code)
    let needs = try core.list(.need, cluster: code)
    let shortages = gap.rows.filter { $0.status == .shortage }.count
    let surpluses = gap.rows.filter { $0.status == .surplus }.count
    c.summary = "\(needs.count) needs · gaps: \(shortages) shortages, \(surpluses) surpluses (v shows them)"
    c.detail = { i in
      let n = needs[i]
      var lines = detailLines(n)
      let r = n.record
      let rows = gap.rows.filter {
        $0.specialty == r["specialty"].plain && $0.region == r["region"].plain && String($0.year) == r["year"].plain
      }
      for g in rows {
        lines += [
          "", "gap for \(g.specialty) in \(g.region), \(g.year):",
          "  demand \(g.demand), supply \(Int(g.supply.rounded())), gap \(Int(g.gap.rounded())) — \(g.status)",
        ]
      }
      return (n.code, lines)
    }
    return c
  }

  func loadGaps(_ core: EduCluster) throws(AppError) -> TabContent {
    let gap = try core.gap(cluster: code)
    let rows = gap.rows.sorted { ($0.year, abs($0.gap)) > ($1.year, abs($1.gap)) }
    var c = TabContent()
    c.columns = [
      Column("specialty", maxWidth: 12), Column("region", maxWidth: 10),
      Column("year", alignRight: true), Column("demand", alignRight: true), Column("supply", alignRight: true),
      Column("gap", alignRight: true), Column("status"),
    ]
    c.rows = rows.map {
      [
        $0.specialty, $0.region, String($0.year), String($0.demand),
        String(Int($0.supply.rounded())), String(Int($0.gap.rounded())), $0.status.rawValue,
      ]
    }
    c.codes = rows.map { "\($0.specialty)/\($0.region)/\($0.year)" }
    c.summary = "supply against demand by specialty, region and year — computed, read-only (v: needs)"
    c.empty = "no needs or graduates to compare"
    c.detail = { i in
      let g = rows[i]
      var lines = [
        "\(g.specialty) \(g.specialtyName)", "region \(g.region), \(g.year)",
        "demand \(g.demand), supply \(Int(g.supply.rounded())), gap \(Int(g.gap.rounded())) — \(g.status)",
      ]
      if !g.contributions.isEmpty {
        lines += ["", "supply from:"]
        lines += g.contributions.map {
          "  \($0.program) (\($0.organization)): \(Int($0.graduates.rounded())) \($0.source)"
        }
      }
      let recs = gap.recommendations.filter {
        $0.specialty == g.specialty && $0.region == g.region && $0.year == g.year
      }
      if !recs.isEmpty {
        lines += ["", "recommended:"]
        lines += recs.map { "  " + $0.text }
      }
      return (g.specialtyName, lines)
    }
    return c
  }

  func loadPlacements(_ core: EduCluster) throws(AppError) -> TabContent {
    var c = try loadEntities(
      core, .placement, fields: ["code", "title", "organization", "kind", "capacity"],
      titles: ["code", "title", "employer", "kind", "places"], right: ["capacity"])
    c.summary += " (v: matching runs)"
    return c
  }

  func clusterRuns(_ core: EduCluster) throws(AppError) -> [MatchRun] {
    try core.matchRuns().filter { $0.options.split(separator: " ").contains("cluster=\(code)") }.reversed()
  }

  func loadAssignments(_ core: EduCluster) throws(AppError) -> TabContent {
    runs = try clusterRuns(core)
    var c = TabContent()
    c.columns = [
      Column("student", maxWidth: 16), Column("name", maxWidth: 28, minWidth: 14), Column("placement", maxWidth: 16),
      Column("rank", alignRight: true), Column("state"),
    ]
    c.empty = "no matching run for this cluster yet: press m to run one"
    guard !runs.isEmpty else {
      c.summary = "no matching runs yet — m runs the stable matching for \(code)"
      return c
    }
    runIndex = min(runIndex, runs.count - 1)
    let (run, assignments) = try core.matchAssignments(run: runs[runIndex].code)
    let students = Dictionary(
      try core.list(.student, cluster: code).map { ($0.code, $0.record["name"].plain) }, uniquingKeysWith: { a, _ in a }
    )
    let placements = Dictionary(
      try core.list(.placement, cluster: code).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    c.rows = assignments.map {
      [$0.student, students[$0.student] ?? "", $0.placement, String($0.rank), $0.state.rawValue]
    }
    c.codes = assignments.map(\.student)
    var states = [String: Int]()
    for a in assignments { states[a.state.rawValue, default: 0] += 1 }
    let stateText = AssignmentState.allCases.compactMap { s in states[s.rawValue].map { "\($0) \(s.rawValue)" } }
    c.summary =
      "run \(run.code) (\(runIndex + 1) of \(runs.count)): \(run.matched) of \(run.students) matched · "
      + stateText.joined(separator: ", ")
    c.detail = { i in
      let a = assignments[i]
      var lines = [
        "student    \(a.student) \(students[a.student] ?? "")", "placement  \(a.placement)",
        "choice     \(a.rank)", "state      \(a.state.rawValue)",
      ]
      if let at = a.changedAt { lines.append("changed    \(at)") }
      let keys: [AssignmentState: String] = [.offered: "o", .confirmed: "c", .completed: "f", .withdrawn: "w"]
      let next = a.state.next.map { s in keys[s].map { "\(s.rawValue) (\($0))" } ?? s.rawValue }
      lines.append("can move   " + (next.isEmpty ? "nowhere: final" : next.joined(separator: ", ")))
      if let p = placements[a.placement] {
        lines += ["", "placement:"] + detailLines(p).map { "  " + $0 }
      }
      lines += ["", "run \(run.code) by \(run.author), \(run.createdAt)", "options \(run.options)"]
      return (students[a.student], lines)
    }
    return c
  }

  func loadAgreements(_ core: EduCluster) throws(AppError) -> TabContent {
    var c = try loadEntities(
      core, .agreement, fields: ["code", "kind", "customer", "provider", "status", "valid_until"],
      titles: ["code", "kind", "customer", "provider", "status", "until"])
    let agreements = try core.list(.agreement, cluster: code)
    let open = agreements.reduce(0) { n, a in
      n + a.record.rows("obligations").filter { $0["status"].plain == "open" }.count
    }
    var byStatus = [String: Int]()
    for a in agreements { byStatus[a.record["status"].plain, default: 0] += 1 }
    c.summary =
      "\(agreements.count) agreements: "
      + byStatus.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
      + " · \(open) open obligations"
    return c
  }

  func loadProjects(_ core: EduCluster) throws(AppError) -> TabContent {
    var c = try loadEntities(
      core, .project, fields: ["code", "title", "status", "funding_source", "budget"],
      titles: ["code", "title", "status", "funding", "budget"], right: ["budget"])
    let projects = try core.list(.project, cluster: code)
    let ledger = try core.ledger()
    let verification = try core.verifyLedger()
    let chain =
      verification.ok
      ? "ledger: \(verification.entries) entries, chain verified ✓"
      : "ledger: chain BROKEN at \(verification.firstBroken ?? "?"): \(verification.reason ?? "")"
    c.summary = "\(projects.count) projects · \(chain) (v: ledger)"
    c.detail = { i in
      let p = projects[i]
      var lines = detailLines(p)
      let entries = ledger.filter { $0.project == p.code }
      lines += ["", "ledger entries: \(entries.count)"]
      for e in entries {
        lines.append("  \(e.date) \(e.from) → \(e.to) \(money(e.amount, currency: e.currency)) \(e.purpose ?? "")")
      }
      let total = entries.reduce(0) { $0 + $1.amount }
      if !entries.isEmpty { lines.append("  total \(money(total))") }
      return (p.record["title"].plain, lines)
    }
    return c
  }

  func loadLedger(_ core: EduCluster) throws(AppError) -> TabContent {
    var c = try loadEntities(
      core, .ledger, fields: ["code", "date", "from", "to", "amount", "project"],
      titles: ["code", "date", "from", "to", "amount", "project"], right: ["amount"])
    let verification = try core.verifyLedger()
    c.summary =
      verification.ok
      ? "ledger of the members: append-only; chain of \(verification.entries) verified ✓ (v: projects)"
      : "ledger chain BROKEN at \(verification.firstBroken ?? "?"): \(verification.reason ?? "")"
    return c
  }

  func loadTeachers(_ core: EduCluster) throws(AppError) -> TabContent {
    var c = try loadEntities(
      core, .teacher, fields: ["code", "name", "organization"], titles: ["code", "name", "institution"])
    let teachers = try core.list(.teacher, cluster: code)
    let pd = try core.pd(cluster: code)
    let plans = Dictionary(pd.plans.map { ($0.teacher, $0) }, uniquingKeysWith: { a, _ in a })
    c.columns += [Column("pd"), Column("due")]
    c.rows = teachers.map { t in
      let plan = plans[t.code]
      return cells(t, ["code", "name", "organization"]) + [
        plan?.status.replacing("_", with: " ") ?? "ok", plan?.dueOn?.description ?? "",
      ]
    }
    let overdue = pd.plans.filter { $0.status == "overdue" }.count
    let never = pd.plans.filter { $0.status == "never_qualified" }.count
    c.summary =
      "\(teachers.count) teachers · due for qualification on \(pd.day): \(pd.plans.count)"
      + " (\(overdue) overdue, \(never) never qualified) (v: training)"
    c.detail = { i in
      let t = teachers[i]
      var lines = detailLines(t)
      if let plan = plans[t.code] {
        lines += ["", "qualification: \(plan.status.replacing("_", with: " "))"]
        if let due = plan.dueOn { lines.append("  due on \(due)") }
        if !plan.gaps.isEmpty {
          lines.append(
            "  gaps: " + plan.gaps.map { "\($0.competency) \($0.held)/\($0.required)" }.joined(separator: ", "))
        }
        lines.append("  courses: " + (plan.courses.isEmpty ? "none found" : plan.courses.joined(separator: ", ")))
      } else {
        lines += ["", "qualification: current"]
      }
      return (t.record["name"].plain, lines)
    }
    return c
  }

  func loadTraining(_ core: EduCluster) throws(AppError) -> TabContent {
    var c = try loadEntities(
      core, .training, fields: ["code", "teacher", "course", "completed_on", "result"],
      titles: ["code", "teacher", "course", "completed", "result"])
    c.summary += " (v: teachers)"
    return c
  }

  func loadIndicators(_ core: EduCluster) throws(AppError) -> TabContent {
    let sets = try core.indicators(cluster: code)
    var c = TabContent()
    c.columns = [Column("indicator", maxWidth: 24), Column("value", maxWidth: 22, alignRight: true)]
    c.empty = "no indicators for this cluster"
    guard let set = sets.first else { return c }
    let definitions = IndicatorCatalog.definitions
    c.rows = definitions.map { d in
      let value = set.values[d.key] ?? nil
      return [d.key.replacing("_", with: " "), value.map { ClusterPage.format(d.key, $0) } ?? "no data"]
    }
    c.codes = definitions.map(\.key)
    c.summary = "indicators of \(set.name) for \(set.year) — computed, read-only"
    c.detail = { i in
      let d = definitions[i]
      let value = set.values[d.key] ?? nil
      return (
        d.key.replacing("_", with: " "),
        [value.map { ClusterPage.format(d.key, $0) } ?? "no data", "", d.meaning, "", "year \(set.year)"]
      )
    }
    return c
  }

  static func format(_ key: String, _ value: Double) -> String {
    switch key {
    case "funding": return money(Int(value.rounded()))
    case "active_agreements", "innovation_outputs": return String(Int(value.rounded()))
    default: return percent(value)
    }
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
      on: screen, row: rect.row, width: rect.width, labels: ClusterTab.allCases.map(\.label), active: tab.rawValue)
    var summary = content.summary
    if let alt = tab.alternateName { summary = "[\(isAlternate ? alt.other : alt.main)] " + summary }
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
      guard tab.alternateName != nil else { return false }
      if isAlternate { alternate.remove(tab) } else { alternate.insert(tab) }
      view.list = ListState()
      reload(app: app)
    case .enter:
      guard selectedCode != nil else { return true }
      let d = detail()
      app.push(DetailPage(title: "\(code) · \(d.title ?? selectedCode ?? "")", lines: d.lines))
    case .character("a"): add(app: app)
    case .character("e"): edit(app: app)
    case .character("d"): delete(app: app)
    case .character("m") where tab == .matching && !isAlternate: runMatching(app: app)
    case .character("o") where tab == .matching && !isAlternate: move(to: .offered, app: app)
    case .character("c") where tab == .matching && !isAlternate: move(to: .confirmed, app: app)
    case .character("w") where tab == .matching && !isAlternate: move(to: .withdrawn, app: app)
    case .character("f") where tab == .matching && !isAlternate: move(to: .completed, app: app)
    case .character("[") where tab == .matching && !isAlternate:
      runIndex = min(runIndex + 1, max(0, runs.count - 1))
      view.list = ListState()
      reload(app: app)
    case .character("]") where tab == .matching && !isAlternate:
      runIndex = max(0, runIndex - 1)
      view.list = ListState()
      reload(app: app)
    default: return false
    }
    return true
  }

  func exists(_ core: EduCluster) -> (EntityKind, String) -> Bool {
    { kind, code in (try? core.show(kind, code: code)) != nil }
  }

  func add(app: TerminalApp) {
    guard let kind = content.kind else {
      app.message = Message("nothing to add here: these rows are computed", isError: true)
      return
    }
    var prefill = [String: String]()
    if kind.schema.field("cluster") != nil { prefill["cluster"] = code }
    let form = FormModel(kind: kind, mode: .add, prefill: prefill, exists: exists(app.core))
    app.push(
      FormPage(form: form) { [weak self] app, saved in
        guard let self else { return }
        self.reload(app: app)
        if let i = self.content.codes.firstIndex(of: saved) { self.view.list.selected = i }
      })
  }

  func edit(app: TerminalApp) {
    guard let kind = content.kind, let selected = selectedCode else {
      app.message = Message(
        content.kind == nil ? "these rows are computed: nothing to edit" : "nothing selected",
        isError: true)
      return
    }
    if kind == .ledger {
      app.message = Message("the ledger is append-only: add a correcting entry instead", isError: true)
      return
    }
    do {
      let entity = try app.core.show(kind, code: selected)
      let form = FormModel(kind: kind, mode: .edit(code: selected, original: entity.record), exists: exists(app.core))
      app.push(FormPage(form: form) { [weak self] app, _ in self?.reload(app: app) })
    } catch {
      app.report(error)
    }
  }

  func delete(app: TerminalApp) {
    guard let kind = content.kind, let selected = selectedCode else {
      app.message = Message(
        content.kind == nil ? "these rows are computed: nothing to delete" : "nothing selected",
        isError: true)
      return
    }
    if kind == .ledger {
      app.message = Message("the ledger is append-only: entries cannot be deleted", isError: true)
      return
    }
    app.confirm("Delete \(kind.displayName) \(selected)?", detail: ["This cannot be undone."]) { [weak self] in
      do {
        try app.core.remove(kind, code: selected)
        self?.reload(app: app)
        app.info("deleted \(kind.displayName) \(selected)")
      } catch {
        app.report(error)
      }
    }
  }

  func runMatching(app: TerminalApp) {
    var options = MatchOptions()
    options.cluster = code
    options.explain = false
    do {
      let outcome = try app.core.match(options)
      runIndex = 0
      view.list = ListState()
      reload(app: app)
      app.info(
        "matching \(outcome.run?.code ?? "") saved: \(outcome.matched) of \(outcome.students) students placed, "
          + (outcome.stable ? "stable" : "NOT stable"))
    } catch {
      app.report(error)
    }
  }

  func move(to state: AssignmentState, app: TerminalApp) {
    guard runIndex < runs.count, let student = selectedCode else {
      app.message = Message("no assignment selected: run a matching with m", isError: true)
      return
    }
    do {
      let a = try app.core.setAssignment(run: runs[runIndex].code, student: student, to: state)
      reload(app: app)
      app.info("\(a.student) → \(a.placement): \(a.state.rawValue)")
    } catch {
      app.report(error)
    }
  }
}
