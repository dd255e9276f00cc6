import Analytics
import Domain
import Foundation
import Localization

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
  /// `names`: quote people's names in the data-quality findings (see `QualityRequest.names`).
  public func report(
    cluster code: String, year: Int? = nil, on day: Day? = nil, names: Bool = true
  ) throws(AppError)
    -> ClusterReport
  {
    try readingOnce().composeReport(cluster: code, year: year, on: day, names: names)
  }

  func composeReport(cluster code: String, year: Int?, on day: Day?, names: Bool) throws(AppError) -> ClusterReport {
    guard let cluster = try show(.cluster, code: code) as? Cluster else {
      throw AppError(.notFound, tr("no cluster with code '\(code)'"))
    }
    // Everything the report's analyses read, once and on both cores.
    prefetch(
      [
        PersonnelNeed.self, Cohort.self, Placement.self, Teacher.self, Agreement.self, Project.self, Membership.self,
        Cluster.self, TrainingRecord.self, Course.self, SwotItem.self,
      ], lookup: true)
    var chosen = 0
    if let year { chosen = year } else { chosen = try defaultYear() }
    let day = day ?? EduCluster.today
    var options = GapOptions()
    options.fromYear = chosen
    options.toYear = chosen
    var matchOptions = MatchOptions()
    matchOptions.cluster = code
    matchOptions.save = false
    matchOptions.on = day
    let years = Array((chosen - 4)...chosen)
    let members = try members(of: code) ?? []
    let (db, gapOptions, matching, reportYear) = (self, options, matchOptions, chosen)
    // The analyses in two halves, one on each core: each reads the lists prefetched above.
    let (first, second) = try inParallel(
      { () throws(AppError) in
        let gap = try db.gap(GapRequest(options: gapOptions, cluster: code, on: day))
        // Data quality of what the cluster's members own (students are checked by `quality`).
        let memberPrograms = try db.all(Program.self).filter { members.contains($0.organization) }
        let programCodes = Set(memberPrograms.map(\.code))
        let quality = DataQuality.check(
          organizations: try db.all(Organization.self).filter { members.contains($0.code) }, students: [],
          teachers: try db.all(Teacher.self).filter { members.contains($0.organization) }, programs: memberPrograms,
          cohorts: try db.all(Cohort.self).filter { programCodes.contains($0.program) },
          needs: try db.all(PersonnelNeed.self).filter { members.contains($0.organization) },
          agreements: try db.all(Agreement.self).filter {
            members.contains($0.provider) || members.contains($0.customer)
          },
          memberships: try db.all(Membership.self).filter { $0.cluster == code }, on: day, names: names)
        return (
          gap: gap, quality: quality, overview: try db.overview(on: day, only: code).first,
          curriculum: Array(try db.align(AlignRequest(cluster: code, year: reportYear)).clusterUpdates.prefix(12)),
          pathways: try db.pathways(PathwaysRequest(cluster: code)),
          indicators: try db.indicatorHistory(years: years, cluster: code)
        )
      },
      { () throws(AppError) in
        (
          matching: try db.match(matching), development: try db.pd(PDRequest(cluster: code, on: day)),
          forecasts: try db.forecast(ForecastRequest(cluster: code, on: day)),
          ranking: try db.rank(IndicatorRequest(year: reportYear))
        )
      })
    return ClusterReport(
      cluster: cluster, year: chosen, generatedOn: day, overview: first.overview,
      gaps: first.gap.rows, recommendations: first.gap.recommendations, curriculum: first.curriculum,
      matching: second.matching, pathways: first.pathways, development: second.development,
      forecasts: second.forecasts, indicators: first.indicators, ranking: second.ranking,
      quality: first.quality, swot: try all(SwotItem.self).filter { $0.cluster == code })
  }
}

/// The report as plain text and as one self-contained HTML file with SVG charts.
