import Domain
import Localization

/// Options of the supply–demand balance (SPEC §3), with its defaults.
public struct GapOptions: Sendable, Hashable, Codable {
  /// Share of enrolled students expected to graduate, for programs with no recorded history of
  /// their own (a program with cohorts whose graduates are recorded uses its own rate).
  public var completionRate = 0.85
  /// A shortage: the gap is over this share of demand.
  public var shortageThreshold = 0.10
  /// A surplus: supply exceeds demand by over this share of demand.
  public var surplusThreshold = 0.10
  /// The geography rows are grouped by (districts roll up to their region): one of `groupings`.
  public var regionLevel = RegionLevel.region
  /// The levels a gap analysis can group by, for every frontend's choice list.
  public static let groupings: [RegionLevel] = [.region, .district]
  public var fromYear: Int?
  public var toYear: Int?
  /// Only this region and everything inside it (its districts).
  public var region: String?
  public var specialty: String?
  /// The year of the run (`--on`): a year before it with no cohort recorded is "no data"; from
  /// it on, graduates without a recorded cohort are projected from the program's intake. Nil:
  /// every unrecorded year is projected.
  public var onYear: Int?
  /// Keep only the rows that are not balanced (`--only-gaps`, `only_gaps`); recommendations
  /// are the same either way.
  public var onlyGaps = false

  public init() {}
}

/// A row of the balance: more demand than supply past the shortage threshold, more supply past
/// the surplus threshold, within both, or no data for the year. Its raw value is what every
/// format writes.
public enum GapStatus: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
  /// The balance of a row: no data when that is all the supply knows; a shortage or surplus
  /// beyond the thresholds (shares of demand); else balanced.
  init(demand d: Int, gap: Double, basis: [SupplyBasis], options: GapOptions) {
    if basis == [.no_data] {
      self = .no_data
    } else if d > 0 && gap > options.shortageThreshold * Double(d) {
      self = .shortage
    } else if -gap > options.surplusThreshold * Double(d) {
      self = .surplus
    } else {
      self = .balanced
    }
  }

  case shortage, surplus, balanced, no_data

  public var description: String { rawValue }
  /// For people: `no data`.
  public var words: String { rawValue.replacing("_", with: " ") }

  /// For people, in any interface language.
  public var title: Phrase {
    switch self {
    case .shortage: tr("shortage")
    case .surplus: tr("surplus")
    case .balanced: tr("balanced")
    case .no_data: tr("no data")
    }
  }
}

/// What a supply figure rests on, from the firmest to none.
public enum SupplyBasis: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  /// Graduates recorded for the cohort.
  case recorded
  /// The cohort's recorded enrolment × the completion rate.
  case enrolled
  /// No cohort recorded for a year not yet past: the program's annual intake × completion rate.
  case projected_from_intake
  /// A past year with nothing recorded: the program's graduates are unknown (counted as 0).
  case no_data
  /// No program of the specialty in the region: supply is truly 0.
  case no_program

  /// The words a table shows.
  public var words: String { rawValue.replacing("_", with: " ") }

  /// The words in any interface language.
  public var title: Phrase {
    switch self {
    case .recorded: tr("recorded")
    case .enrolled: tr("enrolled")
    case .projected_from_intake: tr("projected from intake")
    case .no_data: tr("no data")
    case .no_program: tr("no program")
    }
  }

  public static func < (a: SupplyBasis, b: SupplyBasis) -> Bool {
    (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
  }
}

/// How much one program contributes to a specialty's supply in a region and year.
public struct SupplyContribution: Sendable, Hashable, Codable {
  public var program: String
  public var organization: String
  public var graduates: Double
  /// What the figure rests on: recorded, enrolled, projected_from_intake or no_data.
  public var source: SupplyBasis
  /// The completion rate applied (nil for recorded graduates and no data).
  public var completionRate: Double?
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
  public var gap: Double
  public var status: GapStatus
  /// What the supply rests on: the distinct sources of its contributions, firmest first
  /// (`no_program` when no program of the specialty is in the region).
  public var basis: [SupplyBasis]
  public var contributions: [SupplyContribution]
}

