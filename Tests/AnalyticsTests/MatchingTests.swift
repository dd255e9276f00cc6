import Analytics
import TestSupport
import Testing

// MARK: - Helpers

/// A random small instance: 1–7 students, 1–4 placements, capacities 0–3, random partial lists in random order.
/// A third are sparse (short lists, any capacities); a third dense (nearly full lists, capacities 1–2); a third
/// opposed: full lists, as many students as places, and each placement ranks first the students who like it
/// least, so the two sides disagree and several stable matchings are common.
private func randomInstance(_ rng: inout SeededGenerator) -> MatchingInstance {
  let mode = Int.random(in: 0..<3, using: &rng)
  let dense = mode > 0
  let placements = Int.random(in: dense ? 2...4 : 1...4, using: &rng)
  let capacities = (0..<placements).map { _ in Int.random(in: dense ? 1...2 : 0...3, using: &rng) }
  // Opposed instances have about as many students as places, so that everyone competes.
  let students = mode == 2 ? min(6, capacities.reduce(0, +)) : Int.random(in: dense ? 3...7 : 1...7, using: &rng)
  let listChance = mode == 2 ? 1 : Double.random(in: dense ? 0.8...1 : 0.3...1, using: &rng)
  let rankChance = mode == 2 ? 1 : Double.random(in: dense ? 0.8...1 : 0.3...1, using: &rng)
  let preferences = (0..<students).map { _ in
    Array(0..<placements).shuffled(using: &rng).filter { _ in Double.random(in: 0..<1, using: &rng) < listChance }
  }
  var rankings = (0..<placements).map { _ in
    Array(0..<students).shuffled(using: &rng).filter { _ in Double.random(in: 0..<1, using: &rng) < rankChance }
  }
  if mode == 2 {
    for p in 0..<placements {
      let liking = { (s: Int) in preferences[s].firstIndex(of: p) ?? -1 }
      rankings[p] = rankings[p].enumerated().sorted {
        (-liking($0.element), $0.offset) < (-liking($1.element), $1.offset)
      }
      .map(\.element)
    }
  }
  return MatchingInstance(capacities: capacities, studentPreferences: preferences, placementRankings: rankings)
}

private func randomInstances(count: Int = 200, seed: UInt64 = 42) -> [MatchingInstance] {
  var rng = SeededGenerator(seed: seed)
  return (0..<count).map { _ in randomInstance(&rng) }
}

/// The instance as dense tables, for brute force straight from the definitions.
private struct Brute {
  let instance: MatchingInstance
  /// position[s][p]: where p is on s's list (Int.max when absent); rank[p][s]: where s is in p's ranking.
  let position: [[Int]]
  let rank: [[Int]]

  init(_ i: MatchingInstance) {
    instance = i
    position = i.studentPreferences.map { list in
      (0..<i.placementCount).map { p in list.firstIndex(of: p) ?? Int.max }
    }
    rank = i.placementRankings.map { ranking in
      (0..<i.studentCount).map { s in ranking.firstIndex(of: s) ?? Int.max }
    }
  }

  /// Whether the pair is acceptable: the student lists the placement and the placement ranks the student.
  func acceptable(_ s: Int, _ p: Int) -> Bool { position[s][p] != Int.max && rank[p][s] != Int.max }

  /// Calls `visit` with every matching: each student gets nothing or an acceptable placement, within capacities.
  func forEachMatching(_ visit: ([Int?]) -> Void) {
    let i = instance
    var current = [Int?](repeating: nil, count: i.studentCount)
    var used = [Int](repeating: 0, count: i.placementCount)
    func assign(_ s: Int) {
      if s == i.studentCount {
        visit(current)
        return
      }
      current[s] = nil
      assign(s + 1)
      for p in 0..<i.placementCount where used[p] < i.capacities[p] && acceptable(s, p) {
        used[p] += 1
        current[s] = p
        assign(s + 1)
        current[s] = nil
        used[p] -= 1
      }
    }
    assign(0)
  }

  /// The blocking pairs of a matching, straight from the definition: s and p accept each other, s prefers p to
  /// its match (or is unmatched), and p has a free place or ranks s above one of its students.
  func blockingPairs(_ m: [Int?], firstOnly: Bool = false) -> Set<[Int]> {
    let i = instance
    var out = Set<[Int]>()
    for s in 0..<i.studentCount {
      for p in 0..<i.placementCount where acceptable(s, p) && m[s] != p {
        guard m[s].map({ position[s][p] < position[s][$0] }) ?? true else { continue }
        let held = (0..<i.studentCount).filter { m[$0] == p }
        if held.count < i.capacities[p] || held.contains(where: { rank[p][s] < rank[p][$0] }) {
          out.insert([s, p])
          if firstOnly { return out }
        }
      }
    }
    return out
  }

