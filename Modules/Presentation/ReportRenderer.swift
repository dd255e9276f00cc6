import Analytics
import AppCore
import Domain
import Foundation
import Localization

public enum ReportRenderer {
  static func pct(_ x: Double) -> String { Formats.percent(x) }
  static func n(_ x: Double) -> String { Formats.count(x) }

  /// The report as plain text, in a language (`names`: code → name there).
  public static func text(_ r: ClusterReport, language: Language = .en, names: [String: String] = [:]) -> String {
    let say = language.say
    let name = { (code: String, given: String) in names[code] ?? given }
    var out =
      say(
        tr(
          "\(name(r.cluster.code, r.cluster.name)) [\(r.cluster.code)] — cluster report \(r.year) (as of \(r.generatedOn))"
        )) + "\n"
    out += String(repeating: "=", count: 72) + "\n"
    if let o = r.overview {
      let kinds = o.membersByKind.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
        "\($0.value) \(Field.valueText($0.key, in: language))"
      }
      let members = o.membersByKind.values.reduce(0, +)
      out +=
        say(
          tr(
            "Members: \(members) (\(kinds.joined(separator: ", "))); programs \(o.programs), students \(o.students), teachers \(o.teachers)."
          )) + "\n"
    }
    if let mission = r.cluster.mission { out += say(tr("Mission: \(mission)")) + "\n" }
    out += "\n" + say(tr("1. Supply and demand, \(r.year)")) + "\n"
    for g in r.gaps where g.status != .balanced {
      let basis = g.basis.map { say($0.title) }.joined(separator: " + ")
      let specialty = name(g.specialty, g.specialtyName)
      if g.status == .no_data {
        out += "  - " + say(tr("\(specialty) in \(g.region): demand \(g.demand), supply unknown (no data)")) + "\n"
      } else {
        out +=
          "  - "
          + say(
            tr(
              "\(specialty) in \(g.region): demand \(g.demand), supply \(n(g.supply)) (\(basis)) → \(g.status.title) of \(n(abs(g.gap)))"
            )) + "\n"
      }
    }
    for rec in r.recommendations {
      out += "  → " + say(names[rec.specialty].map { rec.phrase.replacingArgument(0, with: $0) } ?? rec.phrase) + "\n"
    }
    out += "\n" + say(tr("2. Curriculum update list (competencies missing, weighted by people demanded)")) + "\n"
    for c in r.curriculum.prefix(8) {
      out +=
        "  - "
        + say(tr("\(name(c.competency, c.name)) (\(c.competency)): \(c.people) people, up to level \(c.maxLevel)"))
        + "\n"
    }
    let m = r.matching
    out +=
      "\n"
      + say(
        m.stable
          ? tr("3. Placement matching (student-optimal, verified stable)")
          : tr("3. Placement matching (student-optimal, verified NOT stable)")) + "\n"
    out +=
      "  "
      + say(
        tr("\(m.matched) of \(m.students) students placed; \(m.places) places at \(m.placements) placements."))
      + "\n"
    let dist = m.rankDistribution.enumerated().filter { $0.element > 0 }.map {
      say(tr("choice \($0.offset + 1): \($0.element)"))
    }
    out += "  " + say(tr("Rank distribution: \(dist.joined(separator: ", "))")) + "\n"
    if !m.unfilled.isEmpty {
      let unfilled = m.unfilled.map { "\($0.placement) (\($0.free))" }.joined(separator: ", ")
      out += "  " + say(tr("Unfilled: \(unfilled) — the same in every stable matching.")) + "\n"
    }
    let edges = r.pathways.edges.count
    out +=
      "\n"
      + say(
        r.pathways.deadEnds.isEmpty
          ? tr("4. Pathways: \(edges) onward paths; leading nowhere: none")
          : tr("4. Pathways: \(edges) onward paths; leading nowhere: \(r.pathways.deadEnds.joined(separator: ", "))"))
      + "\n"
    out += "\n" + say(tr("5. Teachers due for qualification: \(r.development.plans.count)")) + "\n"
    for p in r.development.plans.prefix(8) {
      let status = say(MatchReasons.planStatus(p.status))
      let courses = p.courses.joined(separator: ", ")
      out +=
        "  - "
        + say(
          p.courses.isEmpty
            ? tr("\(p.teacher) (\(p.organization)) \(status); courses: none found")
            : tr("\(p.teacher) (\(p.organization)) \(status); courses: \(courses)")) + "\n"
    }
    out += "\n" + say(tr("6. Indicators")) + "\n"
    let keys = IndicatorCatalog.definitions.map(\.key)
    for set in r.indicators where set.year == r.year {
      for k in keys {
        guard let v = set.values[k] ?? nil else { continue }
        let shown =
          ["active_agreements", "innovation_outputs"].contains(k)
          ? n(v) : (k == "funding" ? LocalFormat(language).money(Int((v / 100).rounded())) : pct(v))
        out += "  - \(say(IndicatorCatalog.title(k))): \(shown)\n"
      }
    }
    if let me = r.ranking.first(where: { $0.entity == r.cluster.code }) {
      if let composite = me.composite, let rank = me.rank {
        let ranked = r.ranking.filter { $0.rank != nil }.count
        let index = String(format: "%.2f", composite)
        out += "  " + say(tr("Composite index \(index) — rank \(rank) of \(ranked), \(me.band)")) + "\n"
      } else {
        out +=
          "  " + say(tr("Composite index: no data (data for \(pct(me.coverage)) of the indicators; 67 % needed)"))
          + "\n"
      }
    }
    out += "\n" + say(tr("7. Forecast (linear trend, 80 % interval)")) + "\n"
    for f in r.forecasts.filter({ $0.series.hasPrefix("demand") && !$0.forecast.isEmpty }).prefix(6) {
      if let next = f.forecast.first {
        out +=
          "  - \(f.series): \(next.year) ≈ \(n(next.value.rounded())) [\(n(next.low.rounded()))–\(n(next.high.rounded()))]\n"
      }
    }
    out += "\n" + say(tr("8. Data quality: \(r.quality.count) findings")) + "\n"
    for q in r.quality.prefix(8) {
      let kind = EntityKind.named(q.kind).map { say($0.title) } ?? q.kind
      out +=
        "  - [\(say(QualityWords.category(q.category)))] \(kind) \(q.codes.joined(separator: " ")): \(say(q.message))\n"
    }
    if !r.swot.isEmpty {
      out += "\n" + say(tr("9. SWOT")) + "\n"
      for s in r.swot { out += "  - \(Field.valueText(s.category.rawValue, in: language)): \(s.text)\n" }
    }
    return out
  }

  // MARK: HTML

  /// The dashboard's chart: demand against graduates per specialty, for one cluster.
  public static func balanceChart(
    _ overview: ClusterOverview, language: Language = .en, names: [String: String] = [:]
  ) -> BarChart {
    let rows = overview.needsVersusGraduates
    let say = language.say
    return BarChart(
      title: say(tr("Demand and graduates, \(names[overview.code] ?? overview.name)")),
      labels: rows.map { "\($0.specialty) \(names[$0.specialty] ?? $0.name), \($0.region)" },
      series: [
        (say(tr("demand")), "#c0392b", rows.map { Double($0.demand) }),
        (say(tr("graduates")), "#2980b9", rows.map { Double($0.supply) }),
      ])
  }

  /// The report as one self-contained HTML page (`report.mustache`), in a language: its
  /// headings and words, and the names' labels there (`names`: code → name).
  public static func html(
    _ r: ClusterReport, templates: PageTemplates, language: Language = .en, names: [String: String] = [:]
  ) -> String {
    templates.render(ReportPage(r, language: language, names: names), "report")
  }
}
