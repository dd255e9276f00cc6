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
  public static func analyze(
    programs: [Program], needs: [PersonnelNeed], placements: [Placement], lookup: Lookup,
    year: Int? = nil
  ) -> AlignmentAnalysis {
    let region = { (code: String?) -> String? in code.map { lookup.rollUp($0, to: .region) } }
    let needs = needs.filter { n in year.map { n.year == $0 } ?? true }
    var pairs = [AlignmentPair]()
    var targets = [String]()
    for n in needs { targets.append("need:" + n.code) }
    for p in placements { targets.append("placement:" + p.code) }
    let targetIndex = Dictionary(targets.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    var matrix = [[Double?]](repeating: [Double?](repeating: nil, count: targets.count), count: programs.count)
    for (i, program) in programs.enumerated() {
      let held = Fit.levels(of: program)
      let programRegion = region(lookup.region(ofProgram: program.code))
      for n in needs {
        let same = n.specialty != nil && n.specialty == program.specialty
        guard same || (programRegion != nil && region(n.region) == programRegion) else { continue }
        let fit = Fit.of(held: held, to: n.effectiveRequirements(occupations: lookup.occupations))
        pairs.append(
          AlignmentPair(
            program: program.code, targetKind: "need", target: n.code, employer: n.organization, sameSpecialty: same,
            people: n.count, fit: fit))
        if let j = targetIndex["need:" + n.code] { matrix[i][j] = fit.score }
      }
      for pl in placements {
        let same = pl.specialty != nil && pl.specialty == program.specialty
        guard same || (programRegion != nil && region(pl.region) == programRegion) else { continue }
        let fit = Fit.of(held: held, to: pl.effectiveRequirements(occupations: lookup.occupations))
        pairs.append(
          AlignmentPair(
            program: program.code, targetKind: "placement", target: pl.code, employer: pl.organization,
            sameSpecialty: same, people: pl.capacity, fit: fit))
        if let j = targetIndex["placement:" + pl.code] { matrix[i][j] = fit.score }
      }
    }
    pairs.sort {
      ($1.fit.score, $1.people, $0.program, $0.target) < ($0.fit.score, $0.people, $1.program, $1.target)
    }
    // Curriculum update lists.
    var programUpdates = [ProgramCurriculum]()
    for program in programs {
      let relevant = pairs.filter { $0.program == program.code && $0.sameSpecialty && $0.targetKind == "need" }
      let items = curriculum(relevant.map { ($0.fit.gaps, $0.people) }, lookup: lookup)
      if !items.isEmpty { programUpdates.append(ProgramCurriculum(program: program.code, items: items)) }
    }
    var best = [(gaps: [CompetencyGap], people: Int)]()
    for n in needs {
      guard let specialty = n.specialty else { continue }
      let candidates = programs.filter { $0.specialty == specialty }
      guard !candidates.isEmpty else { continue }
      let requirements = n.effectiveRequirements(occupations: lookup.occupations)
      let fits = candidates.map { Fit.of(held: Fit.levels(of: $0), to: requirements) }
      if let top = fits.max(by: { $0.score < $1.score }) { best.append((top.gaps, n.count)) }
    }
    return AlignmentAnalysis(
      pairs: pairs,
      matrix: .init(programs: programs.map(\.code), targets: targets, fit: matrix),
      programUpdates: programUpdates,
      clusterUpdates: curriculum(best, lookup: lookup))
  }

  static func curriculum(_ gapLists: [([CompetencyGap], Int)], lookup: Lookup) -> [CurriculumItem] {
    var items = [String: CurriculumItem]()
    for (gaps, people) in gapLists {
      for g in gaps {
        var item =
          items[g.competency]
          ?? CurriculumItem(competency: g.competency, name: lookup.name(ofCompetency: g.competency), people: 0, maxLevel: 0, needs: 0)
        item.people += people
        item.maxLevel = max(item.maxLevel, g.required)
        item.needs += 1
        items[g.competency] = item
      }
    }
    return items.values.sorted { ($1.people, $1.needs, $0.competency) < ($0.people, $0.needs, $1.competency) }
  }
}
