// Placement matching (SPEC §3): stable many-to-one matching of students to placements by deferred
// acceptance with capacities, in indices. Codes and domain values are mapped to indices by the caller.
import Domain

/// A matching instance in indices: everything the algorithm needs, nothing else.
///
/// Students are `0..<studentCount`, placements `0..<placementCount`. A pair (student, placement) is
/// *acceptable* only when the student lists the placement and the placement's ranking contains the student.
///
/// Well-formed instances have capacities ≥ 0, in-range indices and no repeats. The algorithms do not
/// trap on malformed input: a negative capacity counts as 0, an out-of-range index is ignored, and a repeat
/// counts only at its first position (a repeated choice is never acceptable).
public struct MatchingInstance: Sendable, Hashable, Codable {
  /// Per placement: the number of places, ≥ 0.
  public var capacities: [Int]
  /// Per student: placement indices, best first, no repeats.
  public var studentPreferences: [[Int]]
  /// Per placement: student indices, best first, strict, no repeats.
  public var placementRankings: [[Int]]

  public init(capacities: [Int], studentPreferences: [[Int]], placementRankings: [[Int]]) {
    self.capacities = capacities
    self.studentPreferences = studentPreferences
    self.placementRankings = placementRankings
  }

  public var studentCount: Int { studentPreferences.count }
  /// The number of placements: the longer of `capacities` and `placementRankings` (a missing capacity is 0,
  /// a missing ranking is empty).
  public var placementCount: Int { max(capacities.count, placementRankings.count) }

  /// The capacity of `placement`, clamped to ≥ 0 (0 when out of range).
  public func capacity(of placement: Int) -> Int {
    placement >= 0 && placement < capacities.count ? max(0, capacities[placement]) : 0
  }
}

/// Which side proposes in deferred acceptance.
public enum ProposingSide: String, DomainEnum {
  /// Student-proposing: the student-optimal stable matching (the default).
  case students
  /// Placement-proposing: the placement-optimal stable matching, the worst stable matching for every student.
  case placements
}

/// A matching: who goes where.
public struct MatchingResult: Sendable, Hashable, Codable {
  /// Per student: the placement index, or nil.
  public var placementOf: [Int?]
  /// Per placement: assigned students, best-ranked first (in the placement's ranking order).
  public var studentsOf: [[Int]]
  /// Per student: 0-based position of `placementOf` in the student's own list (nil when unmatched).
  public var choiceRank: [Int?]
  /// Proposals made to mutually acceptable partners (by students, or by placements for `.placements`).
  /// Independent of the order in which deferred acceptance processes proposers.
  public var proposals: Int

  public init(placementOf: [Int?], studentsOf: [[Int]], choiceRank: [Int?], proposals: Int) {
    self.placementOf = placementOf
    self.studentsOf = studentsOf
    self.choiceRank = choiceRank
    self.proposals = proposals
  }

  /// A result from `placementOf` alone; `studentsOf` and `choiceRank` are derived from the instance. Students a
  /// placement does not rank follow the ranked ones, by index; out-of-range placements are left out of
  /// `studentsOf`. Linear in the total length of the lists.
  public init(_ instance: MatchingInstance, placementOf: [Int?], proposals: Int = 0) {
    let tables = MatchingTables(instance)
    let entry = tables.load(placementOf).entry
    let choiceRank: [Int?] = placementOf.indices.map { s in
      s < entry.count && entry[s] >= 0 ? entry[s] - tables.prefStart[s] : nil
    }
    self.init(
      placementOf: placementOf, studentsOf: tables.studentsOf(placementOf), choiceRank: choiceRank,
      proposals: proposals)
  }

  /// The number of matched students.
  public var matchedCount: Int { placementOf.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
}

/// One way a matching breaks the rules.
public enum MatchingViolation: Sendable, Hashable, CustomStringConvertible {
  /// More students assigned to the placement than it has places.
  case overCapacity(placement: Int, assigned: Int, capacity: Int)
  /// A student assigned to a placement it does not list, or that does not rank it (or that does not exist).
  case unacceptable(student: Int, placement: Int)
  /// A student listed under more than one placement in `studentsOf`, or twice under one.
  case matchedTwice(student: Int, placements: [Int])
  /// `placementOf` and `studentsOf` disagree about a student.
  case inconsistent(student: Int, placementOf: Int?, listedUnder: Int?)
  /// The student and the placement accept each other, the student prefers the placement to its match (or is
  /// unmatched), and the placement has a free place or ranks the student above one of its students.
  case blockingPair(student: Int, placement: Int)

