import Analytics
import Domain
import Foundation
import Localization
import Storage

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

  /// The lists `lookup()` reads.
  static let lookupTypes: [any Entity.Type] = [
    Program.self, Organization.self, Competency.self, Region.self, Specialty.self, Occupation.self,
  ]

  /// Built once per reading copy (the report's analyses each ask for it): its dictionaries
  /// over 20,000 programs and 12,000 organizations cost more than the lists they index.
  func lookup() throws(AppError) -> Lookup {
    try remembered("lookup") {
      Lookup(
        organizations: try all(Organization.self), regions: try all(Region.self), programs: try all(Program.self),
        specialties: try all(Specialty.self), occupations: try all(Occupation.self),
        competencies: try all(Competency.self))
    }
  }

  /// The latest year with recorded graduates, else the current year.
  public func defaultYear() throws(AppError) -> Int {
    try all(Cohort.self).filter { $0.graduated != nil }.map(\.year).max() ?? EduCluster.today.year
  }

  // MARK: gap

  /// `on`: the run's day (default today) — years before it without recorded cohorts are
  /// "no data", later ones are projected from intake. An `onYear` already in `options` wins.
  public func gap(_ request: GapRequest = GapRequest()) throws(AppError) -> GapAnalysis {
    let db = readingOnce()
    db.prefetch([PersonnelNeed.self, Cohort.self], lookup: true)
    try request.validate()
    var options = request.options
    if options.onYear == nil { options.onYear = (request.on ?? EduCluster.today).year }
    let members = try db.members(of: request.cluster)
    if let region = options.region { _ = try show(.region, code: region) }
    if let specialty = options.specialty { _ = try show(.specialty, code: specialty) }
    var programs = try db.all(Program.self)
    if !request.intakes.isEmpty {
      programs = programs.map { p in
        guard let intake = request.intakes[p.code] else { return p }
        var changed = p
        changed.annualIntake = intake
        return changed
      }
    }
    return SupplyDemand.analyze(
      programs: programs, cohorts: try db.all(Cohort.self), needs: try db.all(PersonnelNeed.self),
      lookup: try db.lookup(), options: options, members: members)
  }

  /// The gap with programs' annual intake changed beside the gap as the registry stands, and
  /// every specialty × region × year whose supply or status changes (nothing is written).
  /// Intakes are whole numbers from 0, of programs that exist.
  public func gapWhatIf(_ request: GapRequest, intakes: [String: Int]) throws(AppError) -> GapWhatIf {
    var current = [String: Int?]()
    for (code, intake) in intakes.sorted(by: { $0.key < $1.key }) {
      guard intake >= 0 else {
        throw AppError(.invalid, tr("intake of \(code) must be 0 or more (got \(intake))"), fields: ["annual_intake"])
      }
      guard let program = try show(.program, code: code) as? Program else {
        throw AppError(.notFound, StoreError.notFound(.program, code: code).message)
      }
      current[code] = program.annualIntake
    }
    var base = request
    base.intakes = [:]
    var changed = request
    changed.intakes = intakes
    let before = try gap(base)
    let after = try gap(changed)
    func key(_ r: GapRow) -> String { "\(r.specialty)|\(r.region)|\(r.year)" }
    let was = Dictionary(before.rows.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
    let changes = after.rows.compactMap { row -> GapWhatIf.Change? in
      let old = was[key(row)]
      guard old?.supply != row.supply || old?.status != row.status else { return nil }
      return GapWhatIf.Change(before: old, after: row)
    }
    return GapWhatIf(before: before, after: after, changes: changes, current: current)
  }

  // MARK: align

  /// Programs against needs and placements of the same specialty — and of the same region when
  /// scoped to a cluster or asked (`byRegion`); the `limit` best pairs are kept.
  public func align(_ request: AlignRequest = AlignRequest()) throws(AppError) -> AlignmentAnalysis {
    let db = readingOnce()
    db.prefetch([PersonnelNeed.self, Placement.self], lookup: true)
    try request.validate()
    let members = try db.members(of: request.cluster)
    let keep = { (org: String) in members?.contains(org) ?? true }
    return Alignment.analyze(
      programs: try db.all(Program.self).filter { keep($0.organization) },
      needs: try db.all(PersonnelNeed.self).filter { keep($0.organization) },
      placements: try db.all(Placement.self).filter { keep($0.organization) }, lookup: try db.lookup(),
      year: request.year,
      includeRegion: request.byRegion ?? (request.cluster != nil), limit: request.limit)
  }

  // MARK: continuity

  public func continuity(lower: String, higher: String) throws(AppError) -> ContinuityResult {
    guard let v = try show(.program, code: lower) as? Program, let h = try show(.program, code: higher) as? Program
    else {
      throw AppError(.notFound, tr("no such program"))
    }
    return Continuity.compare(lower: v, higher: h)
  }

  public func pathways(_ request: PathwaysRequest = PathwaysRequest()) throws(AppError) -> PathwayGraph {
    let db = readingOnce()
    db.prefetch([], lookup: true)
    try request.validate()
    let members = try db.members(of: request.cluster)
    let programs = try db.all(Program.self).filter { members?.contains($0.organization) ?? true }
    return Continuity.pathways(programs: programs, lookup: try db.lookup(), minimumCoverage: request.minimumCoverage)
  }

  // MARK: recommend

  public func recommend(_ request: RecommendRequest) throws(AppError) -> [PartnerSuggestion] {
    let db = readingOnce()
    db.prefetch([PersonnelNeed.self, Agreement.self], lookup: true)
    try request.validate()
    let organization = request.organization
    guard let org = try show(.organization, code: organization) as? Organization else {
      throw AppError(.notFound, tr("no organization with code '\(organization)'"))
    }
    if !org.kind.isEducational && !org.kind.isEmployer {
      throw AppError(
        .invalid, tr("\(organization) is a \(org.kind.rawValue): recommendations are for institutions and enterprises"))
    }
    return PartnerRecommendation.recommend(
      for: organization, organizations: try db.all(Organization.self), programs: try db.all(Program.self),
      needs: try db.all(PersonnelNeed.self), agreements: try db.all(Agreement.self), lookup: try db.lookup(),
      on: request.on ?? EduCluster.today, year: request.year, limit: request.limit)
  }

  // MARK: pd

  public func pd(_ request: PDRequest = PDRequest()) throws(AppError) -> PDAnalysis {
    let db = readingOnce()
    db.prefetch([Teacher.self, Program.self, TrainingRecord.self, Course.self])
    try request.validate()
    let members = try db.members(of: request.cluster)
    return TeacherDevelopment.plan(
      teachers: try db.all(Teacher.self).filter { members?.contains($0.organization) ?? true },
      programs: try db.all(Program.self), courses: try db.all(Course.self), trainings: try db.all(TrainingRecord.self),
      on: request.on ?? EduCluster.today, options: request.options)
  }

  // MARK: forecast

  /// Projections start at `on`'s year (default today's); series not reported since before the
  /// previous year are not projected.
  public func forecast(_ request: ForecastRequest = ForecastRequest()) throws(AppError) -> [TrendForecast] {
    let db = readingOnce()
    db.prefetch([PersonnelNeed.self, Cohort.self, Membership.self], lookup: true)
    try request.validate()
    var options = GapOptions()
    options.region = request.region
    options.specialty = request.specialty
    options.onYear = (request.on ?? EduCluster.today).year
    if let region = options.region { _ = try show(.region, code: region) }
    if let specialty = options.specialty { _ = try show(.specialty, code: specialty) }
    let members = try db.members(of: request.cluster)
    return PersonnelForecast.analyze(
      programs: try db.all(Program.self), cohorts: try db.all(Cohort.self), needs: try db.all(PersonnelNeed.self),
      lookup: try db.lookup(), options: options, members: members, horizon: request.horizon)
  }

  // MARK: indicators and rank

  func indicatorInputs() throws(AppError) -> IndicatorInputs {
    prefetch(
      [
        PersonnelNeed.self, Cohort.self, Teacher.self, Agreement.self, Project.self, Membership.self, Cluster.self,
        TrainingRecord.self, Course.self,
      ], lookup: true,
      also: [
        { db in _ = try db.withoutLists(Placement.self) },
        { db in _ = try db.seekingByProgram() },
      ])
    var inputs = IndicatorInputs(
      organizations: try all(Organization.self), clusters: try all(Cluster.self), memberships: try all(Membership.self),
      programs: try all(Program.self), cohorts: try all(Cohort.self), needs: try all(PersonnelNeed.self),
      placements: try withoutLists(Placement.self),
      seekingByProgram: try seekingByProgram(), teachers: try all(Teacher.self),
      agreements: try all(Agreement.self), projects: try all(Project.self), lookup: try lookup())
    inputs.trainings = try all(TrainingRecord.self)
    inputs.courses = try all(Course.self)
    return inputs
  }

  func seekingByProgram() throws(AppError) -> [String: Int] {
    try remembered("students with preferences by program") { try store.studentsWithPreferencesByProgram() }
  }

  /// Indicators per cluster (`institutions` false) or per educational institution, for a year.
  public func indicators(_ request: IndicatorRequest = IndicatorRequest()) throws(AppError) -> [IndicatorSet] {
    let db = readingOnce()
    try request.validate()
    var chosen = 0
    if let year = request.year { chosen = year } else { chosen = try db.defaultYear() }
    let members = try db.members(of: request.cluster)
    let inputs = try db.indicatorInputs()
    if request.institutions { return Indicators.institutions(year: chosen, inputs: inputs, within: members) }
    // One cluster's indicators are its own: the others are not computed to be dropped.
    return Indicators.clusters(year: chosen, inputs: inputs, only: request.cluster)
  }

  /// Indicators for each of several years (the report's trend).
  public func indicatorHistory(years: [Int], cluster: String? = nil) throws(AppError) -> [IndicatorSet] {
    let db = readingOnce()
    let inputs = try db.indicatorInputs()
    return Indicators.clusters(years: years, inputs: inputs, only: cluster)
  }

  /// The composite index over the indicators, with `request.weights`.
  public func rank(_ request: IndicatorRequest = IndicatorRequest()) throws(AppError) -> [RankedEntity] {
    Indicators.rank(try indicators(request), weights: request.weights)
  }

  // MARK: quality

  public func quality(_ request: QualityRequest = QualityRequest()) throws(AppError) -> [QualityFinding] {
    let db = readingOnce()
    // Students are read as name keys, and kept as a hash and a code: a national registry has a
    // million. Only those sharing their group's hash with another can be duplicates; they are
    // read again (by code when few) and checked exactly.
    @Sendable func studentHashes(_ db: EduCluster) throws -> [(hash: UInt64, code: String)] {
      var hashes = [(hash: UInt64, code: String)]()
      try db.store.studentNameKeys { code, name, region, year in
        hashes.append(
          (DataQuality.groupHash(PersonKey(code: code, name: name, region: region, cohortYear: year)), code))
      }
      return hashes
    }
    // The students on one core, the lists the checks need on the other.
    let streamed = Handoff<[(hash: UInt64, code: String)]>()
    db.prefetch([
      { db in streamed.set(try studentHashes(db)) },
      { db in
        _ = try db.all(Teacher.self)
        _ = try db.all(Cohort.self)
        _ = try db.all(Organization.self)
      },
      { db in _ = try db.withoutLists(PersonnelNeed.self) }, { db in _ = try db.withoutLists(Program.self) },
      { db in _ = try db.all(Agreement.self) }, { db in _ = try db.all(Membership.self) },
    ])
    var hashes = [(hash: UInt64, code: String)]()
    if let done = streamed.take() { hashes = done } else { hashes = try mapped { try studentHashes(db) } }
    let candidates = DataQuality.sharingAGroupHash(hashes)
    hashes = []
    var people = [PersonKey]()
    if candidates.count <= 500 {
      for code in candidates {
        if let s = try db.show(.student, code: code) as? Student { people.append(PersonKey(s)) }
      }
    } else {
      let wanted = Set(candidates)
      try mapped {
        try db.store.studentNameKeys { code, name, region, year in
          if wanted.contains(code) {
            people.append(PersonKey(code: code, name: name, region: region, cohortYear: year))
          }
        }
      }
    }
    // Programs and needs without their lists, which the checks do not look at (300,000
    // requirement rows in a national registry).
    return DataQuality.check(
      organizations: try db.all(Organization.self), students: people, teachers: try db.all(Teacher.self),
      programs: try db.withoutLists(Program.self), cohorts: try db.all(Cohort.self),
      needs: try db.withoutLists(PersonnelNeed.self),
      agreements: try db.all(Agreement.self), memberships: try db.all(Membership.self),
      on: request.on ?? EduCluster.today,
      names: request.names)
  }
}
