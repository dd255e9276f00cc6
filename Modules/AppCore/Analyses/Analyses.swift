import Analytics
import Domain
import Foundation
import SQLiteStore

/// The analyses of SPEC §3, loaded from the store and computed by the `Analytics` module.
/// Every one is reachable from every frontend through these methods.
extension EduCluster {
  /// Today's date (UTC), or `$EDUCLUSTER_TODAY` (YYYY-MM-DD) when set: every date-dependent
  /// default — `--on`, the demo's academic year — follows it, for reproducible runs and what-ifs.
  public static var today: Day {
    if let pinned = ProcessInfo.processInfo.environment["EDUCLUSTER_TODAY"], let day = Day(iso: pinned) { return day }
    let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: Date())
    return Day(year: c.year ?? 2026, month: c.month ?? 1, day: c.day ?? 1) ?? Day.endOf(year: c.year ?? 2026)
  }

  /// The active member organizations of a cluster (nil for no cluster). Unknown codes are an error.
  func members(of cluster: String?) throws(AppError) -> Set<String>? {
    guard let cluster else { return nil }
    _ = try show(.cluster, code: cluster)
    return Set(try all(Membership.self).filter { $0.cluster == cluster && $0.isActive }.map(\.organization))
  }

  func lookup() throws(AppError) -> Lookup {
    Lookup(
      organizations: try all(Organization.self), regions: try all(Region.self), programs: try all(Program.self),
      specialties: try all(Specialty.self), occupations: try all(Occupation.self),
      competencies: try all(Competency.self))
  }

  /// The latest year with recorded graduates, else the current year.
  public func defaultYear() throws(AppError) -> Int {
    try all(Cohort.self).filter { $0.graduated != nil }.map(\.year).max() ?? EduCluster.today.year
  }

  // MARK: gap

  /// `on`: the run's day (default today) — years before it without recorded cohorts are
  /// "no data", later ones are projected from intake. An `onYear` already in `options` wins.
  public func gap(
    options: GapOptions = GapOptions(), cluster: String? = nil, on day: Day? = nil
  ) throws(AppError) -> GapAnalysis {
    var options = options
    if options.onYear == nil { options.onYear = (day ?? EduCluster.today).year }
    let members = try members(of: cluster)
    if let region = options.region { _ = try show(.region, code: region) }
    if let specialty = options.specialty { _ = try show(.specialty, code: specialty) }
    return SupplyDemand.analyze(
      programs: try all(Program.self), cohorts: try all(Cohort.self), needs: try all(PersonnelNeed.self),
      lookup: try lookup(), options: options, members: members)
  }

  // MARK: align

  /// Programs against needs and placements of the same specialty — and of the same region when
  /// scoped to a cluster or asked (`byRegion`); the `limit` best pairs are kept.
  public func align(
    cluster: String? = nil, year: Int? = nil, byRegion: Bool? = nil, limit: Int = 500
  ) throws(AppError)
    -> AlignmentAnalysis
  {
    let members = try members(of: cluster)
    let keep = { (org: String) in members?.contains(org) ?? true }
    return Alignment.analyze(
      programs: try all(Program.self).filter { keep($0.organization) },
      needs: try all(PersonnelNeed.self).filter { keep($0.organization) },
      placements: try all(Placement.self).filter { keep($0.organization) }, lookup: try lookup(), year: year,
      includeRegion: byRegion ?? (cluster != nil), limit: limit)
  }

  // MARK: continuity

  public func continuity(lower: String, higher: String) throws(AppError) -> ContinuityResult {
    guard let v = try show(.program, code: lower) as? Program, let h = try show(.program, code: higher) as? Program
    else {
      throw AppError(.notFound, "no such program")
    }
    return Continuity.compare(lower: v, higher: h)
  }

  public func pathways(cluster: String? = nil, minimumCoverage: Double = 0.6) throws(AppError) -> PathwayGraph {
    let members = try members(of: cluster)
    let programs = try all(Program.self).filter { members?.contains($0.organization) ?? true }
    return Continuity.pathways(programs: programs, lookup: try lookup(), minimumCoverage: minimumCoverage)
  }

  // MARK: recommend

  public func recommend(
    for organization: String, year: Int? = nil, on day: Day? = nil, limit: Int = 10
  ) throws(AppError)
    -> [PartnerSuggestion]
  {
    guard let org = try show(.organization, code: organization) as? Organization else {
      throw AppError(.notFound, "no organization with code '\(organization)'")
    }
    if !org.kind.isEducational && !org.kind.isEmployer {
      throw AppError(
        .invalid, "\(organization) is a \(org.kind.rawValue): recommendations are for institutions and enterprises")
    }
    return PartnerRecommendation.recommend(
      for: organization, organizations: try all(Organization.self), programs: try all(Program.self),
      needs: try all(PersonnelNeed.self), agreements: try all(Agreement.self), lookup: try lookup(),
      on: day ?? EduCluster.today, year: year, limit: limit)
  }

  // MARK: pd

  public func pd(
    cluster: String? = nil, on day: Day? = nil, options: PDOptions = PDOptions()
  ) throws(AppError)
    -> PDAnalysis
  {
    let members = try members(of: cluster)
    return TeacherDevelopment.plan(
      teachers: try all(Teacher.self).filter { members?.contains($0.organization) ?? true },
      programs: try all(Program.self), courses: try all(Course.self), trainings: try all(TrainingRecord.self),
      on: day ?? EduCluster.today, options: options)
  }

  // MARK: forecast

  /// Projections start at `on`'s year (default today's); series not reported since before the
  /// previous year are not projected.
  public func forecast(
    cluster: String? = nil, options: GapOptions = GapOptions(), horizon: Int = 3, on day: Day? = nil
  ) throws(AppError)
    -> [TrendForecast]
  {
    var options = options
    if options.onYear == nil { options.onYear = (day ?? EduCluster.today).year }
    if let region = options.region { _ = try show(.region, code: region) }
    if let specialty = options.specialty { _ = try show(.specialty, code: specialty) }
    let members = try members(of: cluster)
    return PersonnelForecast.analyze(
      programs: try all(Program.self), cohorts: try all(Cohort.self), needs: try all(PersonnelNeed.self),
      lookup: try lookup(), options: options, members: members, horizon: horizon)
  }

  // MARK: indicators and rank

  func indicatorInputs() throws(AppError) -> IndicatorInputs {
    var inputs = IndicatorInputs(
      organizations: try all(Organization.self), clusters: try all(Cluster.self), memberships: try all(Membership.self),
      programs: try all(Program.self), cohorts: try all(Cohort.self), needs: try all(PersonnelNeed.self),
      placements: try all(Placement.self),
      seekingByProgram: try mapped { try store.studentsWithPreferencesByProgram() }, teachers: try all(Teacher.self),
      agreements: try all(Agreement.self), projects: try all(Project.self), lookup: try lookup())
    inputs.trainings = try all(TrainingRecord.self)
    inputs.courses = try all(Course.self)
    return inputs
  }

  /// Indicators per cluster (`institutions` false) or per educational institution, for a year.
  public func indicators(
    year: Int? = nil, institutions: Bool = false, cluster: String? = nil
  ) throws(AppError)
    -> [IndicatorSet]
  {
    var chosen = 0
    if let year { chosen = year } else { chosen = try defaultYear() }
    let members = try members(of: cluster)
    let inputs = try indicatorInputs()
    if institutions { return Indicators.institutions(year: chosen, inputs: inputs, within: members) }
    return Indicators.clusters(year: chosen, inputs: inputs).filter { cluster == nil || $0.entity == cluster }
  }

  /// Indicators for each of several years (the report's trend).
  public func indicatorHistory(years: [Int], cluster: String? = nil) throws(AppError) -> [IndicatorSet] {
    let inputs = try indicatorInputs()
    return years.flatMap { y in
      Indicators.clusters(year: y, inputs: inputs).filter { cluster == nil || $0.entity == cluster }
    }
  }

  /// Indicator weights from `key=value` pairs (`graduate_employment=2`), as `--weight` and the
  /// API's `weights` give them; nil when a pair is not a key, `=` and a finite number ≥ 0.
  /// Unknown keys are refused by `rank`, which names the indicators.
  public static func rankWeights(_ pairs: some Sequence<some StringProtocol>) -> [String: Double]? {
    var weights = [String: Double]()
    for pair in pairs {
      let parts = String(pair).split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let w = Double(parts[1]), w.isFinite, w >= 0 else { return nil }
      weights[parts[0]] = w
    }
    return weights
  }

  public func rank(
    year: Int? = nil, institutions: Bool = false, cluster: String? = nil, weights: [String: Double] = [:]
  )
    throws(AppError) -> [RankedEntity]
  {
    let known = Set(IndicatorCatalog.definitions.map(\.key))
    for key in weights.keys where !known.contains(key) {
      throw AppError(.invalid, "unknown indicator '\(key)' (indicators: \(known.sorted().joined(separator: ", ")))")
    }
    return Indicators.rank(try indicators(year: year, institutions: institutions, cluster: cluster), weights: weights)
  }

  // MARK: quality

  /// `names`: quote people's names in the findings (personal data; the CLI does, the API only
  /// for roles that may read names).
  public func quality(on day: Day? = nil, names: Bool = true) throws(AppError) -> [QualityFinding] {
    // Students are read as name keys only: a national registry has a million.
    var people = [PersonKey]()
    try mapped {
      try store.studentNameKeys { code, name, region, year in
        people.append(PersonKey(code: code, name: name, region: region, cohortYear: year))
      }
    }
    return DataQuality.check(
      organizations: try all(Organization.self), students: people, teachers: try all(Teacher.self),
      programs: try all(Program.self), cohorts: try all(Cohort.self), needs: try all(PersonnelNeed.self),
      agreements: try all(Agreement.self), memberships: try all(Membership.self), on: day ?? EduCluster.today,
      names: names)
  }
}
