import Analytics
import AppCore
import Domain
import Foundation

/// What the HTML report shows, section by section, as text and chart geometry; the page
/// itself is `Templates/report.mustache`.
struct ReportPage: Sendable {
  struct Card: Sendable { var value: Int; var label: String }

  var name, code, region, generatedOn, style: String
  var year: Int
  var mission: String?
  var cards: [Card] = []
  var hasCards: Bool { !cards.isEmpty }
  var supplyChart: BarChart
  var gaps: PageTable
  var recommendations: [String]
  var hasRecommendations: Bool { !recommendations.isEmpty }
  var curriculum: PageTable
  var matching: String
  var rankChart: BarChart
  var unfilled: PageTable?
  var pathways: String
  var development: PageTable
  var indicatorChart: LineChart
  var indicatorValues: PageTable?
  var ranking: PageTable
  var forecast: PageTable
  var quality: PageTable
  var swot: PageTable?

  init(_ r: ClusterReport) {
    let n = Formats.count
    (name, code, region, generatedOn, year) = (
      r.cluster.name, r.cluster.code, r.cluster.region, "\(r.generatedOn)", r.year
    )
    style = PageTemplates.reportStylesheet
    mission = r.cluster.mission
    if let o = r.overview {
      cards = [
        ("members", o.membersByKind.values.reduce(0, +)), ("programs", o.programs), ("students", o.students),
        ("teachers", o.teachers), ("projects", o.projects),
      ].map { Card(value: $0.1, label: $0.0) }
    }
    let bySpecialty = Dictionary(grouping: r.gaps, by: \.specialtyName).sorted { $0.key < $1.key }
    supplyChart = BarChart(
      title: "Supply and demand by specialty", labels: bySpecialty.map(\.key),
      series: [
        ("demand", "#d9534f", bySpecialty.map { Double($0.value.reduce(0) { $0 + $1.demand }) }),
        ("graduates", "#337ab7", bySpecialty.map { $0.value.reduce(0) { $0 + $1.supply } }),
      ])
    gaps = PageTable(
      ["specialty", "region", "demand", "graduates", "gap", "status"],
      r.gaps.map { [$0.specialtyName, $0.region, String($0.demand), n($0.supply), n($0.gap), $0.status.rawValue] })
    recommendations = r.recommendations.map(\.text)
    curriculum = PageTable(
      ["competency", "name", "people", "max level"],
      r.curriculum.map { [$0.competency, $0.name, String($0.people), String($0.maxLevel)] })
    let m = r.matching
    matching =
      "\(m.matched) of \(m.students) students placed in \(m.places) places at \(m.placements) placements — student-optimal stable matching, verified \(m.stable ? "stable (no blocking pair, capacities respected)" : "NOT stable")."
    rankChart = BarChart(
      title: "Rank distribution", labels: m.rankDistribution.indices.map { "choice \($0 + 1)" },
      series: [("students", "#5cb85c", m.rankDistribution.map(Double.init))])
    unfilled =
      m.unfilled.isEmpty
      ? nil
      : PageTable(
        ["placement", "free", "why"], m.unfilled.map { [$0.placement, String($0.free), Rendering.words($0.reason)] })
    let deadEnds = r.pathways.deadEnds.isEmpty ? "none" : r.pathways.deadEnds.joined(separator: ", ")
    pathways =
      "\(r.pathways.edges.count) onward paths between \(r.pathways.programs.count) programs. Leading nowhere: \(deadEnds)."
    development = PageTable(
      ["teacher", "organization", "status", "gaps", "courses"],
      r.development.plans.map {
        [
          $0.teacher, $0.organization, Rendering.words($0.status), String($0.gaps.count),
          $0.courses.joined(separator: ", "),
        ]
      })
    indicatorChart = Self.trends(r)
    indicatorValues = Self.indicatorTable(r)
    ranking = PageTable(
      ["rank", "cluster", "index", "band"],
      r.ranking.map {
        [
          $0.rank.map(String.init) ?? "—", $0.name, $0.composite.map { String(format: "%.2f", $0) } ?? "no data",
          $0.band.words,
        ]
      })
    forecast = PageTable(
      ["series", "next year", "80 % interval"],
      r.forecasts.map { f in
        guard let next = f.forecast.first else { return [f.series, "—", f.note ?? ""] }
        return [
          f.series, "\(next.year): \(n(next.value.rounded()))", "\(n(next.low.rounded()))–\(n(next.high.rounded()))",
        ]
      })
    quality = PageTable(
      ["category", "kind", "codes", "finding"],
      r.quality.map { [$0.category, $0.kind, $0.codes.joined(separator: " "), $0.message] })
    swot = r.swot.isEmpty ? nil : PageTable(["category", "item"], r.swot.map { [$0.category.rawValue, $0.text] })
  }

  static func trends(_ r: ClusterReport) -> LineChart {
    let years = Array(Set(r.indicators.map(\.year))).sorted()
    let rates = [
      "graduate_employment", "employment_in_cluster", "demand_coverage", "teacher_currency", "placement_coverage",
    ]
    let colors = ["#337ab7", "#5cb85c", "#d9534f", "#f0ad4e", "#8e44ad"]
    return LineChart(
      title: "Indicator trends", years: years,
      series: rates.enumerated().map { i, key in
        (
          key.replacing("_", with: " "), colors[i % colors.count],
          years.map { y in r.indicators.first { $0.year == y }?.values[key] ?? nil }
        )
      })
  }

  static func indicatorTable(_ r: ClusterReport) -> PageTable? {
    guard let current = r.indicators.first(where: { $0.year == r.year }) else { return nil }
    return PageTable(
      ["indicator", "value"],
      IndicatorCatalog.definitions.compactMap { d in
        guard let v = current.values[d.key] ?? nil else { return nil }
        let shown =
          ["active_agreements", "innovation_outputs"].contains(d.key)
          ? Formats.count(v) : (d.key == "funding" ? Formats.count(v / 100) + " UZS" : Formats.percent(v))
        return [d.meaning, shown]
      })
  }
}
