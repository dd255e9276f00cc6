import Analytics
import Domain
import Foundation

/// Everything the cluster report tells, for one cluster and year.
public struct ClusterReport: Sendable, Codable {
  public var cluster: Cluster
  public var year: Int
  public var generatedOn: Day
  public var overview: ClusterOverview?
  public var gaps: [GapRow]
  public var recommendations: [GapRecommendation]
  public var curriculum: [CurriculumItem]
  public var matching: MatchOutcome
  public var pathways: PathwayGraph
  public var development: PDAnalysis
  public var forecasts: [TrendForecast]
  public var indicators: [IndicatorSet]
  public var ranking: [RankedEntity]
  public var quality: [QualityFinding]
  public var swot: [SwotItem]
}

extension EduCluster {
  /// The story of one cluster and year: every analysis, limited to the cluster's members.
  /// `names`: quote people's names in the data-quality findings (see `quality(on:names:)`).
  public func report(
    cluster code: String, year: Int? = nil, on day: Day? = nil, names: Bool = true
  ) throws(AppError)
    -> ClusterReport
  {
    try readingOnce().composeReport(cluster: code, year: year, on: day, names: names)
  }

  func composeReport(cluster code: String, year: Int?, on day: Day?, names: Bool) throws(AppError) -> ClusterReport {
    guard let cluster = try show(.cluster, code: code) as? Cluster else {
      throw AppError(.notFound, "no cluster with code '\(code)'")
    }
    var chosen = 0
    if let year { chosen = year } else { chosen = try defaultYear() }
    let day = day ?? EduCluster.today
    var options = GapOptions()
    options.fromYear = chosen
    options.toYear = chosen
    let gap = try self.gap(options: options, cluster: code, on: day)
    var matchOptions = MatchOptions()
    matchOptions.cluster = code
    matchOptions.save = false
    matchOptions.on = day
    let years = Array((chosen - 4)...chosen)
    let members = try members(of: code) ?? []
    // Data quality of what the cluster's members own (students are checked by `quality`).
    let memberPrograms = try all(Program.self).filter { members.contains($0.organization) }
    let programCodes = Set(memberPrograms.map(\.code))
    let quality = DataQuality.check(
      organizations: try all(Organization.self).filter { members.contains($0.code) }, students: [],
      teachers: try all(Teacher.self).filter { members.contains($0.organization) }, programs: memberPrograms,
      cohorts: try all(Cohort.self).filter { programCodes.contains($0.program) },
      needs: try all(PersonnelNeed.self).filter { members.contains($0.organization) },
      agreements: try all(Agreement.self).filter { members.contains($0.provider) || members.contains($0.customer) },
      memberships: try all(Membership.self).filter { $0.cluster == code }, on: day, names: names)
    return ClusterReport(
      cluster: cluster, year: chosen, generatedOn: day, overview: try overview(on: day).first { $0.code == code },
      gaps: gap.rows, recommendations: gap.recommendations,
      curriculum: Array(try align(cluster: code, year: chosen).clusterUpdates.prefix(12)),
      matching: try match(matchOptions), pathways: try pathways(cluster: code),
      development: try pd(cluster: code, on: day), forecasts: try forecast(cluster: code, on: day),
      indicators: try indicatorHistory(years: years, cluster: code), ranking: try rank(year: chosen),
      quality: quality, swot: try all(SwotItem.self).filter { $0.cluster == code })
  }
}

/// The report as plain text and as one self-contained HTML file with SVG charts.
public enum ReportRenderer {
  static func pct(_ x: Double) -> String { "\(Int((x * 100).rounded())) %" }
  static func n(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String((x * 10).rounded() / 10) }

