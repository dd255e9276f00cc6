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

extension ChildList {
  static func competencyLevels(_ name: String, option: String, _ help: String) -> ChildList {
    ChildList(
      name, option: option,
      fields: [
        Field("competency", .reference(.competency), required: true),
        Field("level", .integer, required: true),
      ], help)
  }

  static func requirements(_ help: String) -> ChildList {
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
  func competencyLevels(_ child: String) throws -> [CompetencyLevel] {
    try rows(child).map { try CompetencyLevel(competency: $0.text("competency"), level: $0.int("level")) }
  }

  func requirements() throws -> [Requirement] {
    try rows("requirements").map {
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
