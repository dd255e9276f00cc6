import Domain
import Localization

/// A linear trend over a yearly series, with an 80 % prediction interval.
public struct TrendForecast: Sendable, Hashable, Codable {
  public var series: String
  public var history: [Point]
  /// Empty when the history is too short (fewer than 3 years).
  public var forecast: [Projection]
  public var slope: Double?
  /// Why there is no forecast, for people; JSON carries its English text.
  public var note: Phrase?

  public init(series: String, history: [Point], forecast: [Projection], slope: Double?, note: Phrase?) {
    self.series = series
    self.history = history
    self.forecast = forecast
    self.slope = slope
    self.note = note
  }

  enum CodingKeys: String, CodingKey { case series, history, forecast, slope, note }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    series = try c.decode(String.self, forKey: .series)
    history = try c.decode([Point].self, forKey: .history)
    forecast = try c.decode([Projection].self, forKey: .forecast)
    slope = try c.decodeIfPresent(Double.self, forKey: .slope)
    note = try c.decodeIfPresent(String.self, forKey: .note).map(Phrase.init(verbatim:))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(series, forKey: .series)
    try c.encode(history, forKey: .history)
    try c.encode(forecast, forKey: .forecast)
    try c.encodeIfPresent(slope, forKey: .slope)
    try c.encodeIfPresent(note?.text(in: .en), forKey: .note)
  }

  public struct Point: Sendable, Hashable, Codable {
    public var year: Int
    public var value: Double

    public init(year: Int, value: Double) {
      self.year = year
      self.value = value
    }
  }

  public struct Projection: Sendable, Hashable, Codable {
    public var year: Int
    public var value: Double
    public var low: Double
    public var high: Double
  }
}

public enum Trend {
  /// Student's t, 0.90 quantile (two-sided 80 %), by degrees of freedom.
  static func t90(_ df: Int) -> Double {
    let table: [Int: Double] = [
      1: 3.078, 2: 1.886, 3: 1.638, 4: 1.533, 5: 1.476, 6: 1.440, 7: 1.415, 8: 1.397, 9: 1.383, 10: 1.372,
      12: 1.356, 15: 1.341, 20: 1.325, 30: 1.310,
    ]
    if let v = table[df] { return v }
    if df > 30 { return 1.282 }
    let lower = table.keys.filter { $0 < df }.max() ?? 1
    return table[lower] ?? 1.282
  }

  /// Ordinary least squares over (year, value), projected `horizon` years from `from` (the run's
  /// year) or past the last year of history, whichever is later. A series whose last year is
  /// before `from − 1` stopped being reported: it is not projected, and the note says so.
  public static func forecast(
    series: String, points: [TrendForecast.Point], horizon: Int = 3, from: Int? = nil
  ) -> TrendForecast {
    let pts = points.sorted { $0.year < $1.year }
    if let from, let last = pts.last?.year, last < from - 1 {
      return TrendForecast(
        series: series, history: pts, forecast: [], slope: nil,
        note: tr("not reported since \(String(last)): a series that stopped is a data gap, not a trend"))
    }
    guard pts.count >= 3 else {
      return TrendForecast(
        series: series, history: pts, forecast: [], slope: nil,
        note: pts.count == 1
          ? tr("history too short: \(pts.count) year, a trend needs 3 or more")
          : tr("history too short: \(pts.count) years, a trend needs 3 or more"))
    }
    let n = Double(pts.count)
    let xs = pts.map { Double($0.year) }
    let ys = pts.map(\.value)
    let mx = xs.reduce(0, +) / n
    let my = ys.reduce(0, +) / n
    let sxx = xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
    let sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
    let b = sxx > 0 ? sxy / sxx : 0
    let a = my - b * mx
    let sse = zip(xs, ys).reduce(0) { $0 + pow2($1.1 - (a + b * $1.0)) }
    let s = (sse / (n - 2)).squareRoot()
    let t = t90(pts.count - 2)
    let first = max((pts.last?.year ?? 0) + 1, from ?? Int.min)
    let projections = (0..<max(1, horizon)).map { k -> TrendForecast.Projection in
      let x = Double(first + k)
      let y = a + b * x
      let half = t * s * (1 + 1 / n + pow2(x - mx) / max(sxx, 1e-9)).squareRoot()
      return .init(year: first + k, value: y, low: max(0, y - half), high: y + half)
    }
    return TrendForecast(series: series, history: pts, forecast: projections, slope: b, note: nil)
  }

  static func pow2(_ x: Double) -> Double { x * x }
}

public enum PersonnelForecast {
  /// Demand (needs) and supply (graduates recorded, or expected from a recorded enrolment) per
  /// specialty and region, each as a yearly series with its trend from `options.onYear` on.
  /// Supply projected from intake is not history and is left out of the series.
  public static func analyze(
    programs: [Program], cohorts: [Cohort], needs: [PersonnelNeed], lookup: Lookup,
    options: GapOptions = GapOptions(), members: Set<String>? = nil, horizon: Int = 3
  ) -> [TrendForecast] {
    var open = options
    open.fromYear = nil
    open.toYear = nil
    let balance = SupplyDemand.analyze(
      programs: programs, cohorts: cohorts, needs: needs, lookup: lookup, options: open, members: members)
    var demand = [String: [TrendForecast.Point]]()
    var supply = [String: [TrendForecast.Point]]()
    for row in balance.rows {
      let key = "\(row.specialty) \(row.region)"
      if row.demand > 0 { demand[key, default: []].append(.init(year: row.year, value: Double(row.demand))) }
      let known = row.contributions.filter { $0.source == .recorded || $0.source == .enrolled }
      if !known.isEmpty {
        supply[key, default: []].append(.init(year: row.year, value: known.reduce(0) { $0 + $1.graduates }))
      }
    }
    var out = [TrendForecast]()
    for key in Set(demand.keys).union(supply.keys).sorted() {
      if let d = demand[key] {
        out.append(Trend.forecast(series: "demand \(key)", points: d, horizon: horizon, from: options.onYear))
      }
      if let s = supply[key] {
        out.append(Trend.forecast(series: "supply \(key)", points: s, horizon: horizon, from: options.onYear))
      }
    }
    return out
  }
}
