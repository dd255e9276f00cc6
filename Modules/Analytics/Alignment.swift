import Dispatch
import Domain
import Foundation

/// The fit of one program to one personnel need or placement.
public struct AlignmentPair: Sendable, Hashable, Codable {
  public var program: String
  /// `need` or `placement`.
  public var targetKind: String
  public var target: String
  public var employer: String
  public var sameSpecialty: Bool
  /// People demanded (need count, placement capacity).
  public var people: Int
  public var fit: FitResult
}

/// A competency the curricula lack, weighted by the people demanded.
public struct CurriculumItem: Sendable, Hashable, Codable {
  public var competency: String
  public var name: String
  /// Σ people of the needs whose requirement is not met.
  public var people: Int
  /// Highest level asked, and how many needs ask for it.
  public var maxLevel: Int
  public var needs: Int
}

public struct ProgramCurriculum: Sendable, Hashable, Codable {
  public var program: String
  public var items: [CurriculumItem]
}

public struct AlignmentAnalysis: Sendable, Hashable, Codable {
  /// Every program × target of the same specialty or region, best fit first.
  public var pairs: [AlignmentPair]
  /// Programs (rows) × targets (columns) → fit.
  public var matrix: Matrix
  /// Per program: what its curriculum lacks for the needs of its specialty.
  public var programUpdates: [ProgramCurriculum]
  /// For the whole set (a cluster): each need against the best program of its specialty.
  public var clusterUpdates: [CurriculumItem]

  public struct Matrix: Sendable, Hashable, Codable {
    public var programs: [String]
    public var targets: [String]
    /// `fit[i][j]` of program i to target j; nil where the pair is not compared.
    public var fit: [[Double?]]
  }
}

/// Indices of targets (needs or placements) by specialty and by rolled-up region.
struct TargetIndex {
  var bySpecialty = [String: [Int]]()
  var byRegion = [String: [Int]]()
  /// By region (filled by `indexRequirements`): the region's targets by the competencies they
  /// require.
  var requirements = [String: RegionRequirements]()

  init(_ targets: [(specialty: String?, region: String?)]) {
    for (j, t) in targets.enumerated() {
      if let s = t.specialty { bySpecialty[s, default: []].append(j) }
      if let r = t.region { byRegion[r, default: []].append(j) }
    }
  }

  /// Fills `requirements` from the targets' requirements (`flat`, in target order).
  mutating func indexRequirements(_ flat: FlatRequirements, competencies: Int) {
    for (r, targets) in byRegion {
      var index = RegionRequirements(byCompetency: [[Int32]](repeating: [], count: competencies))
      for j in targets {
        let (start, end) = (flat.start[j], flat.start[j + 1])
        if start == end { index.unconstrained.append(Int32(j)) }
        for k in start..<end {
          let c = Int(flat.competency[k])
          // A competency required twice by one target lists the target once.
          if index.byCompetency[c].last != Int32(j) { index.byCompetency[c].append(Int32(j)) }
        }
      }
      requirements[r] = index
    }
  }

  /// The targets of the specialty, and (when a region is given) of the region, in index order.
  /// Both lists are ascending (built in index order): merged in one pass, each index once —
  /// a set of a region's thousands of targets, sorted, for every program was a twentieth of a
  /// national alignment.
  func candidates(specialty: String?, region: String?) -> [Int] {
    let a = specialty.flatMap { bySpecialty[$0] } ?? []
    guard let r = region, let b = byRegion[r] else { return a }
    var merged = [Int]()
    merged.reserveCapacity(a.count + b.count)
    var (i, j) = (0, 0)
    while i < a.count || j < b.count {
      if j == b.count || (i < a.count && a[i] < b[j]) {
        merged.append(a[i])
        i += 1
      } else if i == a.count || b[j] < a[i] {
        merged.append(b[j])
        j += 1
      } else {
        merged.append(a[i])
        i += 1
        j += 1
      }
    }
    return merged
  }
}

