import Domain
import Localization

/// SPEC §3's indicators for one entity (a cluster or an institution) and year. A nil value
/// means "no data" and is left out of the composite.
public struct IndicatorSet: Sendable, Hashable, Codable {
  public var entity: String
  public var name: String
  public var year: Int
  public var values: [String: Double?]

  public init(entity: String, name: String, year: Int, values: [String: Double?]) {
    self.entity = entity
    self.name = name
    self.year = year
    self.values = values
  }
}

/// The indicators, their meaning, and whether more is better.
public enum IndicatorCatalog {
  public static let definitions: [(key: String, meaning: Phrase)] = [
    ("graduate_employment", tr("employed ÷ graduated, cohorts of the year")),
    ("employment_in_cluster", tr("employed in the cluster ÷ employed")),
    ("demand_coverage", tr("Σ min(supply, demand) ÷ Σ demand over specialty × region")),
    ("placement_coverage", tr("places offered by member employers ÷ students seeking one (capped at 1)")),
    ("teacher_currency", tr("teachers qualified (or trained, passed) within 3 years ÷ teachers")),
    ("active_agreements", tr("agreements active on 31 December")),
    ("funding", tr("project budgets active in the year, minor units")),
    ("innovation_outputs", tr("implementations, patents and publications dated in the year")),
  ]

  /// An indicator's short name for people ("graduate employment").
  public static func title(_ key: String) -> Phrase {
    switch key {
    case "graduate_employment": tr("graduate employment")
    case "employment_in_cluster": tr("employment in cluster")
    case "demand_coverage": tr("demand coverage")
    case "placement_coverage": tr("placement coverage")
    case "teacher_currency": tr("teacher currency")
    case "active_agreements": tr("active agreements")
    case "funding": tr("funding")
    case "innovation_outputs": tr("innovation outputs")
    default: Phrase(verbatim: key.replacing("_", with: " "))
    }
  }
}

/// Where a composite index falls: green (≥ 2/3), yellow (≥ 1/3), red; no_data when the entity
/// has too little data to be ranked.
public enum RankBand: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
  case green, yellow, red, no_data

  /// The band of a composite index in 0…1.
  public init(composite x: Double) { self = x >= 2.0 / 3.0 ? .green : (x >= 1.0 / 3.0 ? .yellow : .red) }

  public var description: String { rawValue }
  /// For people: `no data`.
  public var words: String { rawValue.replacing("_", with: " ") }
}

public struct RankedEntity: Sendable, Hashable, Codable {
  public var entity: String
  public var name: String
  /// Nil when the entity has too little data to be ranked (coverage below `minimumCoverage`).
  public var composite: Double?
  public var rank: Int?
  public var band: RankBand
  /// The normalized (0–1) value of each indicator that had data.
  public var normalized: [String: Double]
  /// Share of the indicators that apply (that some entity has data for) this entity has data for.
  public var coverage: Double
}

/// What the indicators are computed from.
public struct IndicatorInputs: Sendable {
  public var organizations: [Organization]
  public var clusters: [Cluster]
  public var memberships: [Membership]
  public var programs: [Program]
  public var cohorts: [Cohort]
  public var needs: [PersonnelNeed]
  public var placements: [Placement]
  /// Students with at least one placement preference, per program code.
  public var seekingByProgram: [String: Int]
  public var teachers: [Teacher]
  /// Training records and courses: a counted training renews a teacher's qualification.
  public var trainings: [TrainingRecord] = []
  public var courses: [Course] = []
  public var agreements: [Agreement]
  public var projects: [Project]
  public var lookup: Lookup

  public init(
    organizations: [Organization], clusters: [Cluster], memberships: [Membership], programs: [Program],
    cohorts: [Cohort], needs: [PersonnelNeed], placements: [Placement], seekingByProgram: [String: Int],
    teachers: [Teacher],
    agreements: [Agreement], projects: [Project], lookup: Lookup
  ) {
    self.organizations = organizations
    self.clusters = clusters
    self.memberships = memberships
    self.programs = programs
    self.cohorts = cohorts
    self.needs = needs
    self.placements = placements
    self.seekingByProgram = seekingByProgram
    self.teachers = teachers
    self.agreements = agreements
    self.projects = projects
    self.lookup = lookup
  }
}