  func isStable(_ m: [Int?]) -> Bool { blockingPairs(m, firstOnly: true).isEmpty }

  /// Every stable matching.
  func stableMatchings() -> [[Int?]] {
    var out = [[Int?]]()
    forEachMatching { if isStable($0) { out.append($0) } }
    return out
  }

  /// Position of the student's placement in its own list; unmatched is worse than any listed choice.
  func position(_ s: Int, _ p: Int?) -> Int { p.map { position[s][$0] } ?? Int.max }
}

private func fill(_ i: MatchingInstance, _ m: [Int?]) -> [Int] {
  (0..<i.placementCount).map { p in m.filter { $0 == p }.count }
}

/// The classic 3 × 3 example with two different stable matchings.
private let classic = MatchingInstance(
  capacities: [1, 1, 1],
  studentPreferences: [[0, 1, 2], [1, 0, 2], [0, 1, 2]],
  placementRankings: [[1, 0, 2], [0, 1, 2], [0, 1, 2]])

/// One instance showing every reason: A (0) cap 1, B (1) cap 0, C (2) cap 2 ranks nobody who applies,
/// D (3) cap 1 nobody lists, E (4) cap 2.
private let explained = MatchingInstance(
  capacities: [1, 0, 2, 1, 2],
  studentPreferences: [[0, 4], [0, 1, 2, 4], [0, 2], [1], []],
  placementRankings: [[0, 1, 2, 3], [1, 2], [4], [0], [1, 0, 2]])

// MARK: - Tests

@Suite struct MatchingTests {
  // MARK: Hand-checked examples

  @Test func classicStudentOptimal() {
    let r = StableMatching.solve(classic)
    #expect(r.placementOf == [0, 1, 2])
    #expect(r.studentsOf == [[0], [1], [2]])
    #expect(r.choiceRank == [0, 0, 2])
    #expect(r.proposals == 5)
    #expect(StableMatching.violations(classic, r).isEmpty)
  }

  @Test func classicPlacementOptimal() {
    let r = StableMatching.solve(classic, proposing: .placements)
    #expect(r.placementOf == [1, 0, 2])
    #expect(r.studentsOf == [[1], [0], [2]])
    #expect(r.choiceRank == [1, 1, 2])
    #expect(r.proposals == 5)
    #expect(StableMatching.violations(classic, r).isEmpty)
  }

  @Test func capacityTwoHoldsBestRankedFirst() {
    let i = MatchingInstance(
      capacities: [2, 1], studentPreferences: [[0, 1], [0, 1], [0, 1]], placementRankings: [[2, 0, 1], [0, 1, 2]])
    for side in ProposingSide.allCases {
      let r = StableMatching.solve(i, proposing: side)
      #expect(r.placementOf == [0, 1, 0])
      #expect(r.studentsOf == [[2, 0], [1]])
      #expect(r.choiceRank == [0, 1, 0])
      #expect(StableMatching.violations(i, r).isEmpty)
    }
  }

  @Test func capacityZeroIsOrdinary() {
    let i = MatchingInstance(
      capacities: [0, 1], studentPreferences: [[0, 1], [0]], placementRankings: [[0, 1], [0]])
    let r = StableMatching.solve(i)
    #expect(r.placementOf == [1, nil])
    #expect(r.studentsOf == [[], [0]])
    #expect(r.choiceRank == [1, nil])
    #expect(StableMatching.solve(i, proposing: .placements) == r.with(proposals: 1))
    #expect(StableMatching.violations(i, r).isEmpty)
    #expect(MatchingExplanation.explain(i, r, student: 0).map(\.reason) == [.noCapacity, .assigned])
    #expect(MatchingExplanation.explain(i, r, student: 1).map(\.reason) == [.noCapacity])
    let report = MatchingExplanation.report(i, r)
    #expect(report.unmatchedReasons == [1: .noAcceptableChoice])
    #expect(report.unfilledPlaces.isEmpty)
  }

