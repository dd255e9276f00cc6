import Domain

/// Options of the supply–demand balance (SPEC §3), with its defaults.
public struct GapOptions: Sendable, Hashable, Codable {
  /// Share of enrolled students expected to graduate when graduates are not recorded.
  public var completionRate = 0.85
  /// A shortage: the gap is over this share of demand.
  public var shortageThreshold = 0.10
  /// A surplus: supply exceeds demand by over this share of demand.
  public var surplusThreshold = 0.10
  /// The geography rows are grouped by (districts roll up to their region).
  public var regionLevel = RegionLevel.region
  public var fromYear: Int?
  public var toYear: Int?
  public var region: String?
  public var specialty: String?

  public init() {}
}

/// How much one program contributes to a specialty's supply in a region and year.
public struct SupplyContribution: Sendable, Hashable, Codable {
  public var program: String
  public var organization: String
  public var graduates: Double
  /// `recorded` graduates, or `expected` from enrolment × completion rate.
  public var source: String
  /// Share of the row's demand this program covers (0 when there is no demand).
  public var shareOfDemand: Double
}

public struct GapRow: Sendable, Hashable, Codable {
  public var specialty: String
  public var specialtyName: String
  public var region: String
  public var year: Int
  public var supply: Double
  public var demand: Int
  public var gap: Double { Double(demand) - supply }
  /// shortage, surplus or balanced.
  public var status: String
  public var contributions: [SupplyContribution]
}

public struct GapRecommendation: Sendable, Hashable, Codable {
  /// `expand_intake` or `open_specialty`.
  public var action: String
  public var specialty: String
  public var region: String
  public var year: Int
  public var gap: Double
  /// Programs to expand, or institutions to open the specialty at (closest by fit first).
  public var targets: [Target]
  public var text: String

  public struct Target: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    /// Extra annual intake (expand) or the best fit of the institution's programs (open).
    public var value: Double
  }
}

public struct GapAnalysis: Sendable, Hashable, Codable {
  public var options: GapOptions
  public var rows: [GapRow]
  public var recommendations: [GapRecommendation]
  /// Needs that name no specialty (occupation only) and so are not in the balance.
  public var needsWithoutSpecialty: Int
}

