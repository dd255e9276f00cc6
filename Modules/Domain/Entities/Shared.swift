import Localization

/// A competency held at a level (a teacher's, a course's, an entry requirement).
public struct CompetencyLevel: Sendable, Hashable, Codable {
  public var competency: String
  public var level: Int
  public init(competency: String, level: Int) {
    self.competency = competency
    self.level = level
  }
}

/// A required competency with its level and whether it is essential (weight 2) or not (1).
public struct Requirement: Sendable, Hashable, Codable {
  public var competency: String
  public var level: Int
  public var essential: Bool
  public init(competency: String, level: Int, essential: Bool = true) {
    self.competency = competency
    self.level = level
    self.essential = essential
  }
}

/// An entity's name in one interface language (`uz`, `uz-Cyrl`, `ru`, `en`). Tables, the TUI,
/// reports and the dashboard show the label of the interface language, else `name`.
public struct Label: Sendable, Hashable, Codable {
  public var lang: String
  public var name: String
  public init(lang: String, name: String) {
    self.lang = lang
    self.name = name
  }
}

/// An entity that has a name and labels in the interface languages.
public protocol Labelled {
  /// The name as entered (`name`, or a placement's `title`).
  var baseName: String { get }
  var labels: [Label] { get }
}

extension Labelled {
  /// The name in a language: its label there, else the name.
  public func name(in language: Language) -> String {
    labels.first { $0.lang == language.rawValue }?.name ?? baseName
  }
}

extension ChildList {
  /// Names per interface language, on every named kind.
  static let labels = ChildList(
    "labels", option: "label",
    fields: [
      Field("lang", .choice(Language.allCases.map(\.rawValue)), required: true),
      Field("name", .text, required: true),
    ], tr("--label LANG:NAME, repeatable: the name in uz, uz-Cyrl, ru or en"), restInLast: true)

  static func competencyLevels(_ name: String, option: String, _ help: Phrase) -> ChildList {
    ChildList(
      name, option: option,
      fields: [
        Field("competency", .reference(.competency), required: true),
        Field("level", .integer, required: true),
      ], help)
  }

  static func requirements(_ help: Phrase) -> ChildList {
    ChildList(
      "requirements", option: "requires",
      fields: [
        Field("competency", .reference(.competency), required: true),
        Field("level", .integer, required: true),
        Field("essential", .bool, default: .bool(true)),
      ], help)
  }
}

extension Record {
  func labels() throws -> [Label] {
    try mapRows("labels") { try Label(lang: $0.text("lang"), name: $0.text("name")) }
  }

  static func labelRows(_ kind: EntityKind, _ labels: [Label]) -> [Record] {
    labels.map { Record(kind, ["lang": .text($0.lang), "name": .text($0.name)]) }
  }

  func competencyLevels(_ child: String) throws -> [CompetencyLevel] {
    try rows(child).map { try CompetencyLevel(competency: $0.text("competency"), level: $0.int("level")) }
  }

  func requirements() throws -> [Requirement] {
    try mapRows("requirements") {
      try Requirement(
        competency: $0.text("competency"), level: $0.int("level"),
        essential: $0.bool("essential", default: true))
    }
  }

  static func rows(_ kind: EntityKind, _ items: [CompetencyLevel]) -> [Record] {
    items.map { Record(kind, ["competency": .text($0.competency), "level": .int($0.level)]) }
  }

  static func rows(_ kind: EntityKind, _ items: [Requirement]) -> [Record] {
    items.map {
      Record(kind, ["competency": .text($0.competency), "level": .int($0.level), "essential": .bool($0.essential)])
    }
  }
}

extension Checker {
  mutating func competencyLevels(_ items: [CompetencyLevel], field: String) {
    for item in items {
      code(item.competency, field: field)
      level(item.level, field: field)
    }
    unique(items.map(\.competency), field: field)
  }

  mutating func requirements(_ items: [Requirement]) {
    competencyLevels(items.map { CompetencyLevel(competency: $0.competency, level: $0.level) }, field: "requires")
  }
}

extension Checker {
  /// Each label named, and one per language.
  public mutating func labels(_ labels: [Label]) {
    for label in labels { name(label.name, field: "label") }
    unique(labels.map(\.lang), field: "label")
  }
}

extension Region { public var baseName: String { name } }
extension Organization { public var baseName: String { name } }
extension Cluster { public var baseName: String { name } }
extension Specialty { public var baseName: String { name } }
extension Competency { public var baseName: String { name } }
extension Occupation { public var baseName: String { name } }
extension Program { public var baseName: String { name } }
extension Course { public var baseName: String { title } }
extension Placement { public var baseName: String { title } }
