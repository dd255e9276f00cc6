// Placement matching explained (SPEC §3): per student, why each listed choice did or did not work out; for the
// whole matching, the rank distribution, unmatched students and unfilled places with their reasons. Indices only.

/// What became of one choice on a student's list.
public struct ChoiceOutcome: Sendable, Hashable, Codable {
  /// The placement the student listed.
  public var placement: Int
  /// 0-based position of the choice in the student's list.
  public var rank: Int
  public var reason: Reason
  /// 0-based position of the student in the placement's ranking; nil when the placement does not rank it.
  public var studentPosition: Int?
  /// 0-based ranking position of the lowest-ranked student the placement holds, when every place is taken;
  /// nil when the placement has a free place (or no places). The student was outranked when
  /// `studentPosition > cutoff`.
  public var cutoff: Int?

  public init(placement: Int, rank: Int, reason: Reason, studentPosition: Int? = nil, cutoff: Int? = nil) {
    self.placement = placement
    self.rank = rank
    self.reason = reason
    self.studentPosition = studentPosition
    self.cutoff = cutoff
  }

  public enum Reason: String, Sendable, Codable, CaseIterable {
    /// The student got this placement.
    case assigned
    /// The placement's ranking does not contain the student, so the pair is not acceptable.
    case notRankedByPlacement
    /// The placement has no places (capacity 0).
    case noCapacity
    /// Every place went to students the placement ranks higher.
    case fullOfHigherRanked
    /// Below the assigned choice: never needed.
    case notReached
    /// Not a placement index, or a repeat of an earlier choice on the same list: ignored.
    case invalidChoice
    /// The placement would take the student (a free place, or it holds someone it ranks lower), so this choice
    /// and the student form a blocking pair. Only for results that are not stable.
    case blockingPair
  }
}

/// The whole matching in figures, with the reasons behind the gaps.
public struct MatchingReport: Sendable, Hashable, Codable {
  /// Index k = number of students matched to their (k+1)-th choice; as long as the longest student list.
  public var rankDistribution: [Int]
  /// Students with a placement.
  public var matched: Int
  /// Students without a placement, ascending.
  public var unmatchedStudents: [Int]
  /// Per unmatched student: why.
  public var unmatchedReasons: [Int: UnmatchedReason]
  /// Placements with free places, ascending by placement.
  public var unfilledPlaces: [UnfilledPlace]
  /// Places in all (the sum of capacities) and places taken.
  public var totalPlaces: Int
  public var filledPlaces: Int
  /// True when the result has no violations (`StableMatching.violations` is empty).
  public var isStable: Bool
  /// True when the unfilled places cannot be fixed by choosing another stable matching. By the rural-hospitals
  /// theorem every stable matching matches the same students and fills each placement with the same number of
  /// students, so for a stable result this is always true: filling those places needs different lists,
  /// rankings or capacities, not a different algorithm. False only when the result itself is not stable.
  public var unfilledIsStructural: Bool

  public init(
    rankDistribution: [Int], matched: Int, unmatchedStudents: [Int], unmatchedReasons: [Int: UnmatchedReason],
    unfilledPlaces: [UnfilledPlace], totalPlaces: Int, filledPlaces: Int, isStable: Bool, unfilledIsStructural: Bool
  ) {
    self.rankDistribution = rankDistribution
    self.matched = matched
    self.unmatchedStudents = unmatchedStudents
    self.unmatchedReasons = unmatchedReasons
    self.unfilledPlaces = unfilledPlaces
    self.totalPlaces = totalPlaces
    self.filledPlaces = filledPlaces
    self.isStable = isStable
    self.unfilledIsStructural = unfilledIsStructural
  }

  /// Why a student has no placement.
  public enum UnmatchedReason: String, Sendable, Codable, CaseIterable {
    /// The student listed nothing.
    case emptyList
    /// No listed placement both ranks the student and has a place.
    case noAcceptableChoice
    /// Every acceptable choice was full of students it ranks higher.
    case outranked
    /// An acceptable choice would take the student: the result is not stable.
    case resultNotStable
  }

  /// A placement with free places.
  public struct UnfilledPlace: Sendable, Hashable, Codable {
    public var placement: Int
    /// Places left: capacity − assigned.
    public var free: Int
    public var reason: Reason

    public init(placement: Int, free: Int, reason: Reason) {
      self.placement = placement
      self.free = free
      self.reason = reason
    }

    public enum Reason: String, Sendable, Codable, CaseIterable {
      /// No student lists the placement.
      case nobodyListed
      /// Students list it, but it ranks none of them.
      case noAcceptableApplicant
      /// Every mutually acceptable applicant is either here or holds a choice it prefers.
      case applicantsMatchedElsewhere
      /// A mutually acceptable applicant is unmatched or holds a worse choice: the result is not stable.
      case resultNotStable
    }
  }
}

/// Explanations of a matching result, for one student or as a report.
public enum MatchingExplanation: Sendable {
  /// One outcome per listed choice, in the student's order: assigned, not reached (below the assignment), or
  /// why a better choice did not work out — the placement does not rank the student, has no places, or was
  /// full of students it ranks higher. Empty for an out-of-range student.
  public static func explain(_ instance: MatchingInstance, _ result: MatchingResult, student: Int) -> [ChoiceOutcome] {
    guard student >= 0, student < instance.studentCount else { return [] }
    let tables = MatchingTables(instance)
    return explain(instance, tables: tables, load: tables.load(result.placementOf), student: student)
  }

