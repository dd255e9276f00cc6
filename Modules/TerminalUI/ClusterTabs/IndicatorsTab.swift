import Analytics
import AppCore
import Domain

/// Indicators: the cluster's indicator set of a year (at first the latest with graduates),
/// computed and read-only; `[` and `]` step to the year before and after.
final class IndicatorsTab: ClusterTabView {
  let cluster: String
  /// The year shown; nil until the first load picks the default.
  var year: Int?

  init(cluster: String) { self.cluster = cluster }

  func hints(alternate: Bool) -> [(key: String, action: String)] { [("[ ]", "year")] }

  func help(alternate: Bool) -> [(key: String, action: String)] { [("[  ]", "the year before / after")] }

  func handle(_ key: Key, alternate: Bool, page: ClusterPage, app: TerminalApp) -> Bool {
    guard let shown = year, key == .character("[") || key == .character("]") else { return false }
    let next = shown + (key == .character("[") ? -1 : 1)
    guard AnalysisYears.range.contains(next) else { return true }
    year = next
    page.reloadFromTop(app: app)
    return true
  }

  func load(_ core: EduCluster, alternate: Bool) throws(AppError) -> TabContent {
    let sets = try core.indicators(IndicatorRequest(year: year, cluster: cluster))
    if year == nil { year = sets.first?.year }
    var c = TabContent()
    c.columns = [Column("indicator", maxWidth: 24), Column("value", maxWidth: 22, alignRight: true)]
    c.empty = "no indicators for this cluster"
    guard let set = sets.first else { return c }
    let definitions = IndicatorCatalog.definitions
    c.rows = definitions.map { d in
      let value = set.values[d.key] ?? nil
      return [d.key.replacing("_", with: " "), value.map { Self.format(d.key, $0) } ?? "no data"]
    }
    c.codes = definitions.map(\.key)
    c.summary = "indicators of \(set.name) for \(set.year) — computed, read-only ([ ] year)"
    c.detail = { i in
      let d = definitions[i]
      let value = set.values[d.key] ?? nil
      return (
        d.key.replacing("_", with: " "),
        [value.map { Self.format(d.key, $0) } ?? "no data", "", d.meaning, "", "year \(set.year)"]
      )
    }
    return c
  }

  /// An indicator's value as shown: money, a count, or a percentage.
  static func format(_ key: String, _ value: Double) -> String {
    switch key {
    case "funding": return money(Int(value.rounded()))
    case "active_agreements", "innovation_outputs": return String(Int(value.rounded()))
    default: return percent(value)
    }
  }
}
