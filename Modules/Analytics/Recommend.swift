import Domain

/// A suggested partner: an enterprise for an institution, or an institution for an enterprise.
public struct PartnerSuggestion: Sendable, Hashable, Codable {
  public var partner: String
  public var name: String
  /// Σ over the enterprise's needs of (best fit of the institution's programs × people needed).
  public var score: Double
  public var people: Int
  /// People-weighted mean of the best fits.
  public var fit: Double
  public var pairs: [Pair]
  /// 0 in the same district, 1 in the same region, 2 elsewhere.
  public var nearness: Int
  /// The year of the needs counted.
  public var year: Int

  public struct Pair: Sendable, Hashable, Codable {
    public var need: String
    public var program: String
    public var fit: Double
    public var people: Int
  }
}

public enum PartnerRecommendation {
  /// The year whose needs count when none is given: the first year from `day`'s on that has
  /// needs, else the latest year with needs.
  public static func defaultYear(needs: [PersonnelNeed], on day: Day) -> Int? {
    let years = Set(needs.map(\.year))
    return years.filter { $0 >= day.year }.min() ?? years.max()
  }

  /// For an institution: enterprises whose needs (of one year: `year`, else `defaultYear`) its
  /// programs fit best, without an active agreement between them on `day`; or, for an
  /// enterprise, the institutions. Partners in the same district come first, then the same
  /// region, then the rest; within each, by Σ fit × people needed.
  public static func recommend(
    for code: String, organizations: [Organization], programs: [Program], needs: [PersonnelNeed],
    agreements: [Agreement], lookup: Lookup, on day: Day, year: Int? = nil, limit: Int = 10
  ) -> [PartnerSuggestion] {
    guard let org = lookup.organizations[code],
      let chosenYear = year ?? defaultYear(needs: needs, on: day)
    else { return [] }
    let needs = needs.filter { $0.year == chosenYear }
    let active = Set(
      agreements.filter { $0.isActive(on: day) }.flatMap {
        ["\($0.customer)|\($0.provider)", "\($0.provider)|\($0.customer)"]
      })
    let programsByOrg = Dictionary(grouping: programs, by: \.organization)
    let needsByOrg = Dictionary(grouping: needs, by: \.organization)

    func suggestion(institution: String, enterprise: String, partner: String) -> PartnerSuggestion? {
      guard !active.contains("\(enterprise)|\(institution)"),
        let own = programsByOrg[institution], !own.isEmpty, let wanted = needsByOrg[enterprise], !wanted.isEmpty
      else { return nil }
      var pairs = [PartnerSuggestion.Pair]()
      for need in wanted {
        let requirements = need.effectiveRequirements(occupations: lookup.occupations)
        var best: (Program, Double)?
        for p in own {
          let f = Fit.of(held: Fit.levels(of: p), to: requirements).score
          if best == nil || f > (best?.1 ?? 0) || (f == best?.1 && p.code < (best?.0.code ?? "")) { best = (p, f) }
        }
        if let (p, f) = best { pairs.append(.init(need: need.code, program: p.code, fit: f, people: need.count)) }
      }
      let people = pairs.reduce(0) { $0 + $1.people }
      let score = pairs.reduce(0.0) { $0 + $1.fit * Double($1.people) }
      pairs.sort { ($1.fit * Double($1.people), $0.need) < ($0.fit * Double($0.people), $1.need) }
      let place = lookup.organizations[partner]?.region ?? ""
      return PartnerSuggestion(
        partner: partner, name: lookup.organizations[partner]?.name ?? partner, score: score, people: people,
        fit: people > 0 ? score / Double(people) : 0, pairs: pairs,
        nearness: lookup.nearness(of: place, to: [org.region]), year: chosenYear)
    }

    var out = [PartnerSuggestion]()
    if org.kind.isEducational {
      for other in organizations where other.kind.isEmployer {
        if let s = suggestion(institution: code, enterprise: other.code, partner: other.code) { out.append(s) }
      }
    } else {
      for other in organizations where other.kind.isEducational {
        if let s = suggestion(institution: other.code, enterprise: code, partner: other.code) { out.append(s) }
      }
    }
    out = out.filter { $0.score > 0 }
    out.sort { ($0.nearness, -$0.score, $0.partner) < ($1.nearness, -$1.score, $1.partner) }
    return Array(out.prefix(limit))
  }
}
