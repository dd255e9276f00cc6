import Analytics
import AppCore
import Domain
import Localization

/// Needs & gaps: the employers' needs, or (`v`) supply against demand, computed — for every
/// year, or (`[ ]`) one year at a time.
final class NeedsTab: ClusterTabView {
  let cluster: String
  /// The year the gaps are limited to; nil for all.
  var year: Int?
  /// The years the last gap run had rows for, in order.
  var years = [Int]()

  init(cluster: String) { self.cluster = cluster }

  var alternateName: (main: Phrase, other: Phrase)? { (tr("needs"), tr("gaps")) }

  func hints(alternate: Bool) -> [(key: String, action: Phrase)] {
    alternate ? [("[ ]", tr("year")), ("i", tr("what if"))] : [("i", tr("what if"))]
  }

  func help(alternate: Bool) -> [(key: String, action: Phrase)] {
    let whatIf = ("i", tr("what if: change programs' intake in a scratch copy and see the gaps change; s saves"))
    return alternate
      ? [("[  ]", tr("one year at a time: earlier / later (past either end: all years)")), whatIf] : [whatIf]
  }

  /// `[` and `]` step through all years, then each year of the gaps, and back to all; `i` opens
  /// the what-if of programs' intake.
  func handle(_ key: Key, alternate: Bool, page: ClusterPage, app: TerminalApp) -> Bool {
    if key == .character("i") {
      app.push(IntakeWhatIfPage(app: app, cluster: cluster) { [weak page] app in page?.reload(app: app) })
      return true
    }
    guard alternate, key == .character("[") || key == .character("]"), !years.isEmpty else { return false }
    let steps = [nil] + years.map { Optional($0) }
    let at = steps.firstIndex(of: year) ?? 0
    let next = (at + (key == .character("]") ? 1 : steps.count - 1)) % steps.count
    year = steps[next]
    page.reloadFromTop(app: app)
    return true
  }

  func load(_ core: EduCluster, alternate: Bool, language: Language) throws(AppError) -> TabContent {
    alternate ? try gaps(core, language) : try needs(core, language)
  }

  func needs(_ core: EduCluster, _ language: Language) throws(AppError) -> TabContent {
    let say = language.say
    var c = try TabContent.entities(
      core, .need, cluster: cluster, fields: ["code", "organization", "specialty", "year", "count"],
      titles: [tr("code"), tr("employer"), tr("specialty"), tr("year"), tr("count")], right: ["year", "count"],
      language: language)
    let gap = try core.gap(GapRequest(cluster: cluster))
    let needs = try core.list(.need, cluster: cluster)
    let shortages = gap.rows.filter { $0.status == .shortage }.count
    let surpluses = gap.rows.filter { $0.status == .surplus }.count
    c.summary = say(tr("\(needs.count) needs · gaps: \(shortages) shortages, \(surpluses) surpluses (v shows them)"))
    c.detail = { i in
      let n = needs[i]
      var lines = detailLines(n, language: language)
      let r = n.record
      let rows = gap.rows.filter {
        $0.specialty == r["specialty"].plain && $0.region == r["region"].plain && String($0.year) == r["year"].plain
      }
      for g in rows {
        lines += [
          "", say(tr("gap for \(g.specialty) in \(g.region), \(g.year):")),
          "  "
            + say(
              tr(
                "demand \(g.demand), supply \(Int(g.supply.rounded())), gap \(Int(g.gap.rounded())) — \(g.status.title)"
              )),
        ]
      }
      return (n.code, lines)
    }
    return c
  }

  func gaps(_ core: EduCluster, _ language: Language) throws(AppError) -> TabContent {
    let say = language.say
    let names = try core.names(of: .specialty, in: language)
    let gap = try core.gap(GapRequest(cluster: cluster))
    years = Array(Set(gap.rows.map(\.year))).sorted()
    let rows = gap.rows.filter { year == nil || $0.year == year }
      .sorted { ($0.year, abs($0.gap)) > ($1.year, abs($1.gap)) }
    var c = TabContent()
    c.columns = [
      Column(say(tr("specialty")), maxWidth: 12), Column(say(tr("region")), maxWidth: 10),
      Column(say(tr("year")), alignRight: true), Column(say(tr("demand")), alignRight: true),
      Column(say(tr("supply")), alignRight: true), Column(say(tr("gap")), alignRight: true), Column(say(tr("status"))),
    ]
    c.rows = rows.map {
      [
        $0.specialty, $0.region, String($0.year), String($0.demand),
        String(Int($0.supply.rounded())), String(Int($0.gap.rounded())), say($0.status.title),
      ]
    }
    c.codes = rows.map { "\($0.specialty)/\($0.region)/\($0.year)" }
    c.summary = say(
      year.map {
        tr(
          "supply against demand by specialty, region and year — \($0) only ([ ] year) — computed, read-only (v: needs)"
        )
      }
        ?? tr(
          "supply against demand by specialty, region and year — all years ([ ] year) — computed, read-only (v: needs)")
    )
    c.empty = say(tr("no needs or graduates to compare"))
    c.detail = { i in
      let g = rows[i]
      let name = names[g.specialty] ?? g.specialtyName
      var lines = [
        "\(g.specialty) \(name)", say(tr("region \(g.region), \(g.year)")),
        say(
          tr(
            "demand \(g.demand), supply \(Int(g.supply.rounded())), gap \(Int(g.gap.rounded())) — \(g.status.title)")),
      ]
      if !g.contributions.isEmpty {
        lines += ["", say(tr("supply from:"))]
        lines += g.contributions.map {
          "  \($0.program) (\($0.organization)): \(Int($0.graduates.rounded())) \(say($0.source.title))"
        }
      }
      let recs = gap.recommendations.filter {
        $0.specialty == g.specialty && $0.region == g.region && $0.year == g.year
      }
      if !recs.isEmpty {
        lines += ["", say(tr("recommended:"))]
        lines += recs.map { r in
          "  " + say(names[r.specialty].map { r.phrase.replacingArgument(0, with: $0) } ?? r.phrase)
        }
      }
      return (name, lines)
    }
    return c
  }
}
