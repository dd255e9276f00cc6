import Analytics
import AppCore
import Domain

/// Indicators: the cluster's latest indicator set, computed and read-only.
struct IndicatorsTab: ClusterTabView {
  let cluster: String

  func load(_ core: EduCluster, alternate: Bool) throws(AppError) -> TabContent {
    let sets = try core.indicators(IndicatorRequest(cluster: cluster))
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
    c.summary = "indicators of \(set.name) for \(set.year) — computed, read-only"
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