  @Test func emptyListsAndEmptyInstances() {
    let none = MatchingInstance(capacities: [], studentPreferences: [], placementRankings: [])
    for side in ProposingSide.allCases {
      let r = StableMatching.solve(none, proposing: side)
      #expect(r == MatchingResult(placementOf: [], studentsOf: [], choiceRank: [], proposals: 0))
    }
    #expect(StableMatching.naive(none).placementOf.isEmpty)
    #expect(MatchingExplanation.report(none, StableMatching.solve(none)).matched == 0)

    let noPlacements = MatchingInstance(capacities: [], studentPreferences: [[], []], placementRankings: [])
    let r = StableMatching.solve(noPlacements)
    #expect(r.placementOf == [nil, nil])
    #expect(r.studentsOf.isEmpty)
    let report = MatchingExplanation.report(noPlacements, r)
    #expect(report.unmatchedStudents == [0, 1])
    #expect(report.unmatchedReasons == [0: .emptyList, 1: .emptyList])
    #expect(report.rankDistribution == [])

    let noStudents = MatchingInstance(capacities: [2], studentPreferences: [], placementRankings: [[]])
    let r2 = StableMatching.solve(noStudents, proposing: .placements)
    #expect(r2.studentsOf == [[]])
    #expect(
      MatchingExplanation.report(noStudents, r2).unfilledPlaces == [.init(placement: 0, free: 2, reason: .nobodyListed)]
    )
  }

  @Test func studentNoPlacementRanks() {
    let i = MatchingInstance(capacities: [2], studentPreferences: [[0], [0]], placementRankings: [[0]])
    for side in ProposingSide.allCases {
      let r = StableMatching.solve(i, proposing: side)
      #expect(r.placementOf == [0, nil])
      #expect(StableMatching.violations(i, r).isEmpty)
      #expect(MatchingExplanation.explain(i, r, student: 1).map(\.reason) == [.notRankedByPlacement])
      let report = MatchingExplanation.report(i, r)
      #expect(report.unmatchedReasons == [1: .noAcceptableChoice])
      #expect(report.unfilledPlaces == [.init(placement: 0, free: 1, reason: .applicantsMatchedElsewhere)])
    }
  }

  @Test func placementNobodyLists() {
    let i = MatchingInstance(
      capacities: [1, 2], studentPreferences: [[0], [0]], placementRankings: [[1, 0], [0, 1]])
    let r = StableMatching.solve(i)
    #expect(r.placementOf == [nil, 0])
    #expect(r.studentsOf == [[1], []])
    #expect(r == StableMatching.solve(i, proposing: .placements).with(proposals: r.proposals))
    let report = MatchingExplanation.report(i, r)
    #expect(report.unfilledPlaces == [.init(placement: 1, free: 2, reason: .nobodyListed)])
    #expect(report.unmatchedReasons == [0: .outranked])
    #expect(report.unfilledIsStructural)
  }

  @Test func malformedEntriesAreIgnoredNotFatal() {
    // Out-of-range indices, repeats and a negative capacity.
    let i = MatchingInstance(
      capacities: [-1, 1], studentPreferences: [[7, 1, 1, -2], [1, 0]], placementRankings: [[0, 0, 9], [1, 0, 1]])
    for side in ProposingSide.allCases {
      let r = StableMatching.solve(i, proposing: side)
      #expect(r.placementOf == [nil, 1])
      #expect(StableMatching.violations(i, r).isEmpty)
    }
    #expect(StableMatching.naive(i) == StableMatching.solve(i))
    let reasons = MatchingExplanation.explain(i, StableMatching.solve(i), student: 0).map(\.reason)
    #expect(reasons == [.invalidChoice, .fullOfHigherRanked, .invalidChoice, .invalidChoice])
  }

  // MARK: Violations

  @Test func violationsFindEveryBlockingPair() {
    let unmatchedFirst = MatchingResult(classic, placementOf: [nil, 1, 2])
    let found = StableMatching.violations(classic, unmatchedFirst)
    #expect(
      found == [
        .blockingPair(student: 0, placement: 0), .blockingPair(student: 0, placement: 1),
        .blockingPair(student: 0, placement: 2), .blockingPair(student: 2, placement: 0),
      ])
  }

  @Test func violationsFindBrokenRules() {
    let over = MatchingResult(classic, placementOf: [0, 0, 2])
    #expect(StableMatching.violations(classic, over).contains(.overCapacity(placement: 0, assigned: 2, capacity: 1)))

    let i = MatchingInstance(capacities: [1, 1], studentPreferences: [[0], [1]], placementRankings: [[1], [1]])
    let bad = MatchingResult(i, placementOf: [0, 1])
    #expect(bad.studentsOf == [[0], [1]])  // an unranked student still shows where it was put
    #expect(bad.choiceRank == [0, 0])
    #expect(StableMatching.violations(i, bad) == [.unacceptable(student: 0, placement: 0)])

    var twice = StableMatching.solve(classic)
    twice.studentsOf[2].append(0)
    #expect(StableMatching.violations(classic, twice) == [.matchedTwice(student: 0, placements: [0, 2])])

    var mismatch = StableMatching.solve(classic)
    mismatch.studentsOf[2] = []
    #expect(
      StableMatching.violations(classic, mismatch) == [.inconsistent(student: 2, placementOf: 2, listedUnder: nil)])
    #expect(!MatchingViolation.blockingPair(student: 1, placement: 2).description.isEmpty)
  }

  // MARK: Explanations and report

  @Test func explainGivesAReasonPerChoice() {
    let r = StableMatching.solve(explained)
    #expect(r.placementOf == [0, 4, nil, nil, nil])
    #expect(r.choiceRank == [0, 3, nil, nil, nil])
    #expect(r.studentsOf == [[0], [], [], [], [1]])
    #expect(r.proposals == 5)

    #expect(
      MatchingExplanation.explain(explained, r, student: 0) == [
        ChoiceOutcome(placement: 0, rank: 0, reason: .assigned, studentPosition: 0, cutoff: 0),
        ChoiceOutcome(placement: 4, rank: 1, reason: .notReached, studentPosition: 1, cutoff: nil),
      ])
    #expect(
      MatchingExplanation.explain(explained, r, student: 1) == [
        ChoiceOutcome(placement: 0, rank: 0, reason: .fullOfHigherRanked, studentPosition: 1, cutoff: 0),
        ChoiceOutcome(placement: 1, rank: 1, reason: .noCapacity, studentPosition: 0, cutoff: nil),
        ChoiceOutcome(placement: 2, rank: 2, reason: .notRankedByPlacement, studentPosition: nil, cutoff: nil),
        ChoiceOutcome(placement: 4, rank: 3, reason: .assigned, studentPosition: 0, cutoff: nil),
      ])
    #expect(
      MatchingExplanation.explain(explained, r, student: 2) == [
        ChoiceOutcome(placement: 0, rank: 0, reason: .fullOfHigherRanked, studentPosition: 2, cutoff: 0),
        ChoiceOutcome(placement: 2, rank: 1, reason: .notRankedByPlacement),
      ])
    #expect(MatchingExplanation.explain(explained, r, student: 3).map(\.reason) == [.notRankedByPlacement])
    #expect(MatchingExplanation.explain(explained, r, student: 4).isEmpty)
    #expect(MatchingExplanation.explain(explained, r, student: 99).isEmpty)
  }

  @Test func reportGivesDistributionAndReasons() {
    let report = MatchingExplanation.report(explained, StableMatching.solve(explained))
    #expect(report.rankDistribution == [1, 0, 0, 1])
    #expect(report.matched == 2)
    #expect(report.unmatchedStudents == [2, 3, 4])
    #expect(report.unmatchedReasons == [2: .outranked, 3: .noAcceptableChoice, 4: .emptyList])
    #expect(
      report.unfilledPlaces == [
        .init(placement: 2, free: 2, reason: .noAcceptableApplicant),
        .init(placement: 3, free: 1, reason: .nobodyListed),
        .init(placement: 4, free: 1, reason: .applicantsMatchedElsewhere),
      ])
    #expect(report.totalPlaces == 6)
    #expect(report.filledPlaces == 2)
    #expect(report.isStable)
    #expect(report.unfilledIsStructural)
  }

  @Test func reportOnAnUnstableResultSaysSo() {
    let r = MatchingResult(explained, placementOf: [nil, 4, nil, nil, nil])
    let report = MatchingExplanation.report(explained, r)
    #expect(!report.isStable)
    #expect(!report.unfilledIsStructural)
    #expect(report.unmatchedReasons[0] == .resultNotStable)
    #expect(report.unmatchedReasons[2] == .resultNotStable)
    #expect(report.unfilledPlaces.first == .init(placement: 0, free: 1, reason: .resultNotStable))
    #expect(MatchingExplanation.explain(explained, r, student: 0).map(\.reason) == [.blockingPair, .blockingPair])
  }

  // MARK: Properties over random instances

  @Test func bothSidesAreStable() {
    for i in randomInstances() {
      for side in ProposingSide.allCases {
        let r = StableMatching.solve(i, proposing: side)
        #expect(StableMatching.violations(i, r).isEmpty, "\(i) \(side)")
        #expect(r.placementOf.count == i.studentCount)
        #expect(r.studentsOf.count == i.placementCount)
        #expect(
          r.choiceRank
            == (0..<i.studentCount).map { s in r.placementOf[s].flatMap { i.studentPreferences[s].firstIndex(of: $0) } }
        )
      }
    }
  }

  @Test func optimalityAndRuralHospitalsAgainstBruteForce() {
    var instancesWithSeveralStable = 0
    for i in randomInstances() {
      let brute = Brute(i)
      let stable = brute.stableMatchings()
      #expect(!stable.isEmpty)  // a stable matching always exists
      if stable.count > 1 { instancesWithSeveralStable += 1 }
      let best = StableMatching.solve(i, proposing: .students)
      let worst = StableMatching.solve(i, proposing: .placements)
      #expect(stable.contains(best.placementOf))
      #expect(stable.contains(worst.placementOf))
      for s in 0..<i.studentCount {
        let positions = stable.map { brute.position(s, $0[s]) }
        // Student-optimal: the best placement any stable matching gives; placement-optimal: the worst.
        #expect(brute.position(s, best.placementOf[s]) == positions.min(), "\(i) student \(s)")
        #expect(brute.position(s, worst.placementOf[s]) == positions.max(), "\(i) student \(s)")
      }
      // Rural hospitals: same students matched, same fill per placement, in every stable matching.
      let matchedSet = { (m: [Int?]) in Set(m.indices.filter { m[$0] != nil }) }
      for m in stable + [worst.placementOf] {
        #expect(matchedSet(m) == matchedSet(best.placementOf))
        #expect(fill(i, m) == fill(i, best.placementOf))
      }
      #expect(best.studentsOf.map(\.count) == worst.studentsOf.map(\.count))
    }
    // The generator does produce instances where the two sides give different matchings.
    #expect(instancesWithSeveralStable >= 40)
  }

  @Test func violationsAgreeWithTheDefinitionOnEveryMatching() {
    for i in randomInstances(count: 120, seed: 7) {
      let brute = Brute(i)
      brute.forEachMatching { m in
        let found = StableMatching.violations(i, MatchingResult(i, placementOf: m))
        let blocking = Set(
          found.compactMap { v -> [Int]? in
            if case .blockingPair(let s, let p) = v { return [s, p] }
            return nil
          })
        #expect(found.count == blocking.count)  // enumerated matchings break no other rule
        #expect(blocking == brute.blockingPairs(m), "\(i) \(m)")
      }
    }
  }

  @Test func solvingIsDeterministic() {
    for i in randomInstances(seed: 99) {
      for side in ProposingSide.allCases {
        #expect(StableMatching.solve(i, proposing: side) == StableMatching.solve(i, proposing: side))
      }
      #expect(
        MatchingExplanation.report(i, StableMatching.solve(i)) == MatchingExplanation.report(i, StableMatching.solve(i))
      )
    }
  }

  @Test func naiveEqualsSolve() {
    for i in randomInstances(count: 300, seed: 5) {
      #expect(StableMatching.naive(i) == StableMatching.solve(i, proposing: .students), "\(i)")
    }
  }

  @Test func reportAndExplanationsAreConsistentOnStableResults() {
    for i in randomInstances(seed: 11) {
      for side in ProposingSide.allCases {
        let r = StableMatching.solve(i, proposing: side)
        let report = MatchingExplanation.report(i, r)
        #expect(report.isStable && report.unfilledIsStructural)
        #expect(report.matched + report.unmatchedStudents.count == i.studentCount)
        #expect(report.rankDistribution.reduce(0, +) == report.matched)
        #expect(Set(report.unmatchedReasons.keys) == Set(report.unmatchedStudents))
        #expect(!report.unmatchedReasons.values.contains(.resultNotStable))
        #expect(!report.unfilledPlaces.contains { $0.reason == .resultNotStable || $0.free <= 0 })
        #expect(report.filledPlaces + report.unfilledPlaces.reduce(0) { $0 + $1.free } == report.totalPlaces)
        for s in 0..<i.studentCount {
          let outcomes = MatchingExplanation.explain(i, r, student: s)
          #expect(outcomes.map(\.placement) == i.studentPreferences[s])
          #expect(outcomes.filter { $0.reason == .assigned }.count == (r.placementOf[s] == nil ? 0 : 1))
          #expect(!outcomes.contains { $0.reason == .blockingPair })
          if let rank = r.choiceRank[s] { #expect(outcomes[rank].reason == .assigned) }
        }
      }
    }
  }
}

extension MatchingResult {
  fileprivate func with(proposals: Int) -> MatchingResult {
    var copy = self
    copy.proposals = proposals
    return copy
  }
}