public struct GapRecommendation: Sendable, Hashable, Codable {
  /// `expand_intake` or `open_specialty`.
  public var action: String
  public var specialty: String
  public var region: String
  public var year: Int
  public var gap: Double
  /// Programs to expand (value: extra annual intake, whole people, adding up to the total), or
  /// institutions to open the specialty at (value: the best fit of their programs).
  public var targets: [Target]
  /// expand_intake: the extra annual intake in total; × the completion rate it covers the gap.
  public var extraIntake: Int?
  /// expand_intake: the completion rate the extra intake is computed with.
  public var completionRate: Double?
  /// The recommendation in words (English in JSON; `phrase` for any interface language).
  public var text: String
  /// The same words, for the interface language a frontend shows.
  public var phrase: Phrase

  public init(
    action: String, specialty: String, region: String, year: Int, gap: Double, targets: [Target],
    extraIntake: Int?, completionRate: Double?, phrase: Phrase
  ) {
    self.action = action
    self.specialty = specialty
    self.region = region
    self.year = year
    self.gap = gap
    self.targets = targets
    self.extraIntake = extraIntake
    self.completionRate = completionRate
    self.phrase = phrase
    self.text = phrase.description
  }

  enum CodingKeys: String, CodingKey {
    case action, specialty, region, year, gap, targets, extraIntake, completionRate, text
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    action = try c.decode(String.self, forKey: .action)
    specialty = try c.decode(String.self, forKey: .specialty)
    region = try c.decode(String.self, forKey: .region)
    year = try c.decode(Int.self, forKey: .year)
    gap = try c.decode(Double.self, forKey: .gap)
    targets = try c.decode([Target].self, forKey: .targets)
    extraIntake = try c.decodeIfPresent(Int.self, forKey: .extraIntake)
    completionRate = try c.decodeIfPresent(Double.self, forKey: .completionRate)
    text = try c.decode(String.self, forKey: .text)
    phrase = Phrase(verbatim: text)
  }

  public struct Target: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    /// Extra annual intake (expand) or the best fit of the institution's programs (open).
    public var value: Double
    /// open_specialty: 0 in a district of the demand, 1 in its region, 2 elsewhere.
    public var nearness: Int?
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
  /// The organization kinds that can offer programs of a level: vocational colleges (and
  /// technical schools) for vocational programs, universities and institutes for higher
  /// education, training providers for in-service training, schools for general education.
  public static func canOffer(_ kind: OrganizationKind, level: ProgramLevel) -> Bool {
    switch level {
    case .general_secondary: return kind == .school
    case .vocational: return kind == .vocational_college
    case .bachelor: return kind == .university
    case .master, .doctoral: return kind == .university || kind == .research_institute
    case .in_service:
      return [.teacher_training_institute, .university, .resource_center, .methodological_center].contains(kind)
    }
  }

  /// A program's own completion rate: Σ graduated ÷ Σ enrolled over its cohorts with graduates
  /// recorded; nil without such history.
  static func ownRates(_ cohorts: [Cohort]) -> [String: Double] {
    var graduated = [String: Int]()
    var enrolled = [String: Int]()
    for c in cohorts {
      guard let g = c.graduated, c.enrolled > 0 else { continue }
      graduated[c.program, default: 0] += g
      enrolled[c.program, default: 0] += c.enrolled
    }
    var out = [String: Double]()
    for (p, e) in enrolled where e > 0 { out[p] = min(1, Double(graduated[p] ?? 0) / Double(e)) }
    return out
  }

