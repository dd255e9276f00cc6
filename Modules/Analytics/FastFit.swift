import Domain

/// The fit of SPEC §3 on interned competencies, for analyses that compare many holders with many
/// requirement sets (alignment and pathways at national scale): no hashing of codes and no
/// gap lists per pair — gaps are reported only where asked.
struct CompetencyInterner {
  private(set) var ids = [String: Int32]()
  private(set) var codes = [String]()

  mutating func id(_ code: String) -> Int32 {
    if let id = ids[code] { return id }
    let id = Int32(codes.count)
    ids[code] = id
    codes.append(code)
    return id
  }

  /// Held levels as (competency id, level), sorted by id.
  mutating func held(_ levels: [String: Int]) -> [(Int32, Int)] {
    levels.map { (id($0.key), $0.value) }.sorted { $0.0 < $1.0 }
  }

  /// Requirements as (competency id, level, weight).
  mutating func required(_ requirements: [Requirement]) -> [(Int32, Int, Double)] {
    requirements.map { (id($0.competency), $0.level, $0.essential ? 2.0 : 1.0) }
  }
}

enum FastFit {
  @inline(__always)
  static func level(_ held: [(Int32, Int)], _ competency: Int32) -> Int {
    for (c, l) in held where c == competency { return l }
    return 0
  }

  /// The score alone.
  static func score(_ held: [(Int32, Int)], _ required: [(Int32, Int, Double)]) -> Double {
    if required.isEmpty { return 1 }
    var weighted = 0.0
    var total = 0.0
    for (c, l, w) in required {
      total += w
      weighted += w * min(1, Double(level(held, c)) / Double(max(1, l)))
    }
    return weighted / total
  }

  /// Calls `gap` for every requirement held below its level.
  static func forEachGap(
    _ held: [(Int32, Int)], _ required: [(Int32, Int, Double)], _ gap: (Int32, Int, Int) -> Void
  ) {
    for (c, l, _) in required {
      let h = level(held, c)
      if h < l { gap(c, l, h) }
    }
  }
}
