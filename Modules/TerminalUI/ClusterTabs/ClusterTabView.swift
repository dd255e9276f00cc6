import AppCore
import Domain
import Localization
import Presentation

/// The tabs of a cluster, in order.
public enum ClusterTab: Int, CaseIterable, Sendable {
  case members, programs, needs, matching, agreements, projects, teachers, indicators

  public var label: (long: Phrase, short: Phrase) {
    switch self {
    case .members: return (tr("Members"), tr("Members"))
    case .programs: return (tr("Programs"), tr("Programs"))
    case .needs: return (tr("Needs & gaps"), tr("Needs"))
    case .matching: return (tr("Placements & matching"), tr("Matching"))
    case .agreements: return (tr("Agreements"), tr("Agreements"))
    case .projects: return (tr("Projects & funding"), tr("Projects"))
    case .teachers: return (tr("Teachers & training"), tr("Teachers"))
    case .indicators: return (tr("Indicators"), tr("Indicators"))
    }
  }

  /// The type that reads and drives this tab, for one cluster.
  func view(cluster: String) -> any ClusterTabView {
    switch self {
    case .members: return MembersTab(cluster: cluster)
    case .programs: return ProgramsTab(cluster: cluster)
    case .needs: return NeedsTab(cluster: cluster)
    case .matching: return MatchingTab(cluster: cluster)
    case .agreements: return AgreementsTab(cluster: cluster)
    case .projects: return ProjectsTab(cluster: cluster)
    case .teachers: return TeachersTab(cluster: cluster)
    case .indicators: return IndicatorsTab(cluster: cluster)
    }
  }
}

/// One tab of a cluster: what it reads, its second view (`v`) if any, and the keys only it knows.
/// `ClusterPage` keeps the frame around it: tab bar, table and detail, add, edit and delete.
protocol ClusterTabView {
  /// What `v` switches the tab to, when it has a second view.
  var alternateName: (main: Phrase, other: Phrase)? { get }
  /// Reads the tab's rows, its words in `language`; its second view's when `alternate`.
  func load(_ core: EduCluster, alternate: Bool, language: Language) throws(AppError) -> TabContent
  /// The tab's own keys for the status line.
  func hints(alternate: Bool) -> [(key: String, action: Phrase)]
  /// The tab's own keys for the help.
  func help(alternate: Bool) -> [(key: String, action: Phrase)]
  /// Handles a key only this tab knows; false lets the page have it.
  func handle(_ key: Key, alternate: Bool, page: ClusterPage, app: TerminalApp) -> Bool
}

extension ClusterTabView {
  var alternateName: (main: Phrase, other: Phrase)? { nil }
  func hints(alternate: Bool) -> [(key: String, action: Phrase)] { [] }
  func help(alternate: Bool) -> [(key: String, action: Phrase)] { [] }
  func handle(_ key: Key, alternate: Bool, page: ClusterPage, app: TerminalApp) -> Bool { false }
}

/// A tab that computes what it shows (seconds on a national registry): in a terminal the page
/// runs `computation` on another thread, says so meanwhile and keeps taking keys, then shows
/// `content` of the result. `load` does both at once (tests, and where nothing runs behind).
protocol ComputedTab: ClusterTabView {
  associatedtype Computed: Sendable
  /// What the table says while the tab computes.
  var computingSummary: Phrase { get }
  /// The slow part, ready to run on any thread.
  func computation(_ core: EduCluster, alternate: Bool, language: Language) -> @Sendable () throws(AppError) -> Computed
  /// The tab's rows from the result, on the UI's thread.
  func content(_ computed: Computed, language: Language) -> TabContent
}

extension ComputedTab {
  func load(_ core: EduCluster, alternate: Bool, language: Language) throws(AppError) -> TabContent {
    content(try computation(core, alternate: alternate, language: language)(), language: language)
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
  var empty = ""
  var detail: (Int) -> (title: String?, lines: [String]) = { _ in (nil, []) }
}

extension TabContent {
  /// The cluster's stored entities of one kind: these fields under these titles, each row's
  /// detail its every field; names in the language's labels.
  static func entities(
    _ core: EduCluster, _ kind: EntityKind, cluster: String, fields: [String], titles: [Phrase],
    right: Set<String> = [], language: Language
  ) throws(AppError) -> TabContent {
    let entities = try core.list(kind, cluster: cluster)
    var c = TabContent()
    c.kind = kind
    c.columns = zip(fields, titles).map {
      Column(
        language.say($1), maxWidth: $0 == "code" ? 22 : 36, minWidth: ["name", "title"].contains($0) ? 16 : 4,
        alignRight: right.contains($0), priority: priority(of: $0))
    }
    c.rows = entities.map { cells($0, fields, language: language) }
    c.codes = entities.map(\.code)
    c.summary = language.say(tr("\(entities.count) \(kind.titlePlural)"))
    c.empty = language.say(tr("(nothing here yet)"))
    c.detail = { i in (entities[i].code, detailLines(entities[i], language: language)) }
    return c
  }
}

/// Which columns a narrow terminal keeps longest: a record's state and its figures; a kind or a
/// source goes first (the detail pane shows every field anyway).
func priority(of field: String) -> Int {
  switch field {
  case "status", "state", "budget", "capacity", "count", "value", "year": 1
  case "kind", "funding_source", "sector", "ownership", "currency", "form": -1
  default: 0
  }
}

/// A row of an entity's fields, as the user types them; the name in the language's label.
func cells(_ entity: any Entity, _ fields: [String], language: Language = .en) -> [String] {
  let r = entity.record
  return fields.map { field in
    if field == "name" || field == "title", let labelled = entity as? any Labelled {
      return labelled.name(in: language)
    }
    if let f = type(of: entity).kind.schema.field(field) { return Rendering.shown(r[field], of: f, in: language) }
    return r[field].plain
  }
}