/// The inputs grouped once, so that each entity's indicators cost what it owns, not the registry.
struct IndicatorIndex {
  let programsByOrg: [String: [Program]]
  let cohortsByProgram: [String: [Cohort]]
  let teachersByOrg: [String: [Teacher]]
  let placementsByOrg: [String: [Placement]]
  let agreementsByOrg: [String: [Agreement]]
  let projectsByCluster: [String: [Project]]
  let projectsByOrg: [String: [Project]]
  /// Completion days of the trainings that count as qualification, per teacher.
  let trainingsByTeacher: [String: [Day]]

  /// The index of `inputs`; with `scope`, only of what belongs to those organizations (their
  /// programs and cohorts, teachers and trainings, placements, agreements and projects) — all
  /// `Indicators.compute` reads for units within the scope, at a cluster's share of the cost.
  init(_ inputs: IndicatorInputs, scope: Set<String>? = nil) {
    func kept(_ organization: String) -> Bool { scope?.contains(organization) ?? true }
    let programs = inputs.programs.filter { kept($0.organization) }
    let programCodes = scope == nil ? nil : Set(programs.map(\.code))
    let teachers = inputs.teachers.filter { kept($0.organization) }
    let teacherCodes = scope == nil ? nil : Set(teachers.map(\.code))
    let courses = Dictionary(inputs.courses.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    var trained = [String: [Day]]()
    for t in inputs.trainings
    where (teacherCodes?.contains(t.teacher) ?? true) && TeacherDevelopment.counts(t, course: courses[t.course]) {
      trained[t.teacher, default: []].append(t.completedOn)
    }
    trainingsByTeacher = trained
    programsByOrg = Dictionary(grouping: programs, by: \.organization)
    cohortsByProgram = Dictionary(
      grouping: inputs.cohorts.filter { programCodes?.contains($0.program) ?? true }, by: \.program)
    teachersByOrg = Dictionary(grouping: teachers, by: \.organization)
    placementsByOrg = Dictionary(grouping: inputs.placements.filter { kept($0.organization) }, by: \.organization)
    var agreements = [String: [Agreement]]()
    for a in inputs.agreements {
      if kept(a.provider) { agreements[a.provider, default: []].append(a) }
      if a.customer != a.provider, kept(a.customer) { agreements[a.customer, default: []].append(a) }
    }
    agreementsByOrg = agreements
    projectsByCluster = Dictionary(grouping: inputs.projects.filter { $0.cluster != nil }) { $0.cluster ?? "" }
    var byOrg = [String: [Project]]()
    for p in inputs.projects {
      for o in Set(p.participants.map(\.organization)) where kept(o) { byOrg[o, default: []].append(p) }
    }
    projectsByOrg = byOrg
  }
}

public enum Indicators {
  static func ratio(_ a: Int, _ b: Int) -> Double? { b > 0 ? Double(a) / Double(b) : nil }

