import Foundation
import Localization

/// The kinds of entity the registry keeps, in an order where every kind comes after the kinds
/// it refers to (except the student ↔ placement preference and ranking lists, which are
/// children and are written after both).
public enum EntityKind: String, CaseIterable, Sendable, Codable, Hashable {
  case region, organization, cluster, membership, specialty, competency, occupation, program
  case cohort, student, teacher, course, training, need, placement, agreement, project, ledger
  case swot

  /// Human name, singular.
  public var displayName: String {
    switch self {
    case .need: return "personnel need"
    case .training: return "training record"
    case .ledger: return "ledger entry"
    case .swot: return "SWOT item"
    default: return rawValue
    }
  }

  /// The CLI command group and the name used in URLs and file names.
  public var command: String {
    switch self {
    case .organization: return "org"
    case .membership: return "member"
    default: return rawValue
    }
  }

  /// The plural used for export file names and API paths.
  public var plural: String {
    switch self {
    case .specialty: return "specialties"
    case .competency: return "competencies"
    case .membership: return "memberships"
    case .need: return "needs"
    case .ledger: return "ledger"
    case .swot: return "swot"
    case .training: return "training"
    default: return rawValue + "s"
    }
  }

  public static func named(_ text: String) -> EntityKind? {
    let t = text.lowercased()
    return allCases.first { $0.rawValue == t || $0.command == t || $0.plural == t }
  }

  public var schema: EntitySchema { SchemaRegistry.schema(for: self) }

  /// A kind's fields as one shared layout: `code`, then the others in schema order — the order
  /// the stores read and write a row's columns in. Records made with it (an entity's `record`,
  /// a store's reads, a CSV row naming every field) are bound to columns by position.
  public var rowLayout: FieldLayout { RowLayouts.all[self] ?? RowLayouts.make(self) }

  /// Whether the kind is in full-text search (`schema.searchable`, without copying the schema).
  public var isSearchable: Bool { RowLayouts.searchable.contains(self) }

  /// `schema.naturalKey`, without copying the schema (an import asks for every row).
  public var naturalKey: [String] { RowLayouts.naturalKeys[ordinal] }

  /// The kind's place in `allCases`: an index for per-kind tables that need no hashing.
  public var ordinal: Int {
    switch self {
    case .region: 0
    case .organization: 1
    case .cluster: 2
    case .membership: 3
    case .specialty: 4
    case .competency: 5
    case .occupation: 6
    case .program: 7
    case .cohort: 8
    case .student: 9
    case .teacher: 10
    case .course: 11
    case .training: 12
    case .need: 13
    case .placement: 14
    case .agreement: 15
    case .project: 16
    case .ledger: 17
    case .swot: 18
    }
  }
}

enum RowLayouts {
  static func make(_ kind: EntityKind) -> FieldLayout {
    FieldLayout(["code"] + kind.schema.fields.map(\.name).filter { $0 != "code" })
  }
  static let all = Dictionary(uniqueKeysWithValues: EntityKind.allCases.map { ($0, make($0)) })
  static let searchable = Set(EntityKind.allCases.filter { $0.schema.searchable })
  static let naturalKeys = EntityKind.allCases.map(\.schema.naturalKey)
}

/// How a field is typed, parsed and stored.
public enum FieldType: Sendable, Hashable {
  case text
  case integer
  case real
  case date
  case bool
  /// One of the listed raw values.
  case choice([String])
  /// The code of another entity.
  case reference(EntityKind)
  /// Several lines of text (alternative labels): one item per line.
  case lines

}

/// One scalar field of an entity.
public struct Field: Sendable, Hashable {
  public var name: String
  public var type: FieldType
  public var required: Bool
  /// What to type, for people (forms, `add --help`); nil when the name says it all.
  public var help: Phrase?
  /// Personal data (a person's name): left out of exports, findings and API answers unless
  /// the caller may read it and asks, and never required where it may be left out.
  public var personal: Bool
  /// What an empty field reads as (a membership's role, an agreement's currency); nil when
  /// empty means none.
  public var defaultValue: FieldValue?

  public init(
    _ name: String, _ type: FieldType, required: Bool = false, _ help: Phrase? = nil, personal: Bool = false,
    default defaultValue: FieldValue? = nil
  ) {
    self.name = name
    self.type = type
    self.required = required
    self.help = help
    self.personal = personal
    self.defaultValue = defaultValue
  }

  public static func choice<E: DomainEnum>(
    _ name: String, _: E.Type, required: Bool = false, _ help: Phrase? = nil, default value: E? = nil
  ) -> Field {
    Field(
      name, .choice(E.allCases.map(\.rawValue)), required: required, help, default: value.map { .text($0.rawValue) })
  }

  /// Parses what a user typed (CLI option, CSV cell) into a value of this field's type.
  /// Empty text is null. Surrounding spaces are dropped except for free text.
  public func parse(_ raw: String, kind: EntityKind) throws -> FieldValue {
    let trimmed = raw.trimmed
    if trimmed.isEmpty { return .null }
    func bad() -> DomainError {
      .badValue(kind, field: name, value: raw, expected: type.expectation)
    }
    switch type {
    case .text, .lines: return .text(raw)
    case .reference: return .text(trimmed)
    case .integer:
      guard let n = Int64(trimmed) else { throw bad() }
      return .integer(n)
    case .real:
      guard let x = Double(trimmed), x.isFinite else { throw bad() }
      return .real(x)
    case .date:
      guard Day(iso: trimmed) != nil else { throw bad() }
      return .text(trimmed)
    case .bool:
      switch trimmed.lowercased() {
      case "true", "yes", "1", "y": return .bool(true)
      case "false", "no", "0", "n": return .bool(false)
      default: throw bad()
      }
    case .choice(let values):
      guard values.contains(trimmed) else { throw bad() }
      return .text(trimmed)
    }
  }
}