/// One kind of target (needs or placements) as an alignment scan reads it: in the order of their
/// region (when compared by region), then specialty, then index, with plain arrays by position.
struct TargetLayout: Sendable {
  /// Position → index in the caller's list.
  let original: [Int]
  /// By position: requirements, specialty number (−1: none), people.
  let flat: FlatRequirements
  let specialty: [Int32]
  let people: [Int]
  /// Candidates by specialty and region, as positions.
  let index: TargetIndex

  init(
    specialties: [String?], specialtyIDs: [Int32], regions: [String?], required: [[(Int32, Int, Double)]],
    people: [Int], competencies: Int, byRegion: Bool
  ) {
    let original = Self.order(Array(zip(regions, specialtyIDs)))
    self.original = original
    flat = FlatRequirements(original.map { required[$0] })
    specialty = original.map { specialtyIDs[$0] }
    self.people = original.map { people[$0] }
    var index = TargetIndex(original.map { (specialties[$0], regions[$0]) })
    if byRegion { index.indexRequirements(flat, competencies: competencies) }
    self.index = index
  }

  /// Indices ordered by region (none first), then specialty number, then index.
  static func order(_ keys: [(region: String?, specialty: Int32)]) -> [Int] {
    keys.indices.sorted { a, b in
      let (ra, rb) = (keys[a].region ?? "", keys[b].region ?? "")
      if ra != rb { return ra < rb }
      if keys[a].specialty != keys[b].specialty { return keys[a].specialty < keys[b].specialty }
      return a < b
    }
  }
}

/// One region's targets by the competencies they require.
struct RegionRequirements: Sendable {
  /// Per competency number, the targets requiring it, ascending.
  var byCompetency: [[Int32]]
  /// The targets requiring nothing (every program fits them fully).
  var unconstrained = [Int32]()

  /// Puts into `hits` each target that requires one of the `held` competencies or nothing: the
  /// only targets a program holding them fits above zero. `seen` (one slot per target) remembers
  /// the program that last reached a target, so that two shared competencies list it once.
  func targets(heldBy held: [(Int32, Int)], program: Int, seen: inout [Int32], into hits: inout [Int]) {
    let stamp = Int32(program)
    hits.removeAll(keepingCapacity: true)
    for j in unconstrained { hits.append(Int(j)) }
    for (c, _) in held where Int(c) < byCompetency.count {
      for j in byCompetency[Int(c)] where seen[Int(j)] != stamp {
        seen[Int(j)] = stamp
        hits.append(Int(j))
      }
    }
  }
}