  /// Indicators of one set of organizations (a cluster's members, or one institution).
  static func compute(
    entity: String, name: String, members: Set<String>, clusterCode: String?, year: Int, inputs: IndicatorInputs,
    index: IndicatorIndex
  ) -> IndicatorSet {
    let endOfYear = Day.endOf(year: year)
    let programs = members.flatMap { index.programsByOrg[$0] ?? [] }
    let programCodes = Set(programs.map(\.code))
    let cohorts = programCodes.flatMap { index.cohortsByProgram[$0] ?? [] }.filter { $0.year == year }
    var graduated = 0
    var employed = 0
    var inCluster = 0
    var employedForCluster = 0
    for c in cohorts {
      if let g = c.graduated, let e = c.employed {
        graduated += g
        employed += e
      }
      if let e = c.employed, let ic = c.employedInCluster {
        employedForCluster += e
        inCluster += ic
      }
    }
    var values = [String: Double?]()
    values["graduate_employment"] = ratio(employed, graduated)
    values["employment_in_cluster"] = ratio(inCluster, employedForCluster)
    // Demand and placement coverage are a cluster's: an institution neither states needs nor
    // offers places, so for institutions they are left empty.
    if clusterCode != nil {
      var options = GapOptions()
      options.fromYear = year
      options.toYear = year
      // What was recorded for the year, nothing projected; rows without data are left out.
      options.onYear = year + 1
      let balance = SupplyDemand.analyze(
        programs: programs, cohorts: cohorts,
        needs: inputs.needs.filter { $0.year == year && members.contains($0.organization) }, lookup: inputs.lookup,
        options: options, members: members, recommending: false)
      let known = balance.rows.filter { $0.status != .no_data }
      let demand = known.reduce(0) { $0 + $1.demand }
      let covered = known.reduce(0.0) { $0 + min($1.supply, Double($1.demand)) }
      values["demand_coverage"] = demand > 0 ? covered / Double(demand) : nil
      let places = members.flatMap { index.placementsByOrg[$0] ?? [] }.reduce(0) { $0 + $1.capacity }
      let seeking = programCodes.reduce(0) { $0 + (inputs.seekingByProgram[$1] ?? 0) }
      values["placement_coverage"] = seeking > 0 ? min(1, Double(places) / Double(seeking)) : nil
    } else {
      values["demand_coverage"] = .some(nil)
      values["placement_coverage"] = .some(nil)
    }
    let teachers = members.flatMap { index.teachersByOrg[$0] ?? [] }
    let current = teachers.filter { t in
      let trained = (index.trainingsByTeacher[t.code] ?? []).filter { $0 <= endOfYear }.max()
      let qualified = [t.lastQualifiedOn, trained].compactMap { $0 }.max()
      return qualified.map { $0.adding(years: 3) >= endOfYear } ?? false
    }.count
    values["teacher_currency"] = ratio(current, teachers.count)
    var agreementCodes = Set<String>()
    for m in members {
      for a in index.agreementsByOrg[m] ?? []
      where a.isActive(on: endOfYear) && (clusterCode == nil || a.cluster == nil || a.cluster == clusterCode) {
        agreementCodes.insert(a.code)
      }
    }
    values["active_agreements"] = Double(agreementCodes.count)
    var candidates = [String: Project]()
    if let clusterCode {
      for p in index.projectsByCluster[clusterCode] ?? [] { candidates[p.code] = p }
    } else {
      for m in members { for p in index.projectsByOrg[m] ?? [] { candidates[p.code] = p } }
    }
    let projects = candidates.values.sorted { $0.code < $1.code }.filter { p in
      let start = p.startsOn?.year ?? Int.min
      let end = p.endsOn?.year ?? Int.max
      return start <= year && year <= end
    }
    values["funding"] = projects.reduce(0.0) { $0 + Double($1.budget ?? 0) }
    values["innovation_outputs"] = Double(
      projects.flatMap(\.outputs).filter { $0.on?.year == year }.count)
    return IndicatorSet(entity: entity, name: name, year: year, values: values)
  }

  /// Every cluster's indicators for `year`, or only the cluster `only` (each cluster's are its own:
  /// computing one leaves the others' out, not changed).
  public static func clusters(year: Int, inputs: IndicatorInputs, only: String? = nil) -> [IndicatorSet] {
    clusters(years: [year], inputs: inputs, only: only)
  }