/// A list of child rows an entity owns (a program's outcomes, a student's preferences…).
/// On the command line each row is one repeated option whose parts are separated by `:`.
public struct ChildList: Sendable, Hashable {
  /// Record key, e.g. `outcomes`.
  public var name: String
  /// Repeated CLI option, e.g. `outcome` for `--outcome COMP:3:40`.
  public var option: String
  public var fields: [Field]
  public var help: Phrase
  /// The last part is free text that may hold `:` (a label's name): the row is split on the
  /// first separators instead of the last.
  public var restInLast: Bool

  public init(_ name: String, option: String, fields: [Field], _ help: Phrase, restInLast: Bool = false) {
    self.name = name
    self.option = option
    self.fields = fields
    self.help = help
    self.restInLast = restInLast
  }

  /// `COMP:3:40` → a row; trailing optional parts may be left out.
  public func parseRow(_ text: String, kind: EntityKind) throws -> Record {
    var parts = [Substring]()
    var rest = Substring(text)
    if restInLast {
      for _ in 1..<fields.count {
        guard let idx = rest.firstIndex(of: ":") else { break }
        parts.append(rest[..<idx])
        rest = rest[rest.index(after: idx)...]
      }
      parts.append(rest)
    } else {
      // Split on the last separators so that codes containing ':' (ESCO URIs) still work.
      for _ in 1..<fields.count {
        guard let idx = rest.lastIndex(of: ":") else { break }
        let tail = rest[rest.index(after: idx)...]
        // Only treat it as a separator when what follows fits a later, non-reference field.
        if tail.contains("/") { break }
        parts.insert(tail, at: 0)
        rest = rest[..<idx]
      }
      parts.insert(rest, at: 0)
    }
    while parts.count > fields.count { parts[0] += ":" + parts.remove(at: 1) }
    var row = Record(kind)
    for (i, field) in fields.enumerated() {
      let raw = i < parts.count ? String(parts[i]) : ""
      let value = try field.parse(raw, kind: kind)
      if value.isNull && field.required {
        throw DomainError.badValue(
          kind, field: option, value: text,
          expected: Phrase(
            verbatim: "--\(option) "
              + fields.map { $0.required ? $0.name.uppercased() : "[\($0.name.uppercased())]" }
              .joined(separator: ":")))
      }
      row[field.name] = value
    }
    return row
  }

  /// The row as the `A:B:C` text `parseRow` reads.
  public func format(_ row: Record) -> String {
    var parts = fields.map { row[$0.name].plain }
    while let last = parts.last, last.isEmpty, parts.count > 1 { parts.removeLast() }
    return parts.joined(separator: ":")
  }
}

/// Everything generic code (storage, CLI, interchange) needs to know about one kind of entity.
public struct EntitySchema: Sendable {
  public var kind: EntityKind
  public var fields: [Field]
  public var children: [ChildList]
  public var summary: Phrase
  /// Whether the entity is part of full-text search.
  public var searchable: Bool
  /// Builds a code from the other fields when none is given (memberships, cohorts…).
  public var derivedCode: (@Sendable (Record) -> String?)?
  /// Fields no two records may share (a program's cohort of one year), besides the code.
  public var naturalKey: [String]

  /// The names of the fields that are personal data, sorted.
  public var personalFields: [String] { fields.filter(\.personal).map(\.name).sorted() }

  public init(
    _ kind: EntityKind, summary: Phrase, fields: [Field], children: [ChildList] = [],
    searchable: Bool = false, derivedCode: (@Sendable (Record) -> String?)? = nil, naturalKey: [String] = []
  ) {
    self.kind = kind
    self.summary = summary
    self.fields = fields
    self.children = children
    self.searchable = searchable
    self.derivedCode = derivedCode
    self.naturalKey = naturalKey
  }

  /// A derived code `A/B` from two fields (membership `CLUSTER/ORGANIZATION`, cohort
  /// `PROGRAM/YEAR`, training record `TEACHER/COURSE`).
  public static func codeJoining(_ first: String, _ second: String) -> @Sendable (Record) -> String? {
    { r in
      guard let a = r.optText(first), let b = r.optText(second) else { return nil }
      return "\(a)/\(b)"
    }
  }

  public func field(_ name: String) -> Field? { fields.first { $0.name == name } }
  public func child(option: String) -> ChildList? {
    children.first { $0.option == option || $0.name == option }
  }

  /// Fields shown in a listing table (long free text is left to `show`).
  public var listFields: [Field] {
    fields.filter { f in
      !["description", "mission", "alt_labels", "purpose", "hash", "prev_hash", "text"]
        .contains(f.name) || (kind == .swot && f.name == "text")
    }
  }

  /// The kinds this kind refers to, through fields or child lists.
  public var references: Set<EntityKind> {
    var out = Set<EntityKind>()
    for f in fields + children.flatMap(\.fields) {
      if case .reference(let k) = f.type { out.insert(k) }
    }
    return out
  }
}

extension String {
  /// "an organization", "a region".
  public var withArticle: String {
    guard let first = first?.lowercased() else { return self }
    return ("aeiou".contains(first) ? "an " : "a ") + self
  }
}
