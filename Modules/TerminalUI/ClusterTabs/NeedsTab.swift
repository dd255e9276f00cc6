import Analytics
import AppCore
import Domain

/// Needs & gaps: the employers' needs, or (`v`) supply against demand, computed — for every
/// year, or (`[ ]`) one year at a time.
final class NeedsTab: ClusterTabView {
  let cluster: String
  /// The year the gaps are limited to; nil for all.
  var year: Int?
  /// The years the last gap run had rows for, in order.
  var years = [Int]()

  init(cluster: String) { self.cluster = cluster }

  var alternateName: (main: String, other: String)? { ("needs", "gaps") }

  func hints(alternate: Bool) -> [(key: String, action: String)] { alternate ? [("[ ]", "year")] : [] }

  func help(alternate: Bool) -> [(key: String, action: String)] {
    alternate ? [("[  ]", "one year at a time: earlier / later (past either end: all years)")] : []
  }

  /// `[` and `]` step through all years, then each year of the gaps, and back to all.
  func handle(_ key: Key, alternate: Bool, page: ClusterPage, app: TerminalApp) -> Bool {
    guard alternate, key == .character("[") || key == .character("]"), !years.isEmpty else { return false }
    let steps = [nil] + years.map { Optional($0) }
    let at = steps.firstIndex(of: year) ?? 0
    let next = (at + (key == .character("]") ? 1 : steps.count - 1)) % steps.count
    year = steps[next]
    page.reloadFromTop(app: app)
    return true
  }

  func load(_ core: EduCluster, alternate: Bool) throws(AppError) -> TabContent {
    alternate ? try gaps(core) : try needs(core)
  }

  func needs(_ core: EduCluster) throws(AppError) -> TabContent {
    var c = try TabContent.entities(
      core, .need, cluster: cluster, fields: ["code", "organization", "specialty", "year", "count"],
      titles: ["code", "employer", "specialty", "year", "count"], right: ["year", "count"])
    let gap = try core.gap(GapRequest(cluster: cluster))
    let needs = try core.list(.need, cluster: cluster)
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

  func gaps(_ core: EduCluster) throws(AppError) -> TabContent {
    let gap = try core.gap(GapRequest(cluster: cluster))
    years = Array(Set(gap.rows.map(\.year))).sorted()
    let rows = gap.rows.filter { year == nil || $0.year == year }
      .sorted { ($0.year, abs($0.gap)) > ($1.year, abs($1.gap)) }
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
    c.summary =
      "supply against demand by specialty, region and year — \(year.map { "\($0) only" } ?? "all years") "
      + "([ ] year) — computed, read-only (v: needs)"
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
}
