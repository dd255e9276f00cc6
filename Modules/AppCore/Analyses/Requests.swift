import Analytics
import Domain
import Localization

/// A bounded number an analysis takes: its name as the API spells it (the CLI's option is the
/// same with dashes), what it means, the values it accepts and its default — declared once. The
/// CLI's default, help and validation and the API's parameter, its document and its router
/// check are all read from it.
public struct Setting<Value: Comparable & Sendable & CustomStringConvertible>: Sendable {
  public let name: String
  /// For people; OpenAPI carries its English text.
  public let help: Phrase
  public let range: ClosedRange<Value>
  public let defaultValue: Value

  public init(_ name: String, _ help: Phrase, _ range: ClosedRange<Value>, default value: Value) {
    self.name = name
    self.help = help
    self.range = range
    defaultValue = value
  }

  /// Refuses a value outside the range, naming the setting (`fields`) and what it accepts.
  public func check(_ value: Value) throws(AppError) {
    guard !range.contains(value) else { return }
    throw AppError(
      .invalid, tr("\(name) must be \(range.lowerBound) to \(range.upperBound) (got \(value))"), fields: [name])
  }
}

/// The years an analysis can be limited to.
public enum AnalysisYears {
  public static let range = 1900...2200

  /// Refuses a year outside `range`; `name` is the setting as the API spells it.
  public static func check(_ year: Int?, _ name: String = "year") throws(AppError) {
    guard let year, !range.contains(year) else { return }
    throw AppError(
      .invalid, tr("\(name) must be \(range.lowerBound) to \(range.upperBound) (got \(year))"), fields: [name])
  }
}

// MARK: One request per analysis

/// Supply against demand (`gap`): the balance's options, the cluster and the run's day.
public struct GapRequest: Sendable, Hashable {
  public var options: GapOptions
  /// Only this cluster's active members.
  public var cluster: String?
  /// The run's day (default today): earlier years without cohorts are no data.
  public var on: Day?
  /// What-if: programs' annual intake instead of the registry's, by program code (nothing is
  /// written; see `gapWhatIf`).
  public var intakes: [String: Int] = [:]

  public init(options: GapOptions = GapOptions(), cluster: String? = nil, on: Day? = nil) {
    self.options = options
    self.cluster = cluster
    self.on = on
  }

  public static let completionRate = Setting(
    "completion_rate", tr("Expected share of enrolled who graduate, for programs without recorded history."), 0.01...1,
    default: GapOptions().completionRate)
  public static let shortage = Setting(
    "shortage", tr("Shortage threshold, a share of demand."), 0...1000, default: GapOptions().shortageThreshold)
  public static let surplus = Setting(
    "surplus", tr("Surplus threshold, a share of demand."), 0...1000, default: GapOptions().surplusThreshold)

  public func validate() throws(AppError) {
    try AnalysisYears.check(options.fromYear, "from_year")
    try AnalysisYears.check(options.toYear, "to_year")
    try Self.completionRate.check(options.completionRate)
    try Self.shortage.check(options.shortageThreshold)
    try Self.surplus.check(options.surplusThreshold)
    guard GapOptions.groupings.contains(options.regionLevel) else {
      throw AppError(
        .invalid, tr("by must be \(GapOptions.groupings.map(\.rawValue).joined(separator: " or "))"), fields: ["by"])
    }
  }
}

/// Programs against needs and placements (`align`).
public struct AlignRequest: Sendable, Hashable {
  public var cluster: String?
  /// Only needs of this year.
  public var year: Int?
  /// Compare with needs and placements of the program's own region; nil: only with a cluster.
  public var byRegion: Bool?
  /// At most this many pairs.
  public var limit: Int

  public init(cluster: String? = nil, year: Int? = nil, byRegion: Bool? = nil, limit: Int = Self.limit.defaultValue) {
    self.cluster = cluster
    self.year = year
    self.byRegion = byRegion
    self.limit = limit
  }

  public static let limit = Setting("limit", tr("At most this many pairs."), 1...100_000, default: 500)

  public func validate() throws(AppError) {
    try AnalysisYears.check(year)
    try Self.limit.check(limit)
  }
}

/// The graph of programs that lead into others (`pathways`).
public struct PathwaysRequest: Sendable, Hashable {
  public var cluster: String?
  public var minimumCoverage: Double

  public init(cluster: String? = nil, minimumCoverage: Double = Self.minimumCoverage.defaultValue) {
    self.cluster = cluster
    self.minimumCoverage = minimumCoverage
  }