  /// Every student's explanation, building the tables once: linear in the total length of the lists.
  public static func explainAll(_ instance: MatchingInstance, _ result: MatchingResult) -> [[ChoiceOutcome]] {
    explainAll(PreparedMatching(instance), result)
  }

  /// `explainAll` over an instance whose tables are built already.
  public static func explainAll(_ prepared: PreparedMatching, _ result: MatchingResult) -> [[ChoiceOutcome]] {
    let instance = prepared.instance
    let tables = prepared.tables
    let load = tables.load(result.placementOf)
    return (0..<instance.studentCount).map { explain(instance, tables: tables, load: load, student: $0) }
  }

  static func explain(
    _ instance: MatchingInstance, tables: MatchingTables, load: (entry: [Int], count: [Int], worst: [Int]),
    student: Int
  ) -> [ChoiceOutcome] {
    let start = tables.prefStart[student]
    let list = instance.studentPreferences[student]
    let entry = load.entry[student]
    var out = [ChoiceOutcome]()
    out.reserveCapacity(list.count)
    for (i, listed) in list.enumerated() {
      let k = start + i
      let p = Int(tables.prefPlacement[k])
      guard p >= 0 else {
        out.append(ChoiceOutcome(placement: listed, rank: i, reason: .invalidChoice))
        continue
      }
      let position: Int? = tables.prefRank[k] >= 0 ? Int(tables.prefRank[k]) : nil
      let full = load.count[p] >= tables.capacity[p] && tables.capacity[p] > 0
      let cutoff: Int? = full ? load.worst[p] : nil
      let reason: ChoiceOutcome.Reason
      if k == entry {
        reason = .assigned
      } else if entry >= 0 && k > entry {
        reason = .notReached
      } else if let position {
        if tables.capacity[p] == 0 {
          reason = .noCapacity
        } else if let cutoff, cutoff < position {
          reason = .fullOfHigherRanked
        } else {
          reason = .blockingPair
        }
      } else {
        reason = .notRankedByPlacement
      }
      out.append(ChoiceOutcome(placement: p, rank: i, reason: reason, studentPosition: position, cutoff: cutoff))
    }
    return out
  }

  /// The report: rank distribution, matched and unmatched students (with reasons), unfilled places (with
  /// reasons), and whether the unfilled places are structural (see `MatchingReport.unfilledIsStructural`).
  /// Linear in the total length of the lists.
  public static func report(_ instance: MatchingInstance, _ result: MatchingResult) -> MatchingReport {
    report(PreparedMatching(instance), result)
  }

  /// `report` over an instance whose tables are built already.
  public static func report(_ prepared: PreparedMatching, _ result: MatchingResult) -> MatchingReport {
    let tables = prepared.tables
    let studentCount = tables.studentCount
    let placementCount = tables.placementCount
    let load = tables.load(result.placementOf)
    let longest = (0..<studentCount).reduce(0) { max($0, tables.prefStart[$1 + 1] - tables.prefStart[$1]) }
    var distribution = [Int](repeating: 0, count: longest)
    var matched = 0
    var unmatched = [Int]()
    var unmatchedReasons = [Int: MatchingReport.UnmatchedReason]()
    var listed = [Bool](repeating: false, count: placementCount)
    var hasAcceptable = [Bool](repeating: false, count: placementCount)
    var blocked = [Bool](repeating: false, count: placementCount)

    for s in 0..<studentCount {
      let start = tables.prefStart[s]
      let end = tables.prefStart[s + 1]
      let entry = load.entry[s]
      let isMatched = s < result.placementOf.count && result.placementOf[s] != nil
      if isMatched {
        matched += 1
        if entry >= 0 { distribution[entry - start] += 1 }
      }
      var anyAcceptable = false
      var anyBlocking = false
      for k in start..<end {
        let p = Int(tables.prefPlacement[k])
        guard p >= 0 else { continue }
        listed[p] = true
        guard tables.prefRank[k] >= 0 else { continue }
        hasAcceptable[p] = true
        // The applicant is settled for p when it is at p or holds a choice it prefers.
        if entry >= 0 && entry <= k { continue }
        guard tables.capacity[p] > 0 else { continue }
        anyAcceptable = true
        if load.count[p] < tables.capacity[p] || Int(tables.prefRank[k]) < load.worst[p] {
          anyBlocking = true
          blocked[p] = true
        }
      }
      if !isMatched {
        unmatched.append(s)
        unmatchedReasons[s] =
          end == start
          ? .emptyList : !anyAcceptable ? .noAcceptableChoice : anyBlocking ? .resultNotStable : .outranked
      }
    }

    var unfilled = [MatchingReport.UnfilledPlace]()
    var totalPlaces = 0
    var filledPlaces = 0
    for p in 0..<placementCount {
      let capacity = tables.capacity[p]
      totalPlaces += capacity
      filledPlaces += min(capacity, load.count[p])
      guard load.count[p] < capacity else { continue }
      let reason: MatchingReport.UnfilledPlace.Reason =
        !listed[p]
        ? .nobodyListed
        : !hasAcceptable[p] ? .noAcceptableApplicant : blocked[p] ? .resultNotStable : .applicantsMatchedElsewhere
      unfilled.append(MatchingReport.UnfilledPlace(placement: p, free: capacity - load.count[p], reason: reason))
    }

    let isStable = StableMatching.violations(prepared, result).isEmpty
    return MatchingReport(
      rankDistribution: distribution, matched: matched, unmatchedStudents: unmatched,
      unmatchedReasons: unmatchedReasons, unfilledPlaces: unfilled, totalPlaces: totalPlaces,
      filledPlaces: filledPlaces, isStable: isStable, unfilledIsStructural: isStable)
  }
}
