import Analytics
import Domain
import Foundation
import Localization
import Storage

public struct MatchOptions: Sendable, Hashable {
  public var proposing = ProposingSide.students
  public var cluster: String?
  public var kind: PlacementKind?
  /// The run's day (default today): placements that ended before it are closed, not offered.
  public var on: Day?
  /// Save the run (assignments in state `proposed`).
  public var save = true
  /// Explain every student's result (not needed for a CSV of assignments).
  public var explain = true
  /// What-if: capacities to match with instead of the registry's, by placement code. A run
  /// with any is never saved (it would not be the registry's): save the capacities first.
  public var capacities: [String: Int] = [:]
  public init() {}
}

/// What changing placements' capacities does to a cluster's matching: the matching as the
/// registry stands and the matching with the change, neither saved, and every student whose
/// placement differs. Nothing is written.
public struct MatchWhatIf: Sendable {
  public struct Move: Sendable, Hashable {
    public var student: String
    /// The placement before the change (nil: not placed).
    public var from: String?
    /// The placement with the change (nil: not placed).
    public var to: String?

    public init(student: String, from: String?, to: String?) {
      self.student = student
      self.from = from
      self.to = to
    }
  }

  public var before: MatchOutcome
  public var after: MatchOutcome
  /// Students placed differently, by code.
  public var moves: [Move]
  /// The capacities the registry has for the placements changed, by code.
  public var current: [String: Int]
}

/// A matching, in codes, with its proof of stability and its explanations.
public struct MatchOutcome: Sendable, Codable {
  public struct Assignment: Sendable, Codable, Hashable {
    public var student: String
    public var placement: String
    /// 1 = first choice.
    public var rank: Int
  }

  public struct Unmatched: Sendable, Codable, Hashable {
    public var student: String
    public var reason: String
  }

  public struct Unfilled: Sendable, Codable, Hashable {
    public var placement: String
    public var free: Int
    public var reason: String
  }

  public struct Choice: Sendable, Codable, Hashable {
    public var placement: String
    public var rank: Int
    public var outcome: String
  }

  public struct Explanation: Sendable, Codable, Hashable {
    public var student: String
    public var placement: String?
    public var choices: [Choice]
  }

  public var run: MatchRun?
  public var proposing: String
  public var students: Int
  public var placements: Int
  public var places: Int
  public var matched: Int
  /// No blocking pair, no capacity exceeded, no unacceptable pair — checked in the same run.
  public var stable: Bool
  public var violations: [String]
  /// Index k: students matched to their (k+1)-th choice.
  public var rankDistribution: [Int]
  public var assignments: [Assignment]
  public var unmatched: [Unmatched]
  public var unfilled: [Unfilled]
  /// Every stable matching fills the same places (rural hospitals theorem).
  public var unfilledIsStructural: Bool
  /// Placements whose ranking was derived (fit, then score, then code) rather than given.
  public var derivedRankings: [String]
  /// Placements in scope that ended before the run's day: not offered, preferences for them skipped.
  public var closedPlacements: [String]
  /// The run's day.
  public var on: Day
  public var explanations: [Explanation]
}