  /// Supply vs demand per specialty × region × year, with recommendations for shortages.
  /// `members`, when given, limits programs and needs to those organizations (a cluster).
  ///
  /// A program contributes to every year of the analysis: its recorded graduates; else its
  /// cohort's enrolment × completion rate; else, from `onYear` on, its annual intake ×
  /// completion rate (the cohort graduating in Y entered in Y − duration); else, for a past
  /// year, nothing known (`no_data`). The completion rate is the program's own recorded rate
  /// where it has history, else `options.completionRate`.
  public static func analyze(
    programs: [Program], cohorts: [Cohort], needs: [PersonnelNeed], lookup: Lookup,
    options: GapOptions = GapOptions(), members: Set<String>? = nil, recommending: Bool = true
  ) -> GapAnalysis {
    let scope = GapScope(options: options, lookup: lookup, members: members)
    let scoped = scope.programs(programs)
    // Cohorts by program, as positions in `scoped`: one lookup per cohort, not per year.
    var position = [String: Int]()
    for (i, p) in scoped.enumerated() { position[p.program.code] = i }
    var cohortOf = [[Int: Cohort]](repeating: [:], count: scoped.count)
    var years = Set<Int>()
    var scopedCohorts = [Cohort]()
    for c in cohorts {
      guard let i = position[c.program] else { continue }
      cohortOf[i][c.year] = c
      scopedCohorts.append(c)
      if scope.inRange(c.year) { years.insert(c.year) }
    }
    let rates = ownRates(scopedCohorts)
    var demand = GapDemand(needs, scope: scope)
    years.formUnion(demand.years)
    if let from = options.fromYear, from == options.toYear { years.insert(from) }
    let sortedYears = years.sorted()

    var supply = [GapKey: [SupplyContribution]]()
    for (i, (program, specialty, region)) in scoped.enumerated() {
      let rate = rates[program.code] ?? options.completionRate
      let (s, r) = (demand.codes.specialty(specialty), demand.codes.region(region))
      for year in sortedYears {
        let key = GapKey(specialty: s, region: r, year: year)
        guard
          let contribution = contribution(
            of: program, cohort: cohortOf[i][year], year: year, rate: rate, onYear: options.onYear,
            demanded: demand.people[key] != nil)
        else { continue }
        supply[key, default: []].append(contribution)
      }
    }

    // Programs by (rolled-up) region, once: recommendations look them up per shortage.
    var programsByRegion = [String: [Program]]()
    for (p, _, r) in scoped { programsByRegion[r, default: []].append(p) }
    var rows = [GapRow]()
    var recommendations = [GapRecommendation]()
    // Rows by year, then specialty, then region, by their codes' order (ranks, not strings).
    let specialtyRank = demand.codes.specialties.ranks
    let regionRank = demand.codes.regions.ranks
    let keys = Set(supply.keys).union(demand.people.keys).sorted {
      ($0.year, specialtyRank[Int($0.specialty)], regionRank[Int($0.region)])
        < ($1.year, specialtyRank[Int($1.specialty)], regionRank[Int($1.region)])
    }
    var openTargets = OpenTargets(programs: programs, lookup: lookup, members: members)
    for key in keys {
      let (specialty, region) = (
        demand.codes.specialties.names[Int(key.specialty)], demand.codes.regions.names[Int(key.region)]
      )
      guard
        let row = row(
          specialty: specialty, region: region, year: key.year, demand: demand.people[key] ?? 0,
          contributions: supply[key] ?? [], options: options, lookup: lookup)
      else { continue }
      rows.append(row)
      // Without recommendations (an overview shows only the balance): no search for places.
      guard recommending, row.status == .shortage else { continue }
      // Programs of this specialty in the region: expand them. None: open it where it could be.
      let local = (programsByRegion[region] ?? []).filter { $0.specialty == specialty }
      if !local.isEmpty {
        recommendations.append(
          expand(
            local, gap: row.gap, rate: options.completionRate, name: row.specialtyName, region: region, year: key.year))
      } else {
        recommendations.append(
          openSpecialty(
            name: row.specialtyName, specialty, region: region, year: key.year, gap: row.gap,
            wanted: (demand.needs[key] ?? []).map { needs[$0] }, lookup: lookup, targets: &openTargets,
            regionLevel: options.regionLevel))
      }
    }
    return GapAnalysis(
      options: options, rows: options.onlyGaps ? rows.filter { $0.status != .balanced } : rows,
      recommendations: recommendations, needsWithoutSpecialty: demand.withoutSpecialty)
  }

  /// One row of the balance from its demand and its programs' contributions; nil for an
  /// unrecorded past year without demand, which says nothing.
  static func row(
    specialty: String, region: String, year: Int, demand d: Int, contributions: [SupplyContribution],
    options: GapOptions, lookup: Lookup
  ) -> GapRow? {
    var contributions = contributions.sorted { ($1.graduates, $0.program) < ($0.graduates, $1.program) }
    if d == 0 && contributions.allSatisfy({ $0.source == .no_data }) { return nil }
    let s = contributions.reduce(0) { $0 + $1.graduates }
    for i in contributions.indices {
      contributions[i].shareOfDemand = d > 0 ? contributions[i].graduates / Double(d) : 0
    }
    let basis = contributions.isEmpty ? [.no_program] : Array(Set(contributions.map(\.source))).sorted()
    let gap = Double(d) - s
    return GapRow(
      specialty: specialty, specialtyName: lookup.specialties[specialty]?.name ?? specialty,
      region: region, year: year, supply: s, demand: d, gap: gap,
      status: GapStatus(demand: d, gap: gap, basis: basis, options: options), basis: basis,
      contributions: contributions)
  }

