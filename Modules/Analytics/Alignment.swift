import Domain

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

public enum Alignment {
  /// Compares programs with needs and placements of the same specialty (and, with
  /// `includeRegion`, of the same region). Keeps the `limit` best pairs; the matrix only when it
  /// has at most `matrixLimit` cells (a national run has millions of pairs).
  public static func analyze(
    programs: [Program], needs: [PersonnelNeed], placements: [Placement], lookup: Lookup,
    year: Int? = nil, includeRegion: Bool = true, limit: Int = 500, matrixLimit: Int = 250_000
  ) -> AlignmentAnalysis {
    let region = { (code: String?) -> String? in code.map { lookup.rollUp($0, to: .region) } }
    let needs = needs.filter { n in year.map { n.year == $0 } ?? true }
    var targets = [String]()
    for n in needs { targets.append("need:" + n.code) }
    for p in placements { targets.append("placement:" + p.code) }
    let withMatrix = programs.count * targets.count <= matrixLimit
    var matrix =
      withMatrix
      ? [[Double?]](repeating: [Double?](repeating: nil, count: targets.count), count: programs.count) : []
    // Candidate targets by specialty and by region, as indices into `needs` / `placements`.
    var needsBySpecialty = [String: [Int]]()
    var needsByRegion = [String: [Int]]()
    for (j, n) in needs.enumerated() {
      if let s = n.specialty { needsBySpecialty[s, default: []].append(j) }
      if includeRegion, let r = region(n.region) { needsByRegion[r, default: []].append(j) }
    }
    var placesBySpecialty = [String: [Int]]()
    var placesByRegion = [String: [Int]]()
    for (j, p) in placements.enumerated() {
      if let s = p.specialty { placesBySpecialty[s, default: []].append(j) }
      if includeRegion, let r = region(p.region) { placesByRegion[r, default: []].append(j) }
    }
    let needRequirements = needs.map { $0.effectiveRequirements(occupations: lookup.occupations) }
    let placeRequirements = placements.map { $0.effectiveRequirements(occupations: lookup.occupations) }
    var pairs = [AlignmentPair]()
    func keep(_ pair: AlignmentPair) {
      pairs.append(pair)
      if pairs.count > 2 * max(1, limit) {
        pairs.sort(by: better)
        pairs.removeLast(pairs.count - limit)
      }
    }
    var programUpdates = [ProgramCurriculum]()
    for (i, program) in programs.enumerated() {
      let held = Fit.levels(of: program)
      let programRegion = region(lookup.region(ofProgram: program.code))
      var gapsForCurriculum = [([CompetencyGap], Int)]()
      var needIndices = Set(program.specialty.flatMap { needsBySpecialty[$0] } ?? [])
      if let r = programRegion { needIndices.formUnion(needsByRegion[r] ?? []) }
      for j in needIndices.sorted() {
        let n = needs[j]
        let same = n.specialty != nil && n.specialty == program.specialty
        let fit = Fit.of(held: held, to: needRequirements[j])
        keep(
          AlignmentPair(
            program: program.code, targetKind: "need", target: n.code, employer: n.organization, sameSpecialty: same,
            people: n.count, fit: fit))
        if same { gapsForCurriculum.append((fit.gaps, n.count)) }
        if withMatrix { matrix[i][j] = fit.score }
      }
      var placeIndices = Set(program.specialty.flatMap { placesBySpecialty[$0] } ?? [])
      if let r = programRegion { placeIndices.formUnion(placesByRegion[r] ?? []) }
      for j in placeIndices.sorted() {
        let pl = placements[j]
        let same = pl.specialty != nil && pl.specialty == program.specialty
        let fit = Fit.of(held: held, to: placeRequirements[j])
        keep(
          AlignmentPair(
            program: program.code, targetKind: "placement", target: pl.code, employer: pl.organization,
            sameSpecialty: same, people: pl.capacity, fit: fit))
        if withMatrix { matrix[i][needs.count + j] = fit.score }
      }
      let items = curriculum(gapsForCurriculum, lookup: lookup)
      if !items.isEmpty {
        programUpdates.append(ProgramCurriculum(program: program.code, items: Array(items.prefix(10))))
      }
    }
    pairs.sort(by: better)
    if pairs.count > limit { pairs.removeLast(pairs.count - limit) }
    // For the whole set: each need against the best program of its specialty.
    let programsBySpecialty = Dictionary(grouping: programs.filter { $0.specialty != nil }) { $0.specialty ?? "" }
    let programLevels = Dictionary(programs.map { ($0.code, Fit.levels(of: $0)) }, uniquingKeysWith: { a, _ in a })
    var best = [(gaps: [CompetencyGap], people: Int)]()
    for (j, n) in needs.enumerated() {
      guard let specialty = n.specialty, let candidates = programsBySpecialty[specialty] else { continue }
      let fits = candidates.map { Fit.of(held: programLevels[$0.code] ?? [:], to: needRequirements[j]) }
      if let top = fits.max(by: { $0.score < $1.score }) { best.append((top.gaps, n.count)) }
    }
    return AlignmentAnalysis(
      pairs: pairs,
      matrix: .init(programs: withMatrix ? programs.map(\.code) : [], targets: withMatrix ? targets : [], fit: matrix),
      programUpdates: programUpdates,
      clusterUpdates: curriculum(best, lookup: lookup))
  }

  static func better(_ a: AlignmentPair, _ b: AlignmentPair) -> Bool {
    (b.fit.score, b.people, a.program, a.target) < (a.fit.score, a.people, b.program, b.target)
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