public enum Alignment {
  /// Compares programs with needs and placements of the same specialty (and, with
  /// `includeRegion`, of the same region). Keeps the `limit` best pairs; the matrix only when it
  /// has at most `matrixLimit` cells (a national run has millions of pairs).
  public static func analyze(
    programs: [Program], needs: [PersonnelNeed], placements: [Placement], lookup: Lookup,
    year: Int? = nil, includeRegion: Bool = true, limit: Int = 500, matrixLimit: Int = 250_000,
    threads: Int? = nil
  ) -> AlignmentAnalysis {
    let region = { @Sendable (code: String?) -> String? in code.map { lookup.rollUp($0, to: .region) } }
    let needs = needs.filter { n in year.map { n.year == $0 } ?? true }
    var targets = [String]()
    for n in needs { targets.append("need:" + n.code) }
    for p in placements { targets.append("placement:" + p.code) }
    let withMatrix = programs.count * targets.count <= matrixLimit
    var matrix =
      withMatrix
      ? [[Double?]](repeating: [Double?](repeating: nil, count: targets.count), count: programs.count) : []
    var interner = CompetencyInterner()
    let needRequirements = needs.map { $0.effectiveRequirements(occupations: lookup.occupations) }
    let placeRequirements = placements.map { $0.effectiveRequirements(occupations: lookup.occupations) }
    let needRequired = needRequirements.map { interner.required($0) }
    let placeRequired = placeRequirements.map { interner.required($0) }
    let programHeld = programs.map { interner.held(Fit.levels(of: $0)) }
    // Candidate pairs are scored fast; only the pairs kept get their full fit with gaps.
    // Programs in chunks on the machine's cores: some ten million pairs at the national scale.
    // Each chunk keeps its own best pairs; the best of a total order does not depend on which
    // chunk saw a pair first, so the merged result is the sequential one.
    let makeBest = { @Sendable in
      BestPairs(limit: limit) { a, b in
        if a.program != b.program { return programs[a.program].code < programs[b.program].code }
        let ta = a.need ? needs[a.target].code : placements[a.target].code
        let tb = b.need ? needs[b.target].code : placements[b.target].code
        return ta < tb
      }
    }
    let codes = interner.codes
    // Plain arrays for the inner loop: each need's people and specialty (as a number; -1 for
    // none), each program's specialty.
    var specialtyIDs = [String: Int32]()
    func specialtyID(_ s: String?) -> Int32 {
      guard let s else { return -1 }
      if let id = specialtyIDs[s] { return id }
      let id = Int32(specialtyIDs.count)
      specialtyIDs[s] = id
      return id
    }
    let programSpecialty = programs.map { specialtyID($0.specialty) }
    let programRegions = programs.map { region(lookup.region(ofProgram: $0.code)) }
    // Targets laid out by region (when compared by region) and specialty, and programs visited
    // in that order too: a program's candidates are its specialty's (and region's) targets,
    // scattered over the whole target list in code order; laid out together and met by fifty
    // programs in a row, they stay in the cache. Scanning in code order missed it on nearly every
    // requirement (two thirds of a national run). The order changes nothing in the result: the
    // best pairs are a total order, updates are put back in program order, and a need's top
    // program is the lowest index among equal fits.
    let needTargets = TargetLayout(
      specialties: needs.map(\.specialty), specialtyIDs: needs.map { specialtyID($0.specialty) },
      regions: needs.map { includeRegion ? region($0.region) : nil }, required: needRequired,
      people: needs.map(\.count), competencies: codes.count, byRegion: includeRegion)
    let placeTargets = TargetLayout(
      specialties: placements.map(\.specialty), specialtyIDs: placements.map { specialtyID($0.specialty) },
      regions: placements.map { includeRegion ? region($0.region) : nil }, required: placeRequired,
      people: placements.map(\.capacity), competencies: codes.count, byRegion: includeRegion)
    let visitOrder = TargetLayout.order(
      programs.indices.map { (includeRegion ? programRegions[$0] : nil, programSpecialty[$0]) })
    @Sendable func scan(_ range: Range<Int>) -> ChunkScan {
      var chunk = ChunkScan(best: makeBest(), needs: needs.count)
      // The program's levels by competency number, set and cleared per program: a requirement
      // is one array read (the fit is `FastFit.score`'s sum, term for term).
      var levels = [Int](repeating: 0, count: codes.count)
      var gaps = [(people: Int, needs: Int, level: Int)](repeating: (0, 0, 0), count: codes.count)
      var touched = [Int32]()
      let (needFlat, placeFlat) = (needTargets.flat, placeTargets.flat)
      var hits = [Int]()
      // The program that last reached each target through a competency (−1: none yet).
      var needSeen = [Int32](repeating: -1, count: needTargets.index.requirements.isEmpty ? 0 : needs.count)
      var placeSeen = [Int32](repeating: -1, count: placeTargets.index.requirements.isEmpty ? 0 : placements.count)
      @inline(__always) func score(_ flat: FlatRequirements, _ j: Int) -> Double {
        let (start, end) = (flat.start[j], flat.start[j + 1])
        if start == end { return 1 }
        var weighted = 0.0
        var total = 0.0
        for k in start..<end {
          let w = flat.weight[k]
          total += w
          weighted += w * min(1, Double(levels[Int(flat.competency[k])]) / Double(max(1, flat.level[k])))
        }
        return weighted / total
      }
      for i in range.map({ visitOrder[$0] }) {
        let program = programs[i]
        for (c, l) in programHeld[i] { levels[Int(c)] = l }
        let programRegion = programRegions[i]
        let specialty = programSpecialty[i]
        // Per program: competency → (people, needs, max level) over same-specialty needs.
        // `j`: a target's position in its layout.
        func visitNeed(_ j: Int) {
          let fit = score(needFlat, j)
          let people = needTargets.people[j]
          chunk.best.keep(.init(program: i, need: true, target: needTargets.original[j], score: fit, people: people))
          guard specialty >= 0 && needTargets.specialty[j] == specialty else { return }
          // The need's best program of its specialty: the first (lowest index) with the top fit.
          if fit > chunk.topFit[j] || (fit == chunk.topFit[j] && i < chunk.topProgram[j]) {
            chunk.topFit[j] = fit
            chunk.topProgram[j] = i
          }
          for k in needFlat.start[j]..<needFlat.start[j + 1]
          where levels[Int(needFlat.competency[k])] < needFlat.level[k] {
            let (c, l) = (needFlat.competency[k], needFlat.level[k])
            let at = Int(c)
            if gaps[at].needs == 0 { touched.append(c) }
            gaps[at].people += people
            gaps[at].needs += 1
            gaps[at].level = max(gaps[at].level, l)
          }
        }
        func visitPlacement(_ j: Int) {
          chunk.best.keep(
            .init(
              program: i, need: false, target: placeTargets.original[j], score: score(placeFlat, j),
              people: placeTargets.people[j]))
        }
        // By region, once the best pairs kept score above zero, a region's target that requires
        // none of the program's competencies (fit 0) cannot be kept: only the targets requiring
        // one of them, or nothing, are scored — a few in a hundred of a region's thousands.
        if let r = programRegion, let sparse = needTargets.index.requirements[r], !chunk.best.keeps(score: 0) {
          for j in program.specialty.flatMap({ needTargets.index.bySpecialty[$0] }) ?? [] { visitNeed(j) }
          sparse.targets(heldBy: programHeld[i], program: i, seen: &needSeen, into: &hits)
          for j in hits where specialty < 0 || needTargets.specialty[j] != specialty { visitNeed(j) }
        } else {
          for j in needTargets.index.candidates(specialty: program.specialty, region: programRegion) { visitNeed(j) }
        }
        if let r = programRegion, let sparse = placeTargets.index.requirements[r], !chunk.best.keeps(score: 0) {
          for j in program.specialty.flatMap({ placeTargets.index.bySpecialty[$0] }) ?? [] { visitPlacement(j) }
          sparse.targets(heldBy: programHeld[i], program: i, seen: &placeSeen, into: &hits)
          for j in hits where specialty < 0 || placeTargets.specialty[j] != specialty { visitPlacement(j) }
        } else {
          for j in placeTargets.index.candidates(specialty: program.specialty, region: programRegion) {
            visitPlacement(j)
          }
        }
        if !touched.isEmpty {
          let missing = touched.map {
            (competency: $0, people: gaps[Int($0)].people, needs: gaps[Int($0)].needs, level: gaps[Int($0)].level)
          }
          chunk.updates.append((i, Alignment.updates(of: program, missing: missing, codes: codes, lookup: lookup)))
          for c in touched { gaps[Int(c)] = (0, 0, 0) }
          touched.removeAll(keepingCapacity: true)
        }
        for (c, _) in programHeld[i] { levels[Int(c)] = 0 }
      }
      return chunk
    }
    // `threads`: nil is one per core from 2,000 programs on (fewer are not worth a thread).
    let chunks = max(
      1, min(programs.count, threads ?? (programs.count >= 2_000 ? ProcessInfo.processInfo.activeProcessorCount : 1)))
    let bounds = (0...chunks).map { programs.count * $0 / chunks }
    let results = ChunkResults<ChunkScan>(count: chunks)
    DispatchQueue.concurrentPerform(iterations: chunks) { c in results.set(c, scan(bounds[c]..<bounds[c + 1])) }
    var best = makeBest()
    var updates = [(program: Int, update: ProgramCurriculum)]()
    var topFit = [Double](repeating: -1, count: needs.count)
    var topProgram = [Int](repeating: -1, count: needs.count)
    // Among equal fits the lowest program index wins, whichever chunk saw it.
    for chunk in results.all {
      for x in chunk.best.sorted() { best.keep(x) }
      updates += chunk.updates
      for (at, j) in needTargets.original.enumerated()
      where chunk.topFit[at] > topFit[j] || (chunk.topFit[at] == topFit[j] && chunk.topProgram[at] < topProgram[j]) {
        topFit[j] = chunk.topFit[at]
        topProgram[j] = chunk.topProgram[at]
      }
    }
    let programUpdates = updates.sorted { $0.program < $1.program }.map(\.update)
    if withMatrix {
      for i in programs.indices {
        let programRegion = programRegions[i]
        for at in needTargets.index.candidates(specialty: programs[i].specialty, region: programRegion) {
          let j = needTargets.original[at]
          matrix[i][j] = FastFit.score(programHeld[i], needRequired[j])
        }
        for at in placeTargets.index.candidates(specialty: programs[i].specialty, region: programRegion) {
          let j = placeTargets.original[at]
          matrix[i][needs.count + j] = FastFit.score(programHeld[i], placeRequired[j])
        }
      }
    }
    let pairs = best.sorted().map { x -> AlignmentPair in
      let program = programs[x.program]
      guard x.need else {
        let p = placements[x.target]
        return pair(
          program: program, kind: "placement", target: (p.code, p.organization, p.specialty, p.capacity),
          requirements: placeRequirements[x.target])
      }
      let n = needs[x.target]
      return pair(
        program: program, kind: "need", target: (n.code, n.organization, n.specialty, n.count),
        requirements: needRequirements[x.target])
    }
    let bestGaps = bestProgramGaps(
      needs: needs, topProgram: topProgram, programHeld: programHeld, needRequired: needRequired,
      needRequirements: needRequirements, interner: interner)
    return AlignmentAnalysis(
      pairs: pairs,
      matrix: .init(programs: withMatrix ? programs.map(\.code) : [], targets: withMatrix ? targets : [], fit: matrix),
      programUpdates: programUpdates,
      clusterUpdates: curriculum(bestGaps, lookup: lookup))
  }

