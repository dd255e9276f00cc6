import Domain

/// The embedded demo data set: three educational clusters in Namangan, Andijan and Tashkent
/// regions, built around 2025-09-01. Deterministic — the only "randomness" is a private
/// SplitMix64 generator with fixed seeds — and fictional as far as people are concerned.
///
/// The data is shaped so that every analysis has something to show: shortages and surpluses of
/// graduates, a specialty demanded where nobody teaches it, vocational → bachelor paths with
/// gaps, oversubscribed and empty placements, teachers overdue for qualification, overdue
/// agreement obligations, a likely-duplicate college and a corrected ledger entry.
public enum DemoDataSet {
  /// Every demo entity, in an order where each record's references (by code) point only to
  /// records earlier in the array: placements come before the students who list them (with an
  /// empty `ranking`), and a few placements are repeated at the end with an explicit `ranking`
  /// of student codes (an upsert).
  public static func entities() -> [any Entity] {
    let students = Students.all()
    var out: [any Entity] = []
    out += Places.regions() as [any Entity]
    out += Organizations.all() as [any Entity]
    out += Clusters.clusters() as [any Entity]
    out += Clusters.memberships() as [any Entity]
    out += Catalog.specialties() as [any Entity]
    out += Catalog.competencies() as [any Entity]
    out += Catalog.occupations() as [any Entity]
    out += Programs.all() as [any Entity]
    out += Programs.cohorts() as [any Entity]
    out += Demand.needs() as [any Entity]
    out += Demand.placements() as [any Entity]
    out += students as [any Entity]
    out += Staff.teachers() as [any Entity]
    out += Staff.courses() as [any Entity]
    out += Staff.trainings() as [any Entity]
    out += Cooperation.agreements() as [any Entity]
    out += Cooperation.projects() as [any Entity]
    out += Cooperation.swot() as [any Entity]
    out += Demand.rankedPlacements(students: students) as [any Entity]
    return out
  }

  /// Ledger entries (funding transfers) in chronological order, without `prevHash`/`hash`:
  /// the app seals the chain when appending. Codes "LE-000001", "LE-000002", …
  public static func ledger() -> [LedgerEntry] { Cooperation.ledger() }

  /// The reference date the demo is built around: 2025-09-01.
  public static let today: Day = {
    guard let day = Day(year: 2025, month: 9, day: 1) else {
      preconditionFailure("2025-09-01 is a calendar date")
    }
    return day
  }()
}

// MARK: - Small helpers shared by the data files

/// A literal date of the demo data. Every literal is a real date (the tests would trap on one
/// that is not); in a release build a bad literal falls back to the reference date.
func d(_ y: Int, _ m: Int, _ dd: Int) -> Day {
  guard let day = Day(year: y, month: m, day: dd) else {
    assertionFailure("\(y)-\(m)-\(dd) is not a calendar date")
    return DemoDataSet.today
  }
  return day
}

/// `"2021-09-01"` → a day; nil for an empty string.
func iso(_ text: String) -> Day? {
  if text.isEmpty { return nil }
  guard let day = Day(iso: text) else {
    assertionFailure("\(text) is not a calendar date")
    return DemoDataSet.today
  }
  return day
}

/// Space-separated `CODE:LEVEL` items → competency levels (`"C-WELD:4 C-SAFE:3"`).
func levels(_ text: String) -> [CompetencyLevel] {
  items(text).map { CompetencyLevel(competency: $0.code, level: $0.level) }
}

/// Space-separated `CODE:LEVEL[:HOURS]` items → program outcomes.
func outcomes(_ text: String) -> [Program.Outcome] {
  items(text).map { Program.Outcome(competency: $0.code, level: $0.level, hours: $0.extra) }
}

/// Space-separated `CODE:LEVEL` items → requirements; a `?` after the level marks a
/// requirement as not essential (`"C-WELD:4 C-ENG:2?"`).
func requirements(_ text: String) -> [Requirement] {
  items(text).map { Requirement(competency: $0.code, level: $0.level, essential: !$0.optional) }
}

/// `prefix` + `number` zero-padded to `width` digits: `numbered("PN-", 7, width: 3)` is "PN-007".
func numbered(_ prefix: String, _ number: Int, width: Int) -> String {
  let digits = String(number)
  return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// Space-separated words.
func words(_ text: String) -> [String] {
  text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
}

private struct Item {
  var code: String
  var level: Int
  var extra: Int?
  var optional: Bool
}

private func items(_ text: String) -> [Item] {
  words(text).map { word in
    let parts = word.split(separator: ":").map(String.init)
    var levelText = parts.count > 1 ? parts[1] : ""
    let optional = levelText.hasSuffix("?")
    if optional { levelText.removeLast() }
    // A malformed level becomes 0, which validation reports.
    return Item(
      code: parts.first ?? word, level: Int(levelText) ?? 0,
      extra: parts.count > 2 ? Int(parts[2]) : nil, optional: optional)
  }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fully specified generator, so the demo is
/// identical on every platform and Swift version. Each use starts from its own fixed seed.
/// Public for seeded property and fuzz tests.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `range` (the tiny modulo bias is irrelevant here).
  mutating func int(_ range: ClosedRange<Int>) -> Int {
    let span = UInt64(range.upperBound - range.lowerBound + 1)
    return range.lowerBound + Int(next() % span)
  }

  /// True with probability `percent` / 100.
  mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

  /// A uniformly chosen element (nil for an empty array).
  mutating func pick<T>(_ items: [T]) -> T? {
    items.isEmpty ? nil : items[int(0...(items.count - 1))]
  }

  /// Up to `count` distinct elements, each drawn with probability proportional to its weight.
  mutating func weightedSample<T>(_ items: [(T, Int)], count: Int) -> [T] {
    var pool = items.filter { $0.1 > 0 }
    var out: [T] = []
    while out.count < count, !pool.isEmpty {
      let total = pool.reduce(0) { $0 + $1.1 }
      var r = int(0...(total - 1))
      var index = 0
      while r >= pool[index].1 {
        r -= pool[index].1
        index += 1
      }
      out.append(pool.remove(at: index).0)
    }
    return out
  }
}