  public var description: String {
    switch self {
    case .overCapacity(let p, let assigned, let capacity):
      return "placement \(p) holds \(assigned) students but has \(capacity) places"
    case .unacceptable(let s, let p):
      return "student \(s) is assigned to placement \(p), but the pair is not acceptable to both"
    case .matchedTwice(let s, let ps):
      return "student \(s) is assigned more than once (placements \(ps.map(String.init).joined(separator: ", ")))"
    case .inconsistent(let s, let p, let q):
      let a = p.map { "placement \($0)" } ?? "no placement"
      let b = q.map { "placement \($0)" } ?? "no placement"
      return "student \(s): placementOf says \(a), studentsOf says \(b)"
    case .blockingPair(let s, let p):
      return "student \(s) and placement \(p) block: both would rather be matched to each other"
    }
  }
}

/// Stable placement matching: deferred acceptance with capacities (Gale–Shapley, many-to-one).
public enum StableMatching: Sendable {
  /// Deferred acceptance with capacities.
  ///
  /// A pair is acceptable only when the student lists the placement and the placement's ranking contains the
  /// student. `.students` gives the student-optimal stable matching (every student gets the best placement
  /// any stable matching gives it), `.placements` the placement-optimal one (the worst for every student).
  /// Both fill each placement with the same number of students and match the same students (rural hospitals).
  ///
  /// Work is linear in the total length of the lists, times a log of capacity for the per-placement heaps of
  /// held students. Deterministic: the same instance gives the same result.
  public static func solve(_ instance: MatchingInstance, proposing: ProposingSide = .students) -> MatchingResult {
    solve(PreparedMatching(instance), proposing: proposing)
  }

  /// `solve` over an instance whose tables are built already.
  public static func solve(_ prepared: PreparedMatching, proposing: ProposingSide = .students) -> MatchingResult {
    let tables = prepared.tables
    switch proposing {
    case .students: return studentProposing(tables)
    case .placements: return placementProposing(tables)
    }
  }

  /// A plain, straightforward student-proposing deferred acceptance, the benchmark's baseline: rounds in which
  /// every free student proposes to its next choice, dictionary rank look-ups, linear searches, and each
  /// placement re-sorting its held and new applicants. Correct but naive; returns the same result as
  /// `solve(_:proposing: .students)`.
  public static func naive(_ instance: MatchingInstance) -> MatchingResult {
    let studentCount = instance.studentCount
    let placementCount = instance.placementCount
    var rankOf = [[Int: Int]](repeating: [:], count: placementCount)
    for (p, ranking) in instance.placementRankings.enumerated() {
      for (r, s) in ranking.enumerated() where rankOf[p][s] == nil { rankOf[p][s] = r }
    }
    var next = [Int](repeating: 0, count: studentCount)
    var held = [[Int]](repeating: [], count: placementCount)
    var placementOf = [Int?](repeating: nil, count: studentCount)
    var proposals = 0
    while true {
      var applicants = [Int: [Int]]()
      for s in 0..<studentCount where placementOf[s] == nil {
        let list = instance.studentPreferences[s]
        while next[s] < list.count {
          let i = next[s]
          let p = list[i]
          next[s] += 1
          guard p >= 0, p < placementCount, list.firstIndex(of: p) == i, rankOf[p][s] != nil else { continue }
          proposals += 1
          applicants[p, default: []].append(s)
          break
        }
      }
      if applicants.isEmpty { break }
      for (p, new) in applicants {
        let pool = (held[p] + new).sorted { (rankOf[p][$0] ?? Int.max) < (rankOf[p][$1] ?? Int.max) }
        let keep = Array(pool.prefix(instance.capacity(of: p)))
        for s in pool { placementOf[s] = keep.contains(s) ? p : nil }
        held[p] = keep
      }
    }
    let choiceRank: [Int?] = (0..<studentCount).map { s in
      placementOf[s].flatMap { instance.studentPreferences[s].firstIndex(of: $0) }
    }
    return MatchingResult(placementOf: placementOf, studentsOf: held, choiceRank: choiceRank, proposals: proposals)
  }