  /// A program's ten most wanted missing competencies: by people, then by needs.
  static func updates(
    of program: Program, missing: [(competency: Int32, people: Int, needs: Int, level: Int)], codes: [String],
    lookup: Lookup
  ) -> ProgramCurriculum {
    let items = missing.map { m in
      let code = codes[Int(m.competency)]
      return CurriculumItem(
        competency: code, name: lookup.name(ofCompetency: code), people: m.people, maxLevel: m.level, needs: m.needs)
    }.sorted { ($1.people, $1.needs, $0.competency) < ($0.people, $0.needs, $1.competency) }
    return ProgramCurriculum(program: program.code, items: Array(items.prefix(10)))
  }

  /// A kept pair with its full fit (gaps and all); candidates were only scored.
  static func pair(
    program: Program, kind: String, target: (code: String, organization: String, specialty: String?, people: Int),
    requirements: [Requirement]
  ) -> AlignmentPair {
    AlignmentPair(
      program: program.code, targetKind: kind, target: target.code, employer: target.organization,
      sameSpecialty: target.specialty != nil && target.specialty == program.specialty, people: target.people,
      fit: Fit.of(held: Fit.levels(of: program), to: requirements))
  }

  /// For the whole set: each need against the best program of its specialty, with the gaps
  /// that program leaves and the people the need asks for.
  static func bestProgramGaps(
    needs: [PersonnelNeed], topProgram: [Int], programHeld: [[(Int32, Int)]], needRequired: [[(Int32, Int, Double)]],
    needRequirements: [[Requirement]], interner: CompetencyInterner
  ) -> [(gaps: [CompetencyGap], people: Int)] {
    var best = [(gaps: [CompetencyGap], people: Int)]()
    for (j, n) in needs.enumerated() {
      let top = topProgram[j]
      guard top >= 0 else { continue }
      var gaps = [CompetencyGap]()
      let essential = Dictionary(
        needRequirements[j].map { ($0.competency, $0.essential) }, uniquingKeysWith: { a, b in a || b })
      FastFit.forEachGap(programHeld[top], needRequired[j]) { c, required, held in
        let code = interner.codes[Int(c)]
        gaps.append(CompetencyGap(competency: code, required: required, held: held, essential: essential[code] ?? true))
      }
      best.append((gaps, n.count))
    }
    return best
  }