  /// What one program adds to one year's supply: its recorded graduates; else its cohort's
  /// enrolment × rate; else (from `onYear` on) its annual intake × rate; else, where there is
  /// demand to compare with, an explicit "no data"; else nothing.
  static func contribution(
    of program: Program, cohort: Cohort?, year: Int, rate: Double, onYear: Int?, demanded: Bool
  ) -> SupplyContribution? {
    func made(_ graduates: Double, _ source: SupplyBasis, _ rate: Double?) -> SupplyContribution {
      .init(
        program: program.code, organization: program.organization, graduates: graduates, source: source,
        completionRate: rate, shareOfDemand: 0)
    }
    if let cohort {
      if let g = cohort.graduated { return made(Double(g), .recorded, nil) }
      return made(Double(cohort.enrolled) * rate, .enrolled, rate)
    }
    if onYear.map({ year >= $0 }) ?? true, let intake = program.annualIntake {
      return made(Double(intake) * rate, .projected_from_intake, rate)
    }
    // A past year with nothing recorded (or a future year of a program without an intake):
    // a row of its own only where there is demand to compare with.
    return demanded ? made(0, .no_data, nil) : nil
  }

  /// A shortage with no program of the specialty in the region: open it where it could be,
  /// naming the closest institutions by fit and nearness.
  static func openSpecialty(
    name: String, _ specialty: String, region: String, year: Int, gap: Double, wanted: [PersonnelNeed],
    lookup: Lookup, targets openTargets: inout OpenTargets, regionLevel: RegionLevel
  ) -> GapRecommendation {
    let requirements = mergedRequirements(wanted.map { $0.effectiveRequirements(occupations: lookup.occupations) })
    let targets = openTargets.best(
      specialty: specialty, requirements: requirements, region: region, places: Set(wanted.map(\.region)),
      regionLevel: regionLevel)
    let nearWords = [tr("in the district"), tr("in the region"), tr("elsewhere")]
    let closest = targets.map {
      tr("\($0.code) (fit \(Int(($0.value * 100).rounded())) %, \(nearWords[min(2, $0.nearness ?? 2)]))")
    }
    let whereText =
      targets.isEmpty
      ? tr("no institution that could offer it has programs to build on")
      : tr("closest: \(Phrase.joined(closest))")
    return GapRecommendation(
      action: "open_specialty", specialty: specialty, region: region, year: year, gap: gap, targets: targets,
      extraIntake: nil, completionRate: nil,
      phrase: tr("\(name) in \(region), \(year): no program; open the specialty — \(whereText)"))
  }