  public static func text(_ r: ClusterReport) -> String {
    var out = "\(r.cluster.name) [\(r.cluster.code)] — cluster report \(r.year) (as of \(r.generatedOn))\n"
    out += String(repeating: "=", count: 72) + "\n"
    if let o = r.overview {
      let kinds = o.membersByKind.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value) \($0.key)" }
      out +=
        "Members: \(o.membersByKind.values.reduce(0, +)) (\(kinds.joined(separator: ", "))); programs \(o.programs), students \(o.students), teachers \(o.teachers).\n"
    }
    if let mission = r.cluster.mission { out += "Mission: \(mission)\n" }
    out += "\n1. Supply and demand, \(r.year)\n"
    for g in r.gaps where g.status != .balanced {
      let basis = g.basis.map(\.words).joined(separator: " + ")
      if g.status == .no_data {
        out += "  - \(g.specialtyName) in \(g.region): demand \(g.demand), supply unknown (no data)\n"
      } else {
        out +=
          "  - \(g.specialtyName) in \(g.region): demand \(g.demand), supply \(n(g.supply)) (\(basis)) → \(g.status) of \(n(abs(g.gap)))\n"
      }
    }
    for rec in r.recommendations { out += "  → \(rec.text)\n" }
    out += "\n2. Curriculum update list (competencies missing, weighted by people demanded)\n"
    for c in r.curriculum.prefix(8) {
      out += "  - \(c.name) (\(c.competency)): \(c.people) people, up to level \(c.maxLevel)\n"
    }
    let m = r.matching
    out += "\n3. Placement matching (student-optimal, verified \(m.stable ? "stable" : "NOT stable"))\n"
    out += "  \(m.matched) of \(m.students) students placed; \(m.places) places at \(m.placements) placements.\n"
    let dist = m.rankDistribution.enumerated().filter { $0.element > 0 }.map {
      "choice \($0.offset + 1): \($0.element)"
    }
    out += "  Rank distribution: \(dist.joined(separator: ", "))\n"
    if !m.unfilled.isEmpty {
      out +=
        "  Unfilled: " + m.unfilled.map { "\($0.placement) (\($0.free))" }.joined(separator: ", ")
        + " — the same in every stable matching.\n"
    }
    out +=
      "\n4. Pathways: \(r.pathways.edges.count) onward paths; leading nowhere: \(r.pathways.deadEnds.isEmpty ? "none" : r.pathways.deadEnds.joined(separator: ", "))\n"
    out += "\n5. Teachers due for qualification: \(r.development.plans.count)\n"
    for p in r.development.plans.prefix(8) {
      out +=
        "  - \(p.teacher) (\(p.organization)) \(p.status.replacing("_", with: " ")); courses: \(p.courses.isEmpty ? "none found" : p.courses.joined(separator: ", "))\n"
    }
    out += "\n6. Indicators\n"
    let keys = IndicatorCatalog.definitions.map(\.key)
    for set in r.indicators where set.year == r.year {
      for k in keys {
        guard let v = set.values[k] ?? nil else { continue }
        let shown =
          ["active_agreements", "innovation_outputs"].contains(k)
          ? n(v) : (k == "funding" ? n(v / 100) + " UZS" : pct(v))
        out += "  - \(k.replacing("_", with: " ")): \(shown)\n"
      }
    }
    if let me = r.ranking.first(where: { $0.entity == r.cluster.code }) {
      if let composite = me.composite, let rank = me.rank {
        let ranked = r.ranking.filter { $0.rank != nil }.count
        out += "  Composite index \(String(format: "%.2f", composite)) — rank \(rank) of \(ranked), \(me.band)\n"
      } else {
        out += "  Composite index: no data (data for \(pct(me.coverage)) of the indicators; 67 % needed)\n"
      }
    }
    out += "\n7. Forecast (linear trend, 80 % interval)\n"
    for f in r.forecasts.filter({ $0.series.hasPrefix("demand") && !$0.forecast.isEmpty }).prefix(6) {
      if let next = f.forecast.first {
        out +=
          "  - \(f.series): \(next.year) ≈ \(n(next.value.rounded())) [\(n(next.low.rounded()))–\(n(next.high.rounded()))]\n"
      }
    }
    out += "\n8. Data quality: \(r.quality.count) findings\n"
    for q in r.quality.prefix(8) {
      out += "  - [\(q.category)] \(q.kind) \(q.codes.joined(separator: " ")): \(q.message)\n"
    }
    if !r.swot.isEmpty {
      out += "\n9. SWOT\n"
      for s in r.swot { out += "  - \(s.category): \(s.text)\n" }
    }
    return out
  }

  // MARK: HTML

  static func esc(_ s: String) -> String {
    s.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;").replacing(
      "\"", with: "&quot;")
  }

  /// The dashboard's chart: demand against graduates per specialty, for one cluster.
  public static func balanceChart(_ overview: ClusterOverview) -> String {
    let rows = overview.needsVersusGraduates
    return barChart(
      title: "Demand and graduates, \(overview.name)", labels: rows.map { "\($0.specialty) \($0.name), \($0.region)" },
      series: [
        ("demand", "#c0392b", rows.map { Double($0.demand) }),
        ("graduates", "#2980b9", rows.map { Double($0.supply) }),
      ])
  }

  /// Grouped horizontal bars: for each label, one bar per series.
  static func barChart(
    title: String, labels: [String], series: [(name: String, color: String, values: [Double])]
  ) -> String {
    let rowHeight = 14 * series.count + 10
    let labelWidth = 260
    let width = 720
    let height = labels.count * rowHeight + 40
    let maximum = max(1, series.flatMap(\.values).max() ?? 1)
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(esc(title))\">"
    for (i, label) in labels.enumerated() {
      let y = 10 + i * rowHeight
      svg +=
        "<text x=\"\(labelWidth - 6)\" y=\"\(y + 12)\" text-anchor=\"end\" font-size=\"11\">\(esc(String(label.prefix(40))))</text>"
      for (k, s) in series.enumerated() {
        let v = i < s.values.count ? s.values[i] : 0
        let w = Int(Double(width - labelWidth - 60) * v / maximum)
        let by = y + k * 14
        svg += "<rect x=\"\(labelWidth)\" y=\"\(by)\" width=\"\(max(w, 0))\" height=\"12\" fill=\"\(s.color)\"/>"
        svg += "<text x=\"\(labelWidth + w + 4)\" y=\"\(by + 10)\" font-size=\"10\">\(n(v.rounded()))</text>"
      }
    }
    var lx = labelWidth
    for s in series {
      svg +=
        "<rect x=\"\(lx)\" y=\"\(height - 18)\" width=\"10\" height=\"10\" fill=\"\(s.color)\"/><text x=\"\(lx + 14)\" y=\"\(height - 9)\" font-size=\"11\">\(esc(s.name))</text>"
      lx += 110
    }
    return svg + "</svg>"
  }

  /// Lines over years, values 0–1 (rates).
  static func lineChart(
    title: String, years: [Int], series: [(name: String, color: String, values: [Double?])]
  ) -> String {
    let width = 720
    let height = 260
    let left = 50
    let right = 170
    let top = 20
    let bottom = 30
    let plotW = width - left - right
    let plotH = height - top - bottom
    func x(_ i: Int) -> Int { left + (years.count > 1 ? i * plotW / (years.count - 1) : plotW / 2) }
    func y(_ v: Double) -> Int { top + Int(Double(plotH) * (1 - min(1, max(0, v)))) }
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(esc(title))\">"
    for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
      svg += "<line x1=\"\(left)\" x2=\"\(left + plotW)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" stroke=\"#ddd\"/>"
      svg += "<text x=\"\(left - 6)\" y=\"\(y(tick) + 4)\" text-anchor=\"end\" font-size=\"10\">\(pct(tick))</text>"
    }
    for (i, year) in years.enumerated() {
      svg += "<text x=\"\(x(i))\" y=\"\(height - 10)\" text-anchor=\"middle\" font-size=\"10\">\(year)</text>"
    }
    for (k, s) in series.enumerated() {
      let points = s.values.enumerated().compactMap { i, v in v.map { "\(x(i)),\(y($0))" } }
      if points.count > 1 {
        svg +=
          "<polyline fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
      }
      for p in points {
        let xy = p.split(separator: ",")
        svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3\" fill=\"\(s.color)\"/>"
      }
      svg += "<rect x=\"\(left + plotW + 12)\" y=\"\(top + k * 18)\" width=\"10\" height=\"10\" fill=\"\(s.color)\"/>"
      svg += "<text x=\"\(left + plotW + 26)\" y=\"\(top + k * 18 + 9)\" font-size=\"11\">\(esc(s.name))</text>"
    }
    return svg + "</svg>"
  }

  public static func html(_ r: ClusterReport) -> String {
    func table(_ header: [String], _ rows: [[String]]) -> String {
      "<table><thead><tr>" + header.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>"
        + rows.map { "<tr>" + $0.map { "<td>\(esc($0))</td>" }.joined() + "</tr>" }.joined() + "</tbody></table>"
    }
    var body =
      "<h1>\(esc(r.cluster.name))</h1><p class=\"sub\">Cluster report \(r.year) · \(esc(r.cluster.code)) · region \(esc(r.cluster.region)) · as of \(r.generatedOn)</p>"
    if let mission = r.cluster.mission { body += "<p>\(esc(mission))</p>" }
    if let o = r.overview {
      body += "<div class=\"cards\">"
      for (label, value) in [
        ("members", o.membersByKind.values.reduce(0, +)), ("programs", o.programs), ("students", o.students),
        ("teachers", o.teachers), ("projects", o.projects),
      ] {
        body += "<div class=\"card\"><b>\(value)</b><span>\(label)</span></div>"
      }
      body += "</div>"
    }
    // 1. Supply and demand.
    let bySpecialty = Dictionary(grouping: r.gaps, by: \.specialtyName).sorted { $0.key < $1.key }
    body += "<h2>1. Graduates against employers' demand, \(r.year)</h2>"
    body += barChart(
      title: "Supply and demand by specialty", labels: bySpecialty.map(\.key),
      series: [
        ("demand", "#d9534f", bySpecialty.map { Double($0.value.reduce(0) { $0 + $1.demand }) }),
        ("graduates", "#337ab7", bySpecialty.map { $0.value.reduce(0) { $0 + $1.supply } }),
      ])
    body += table(
      ["specialty", "region", "demand", "graduates", "gap", "status"],
      r.gaps.map { [$0.specialtyName, $0.region, String($0.demand), n($0.supply), n($0.gap), $0.status.rawValue] })
    if !r.recommendations.isEmpty {
      body += "<h3>Recommendations</h3><ul>" + r.recommendations.map { "<li>\(esc($0.text))</li>" }.joined() + "</ul>"
    }
    // 2. Curriculum.
    body +=
      "<h2>2. Curriculum update list</h2><p>Competencies the cluster's programs teach below what employers require, weighted by the people demanded.</p>"
    body += table(
      ["competency", "name", "people", "max level"],
      r.curriculum.map { [$0.competency, $0.name, String($0.people), String($0.maxLevel)] })
    // 3. Matching.
    let m = r.matching
    body +=
      "<h2>3. Placement matching</h2><p>\(m.matched) of \(m.students) students placed in \(m.places) places at \(m.placements) placements — student-optimal stable matching, verified \(m.stable ? "stable (no blocking pair, capacities respected)" : "NOT stable").</p>"
    body += barChart(
      title: "Rank distribution", labels: m.rankDistribution.indices.map { "choice \($0 + 1)" },
      series: [("students", "#5cb85c", m.rankDistribution.map(Double.init))])
    if !m.unfilled.isEmpty {
      body += "<p>Unfilled places — the same in every stable matching (rural hospitals theorem):</p>"
      body += table(
        ["placement", "free", "why"], m.unfilled.map { [$0.placement, String($0.free), Rendering.words($0.reason)] })
    }
    // 4–5.
    body +=
      "<h2>4. Pathways</h2><p>\(r.pathways.edges.count) onward paths between \(r.pathways.programs.count) programs. Leading nowhere: \(esc(r.pathways.deadEnds.isEmpty ? "none" : r.pathways.deadEnds.joined(separator: ", "))).</p>"
    body += "<h2>5. Teachers due for qualification</h2>"
    body += table(
      ["teacher", "organization", "status", "gaps", "courses"],
      r.development.plans.map {
        [
          $0.teacher, $0.organization, Rendering.words($0.status), String($0.gaps.count),
          $0.courses.joined(separator: ", "),
        ]
      })
    // 6. Indicators.
    body += "<h2>6. Indicators</h2>"
    let years = Array(Set(r.indicators.map(\.year))).sorted()
    let rates = [
      "graduate_employment", "employment_in_cluster", "demand_coverage", "teacher_currency", "placement_coverage",
    ]
    let colors = ["#337ab7", "#5cb85c", "#d9534f", "#f0ad4e", "#8e44ad"]
    body += lineChart(
      title: "Indicator trends", years: years,
      series: rates.enumerated().map { i, key in
        (
          key.replacing("_", with: " "), colors[i % colors.count],
          years.map { y in r.indicators.first { $0.year == y }?.values[key] ?? nil }
        )
      })
    if let current = r.indicators.first(where: { $0.year == r.year }) {
      body += table(
        ["indicator", "value"],
        IndicatorCatalog.definitions.compactMap { d in
          guard let v = current.values[d.key] ?? nil else { return nil }
          let shown =
            ["active_agreements", "innovation_outputs"].contains(d.key)
            ? n(v) : (d.key == "funding" ? n(v / 100) + " UZS" : pct(v))
          return [d.meaning, shown]
        })
    }
    body += table(
      ["rank", "cluster", "index", "band"],
      r.ranking.map {
        [
          $0.rank.map(String.init) ?? "—", $0.name, $0.composite.map { String(format: "%.2f", $0) } ?? "no data",
          $0.band.replacing("_", with: " "),
        ]
      })
    // 7–9.
    body += "<h2>7. Forecast</h2>"
    body += table(
      ["series", "next year", "80 % interval"],
      r.forecasts.compactMap { f in
        guard let next = f.forecast.first else { return [f.series, "—", f.note ?? ""] }
        return [
          f.series, "\(next.year): \(n(next.value.rounded()))", "\(n(next.low.rounded()))–\(n(next.high.rounded()))",
        ]
      })
    body += "<h2>8. Data quality</h2>"
    body += table(
      ["category", "kind", "codes", "finding"],
      r.quality.map { [$0.category, $0.kind, $0.codes.joined(separator: " "), $0.message] })
    if !r.swot.isEmpty {
      body += "<h2>9. SWOT</h2>" + table(["category", "item"], r.swot.map { [$0.category.rawValue, $0.text] })
    }
    let style = """
      body{font-family:Helvetica,Arial,sans-serif;max-width:900px;margin:2em auto;color:#222;line-height:1.4}
      h1{margin-bottom:0}.sub{color:#666;margin-top:.2em}h2{border-bottom:2px solid #337ab7;padding-bottom:.2em;margin-top:1.6em}
      table{border-collapse:collapse;margin:.8em 0;font-size:13px;width:100%}th,td{border:1px solid #ddd;padding:4px 6px;text-align:left}
      th{background:#f3f6fa}.cards{display:flex;gap:12px;margin:1em 0}.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;text-align:center}
      .card b{display:block;font-size:22px}.card span{color:#666;font-size:12px}svg{display:block;margin:.6em 0}
      """
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>\(esc(r.cluster.name)) — \(r.year)</title>
      <style>\(style)</style></head><body>\(body)<p class="sub">Generated by EduCluster.</p></body></html>

      """
  }
}