  static func curriculum(_ gapLists: [([CompetencyGap], Int)], lookup: Lookup) -> [CurriculumItem] {
    var items = [String: CurriculumItem]()
    for (gaps, people) in gapLists {
      for g in gaps {
        var item =
          items[g.competency]
          ?? CurriculumItem(
            competency: g.competency, name: lookup.name(ofCompetency: g.competency), people: 0, maxLevel: 0, needs: 0)
        item.people += people
        item.maxLevel = max(item.maxLevel, g.required)
        item.needs += 1
        items[g.competency] = item
      }
    }
    return items.values.sorted { ($1.people, $1.needs, $0.competency) < ($0.people, $0.needs, $1.competency) }
  }
}

/// Targets' interned requirements in one buffer each field: target j's are at
/// `start[j]..<start[j + 1]`.
struct FlatRequirements: Sendable {
  var start = [0]
  var competency = [Int32]()
  var level = [Int]()
  var weight = [Double]()

  init(_ lists: [[(Int32, Int, Double)]]) {
    for list in lists {
      for (c, l, w) in list {
        competency.append(c)
        level.append(l)
        weight.append(w)
      }
      start.append(competency.count)
    }
  }
}

/// The `limit` best candidate pairs of an alignment run: by score, then people, then the
/// caller's tie-break (codes). Keeps at most four times the limit in memory, dropping pairs
/// below the worst score kept once it prunes.
struct BestPairs {
  struct Scored {
    var program: Int
    var need: Bool
    var target: Int
    var score: Double
    var people: Int
  }