  /// Extra annual intake that covers `gap` at `rate`: ⌈gap ÷ rate⌉ people in total, shared out
  /// over the programs in proportion to their intake (equally where none is recorded), in whole
  /// people by largest remainder, so the parts add up to the total.
  static func expand(
    _ programs: [Program], gap: Double, rate: Double, name: String, region: String, year: Int
  ) -> GapRecommendation {
    let sorted = programs.sorted { $0.code < $1.code }
    let total = Int((gap / rate - 1e-9).rounded(.up))
    let weights = sorted.map { Double(max(0, $0.annualIntake ?? 0)) }
    let weightSum = weights.reduce(0, +)
    let shares = weights.map { weightSum > 0 ? $0 / weightSum : 1 / Double(sorted.count) }
    var parts = shares.map { Int((Double(total) * $0).rounded(.down)) }
    let order = shares.indices.sorted {
      let ra = Double(total) * shares[$0] - Double(parts[$0])
      let rb = Double(total) * shares[$1] - Double(parts[$1])
      return ra != rb ? ra > rb : $0 < $1
    }
    var left = total - parts.reduce(0, +)
    for i in order where left > 0 {
      parts[i] += 1
      left -= 1
    }
    let targets = zip(sorted, parts).map { GapRecommendation.Target(code: $0.code, name: $0.name, value: Double($1)) }
    let years = sorted.compactMap(\.durationMonths).max().map { ($0 + 11) / 12 }
    let graduates = (Double(total) * rate * 10).rounded() / 10
    let perProgram = targets.map { "\($0.code) +\(Int($0.value))" }.joined(separator: ", ")
    let needed = Int(gap.rounded())
    let phrase =
      years.map {
        tr(
          "\(name) in \(region), \(year): \(needed) more graduates needed; raise annual intake by \(total) (the \(year - $0) intake graduates in \(year)): \(perProgram) — \(total) × \(rate) ≈ \(graduates) graduates"
        )
      }
      ?? tr(
        "\(name) in \(region), \(year): \(needed) more graduates needed; raise annual intake by \(total): \(perProgram) — \(total) × \(rate) ≈ \(graduates) graduates"
      )
    return GapRecommendation(
      action: "expand_intake", specialty: sorted.first?.specialty ?? "", region: region, year: year, gap: gap,
      targets: targets, extraIntake: total, completionRate: rate, phrase: phrase)
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

/// Institutions where a specialty could be opened: those whose kind can offer the specialty's
/// level, with a program fitting the demand above zero; by fit (to the percent), then nearness
/// to the demand, then code. The region's institutions are searched first, the rest of the
/// registry only when none there qualifies.
struct OpenTargets {
  let lookup: Lookup
  let programs: [Program]
  /// Each organization's programs, as indices into `programs`.
  let programsByOrg: [String: [Int]]
  let levelOfSpecialty: [String: ProgramLevel]
  let institutions: [Organization]
  /// The institutions by the region (region level) they lie in, as positions in
  /// `institutions`: most shortages are settled there (positions, not copies: a national
  /// balance searches some hundreds of institutions for each of thousands of shortages).
  let institutionsByRegion: [String: [Int]]
  /// Competencies as numbers, and each program's outcomes in them once it has been scored: a
  /// shortage compares its demand with every program of the region's institutions.
  var interner = CompetencyInterner()
  var heldCache: [[(Int32, Int)]?]

  init(programs: [Program], lookup: Lookup, members: Set<String>?) {
    self.lookup = lookup
    self.programs = programs
    var byOrg = [String: [Int]]()
    for (i, p) in programs.enumerated() { byOrg[p.organization, default: []].append(i) }
    programsByOrg = byOrg
    heldCache = Array(repeating: nil, count: programs.count)
    var levels = [String: ProgramLevel]()
    for s in lookup.specialties.values { if let l = s.level { levels[s.code] = l } }
    // A specialty without a recorded level: the level its programs are taught at.
    for p in programs { if let s = p.specialty, levels[s] == nil { levels[s] = p.level } }
    levelOfSpecialty = levels
    institutions = lookup.organizations.values.filter { o in
      o.kind.isEducational && (members?.contains(o.code) ?? true)
    }.sorted { $0.code < $1.code }
    institutionsByRegion = Dictionary(grouping: institutions.indices) { [institutions] in
      lookup.rollUp(institutions[$0].region, to: .region)
    }
  }

  /// The best fit of an institution's programs to `required` (0 without programs): `Fit.score`
  /// on interned competencies, the same number.
  mutating func fit(of org: String, to required: [(Int32, Int, Double)]) -> Double {
    var fit = 0.0
    for i in programsByOrg[org] ?? [] {
      let held: [(Int32, Int)]
      if let cached = heldCache[i] {
        held = cached
      } else {
        held = interner.held(Fit.levels(of: programs[i]))
        heldCache[i] = held
      }
      fit = max(fit, FastFit.score(held, required))
    }
    return fit
  }

  mutating func best(
    specialty: String, requirements: [Requirement], region: String, places: Set<String>, regionLevel: RegionLevel
  ) -> [GapRecommendation.Target] {
    let level = levelOfSpecialty[specialty]
    // The row's region and the regions of its needs' places first; the rest only if none there.
    var regions = Set(places.map { lookup.rollUp($0, to: .region) })
    regions.insert(lookup.rollUp(region, to: .region))
    let near = regions.sorted().flatMap { institutionsByRegion[$0] ?? [] }
    let required = interner.required(requirements)
    func candidates(_ pool: [Int]) -> [GapRecommendation.Target] {
      var out = [GapRecommendation.Target]()
      for k in pool {
        if let level, !SupplyDemand.canOffer(institutions[k].kind, level: level) { continue }
        let fit = fit(of: institutions[k].code, to: required)
        guard fit > 0 else { continue }
        let org = institutions[k]
        out.append(
          GapRecommendation.Target(
            code: org.code, name: org.name, value: fit, nearness: lookup.nearness(of: org.region, to: places)))
      }
      return out
    }
    var pool = candidates(near)
    if pool.isEmpty {
      let nearSet = Set(near)
      pool = candidates(institutions.indices.filter { !nearSet.contains($0) })
    }
    return Array(
      pool.sorted {
        let (a, b) = ((($0.value * 100).rounded()), (($1.value * 100).rounded()))
        return a != b ? a > b : (($0.nearness ?? 2), $0.code) < (($1.nearness ?? 2), $1.code)
      }.prefix(3))
  }
}

/// A cell of the balance: one specialty in one (rolled-up) region in one year, the codes as
/// numbers (`GapCodes`): hashing two strings per cell was most of the balance's own time.
struct GapKey: Hashable {
  var specialty: Int32
  var region: Int32
  var year: Int
}

/// Codes as numbers in the order they are met, and back.
struct CodeNumbers {
  private(set) var names = [String]()
  private var numbers = [String: Int32]()

  mutating func number(_ code: String) -> Int32 {
    if let known = numbers[code] { return known }
    let n = Int32(names.count)
    names.append(code)
    numbers[code] = n
    return n
  }

  /// Each number's place in the codes' byte order.
  var ranks: [Int] {
    var ranks = [Int](repeating: 0, count: names.count)
    for (rank, n) in names.indices.sorted(by: { names[$0] < names[$1] }).enumerated() { ranks[n] = rank }
    return ranks
  }
}

/// The specialties and rolled-up regions of a balance as numbers.
struct GapCodes {
  var specialties = CodeNumbers()
  var regions = CodeNumbers()

  mutating func specialty(_ code: String) -> Int32 { specialties.number(code) }
  mutating func region(_ code: String) -> Int32 { regions.number(code) }
}

/// What a gap analysis looks at: its years, region, specialty and (for a cluster) members.
struct GapScope {
  let options: GapOptions
  let lookup: Lookup
  let members: Set<String>?

  func inRange(_ year: Int) -> Bool {
    (options.fromYear.map { year >= $0 } ?? true) && (options.toYear.map { year <= $0 } ?? true)
  }
  func regionOK(_ raw: String) -> Bool { options.region.map { lookup.isWithin(raw, $0) } ?? true }
  func specialtyOK(_ s: String) -> Bool { options.specialty.map { $0 == s } ?? true }
  func member(_ org: String) -> Bool { members.map { $0.contains(org) } ?? true }

  /// The programs in scope, with their specialty and rolled-up region.
  func programs(_ programs: [Program]) -> [(program: Program, specialty: String, region: String)] {
    var scoped = [(program: Program, specialty: String, region: String)]()
    for p in programs where member(p.organization) {
      guard let s = p.specialty, specialtyOK(s), let raw = lookup.organizations[p.organization]?.region, regionOK(raw)
      else { continue }
      scoped.append((p, s, lookup.rollUp(raw, to: options.regionLevel)))
    }
    return scoped
  }
}

/// The demand side of the balance: people wanted per cell, the needs behind each (as
/// positions in the list given), and the needs that name no specialty (counted, not placed).
struct GapDemand {
  var codes = GapCodes()
  var people = [GapKey: Int]()
  var needs = [GapKey: [Int]]()
  var years = Set<Int>()
  var withoutSpecialty = 0

  init(_ all: [PersonnelNeed], scope: GapScope) {
    for (i, need) in all.enumerated() where scope.inRange(need.year) && scope.member(need.organization) {
      guard let specialty = need.specialty else {
        withoutSpecialty += 1
        continue
      }
      guard scope.specialtyOK(specialty), scope.regionOK(need.region) else { continue }
      let key = GapKey(
        specialty: codes.specialty(specialty),
        region: codes.region(scope.lookup.rollUp(need.region, to: scope.options.regionLevel)), year: need.year)
      people[key, default: 0] += need.count
      needs[key, default: []].append(i)
      years.insert(need.year)
    }
  }
}