  /// Every way `result` breaks the rules for `instance`: capacity exceeded, an unacceptable pair matched, a
  /// student matched twice (or `placementOf` and `studentsOf` disagreeing), and every blocking pair. Empty
  /// exactly when the result is a stable matching. `placementOf` is taken as the matching; capacity and
  /// blocking pairs are judged on it.
  ///
  /// Order: capacity by placement, then per student its assignment problems, then blocking pairs by student
  /// and the student's list order. Linear in the total length of the lists.
  public static func violations(_ instance: MatchingInstance, _ result: MatchingResult) -> [MatchingViolation] {
    violations(PreparedMatching(instance), result)
  }

  /// `violations` over an instance whose tables are built already.
  public static func violations(_ prepared: PreparedMatching, _ result: MatchingResult) -> [MatchingViolation] {
    let tables = prepared.tables
    let studentCount = tables.studentCount
    let placementCount = tables.placementCount
    var out = [MatchingViolation]()

    // The assignment, as placementOf says it (missing entries are unmatched).
    let assigned: [Int?] = (0..<studentCount).map { s in s < result.placementOf.count ? result.placementOf[s] : nil }
    let load = tables.load(assigned)
    let count = load.count
    let worst = load.worst
    for p in 0..<placementCount where count[p] > tables.capacity[p] {
      out.append(.overCapacity(placement: p, assigned: count[p], capacity: tables.capacity[p]))
    }

    // Students as studentsOf lists them: the first placement per student, and all of them for students listed
    // more than once.
    var listedUnder = [Int](repeating: -1, count: studentCount)
    var repeated = [Int: [Int]]()
    for (p, students) in result.studentsOf.enumerated() {
      for s in students {
        if s < 0 || s >= studentCount {
          out.append(.inconsistent(student: s, placementOf: nil, listedUnder: p))
        } else if listedUnder[s] < 0 {
          listedUnder[s] = p
        } else {
          repeated[s, default: [listedUnder[s]]].append(p)
        }
      }
    }

    // Per student: assignment problems, and the position in its own list of the assigned placement.
    var matchedPosition = [Int](repeating: 0, count: studentCount)
    for s in 0..<studentCount {
      let start = tables.prefStart[s]
      let entry = load.entry[s]
      matchedPosition[s] = entry >= 0 ? entry - start : tables.prefStart[s + 1] - start
      let under: Int? = listedUnder[s] >= 0 ? listedUnder[s] : nil
      if let placements = repeated[s] {
        out.append(.matchedTwice(student: s, placements: placements))
      } else if under != assigned[s] {
        out.append(.inconsistent(student: s, placementOf: assigned[s], listedUnder: under))
      }
      if let p = assigned[s], entry < 0 || tables.prefRank[entry] < 0 {
        out.append(.unacceptable(student: s, placement: p))
      }
    }

    // Blocking pairs: an acceptable choice above the match whose placement has room or holds someone worse.
    for s in 0..<studentCount {
      let start = tables.prefStart[s]
      for k in start..<(start + matchedPosition[s]) {
        let r = Int(tables.prefRank[k])
        guard r >= 0 else { continue }
        let p = Int(tables.prefPlacement[k])
        guard tables.capacity[p] > 0 else { continue }
        if count[p] < tables.capacity[p] || r < worst[p] { out.append(.blockingPair(student: s, placement: p)) }
      }
    }
    return out
  }

  // MARK: Deferred acceptance