  let limit: Int
  let tieBreak: (Scored, Scored) -> Bool
  private var scored = [Scored]()
  /// The score and people of the `limit`-th best pair so far: worse pairs (a lower score, or
  /// the same score and fewer people) are not kept at all.
  private var threshold = -1.0
  private var thresholdPeople = Int.min

  init(limit: Int, tieBreak: @escaping (Scored, Scored) -> Bool) {
    self.limit = limit
    self.tieBreak = tieBreak
  }

  func order(_ a: Scored, _ b: Scored) -> Bool {
    if a.score != b.score { return a.score > b.score }
    if a.people != b.people { return a.people > b.people }
    return tieBreak(a, b)
  }

  /// Whether a pair of this score would be kept now (the threshold only rises).
  func keeps(score: Double) -> Bool { score >= threshold }

  mutating func keep(_ item: Scored) {
    if item.score < threshold || (item.score == threshold && item.people < thresholdPeople) { return }
    scored.append(item)
    if scored.count > 4 * max(1, limit) {
      scored.sort(by: order)
      scored.removeLast(scored.count - limit)
      threshold = scored.last?.score ?? -1
      thresholdPeople = scored.last?.people ?? Int.min
    }
  }

  /// The pairs kept, best first, at most `limit`.
  func sorted() -> [Scored] {
    var out = scored.sorted(by: order)
    if out.count > limit { out.removeLast(out.count - limit) }
    return out
  }
}

/// One chunk of programs scanned: its best pairs, its programs' curriculum updates, and for
/// each need the best fit of a same-specialty program in the chunk (−1: none) and that program.
struct ChunkScan {
  var best: BestPairs
  /// By program index, in the order the chunk visited them.
  var updates = [(Int, ProgramCurriculum)]()
  var topFit: [Double]
  var topProgram: [Int]

  init(best: BestPairs, needs: Int) {
    self.best = best
    topFit = [Double](repeating: -1, count: needs)
    topProgram = [Int](repeating: -1, count: needs)
  }
}

/// One result per chunk of work run on parallel threads; each thread sets only its own slot.
final class ChunkResults<T>: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [T?]

  init(count: Int) { slots = [T?](repeating: nil, count: count) }

  func set(_ index: Int, _ value: T) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }

  /// The results in chunk order.
  var all: [T] { slots.compactMap { $0 } }
}