  /// `clusters(year:)` for each of `years` in turn, over one index.
  public static func clusters(years: [Int], inputs: IndicatorInputs, only: String? = nil) -> [IndicatorSet] {
    let chosen = inputs.clusters.filter { only == nil || $0.code == only }.sorted { $0.code < $1.code }.map { cluster in
      (cluster, Set(inputs.memberships.filter { $0.cluster == cluster.code && $0.isActive }.map(\.organization)))
    }
    // One cluster's index holds its members' rows only: a fourteenth of a national registry's.
    let index = IndicatorIndex(
      inputs, scope: only == nil ? nil : chosen.reduce(into: Set<String>()) { $0.formUnion($1.1) })
    return years.flatMap { year in
      chosen.map { cluster, members in
        compute(
          entity: cluster.code, name: cluster.name, members: members, clusterCode: cluster.code, year: year,
          inputs: inputs, index: index)
      }
    }
  }

  /// Every educational institution's indicators for `year` (optionally only a cluster's).
  public static func institutions(
    year: Int, inputs: IndicatorInputs, within members: Set<String>? = nil
  ) -> [IndicatorSet] {
    let index = IndicatorIndex(inputs, scope: members)
    return inputs.organizations.filter { $0.kind.isEducational && (members?.contains($0.code) ?? true) }
      .sorted { $0.code < $1.code }
      .map {
        compute(
          entity: $0.code, name: $0.name, members: [$0.code], clusterCode: nil, year: year, inputs: inputs, index: index
        )
      }
  }

  /// Units with data for fewer than this share of the indicators are not ranked (the JRC
  /// handbook screens units below about two thirds).
  public static let minimumCoverage = 2.0 / 3.0

  /// The composite index (OECD/JRC handbook: normalise, weight, aggregate): units with too
  /// little data are screened out (no index, no rank, band `no_data`); for the rest, min–max
  /// normalised indicators, the weighted mean over those with data, ranks (1 = best) and bands.
  public static func rank(_ sets: [IndicatorSet], weights: [String: Double] = [:]) -> [RankedEntity] {
    // An indicator applies when some entity has data for it.
    let keys = Set(sets.flatMap { s in s.values.compactMap { $0.value == nil ? nil : $0.key } })
    func coverage(_ set: IndicatorSet) -> Double {
      keys.isEmpty ? 0 : Double(keys.filter { (set.values[$0] ?? nil) != nil }.count) / Double(keys.count)
    }
    let screened = sets.filter { coverage($0) >= minimumCoverage - 1e-9 }
    var minimum = [String: Double]()
    var maximum = [String: Double]()
    for key in keys {
      let present = screened.compactMap { $0.values[key] ?? nil }
      minimum[key] = present.min()
      maximum[key] = present.max()
    }
    let rankable = Set(screened.map(\.entity))
    var ranked = sets.map { set -> RankedEntity in
      guard rankable.contains(set.entity) else {
        return RankedEntity(
          entity: set.entity, name: set.name, composite: nil, rank: nil, band: .no_data, normalized: [:],
          coverage: coverage(set))
      }
      var normalized = [String: Double]()
      var sum = 0.0
      var weightSum = 0.0
      for key in keys.sorted() {
        // An indicator equal for every entity ranks nobody: it is left out.
        guard let raw = set.values[key] ?? nil, let lo = minimum[key], let hi = maximum[key], hi > lo else { continue }
        let x = (raw - lo) / (hi - lo)
        normalized[key] = x
        let w = weights[key] ?? 1
        sum += w * x
        weightSum += w
      }
      let composite = weightSum > 0 ? sum / weightSum : 0
      return RankedEntity(
        entity: set.entity, name: set.name, composite: composite, rank: 0, band: RankBand(composite: composite),
        normalized: normalized, coverage: coverage(set))
    }
    ranked.sort {
      ($0.composite == nil ? 1 : 0, -($0.composite ?? 0), $0.entity)
        < ($1.composite == nil ? 1 : 0, -($1.composite ?? 0), $1.entity)
    }
    var next = 1
    for i in ranked.indices where ranked[i].composite != nil {
      ranked[i].rank = next
      next += 1
    }
    return ranked
  }

}
