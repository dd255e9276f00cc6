import Domain

/// One competency a holder lacks, or holds below the required level.
public struct CompetencyGap: Sendable, Hashable, Codable {
  public var competency: String
  public var required: Int
  public var held: Int
  public var essential: Bool

  public init(competency: String, required: Int, held: Int, essential: Bool) {
    self.competency = competency
    self.required = required
    self.held = held
    self.essential = essential
  }

  /// Levels missing: `required − held`.
  public var shortBy: Int { required - held }
}

/// How well a holder (student, program, teacher) meets a set of requirements, and what is missing.
public struct FitResult: Sendable, Hashable, Codable {
  /// Σ wᶜ·min(1, level(c)/lᶜ) / Σ wᶜ, with w = 2 for essential and 1 otherwise; 1 for no requirements.
  public var score: Double
  public var gaps: [CompetencyGap]
}

public enum Fit {
  /// The fit of held levels (`competency → level`, absent = 0) to `requirements` (SPEC §3).
  public static func of(held: [String: Int], to requirements: [Requirement]) -> FitResult {
    if requirements.isEmpty { return FitResult(score: 1, gaps: []) }
    var weighted = 0.0
    var total = 0.0
    var gaps = [CompetencyGap]()
    for r in requirements {
      let w = r.essential ? 2.0 : 1.0
      let level = held[r.competency] ?? 0
      total += w
      weighted += w * min(1, Double(level) / Double(max(1, r.level)))
      if level < r.level {
        gaps.append(CompetencyGap(competency: r.competency, required: r.level, held: level, essential: r.essential))
      }
    }
    gaps.sort {
      ($0.essential ? 0 : 1, -$0.shortBy, $0.competency) < ($1.essential ? 0 : 1, -$1.shortBy, $1.competency)
    }
    return FitResult(score: total > 0 ? weighted / total : 1, gaps: gaps)
  }

  /// The fit alone, without the gap list (for ranking many holders against one requirement set).
  public static func score(held: [String: Int], to requirements: [Requirement]) -> Double {
    if requirements.isEmpty { return 1 }
    var weighted = 0.0
    var total = 0.0
    for r in requirements {
      let w = r.essential ? 2.0 : 1.0
      total += w
      weighted += w * min(1, Double(held[r.competency] ?? 0) / Double(max(1, r.level)))
    }
    return total > 0 ? weighted / total : 1
  }

  /// Levels a program teaches (its outcomes).
  public static func levels(of program: Program) -> [String: Int] {
    var out = [String: Int]()
    for o in program.outcomes { out[o.competency] = max(out[o.competency] ?? 0, o.level) }
    return out
  }

  public static func levels(of student: Student) -> [String: Int] {
    var out = [String: Int]()
    for c in student.competencies { out[c.competency] = max(out[c.competency] ?? 0, c.level) }
    return out
  }

  public static func levels(_ items: [CompetencyLevel]) -> [String: Int] {
    var out = [String: Int]()
    for c in items { out[c.competency] = max(out[c.competency] ?? 0, c.level) }
    return out
  }

  /// Entry requirements as requirements (all weight 1: entry requirements carry no essential flag).
  public static func requirements(_ items: [CompetencyLevel], essential: Bool = false) -> [Requirement] {
    items.map { Requirement(competency: $0.competency, level: $0.level, essential: essential) }
  }
}

/// Lookups the analyses share, built once from the entity lists.
public struct Lookup: Sendable {
  public let organizations: [String: Organization]
  public let regions: [String: Region]
  public let programs: [String: Program]
  public let specialties: [String: Specialty]
  public let occupations: [String: Occupation]
  public let competencies: [String: Competency]
  /// Every region's code rolled up to each level, worked out once: a national gap rolls up a
  /// hundred thousand needs, and the walk up the parents with its set of codes seen was a
  /// tenth of the analysis.
  private let toCountry, toRegion, toDistrict: [String: String]

  public init(
    organizations: [Organization] = [], regions: [Region] = [], programs: [Program] = [],
    specialties: [Specialty] = [], occupations: [Occupation] = [], competencies: [Competency] = []
  ) {
    self.organizations = Dictionary(organizations.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    self.regions = Dictionary(regions.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    self.programs = Dictionary(programs.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    self.specialties = Dictionary(specialties.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    self.occupations = Dictionary(occupations.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    self.competencies = Dictionary(competencies.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    let byCode = self.regions
    func table(_ level: RegionLevel) -> [String: String] {
      Dictionary(uniqueKeysWithValues: byCode.keys.map { ($0, Self.walk(up: $0, to: level, in: byCode)) })
    }
    (toCountry, toRegion, toDistrict) = (table(.country), table(.region), table(.district))
  }

  /// The region a code rolls up to at `level` (a district's region): the nearest ancestor,
  /// or itself, whose level is `level`; the code itself when the hierarchy does not say.
  public func rollUp(_ code: String, to level: RegionLevel) -> String {
    let table =
      switch level {
      case .country: toCountry
      case .region: toRegion
      case .district: toDistrict
      }
    return table[code] ?? code
  }

  /// `rollUp` by walking up the parents (a cycle ends the walk).
  static func walk(up code: String, to level: RegionLevel, in regions: [String: Region]) -> String {
    var current: String? = code
    var seen = Set<String>()
    while let c = current, seen.insert(c).inserted {
      guard let region = regions[c] else { return code }
      if region.level == level { return c }
      current = region.parent
    }
    return code
  }

  /// Whether `code` is `ancestor` or lies inside it (a district of a region, a region of a
  /// country), following `parent` links. Unknown codes are within nothing but themselves.
  public func isWithin(_ code: String, _ ancestor: String) -> Bool {
    var current: String? = code
    var seen = Set<String>()
    while let c = current, seen.insert(c).inserted {
      if c == ancestor { return true }
      current = regions[c]?.parent
    }
    return false
  }

  /// How near a place is to a set of places: 0 the same district (or the same region code),
  /// 1 the same region, 2 elsewhere.
  public func nearness(of code: String, to places: Set<String>) -> Int {
    if places.contains(code) { return 0 }
    let region = rollUp(code, to: .region)
    return places.contains { rollUp($0, to: .region) == region } ? 1 : 2
  }

  /// The region of a program: its organization's.
  public func region(ofProgram code: String) -> String? {
    programs[code].flatMap { organizations[$0.organization]?.region }
  }

  public func name(ofCompetency code: String) -> String { competencies[code]?.name ?? code }
}
