import Domain

/// How a lower program V leads into a higher program H (SPEC §3).
public struct ContinuityResult: Sendable, Hashable, Codable {
  public var lower: String
  public var higher: String
  /// Fit of V's outcomes to H's entry requirements.
  public var coverage: FitResult
  /// H's outcomes that V already teaches at H's level: candidates for credit recognition.
  public var overlaps: [Overlap]
  public var recognizableHours: Int
  /// Entry requirements V does not cover: bridging modules.
  public var bridging: [CompetencyGap] { coverage.gaps }

  public struct Overlap: Sendable, Hashable, Codable {
    public var competency: String
    public var level: Int
    /// Hours of H's outcome that could be recognized (V's hours when H gives none).
    public var hours: Int
  }
}

public struct PathwayEdge: Sendable, Hashable, Codable {
  public var lower: String
  public var higher: String
  public var coverage: Double
}

public struct PathwayGraph: Sendable, Hashable, Codable {
  public var programs: [Node]
  public var edges: [PathwayEdge]
  /// Programs below the top of the ladder with no onward path.
  public var deadEnds: [String]

  public struct Node: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var level: String
    public var organization: String
  }

  /// Graphviz DOT: programs by level from left to right, edges labelled with coverage.
  public var dot: String {
    var out = "digraph pathways {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n"
    let byLevel = Dictionary(grouping: programs, by: \.level)
    for level in ProgramLevel.allCases.map(\.rawValue) {
      guard let nodes = byLevel[level] else { continue }
      out += "  subgraph \"cluster_\(level)\" {\n    label=\"\(level)\";\n"
      for n in nodes {
        let dead = deadEnds.contains(n.code)
        out += "    \"\(n.code)\" [label=\"\(escape(n.code))\\n\(escape(n.name))\"\(dead ? ", color=red" : "")];\n"
      }
      out += "  }\n"
    }
    for e in edges {
      out += "  \"\(e.lower)\" -> \"\(e.higher)\" [label=\"\(Int((e.coverage * 100).rounded()))%\"];\n"
    }
    return out + "}\n"
  }

  func escape(_ s: String) -> String { s.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") }
}

public enum Continuity {
  public static func compare(lower v: Program, higher h: Program) -> ContinuityResult {
    let held = Fit.levels(of: v)
    let coverage = Fit.of(held: held, to: Fit.requirements(h.entryRequirements))
    var overlaps = [ContinuityResult.Overlap]()
    let vHours = Dictionary(v.outcomes.map { ($0.competency, $0.hours ?? 0) }, uniquingKeysWith: { max($0, $1) })
    for o in h.outcomes where (held[o.competency] ?? 0) >= o.level {
      overlaps.append(.init(competency: o.competency, level: o.level, hours: o.hours ?? vHours[o.competency] ?? 0))
    }
    overlaps.sort { $0.competency < $1.competency }
    return ContinuityResult(
      lower: v.code, higher: h.code, coverage: coverage, overlaps: overlaps,
      recognizableHours: overlaps.reduce(0) { $0 + $1.hours })
  }

  /// The next rung of the ladder: vocational → bachelor → master → doctoral; general
  /// secondary → vocational or bachelor; in-service training follows bachelor and master.
  static func leadsTo(_ lower: ProgramLevel, _ higher: ProgramLevel) -> Bool {
    switch (lower, higher) {
    case (.general_secondary, .vocational), (.general_secondary, .bachelor), (.vocational, .bachelor),
      (.bachelor, .master), (.master, .doctoral), (.bachelor, .in_service), (.master, .in_service):
      return true
    default: return false
    }
  }

  /// Levels that are a ladder's top: nothing is expected after them.
  static func isTop(_ level: ProgramLevel) -> Bool { level == .doctoral || level == .in_service }

  /// Edges from each program to the higher programs it leads into: the next rung, and either
  /// the same specialty or field, or — within the same region — entry coverage of at least
  /// `minimumCoverage`. (Unrelated programs in different regions are not compared: nationally
  /// that would be hundreds of millions of pairs, and no pathway runs that way.)
  public static func pathways(programs: [Program], lookup: Lookup, minimumCoverage: Double = 0.6) -> PathwayGraph {
    var interner = CompetencyInterner()
    let held = programs.map { interner.held(Fit.levels(of: $0)) }
    let entry = programs.map { interner.required(Fit.requirements($0.entryRequirements)) }
    let field = programs.map { p in p.specialty.flatMap { lookup.specialties[$0]?.field } }
    let region = programs.map { p in lookup.region(ofProgram: p.code).map { lookup.rollUp($0, to: .region) } }
    var byLevelSpecialty = [String: [Int]]()
    var byLevelField = [String: [Int]]()
    var byLevelRegion = [String: [Int]]()
    for (i, p) in programs.enumerated() {
      if let s = p.specialty { byLevelSpecialty["\(p.level.rawValue)|\(s)", default: []].append(i) }
      if let f = field[i] { byLevelField["\(p.level.rawValue)|\(f)", default: []].append(i) }
      if let r = region[i] { byLevelRegion["\(p.level.rawValue)|\(r)", default: []].append(i) }
    }
    var edges = [PathwayEdge]()
    for (v, lower) in programs.enumerated() {
      for level in ProgramLevel.allCases where leadsTo(lower.level, level) {
        // The same specialty or field (related), or the same region: each list is in program
        // order, so their union in order is a merge.
        let specialty = lower.specialty.flatMap { byLevelSpecialty["\(level.rawValue)|\($0)"] } ?? []
        let sameField = field[v].flatMap { byLevelField["\(level.rawValue)|\($0)"] } ?? []
        let sameRegion = region[v].flatMap { byLevelRegion["\(level.rawValue)|\($0)"] } ?? []
        var (a, b, c) = (0, 0, 0)
        while a < specialty.count || b < sameField.count || c < sameRegion.count {
          let h = min(
            a < specialty.count ? specialty[a] : Int.max, b < sameField.count ? sameField[b] : Int.max,
            c < sameRegion.count ? sameRegion[c] : Int.max)
          var related = false
          if a < specialty.count && specialty[a] == h {
            related = true
            a += 1
          }
          if b < sameField.count && sameField[b] == h {
            related = true
            b += 1
          }
          if c < sameRegion.count && sameRegion[c] == h { c += 1 }
          guard h != v else { continue }
          let coverage = FastFit.score(held[v], entry[h])
          if coverage >= minimumCoverage || (related && coverage > 0)
            || (lower.specialty != nil && lower.specialty == programs[h].specialty)
          {
            edges.append(PathwayEdge(lower: lower.code, higher: programs[h].code, coverage: coverage))
          }
        }
      }
    }
    edges.sort { ($0.lower, $1.coverage, $0.higher) < ($1.lower, $0.coverage, $1.higher) }
    let withOnward = Set(edges.map(\.lower))
    let dead = programs.filter { !isTop($0.level) && !withOnward.contains($0.code) }.map(\.code).sorted()
    let nodes = programs.sorted { $0.code < $1.code }.map {
      PathwayGraph.Node(code: $0.code, name: $0.name, level: $0.level.rawValue, organization: $0.organization)
    }
    return PathwayGraph(programs: nodes, edges: edges, deadEnds: dead)
  }
}