public enum SupplyDemand {
  /// Supply vs demand per specialty × region × year, with recommendations for shortages.
  /// `members`, when given, limits programs and needs to those organizations (a cluster).
  public static func analyze(
    programs: [Program], cohorts: [Cohort], needs: [PersonnelNeed], lookup: Lookup,
    options: GapOptions = GapOptions(), members: Set<String>? = nil
  ) -> GapAnalysis {
    struct Key: Hashable { var specialty: String; var region: String; var year: Int }
    func inRange(_ year: Int) -> Bool {
      (options.fromYear.map { year >= $0 } ?? true) && (options.toYear.map { year <= $0 } ?? true)
    }
    func regionOK(_ r: String) -> Bool { options.region.map { $0 == r } ?? true }
    func specialtyOK(_ s: String) -> Bool { options.specialty.map { $0 == s } ?? true }

    var supply = [Key: [SupplyContribution]]()
    let programsByCode = Dictionary(programs.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    for cohort in cohorts {
      guard inRange(cohort.year), let program = programsByCode[cohort.program], let specialty = program.specialty,
        specialtyOK(specialty), members.map({ $0.contains(program.organization) }) ?? true,
        let orgRegion = lookup.organizations[program.organization]?.region
      else { continue }
      let region = lookup.rollUp(orgRegion, to: options.regionLevel)
      guard regionOK(region) else { continue }
      let graduates: Double
      let source: String
      if let g = cohort.graduated {
        graduates = Double(g)
        source = "recorded"
      } else {
        graduates = Double(cohort.enrolled) * options.completionRate
        source = "expected"
      }
      supply[Key(specialty: specialty, region: region, year: cohort.year), default: []].append(
        SupplyContribution(
          program: program.code, organization: program.organization, graduates: graduates, source: source,
          shareOfDemand: 0))
    }
    var demand = [Key: Int]()
    var demandNeeds = [Key: [PersonnelNeed]]()
    var withoutSpecialty = 0
    for need in needs where inRange(need.year) && (members.map { $0.contains(need.organization) } ?? true) {
      guard let specialty = need.specialty else {
        withoutSpecialty += 1
        continue
      }
      let region = lookup.rollUp(need.region, to: options.regionLevel)
      guard specialtyOK(specialty), regionOK(region) else { continue }
      let key = Key(specialty: specialty, region: region, year: need.year)
      demand[key, default: 0] += need.count
      demandNeeds[key, default: []].append(need)
    }
    // Programs by (rolled-up) region, once: recommendations look them up per shortage.
    var regionOf = [String: String]()
    func rolled(_ org: String) -> String? {
      if let r = regionOf[org] { return r }
      guard let o = lookup.organizations[org] else { return nil }
      let r = lookup.rollUp(o.region, to: options.regionLevel)
      regionOf[org] = r
      return r
    }
    var levelsCache = [String: [String: Int]]()
    func levels(_ p: Program) -> [String: Int] {
      if let l = levelsCache[p.code] { return l }
      let l = Fit.levels(of: p)
      levelsCache[p.code] = l
      return l
    }
    var programsByRegion = [String: [Program]]()
    for p in programs where members.map({ $0.contains(p.organization) }) ?? true {
      if let r = rolled(p.organization) { programsByRegion[r, default: []].append(p) }
    }
    var rows = [GapRow]()
    var recommendations = [GapRecommendation]()
    let keys = Set(supply.keys).union(demand.keys).sorted {
      ($0.year, $0.specialty, $0.region) < ($1.year, $1.specialty, $1.region)
    }
    for key in keys {
      let d = demand[key] ?? 0
      var contributions = (supply[key] ?? []).sorted { ($1.graduates, $0.program) < ($0.graduates, $1.program) }
      let s = contributions.reduce(0) { $0 + $1.graduates }
      for i in contributions.indices {
        contributions[i].shareOfDemand = d > 0 ? contributions[i].graduates / Double(d) : 0
      }
      let gap = Double(d) - s
      let status: String
      if d > 0 && gap > options.shortageThreshold * Double(d) {
        status = "shortage"
      } else if -gap > options.surplusThreshold * Double(d) {
        status = "surplus"
      } else {
        status = "balanced"
      }
      let name = lookup.specialties[key.specialty]?.name ?? key.specialty
      rows.append(
        GapRow(
          specialty: key.specialty, specialtyName: name, region: key.region, year: key.year, supply: s, demand: d,
          status: status, contributions: contributions))
      guard status == "shortage" else { continue }
      // Programs of this specialty in the region: expand them. None: open it where closest.
      let inRegion = programsByRegion[key.region] ?? []
      let local = inRegion.filter { $0.specialty == key.specialty }
      if !local.isEmpty {
        let extra = gap / options.completionRate
        let share = extra / Double(local.count)
        let targets = local.sorted { $0.code < $1.code }.map {
          GapRecommendation.Target(code: $0.code, name: $0.name, value: (share * 10).rounded() / 10)
        }
        recommendations.append(
          GapRecommendation(
            action: "expand_intake", specialty: key.specialty, region: key.region, year: key.year, gap: gap,
            targets: targets,
            text:
              "\(name) in \(key.region), \(key.year): \(Int(gap.rounded())) more graduates needed; raise intake by about \(Int(extra.rounded())) at \(local.map(\.code).joined(separator: ", "))"
          ))
      } else {
        let requirements = mergedRequirements(
          (demandNeeds[key] ?? []).map { $0.effectiveRequirements(occupations: lookup.occupations) })
        var best = [String: Double]()
        for p in inRegion {
          guard let org = lookup.organizations[p.organization], org.kind.isEducational else { continue }
          let f = Fit.of(held: levels(p), to: requirements).score
          best[org.code] = max(best[org.code] ?? 0, f)
        }
        let targets = best.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(3).map {
          GapRecommendation.Target(code: $0.key, name: lookup.organizations[$0.key]?.name ?? $0.key, value: $0.value)
        }
        let whereText =
          targets.isEmpty
          ? "no institution in the region has programs to build on"
          : "closest: "
            + targets.map { "\($0.code) (fit \(Int(($0.value * 100).rounded())) %)" }.joined(separator: ", ")
        recommendations.append(
          GapRecommendation(
            action: "open_specialty", specialty: key.specialty, region: key.region, year: key.year, gap: gap,
            targets: Array(targets),
            text: "\(name) in \(key.region), \(key.year): no program; open the specialty — \(whereText)"))
      }
    }
    return GapAnalysis(
      options: options, rows: rows, recommendations: recommendations, needsWithoutSpecialty: withoutSpecialty)
  }

  /// One requirement per competency: the highest level asked, essential if any asks it so.
  public static func mergedRequirements(_ lists: [[Requirement]]) -> [Requirement] {
    var merged = [String: Requirement]()
    for list in lists {
      for r in list {
        if var m = merged[r.competency] {
          m.level = max(m.level, r.level)
          m.essential = m.essential || r.essential
          merged[r.competency] = m
        } else {
          merged[r.competency] = r
        }
      }
    }
    return merged.values.sorted { $0.competency < $1.competency }
  }
}
