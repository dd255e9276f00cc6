import Analytics
import AppCore
import Domain
import Localization

/// Indicators: the cluster's indicator set of a year (at first the latest with graduates),
/// computed and read-only; `[` and `]` step to the year before and after.
final class IndicatorsTab: ComputedTab {
  let cluster: String
  /// The year shown; nil until the first load picks the default.
  var year: Int?

  init(cluster: String) { self.cluster = cluster }

  func hints(alternate: Bool) -> [(key: String, action: Phrase)] { [("[ ]", tr("year"))] }

  func help(alternate: Bool) -> [(key: String, action: Phrase)] { [("[  ]", tr("the year before / after"))] }

  func handle(_ key: Key, alternate: Bool, page: ClusterPage, app: TerminalApp) -> Bool {
    guard let shown = year, key == .character("[") || key == .character("]") else { return false }
    let next = shown + (key == .character("[") ? -1 : 1)
    guard AnalysisYears.range.contains(next) else { return true }
    year = next
    page.reloadFromTop(app: app)
    return true
  }

  var computingSummary: Phrase { tr("computing the indicators…") }

  func computation(
    _ core: EduCluster, alternate: Bool, language: Language
  ) -> @Sendable () throws(AppError) -> (sets: [IndicatorSet], name: String?) {
    let request = IndicatorRequest(year: year, cluster: cluster)
    let cluster = cluster
    return { () throws(AppError) in
      (try core.indicators(request), try core.names(of: .cluster, in: language)[cluster])
    }
  }

  func content(_ computed: (sets: [IndicatorSet], name: String?), language: Language) -> TabContent {
    let say = language.say
    let sets = computed.sets
    if year == nil { year = sets.first?.year }
    var c = TabContent()
    c.columns = [Column(say(tr("indicator")), maxWidth: 24), Column(say(tr("figure")), maxWidth: 22, alignRight: true)]
    c.empty = say(tr("no indicators for this cluster"))
    guard let set = sets.first else { return c }
    let definitions = IndicatorCatalog.definitions
    let noData = say(tr("no data"))
    c.rows = definitions.map { d in
      let value = set.values[d.key] ?? nil
      return [say(IndicatorCatalog.title(d.key)), value.map { Self.format(d.key, $0, in: language) } ?? noData]
    }
    c.codes = definitions.map(\.key)
    let name = computed.name ?? set.name
    c.summary = say(tr("indicators of \(name) for \(set.year) — computed, read-only ([ ] year)"))
    c.detail = { i in
      let d = definitions[i]
      let value = set.values[d.key] ?? nil
      return (
        say(IndicatorCatalog.title(d.key)),
        [
          value.map { Self.format(d.key, $0, in: language) } ?? noData, "", say(d.meaning), "",
          say(tr("year \(set.year)")),
        ]
      )
    }
    return c
  }

  /// An indicator's value as shown: money, a count, or a percentage.
  static func format(_ key: String, _ value: Double, in language: Language = .en) -> String {
    switch key {
    case "funding": return money(Int(value.rounded()), in: language)
    case "active_agreements", "innovation_outputs": return String(Int(value.rounded()))
    default: return percent(value, in: language)
    }
  }
}
