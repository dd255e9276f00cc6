import Analytics
import AppCore
import Domain

/// Needs & gaps: the employers' needs, or (`v`) supply against demand, computed.
struct NeedsTab: ClusterTabView {
  let cluster: String

  var alternateName: (main: String, other: String)? { ("needs", "gaps") }

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
}
