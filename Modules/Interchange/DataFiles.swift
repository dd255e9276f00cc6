import Domain

/// What one input or output file holds.
public enum DataFile: Sendable, Hashable, CustomStringConvertible {
  /// One kind's records, e.g. `organizations.csv`.
  case entity(EntityKind)
  /// One child list of a kind, e.g. `program_outcomes.csv`, `preferences.csv`, `rankings.csv`.
  case children(EntityKind, String)
  /// ESCO's published files.
  case escoSkills, escoOccupations, escoRelations

  public var description: String {
    switch self {
    case .entity(let k): return k.plural
    case .children(let k, let c): return "\(k.rawValue) \(c)"
    case .escoSkills: return "ESCO skills"
    case .escoOccupations: return "ESCO occupations"
    case .escoRelations: return "ESCO occupation–skill relations"
    }
  }

  /// The kind whose records the file writes (children and ESCO relations: the owner).
  public var kind: EntityKind {
    switch self {
    case .entity(let k), .children(let k, _): return k
    case .escoSkills: return .competency
    case .escoOccupations, .escoRelations: return .occupation
    }
  }

  /// Import order: entity files by kind (dependencies first), then child files (whose rows
  /// may refer to any kind), ESCO skills before occupations before relations.
  public var order: Int {
    let kindIndex = EntityKind.allCases.firstIndex(of: kind) ?? 0
    switch self {
    case .entity: return kindIndex * 10
    case .escoSkills: return (EntityKind.allCases.firstIndex(of: .competency) ?? 0) * 10 + 1
    case .escoOccupations: return (EntityKind.allCases.firstIndex(of: .occupation) ?? 0) * 10 + 1
    case .children: return 1000 + kindIndex * 10
    case .escoRelations: return 1000 + kindIndex * 10 + 5
    }
  }

  /// Every file an export of all data writes, in import order.
  public static var all: [DataFile] {
    EntityKind.allCases.flatMap { kind -> [DataFile] in
      [.entity(kind)] + kind.schema.children.map { .children(kind, $0.name) }
    }.sorted { $0.order < $1.order }
  }

  /// The file's base name without extension.
  public var baseName: String {
    switch self {
    case .entity(let k): return k.plural
    case .children(.student, "preferences"): return "preferences"
    case .children(.placement, "ranking"): return "rankings"
    case .children(let k, let c): return "\(k.rawValue)_\(c)"
    case .escoSkills: return "skills"
    case .escoOccupations: return "occupations_esco"
    case .escoRelations: return "occupationSkillRelations"
    }
  }

  /// Child files of preferences and rankings carry an explicit 1-based `rank` column.
  public var hasRank: Bool {
    switch self {
    case .children(.student, "preferences"), .children(.placement, "ranking"): return true
    default: return false
    }
  }

  public var childList: ChildList? {
    if case .children(let k, let c) = self { return k.schema.children.first { $0.name == c } }
    return nil
  }

  /// The columns this project writes for the file, in order.
  public var columns: [String] {
    switch self {
    case .entity(let k): return k.schema.fields.map(\.name)
    case .children(let k, _):
      return [k.rawValue] + (childList?.fields.map(\.name) ?? []) + (hasRank ? ["rank"] : [])
    case .escoSkills: return ["conceptUri", "preferredLabel"]
    case .escoOccupations: return ["conceptUri", "preferredLabel", "iscoGroup"]
    case .escoRelations: return ["occupationUri", "relationType", "skillUri"]
    }
  }

  /// Columns a file must have.
  public var requiredColumns: [String] {
    switch self {
    case .entity(let k):
      let codeOptional = k.schema.derivedCode != nil || k == .ledger
      // Personal names may be left out of a file (an export without them): then the rows can
      // only update records that exist, and a new one is refused for lacking its name.
      return k.schema.fields.filter {
        $0.required && !(codeOptional && $0.name == "code") && !$0.personal
      }
      .map(\.name)
    case .children(let k, _):
      return [k.rawValue] + (childList?.fields.filter(\.required).map(\.name) ?? [])
    case .escoSkills, .escoOccupations: return ["conceptUri", "preferredLabel"]
    case .escoRelations: return ["occupationUri", "relationType", "skillUri"]
    }
  }

  /// Recognizes a file by its name (`organizations.csv`, `org.json`, `program_outcomes.csv`,
  /// `preferences.csv`, ESCO's `skills_en.csv` …), without the extension.
  public static func named(_ fileName: String) -> DataFile? {
    var base = fileName
    for ext in [".csv", ".json", ".ndjson", ".jsonl"] where base.lowercased().hasSuffix(ext) {
      base = String(base.dropLast(ext.count))
    }
    let lower = base.lowercased()
    if lower.hasPrefix("occupationskillrelations") { return .escoRelations }
    if lower == "skills" || lower.hasPrefix("skills_") { return .escoSkills }
    if lower.hasPrefix("occupations_") && lower != "occupations" { return .escoOccupations }
    if let kind = EntityKind.named(lower) { return .entity(kind) }
    for file in all where file.baseName == lower { return file }
    return nil
  }

  /// Recognizes a CSV file by its header.
  public static func fromHeader(_ header: [String]) -> DataFile? {
    let set = Set(header)
    if set.contains("occupationUri") && set.contains("skillUri") { return .escoRelations }
    if set.contains("conceptUri") && set.contains("iscoGroup") { return .escoOccupations }
    if set.contains("conceptUri") && set.contains("preferredLabel") { return .escoSkills }
    // The file whose own columns best match.
    let candidates = all.filter { Set($0.requiredColumns).isSubset(of: set) }
    return candidates.max { a, b in
      Set(a.columns).intersection(set).count < Set(b.columns).intersection(set).count
    }
  }
}