extension EduCluster {
  /// Runs the stable placement matching of SPEC §3 over the registry's students and placements.
  public func match(_ options: MatchOptions = MatchOptions()) throws(AppError) -> MatchOutcome {
    if options.save, !options.capacities.isEmpty {
      throw AppError(.invalid, tr("a what-if matching is not saved: save the placements' capacities first"))
    }
    let members = try members(of: options.cluster)
    let occupations = Dictionary(try all(Occupation.self).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    let programs = try all(Program.self)
    let memberPrograms = Set(programs.filter { members?.contains($0.organization) ?? true }.map(\.code))
    let day = options.on ?? EduCluster.today
    // Placements and students with their row ids and without their lists; the lists matching
    // needs are read apart as id pairs: a national run has millions of preference rows.
    let clusterFilter = options.cluster.map { [ListFilter.cluster($0)] } ?? []
    let inScope = try placementsWithoutRankings(filters: clusterFilter).filter { _, p in
      (members?.contains(p.organization) ?? true) && (options.kind.map { p.kind == $0 } ?? true)
    }
    let open = inScope.filter { _, p in p.endsOn.map { $0 >= day } ?? true }
    let closedRows = inScope.filter { _, p in p.endsOn.map { $0 < day } ?? false }
    let placements = open.map(\.placement)
    let closed = closedRows.map(\.placement)
    let studentRows = try mapped {
      try store.scalarsWithIDs(.student, filters: clusterFilter).map { ($0.id, try Student(record: $0.record)) }
    }.filter { _, s in members == nil || (s.program.map(memberPrograms.contains) ?? false) }
    let students = studentRows.map(\.1)
    let studentIndex = Dictionary(students.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
    var studentOfID = IDIndex(ids: studentRows.map(\.0))
    for (i, row) in studentRows.enumerated() { studentOfID[row.0] = i }
    var placementOfID = IDIndex(ids: open.map(\.id))
    for (i, row) in open.enumerated() { placementOfID[row.id] = i }
    var closedOfID = [Int64: String]()
    for row in closedRows { closedOfID[row.id] = row.placement.code }
    // The students' lists on this core, the placements' rankings on the other: a national run
    // where employers choose has millions of rows of each (on PostgreSQL, two connections).
    let (chosen, given) = try inParallel(
      { [self, studentOfID, placementOfID, closedOfID] () throws(AppError) in
        try self.studentChoices(
          count: students.count, studentIndex: studentIndex, studentOfID: studentOfID, placementOfID: placementOfID,
          closedOfID: closedOfID)
      },
      { [self, studentOfID, placementOfID] () throws(AppError) in
        try self.givenRankings(count: placements.count, studentOfID: studentOfID, placementOfID: placementOfID)
      })
    let (prefs, choiceNumber, levels, closedChoices) = chosen
    let (rankings, derived) = EduCluster.rankings(
      placements: placements, given: given, students: students, preferences: prefs, levels: levels,
      occupations: occupations)
    // Solved, verified, reported and explained over one set of index tables.
    let capacities = placements.map { options.capacities[$0.code] ?? $0.capacity }
    let instance = PreparedMatching(
      MatchingInstance(capacities: capacities, studentPreferences: prefs, placementRankings: rankings))
    let result = StableMatching.solve(instance, proposing: options.proposing)
    let violations = StableMatching.violations(instance, result)
    let report = MatchingExplanation.report(instance, result)

    var assignments = [MatchOutcome.Assignment]()
    for (s, p) in result.placementOf.enumerated() {
      guard let p, let rank = result.choiceRank[s] else { continue }
      let choice = rank < choiceNumber[s].count ? choiceNumber[s][rank] : rank + 1
      assignments.append(.init(student: students[s].code, placement: placements[p].code, rank: choice))
    }
    let unmatched = report.unmatchedStudents.map { s in
      MatchOutcome.Unmatched(student: students[s].code, reason: report.unmatchedReasons[s]?.rawValue ?? "unmatched")
    }
    let unfilled = report.unfilledPlaces.map {
      MatchOutcome.Unfilled(placement: placements[$0.placement].code, free: $0.free, reason: $0.reason.rawValue)
    }
    let explanations =
      options.explain
      ? EduCluster.explanations(
        instance, result, students: students, placements: placements, choiceNumber: choiceNumber,
        closedChoices: closedChoices) : []
    var outcome = MatchOutcome(
      run: nil, proposing: options.proposing.rawValue, students: students.count, placements: placements.count,
      places: capacities.reduce(0, +), matched: assignments.count, stable: violations.isEmpty,
      violations: violations.map(\.description), rankDistribution: distribution(assignments), assignments: assignments,
      unmatched: unmatched, unfilled: unfilled, unfilledIsStructural: report.unfilledIsStructural,
      derivedRankings: derived, closedPlacements: closed.map(\.code).sorted(), on: day, explanations: explanations)
    if options.save {
      var described = ["proposing=\(options.proposing.rawValue)"]
      if let c = options.cluster { described.append("cluster=\(c)") }
      if let k = options.kind { described.append("kind=\(k.rawValue)") }
      described.append("on=\(day)")
      let run = MatchRun(
        code: "", createdAt: Date().formatted(Date.ISO8601FormatStyle()), author: user,
        proposing: options.proposing.rawValue, options: described.joined(separator: " "), students: students.count,
        placements: placements.count, matched: assignments.count)
      outcome.run = try mapped {
        try store.saveMatchRun(
          run, assignments: assignments.map { ($0.student, $0.placement, $0.rank) }, author: author)
      }
    }
    return outcome
  }

  /// The matching with placements' capacities changed beside the matching as the registry
  /// stands, and who moves (nothing is saved). Capacities are whole numbers from 0, of
  /// placements that exist.
  public func matchWhatIf(_ options: MatchOptions, capacities: [String: Int]) throws(AppError) -> MatchWhatIf {
    var current = [String: Int]()
    for (code, capacity) in capacities.sorted(by: { $0.key < $1.key }) {
      guard capacity >= 0 else {
        throw AppError(.invalid, tr("capacity of \(code) must be 0 or more (got \(capacity))"), fields: ["capacity"])
      }
      guard let placement = try show(.placement, code: code) as? Placement else {
        throw AppError(.notFound, StoreError.notFound(.placement, code: code).message)
      }
      current[code] = placement.capacity
    }
    var base = options
    base.save = false
    base.capacities = [:]
    var changed = base
    changed.capacities = capacities
    let before = try match(base)
    let after = try match(changed)
    let was = Dictionary(before.assignments.map { ($0.student, $0.placement) }, uniquingKeysWith: { a, _ in a })
    let now = Dictionary(after.assignments.map { ($0.student, $0.placement) }, uniquingKeysWith: { a, _ in a })
    let moves = Set(was.keys).union(now.keys).sorted().compactMap { student -> MatchWhatIf.Move? in
      was[student] == now[student] ? nil : .init(student: student, from: was[student], to: now[student])
    }
    return MatchWhatIf(before: before, after: after, moves: moves, current: current)
  }

  /// Placements with their requirements but without their rankings, which `match` reads apart
  /// as id pairs (4 million rows where 5,000 employers each rank their applicants).
  /// `filters`: a cluster's placements only, read as the store filters them (their owners among
  /// the active members, as `members(of:)` has them).
  func placementsWithoutRankings(filters: [ListFilter] = []) throws(AppError) -> [(id: Int64, placement: Placement)] {
    try mapped {
      let rows = try store.scalarsWithIDs(.placement, filters: filters)
      var records = rows.map(\.record)
      var position = [String: Int](minimumCapacity: records.count)
      for (i, r) in records.enumerated() { position[r["code"].plain] = i }
      let fields = EntityKind.placement.schema.children.first { $0.name == "requirements" }?.fields ?? []
      let layout = FieldLayout(fields.map(\.name))
      var lists = [[Record]](repeating: [], count: records.count)
      try store.childRows(.placement, list: "requirements") { owner, values in
        guard let i = position[owner], values.count == layout.names.count else { return }
        lists[i].append(Record(.placement, layout: layout, slots: values))
      }
      for i in records.indices { records[i].children["requirements"] = lists[i] }
      return try zip(rows, records).map { ($0.id, try Placement(record: $1)) }
    }
  }

  /// Each placement's ranking of students: its own when recorded (`given`, as student
  /// indexes), a derived one otherwise (named in `derived`): applicants by fit to its
  /// requirements, ties to the higher score, then the smaller code — one order over all students.
  static func rankings(
    placements: [Placement], given: [[Int]?], students: [Student], preferences prefs: [[Int]],
    levels: [[String: Int]], occupations: [String: Occupation]
  ) -> (rankings: [[Int]], derived: [String]) {
    // Who applied where, and one order of all students for ties: only when some placement's
    // ranking is derived (where every employer ranks, none is).
    var applicants = [[Int]](repeating: [], count: placements.count)
    var tieRank = [Int]()
    var derived = [String]()
    if given.contains(where: { $0 == nil }) {
      for (s, list) in prefs.enumerated() { for p in list { applicants[p].append(s) } }
      // Ties on fit go to the higher score, then the smaller code.
      let order = students.indices.sorted { a, b in
        let (sa, sb) = (students[a].score ?? 0, students[b].score ?? 0)
        return sa != sb ? sa > sb : students[a].code < students[b].code
      }
      tieRank = [Int](repeating: 0, count: students.count)
      for (position, s) in order.enumerated() { tieRank[s] = position }
    }
    let rankings = placements.enumerated().map { p, placement -> [Int] in
      if let own = given[p] { return own }
      derived.append(placement.code)
      let requirements = placement.effectiveRequirements(occupations: occupations)
      if requirements.isEmpty { return applicants[p].sorted { tieRank[$0] < tieRank[$1] } }
      let fit = applicants[p].map { Fit.of(held: levels[$0], to: requirements).score }
      return applicants[p].indices.sorted { a, b in
        fit[a] != fit[b] ? fit[a] > fit[b] : tieRank[applicants[p][a]] < tieRank[applicants[p][b]]
      }.map { applicants[p][$0] }
    }
    return (rankings, derived)
  }

  /// Every student's choices with what became of each (closed placements included), in
  /// the student's own choice order.
  static func explanations(
    _ instance: PreparedMatching, _ result: MatchingResult, students: [Student], placements: [Placement],
    choiceNumber: [[Int]], closedChoices: [[(Int, String)]]
  ) -> [MatchOutcome.Explanation] {
    let all = MatchingExplanation.explainAll(instance, result)
    return
      all.isEmpty
      ? []
      : students.indices.map { s in
        MatchOutcome.Explanation(
          student: students[s].code, placement: result.placementOf[s].map { placements[$0].code },
          choices: (all[s].compactMap { c in
            placements.indices.contains(c.placement)
              ? MatchOutcome.Choice(
                placement: placements[c.placement].code,
                rank: c.rank < choiceNumber[s].count ? choiceNumber[s][c.rank] : c.rank + 1, outcome: c.reason.rawValue)
              : nil
          } + closedChoices[s].map { .init(placement: $0.1, rank: $0.0, outcome: "closed") }).sorted {
            $0.rank < $1.rank
          })
      }
  }

  /// Index k: students placed at their own (k+1)-th choice.
  func distribution(_ assignments: [MatchOutcome.Assignment]) -> [Int] {
    var out = [Int](repeating: 0, count: assignments.map(\.rank).max() ?? 0)
    for a in assignments where a.rank >= 1 { out[a.rank - 1] += 1 }
    return out
  }

  public func matchRuns() throws(AppError) -> [MatchRun] { try mapped { try store.matchRuns() } }

  public func matchAssignments(run: String) throws(AppError) -> (MatchRun, [MatchAssignment]) {
    try mapped { (try store.matchRun(run), try store.assignments(run: run)) }
  }

  public func setAssignment(run: String, student: String, to state: AssignmentState) throws(AppError) -> MatchAssignment
  {
    try mapped { try store.setAssignment(run: run, student: student, to: state, author: author) }
  }
}

/// Row id → position in a list being matched. Row ids are 1…n with few gaps, so an array
/// indexed by id is used where it is at most a few times larger than the rows: eight million
/// preference and ranking rows cost a hash lookup each in a dictionary (a sixth of `match`).
extension EduCluster {
  /// Each student's choices among the open placements (as placement indexes), their own choice
  /// numbers, competency levels, and choices of placements that have ended.
  fileprivate func studentChoices(
    count: Int, studentIndex: [String: Int], studentOfID: IDIndex, placementOfID: IDIndex,
    closedOfID: [Int64: String]
  ) throws(AppError) -> (
    prefs: [[Int]], choiceNumber: [[Int]], levels: [[String: Int]], closedChoices: [[(Int, String)]]
  ) {
    var prefs = [[Int]](repeating: [], count: count)
    var choiceNumber = [[Int]](repeating: [], count: count)
    var levels = [[String: Int]](repeating: [:], count: count)
    // Per student: (choice number, closed placement) for choices of placements that have ended.
    var closedChoices = [[(Int, String)]](repeating: [], count: count)
    try mapped {
      var position = [Int](repeating: 0, count: count)
      try store.links(.student, list: "preferences") { owner, target in
        guard let s = studentOfID[owner] else { return }
        position[s] += 1
        if !closedOfID.isEmpty, let code = closedOfID[target] { closedChoices[s].append((position[s], code)) }
        guard let p = placementOfID[target] else { return }
        prefs[s].append(p)
        // The student's own choice number, also when out-of-scope choices are left out.
        choiceNumber[s].append(position[s])
      }
      try store.childRows(.student, list: "competencies") { owner, values in
        guard let s = studentIndex[owner], case .text(let c) = values[0], case .integer(let level) = values[1] else {
          return
        }
        levels[s][c] = max(levels[s][c] ?? 0, Int(level))
      }
    }
    return (prefs, choiceNumber, levels, closedChoices)
  }

  /// Placements' own rankings, as student indexes; nil where a placement has none (derived).
  fileprivate func givenRankings(count: Int, studentOfID: IDIndex, placementOfID: IDIndex) throws(AppError) -> [[Int]?]
  {
    var given = [[Int]?](repeating: nil, count: count)
    try mapped {
      try store.links(.placement, list: "ranking") { owner, student in
        guard let p = placementOfID[owner] else { return }
        if given[p] == nil { given[p] = [] }
        if let s = studentOfID[student] { given[p]?.append(s) }
      }
    }
    return given
  }
}

struct IDIndex {
  private var dense: [Int32]
  private var sparse: [Int64: Int] = [:]
  private let isDense: Bool

  init(ids: some Collection<Int64>) {
    let top = ids.max() ?? 0
    isDense = (ids.min() ?? 0) >= 0 && top < Int64(max(1 << 20, 4 * ids.count)) && top < Int64(Int32.max)
    dense = isDense ? [Int32](repeating: -1, count: Int(top) + 1) : []
  }

  subscript(id: Int64) -> Int? {
    get {
      guard isDense else { return sparse[id] }
      guard id >= 0, id < dense.count else { return nil }
      let i = dense[Int(id)]
      return i < 0 ? nil : Int(i)
    }
    set {
      guard isDense else {
        sparse[id] = newValue
        return
      }
      guard id >= 0, id < dense.count else { return }
      dense[Int(id)] = newValue.map { Int32($0) } ?? -1
    }
  }
}