  private static func studentProposing(_ t: MatchingTables) -> MatchingResult {
    let studentCount = t.studentCount
    let placementCount = t.placementCount
    // Held students per placement: a max-heap on the placement's rank (the worst held on top), packed into one
    // buffer. A placement can hold at most the students it ranks, so the buffer is bounded by the lists.
    var heapStart = [Int](repeating: 0, count: placementCount + 1)
    var limit = [Int](repeating: 0, count: placementCount)
    for p in 0..<placementCount {
      limit[p] = min(t.capacity[p], t.rankStart[p + 1] - t.rankStart[p])
      heapStart[p + 1] = heapStart[p] + limit[p]
    }
    var heap = [UInt64](repeating: 0, count: heapStart[placementCount])
    var heapSize = [Int](repeating: 0, count: placementCount)
    var next = Array(t.prefStart.dropLast())
    var holding = [Int](repeating: -1, count: studentCount)  // flat list entry of the current proposal held
    var free = [Int32]((0..<Int32(studentCount)).reversed())
    free.reserveCapacity(studentCount)
    var proposals = 0

    heap.withUnsafeMutableBufferPointer { heap in
      t.prefRank.withUnsafeBufferPointer { prefRank in
        t.prefPlacement.withUnsafeBufferPointer { prefPlacement in
          while let s32 = free.popLast() {
            let s = Int(s32)
            let end = t.prefStart[s + 1]
            var k = next[s]
            while k < end {
              let r = prefRank[k]
              let p = Int(prefPlacement[k])
              k += 1
              if r < 0 { continue }
              proposals += 1
              let cap = limit[p]
              if cap == 0 { continue }
              let base = heapStart[p]
              let key = UInt64(UInt32(r)) << 32 | UInt64(UInt32(s))
              let size = heapSize[p]
              if size < cap {
                // Sift up.
                var i = size
                while i > 0 {
                  let parent = (i - 1) >> 1
                  if heap[base + parent] >= key { break }
                  heap[base + i] = heap[base + parent]
                  i = parent
                }
                heap[base + i] = key
                heapSize[p] = size + 1
                holding[s] = k - 1
                break
              }
              let top = heap[base]
              if key > top { continue }
              // Replace the worst held student and sift down.
              let evicted = Int(UInt32(truncatingIfNeeded: top))
              holding[evicted] = -1
              free.append(Int32(evicted))
              var i = 0
              while true {
                let left = 2 * i + 1
                if left >= size { break }
                var child = left
                if left + 1 < size && heap[base + left + 1] > heap[base + left] { child = left + 1 }
                if heap[base + child] <= key { break }
                heap[base + i] = heap[base + child]
                i = child
              }
              heap[base + i] = key
              holding[s] = k - 1
              break
            }
            next[s] = k
          }
        }
      }
    }

    var placementOf = [Int?](repeating: nil, count: studentCount)
    var choiceRank = [Int?](repeating: nil, count: studentCount)
    for s in 0..<studentCount where holding[s] >= 0 {
      placementOf[s] = Int(t.prefPlacement[holding[s]])
      choiceRank[s] = holding[s] - t.prefStart[s]
    }
    return MatchingResult(
      placementOf: placementOf, studentsOf: t.studentsOf(placementOf), choiceRank: choiceRank, proposals: proposals)
  }

  private static func placementProposing(_ t: MatchingTables) -> MatchingResult {
    let studentCount = t.studentCount
    let placementCount = t.placementCount
    let rankPosition = t.rankPositions()
    var next = Array(t.rankStart.dropLast())
    var held = [Int](repeating: 0, count: placementCount)
    var matchedTo = [Int32](repeating: -1, count: studentCount)
    var matchedPosition = [Int32](repeating: Int32.max, count: studentCount)
    var queued = [Bool](repeating: true, count: placementCount)
    var queue = [Int32]((0..<Int32(placementCount)).reversed())
    var proposals = 0

    rankPosition.withUnsafeBufferPointer { rankPosition in
      t.rankStudent.withUnsafeBufferPointer { rankStudent in
        while let p32 = queue.popLast() {
          let p = Int(p32)
          queued[p] = false
          let end = t.rankStart[p + 1]
          let cap = t.capacity[p]
          var j = next[p]
          while held[p] < cap && j < end {
            let position = rankPosition[j]
            let s = Int(rankStudent[j])
            j += 1
            if position < 0 { continue }
            proposals += 1
            let current = Int(matchedTo[s])
            if current < 0 {
              matchedTo[s] = p32
              matchedPosition[s] = position
              held[p] += 1
            } else if position < matchedPosition[s] {
              held[current] -= 1
              if !queued[current] {
                queued[current] = true
                queue.append(Int32(current))
              }
              matchedTo[s] = p32
              matchedPosition[s] = position
              held[p] += 1
            }
          }
          next[p] = j
        }
      }
    }

    var placementOf = [Int?](repeating: nil, count: studentCount)
    var choiceRank = [Int?](repeating: nil, count: studentCount)
    for s in 0..<studentCount where matchedTo[s] >= 0 {
      placementOf[s] = Int(matchedTo[s])
      choiceRank[s] = Int(matchedPosition[s])
    }
    return MatchingResult(
      placementOf: placementOf, studentsOf: t.studentsOf(placementOf), choiceRank: choiceRank, proposals: proposals)
  }
}

/// The instance as flat arrays, with each list entry's counterpart rank resolved once, in linear time.
/// An instance with its index tables built once, for a run that solves, verifies, reports and
/// explains the same instance: each of those built them anew, a fifth of a national `match`.
public struct PreparedMatching: Sendable {
  public let instance: MatchingInstance
  let tables: MatchingTables