  public static let minimumCoverage = Setting(
    "min_coverage", tr("Coverage that makes an edge between unrelated specialties."), 0...1, default: 0.6)

  public func validate() throws(AppError) { try Self.minimumCoverage.check(minimumCoverage) }
}

/// Partners to approach (`recommend`).
public struct RecommendRequest: Sendable, Hashable {
  /// The institution or enterprise.
  public var organization: String
  /// Only needs of this year.
  public var year: Int?
  /// The day agreements must be active on (default today).
  public var on: Day?
  public var limit: Int

  public init(for organization: String, year: Int? = nil, on: Day? = nil, limit: Int = Self.limit.defaultValue) {
    self.organization = organization
    self.year = year
    self.on = on
    self.limit = limit
  }

  public static let limit = Setting("limit", tr("At most this many partners."), 1...1000, default: 10)

  public func validate() throws(AppError) {
    try AnalysisYears.check(year)
    try Self.limit.check(limit)
  }
}

/// Teachers due for qualification and the courses that close their gaps (`pd`).
public struct PDRequest: Sendable, Hashable {
  public var cluster: String?
  /// The day to judge by (default today).
  public var on: Day?
  public var options: PDOptions

  public init(cluster: String? = nil, on: Day? = nil, options: PDOptions = PDOptions()) {
    self.cluster = cluster
    self.on = on
    self.options = options
  }

  public static let years = Setting("years", tr("Years between qualifications."), 1...50, default: PDOptions().years)
  public static let horizonDays = Setting(
    "horizon_days", tr("Also list those due within this many days."), 0...3650, default: PDOptions().horizonDays)

  public func validate() throws(AppError) {
    try Self.years.check(options.years)
    try Self.horizonDays.check(options.horizonDays)
  }
}

/// Personnel demand and supply trends (`forecast`).
public struct ForecastRequest: Sendable, Hashable {
  public var cluster: String?
  public var specialty: String?
  /// Only this region, with its districts.
  public var region: String?
  /// Years to project.
  public var horizon: Int
  /// The run's day (default today): projections start in its year.
  public var on: Day?

  public init(
    cluster: String? = nil, specialty: String? = nil, region: String? = nil, horizon: Int = Self.horizon.defaultValue,
    on: Day? = nil
  ) {
    self.cluster = cluster
    self.specialty = specialty
    self.region = region
    self.horizon = horizon
    self.on = on
  }

  public static let horizon = Setting("horizon", tr("Years to project."), 1...20, default: 3)

  public func validate() throws(AppError) { try Self.horizon.check(horizon) }
}

/// The indicators of a year, per cluster or per institution (`indicators`), and the composite
/// index over them (`rank`, which also reads `weights`).
public struct IndicatorRequest: Sendable, Hashable {
  /// Default: the latest year with graduates.
  public var year: Int?
  /// Per educational institution instead of per cluster.
  public var institutions: Bool
  public var cluster: String?
  /// Indicator key → weight (≥ 0); a key left out weighs 1.
  public var weights: [String: Double]

  public init(year: Int? = nil, institutions: Bool = false, cluster: String? = nil, weights: [String: Double] = [:]) {
    self.year = year
    self.institutions = institutions
    self.cluster = cluster
    self.weights = weights
  }

  /// Indicator weights from `key=value` pairs (`graduate_employment=2`), as `--weight` and the
  /// API's `weights` give them; nil when a pair is not a key, `=` and a finite number ≥ 0.
  /// Unknown keys are refused by `validate`, which names the indicators.
  public static func weights(_ pairs: some Sequence<some StringProtocol>) -> [String: Double]? {
    var weights = [String: Double]()
    for pair in pairs {
      let parts = String(pair).split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let w = Double(parts[1]), w.isFinite, w >= 0 else { return nil }
      weights[parts[0]] = w
    }
    return weights
  }

  public func validate() throws(AppError) {
    try AnalysisYears.check(year)
    let known = Set(IndicatorCatalog.definitions.map(\.key))
    for key in weights.keys.sorted() where !known.contains(key) {
      throw AppError(
        .invalid, tr("unknown indicator '\(key)' (indicators: \(known.sorted().joined(separator: ", ")))"),
        fields: ["weights"])
    }
  }
}

/// Data-quality findings (`quality`).
public struct QualityRequest: Sendable, Hashable {
  /// The day to judge expiry by (default today).
  public var on: Day?
  /// Quote people's names in the findings (personal data: the CLI does, the API only for roles
  /// that may read names).
  public var names: Bool

  public init(on: Day? = nil, names: Bool = true) {
    self.on = on
    self.names = names
  }
}