  public init(_ instance: MatchingInstance) {
    self.instance = instance
    tables = MatchingTables(instance)
  }
}

struct MatchingTables: Sendable {
  let studentCount: Int
  let placementCount: Int
  /// Per placement: capacity clamped to ≥ 0.
  let capacity: [Int]
  /// Student lists, flattened: student s owns entries `prefStart[s]..<prefStart[s + 1]`.
  let prefStart: [Int]
  /// Per list entry: the placement (−1 when out of range).
  let prefPlacement: [Int32]
  /// Per list entry: the student's position in that placement's ranking, or −1 when the pair is not
  /// acceptable (the placement does not rank the student, the index is out of range, or the entry repeats).
  let prefRank: [Int32]
  /// Placement rankings, flattened: placement p owns entries `rankStart[p]..<rankStart[p + 1]`.
  let rankStart: [Int]
  /// Per ranking entry: the student (−1 when out of range).
  let rankStudent: [Int32]
  /// Per ranking entry: false when the student is out of range or repeats an earlier entry.
  let rankValid: [Bool]

  init(_ instance: MatchingInstance) {
    let studentCount = instance.studentCount
    let placementCount = instance.placementCount
    self.studentCount = studentCount
    self.placementCount = placementCount
    capacity = (0..<placementCount).map { instance.capacity(of: $0) }

    var prefStart = [Int](repeating: 0, count: studentCount + 1)
    for s in 0..<studentCount { prefStart[s + 1] = prefStart[s] + instance.studentPreferences[s].count }
    let prefTotal = prefStart[studentCount]
    var prefPlacement = [Int32](repeating: -1, count: prefTotal)
    var prefValid = [Bool](repeating: false, count: prefTotal)
    var listers = [Int](repeating: 0, count: placementCount + 1)  // counts, then starts
    var stamp = [Int](repeating: -1, count: placementCount)
    for s in 0..<studentCount {
      var k = prefStart[s]
      for p in instance.studentPreferences[s] {
        if p >= 0 && p < placementCount && stamp[p] != s {
          stamp[p] = s
          prefPlacement[k] = Int32(p)
          prefValid[k] = true
          listers[p + 1] += 1
        }
        k += 1
      }
    }
    for p in 0..<placementCount { listers[p + 1] += listers[p] }
    // Entries listing each placement, grouped by placement (counting sort, in student order).
    var listerEntry = [Int](repeating: 0, count: listers[placementCount])
    var listerStudent = [Int32](repeating: 0, count: listers[placementCount])
    var fill = Array(listers.dropLast())
    for s in 0..<studentCount {
      for k in prefStart[s]..<prefStart[s + 1] where prefValid[k] {
        let p = Int(prefPlacement[k])
        listerEntry[fill[p]] = k
        listerStudent[fill[p]] = Int32(s)
        fill[p] += 1
      }
    }

    var rankStart = [Int](repeating: 0, count: placementCount + 1)
    for p in 0..<placementCount {
      let n = p < instance.placementRankings.count ? instance.placementRankings[p].count : 0
      rankStart[p + 1] = rankStart[p] + n
    }
    var rankStudent = [Int32](repeating: -1, count: rankStart[placementCount])
    var rankValid = [Bool](repeating: false, count: rankStart[placementCount])
    var prefRank = [Int32](repeating: -1, count: prefTotal)
    var rankOfStudent = [Int32](repeating: -1, count: studentCount)  // scratch, reset after each placement
    for p in 0..<instance.placementRankings.count where p < placementCount {
      let ranking = instance.placementRankings[p]
      var j = rankStart[p]
      for (r, s) in ranking.enumerated() {
        if s >= 0 && s < studentCount && rankOfStudent[s] < 0 {
          rankOfStudent[s] = Int32(r)
          rankStudent[j] = Int32(s)
          rankValid[j] = true
        }
        j += 1
      }
      for i in listers[p]..<listers[p + 1] {
        prefRank[listerEntry[i]] = rankOfStudent[Int(listerStudent[i])]
      }
      for j in rankStart[p]..<rankStart[p + 1] where rankValid[j] { rankOfStudent[Int(rankStudent[j])] = -1 }
    }
    self.prefStart = prefStart
    self.prefPlacement = prefPlacement
    self.prefRank = prefRank
    self.rankStart = rankStart
    self.rankStudent = rankStudent
    self.rankValid = rankValid
  }

  /// Per ranking entry: the position of the placement in the student's own list, or −1 when the pair is not
  /// acceptable. Linear in the total length of the lists.
  func rankPositions() -> [Int32] {
    // For each acceptable list entry, its position lands on the ranking entry of the same pair: placement p's
    // entry for student s sits at rankStart[p] + prefRank[k].
    var out = [Int32](repeating: -1, count: rankStudent.count)
    for s in 0..<studentCount {
      let start = prefStart[s]
      for k in start..<prefStart[s + 1] where prefRank[k] >= 0 {
        out[rankStart[Int(prefPlacement[k])] + Int(prefRank[k])] = Int32(k - start)
      }
    }
    return out
  }

  /// How a matching (`placementOf`, one entry per student) loads the lists: per student the flat list entry
  /// of its placement (−1 when unmatched, out of range or not listed); per placement the number of students
  /// and the ranking position of its lowest-ranked one (−1 when empty, `Int.max` when it holds a student it
  /// does not rank).
  func load(_ placementOf: [Int?]) -> (entry: [Int], count: [Int], worst: [Int]) {
    var entry = [Int](repeating: -1, count: studentCount)
    var count = [Int](repeating: 0, count: placementCount)
    var worst = [Int](repeating: -1, count: placementCount)
    for s in 0..<min(studentCount, placementOf.count) {
      guard let p = placementOf[s], p >= 0, p < placementCount else { continue }
      count[p] += 1
      for k in prefStart[s]..<prefStart[s + 1] where Int(prefPlacement[k]) == p {
        entry[s] = k
        break
      }
      let k = entry[s]
      worst[p] = max(worst[p], k >= 0 && prefRank[k] >= 0 ? Int(prefRank[k]) : Int.max)
    }
    return (entry, count, worst)
  }

  /// Per placement: its students in ranking order; students it does not rank follow, by index. Out-of-range
  /// placements are left out.
  func studentsOf(_ placementOf: [Int?]) -> [[Int]] {
    var count = [Int](repeating: 0, count: placementCount)
    for case let p? in placementOf where p >= 0 && p < placementCount { count[p] += 1 }
    var out = count.map { [Int]().reserving($0) }
    var placed = [Bool](repeating: false, count: placementOf.count)
    for p in 0..<placementCount where count[p] > 0 {
      for j in rankStart[p]..<rankStart[p + 1] where rankValid[j] {
        let s = Int(rankStudent[j])
        if s < placementOf.count && placementOf[s] == p {
          out[p].append(s)
          placed[s] = true
        }
      }
    }
    for (s, p) in placementOf.enumerated() {
      if let p, p >= 0, p < placementCount, !placed[s] { out[p].append(s) }
    }
    return out
  }
}

extension Array {
  fileprivate func reserving(_ n: Int) -> [Element] {
    var copy = self
    copy.reserveCapacity(n)
    return copy
  }
}
