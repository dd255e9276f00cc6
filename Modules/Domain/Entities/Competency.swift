import Localization

/// A specialty of the national classifier.
public struct Specialty: Entity, Labelled {
  public static let kind = EntityKind.specialty
  public var code: String
  public var name: String
  public var labels: [Label]
  public var level: ProgramLevel?
  public var field: String?

  public init(code: String, name: String, level: ProgramLevel? = nil, field: String? = nil, labels: [Label] = []) {
    self.labels = labels
    self.code = code
    self.name = name
    self.level = level
    self.field = field
  }

  static let schemaDef = EntitySchema(
    .specialty, summary: tr("Specialties of the national classifier."),
    fields: [
      Field("code", .text, required: true, tr("classifier code, e.g. 60711400")),
      Field("name", .text, required: true),
      .choice("level", ProgramLevel.self),
      Field("field", .text, tr("field of study")),
    ], children: [.labels], searchable: true)

  public init(record r: Record) throws {
    labels = try r.labels()
    code = try r.text("code")
    name = try r.text("name")
    level = try r.optChoice("level")
    field = r.optText("field")
  }

  public var record: Record {
    Record(
      .specialty, ["code": .text(code), "name": .text(name), "level": .choice(level), "field": .opt(field)],
      children: ["labels": Record.labelRows(.specialty, labels)])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.name(name)
    c.labels(labels)
    return c.issues
  }
}

/// A unit of knowledge, skill or competence (own code or an ESCO concept URI).
public struct Competency: Entity, Labelled {
  public static let kind = EntityKind.competency
  public var code: String
  public var name: String
  public var labels: [Label]
  public var type: CompetencyType?
  public var reuseLevel: String?
  public var description: String?
  public var altLabels: [String]
  public var broader: String?

  public init(
    code: String, name: String, type: CompetencyType? = nil, reuseLevel: String? = nil,
    description: String? = nil, altLabels: [String] = [], broader: String? = nil, labels: [Label] = []
  ) {
    self.labels = labels
    self.code = code
    self.name = name
    self.type = type
    self.reuseLevel = reuseLevel
    self.description = description
    self.altLabels = altLabels
    self.broader = broader
  }

  static let schemaDef = EntitySchema(
    .competency, summary: tr("Knowledge, skills and competences (own codes or ESCO URIs)."),
    fields: [
      Field("code", .text, required: true),
      Field("name", .text, required: true),
      .choice("type", CompetencyType.self),
      Field("reuse_level", .text, tr("transversal, cross-sector, sector-specific, occupation-specific")),
      Field("description", .text),
      Field("alt_labels", .lines, tr("alternative labels, one per line")),
      Field("broader", .reference(.competency), tr("code of the broader competency")),
    ], children: [.labels], searchable: true)

  public init(record r: Record) throws {
    labels = try r.labels()
    code = try r.text("code")
    name = try r.text("name")
    type = try r.optChoice("type")
    reuseLevel = r.optText("reuse_level")
    description = r.optText("description")
    altLabels = r.list("alt_labels")
    broader = r.optText("broader")
  }

  public var record: Record {
    Record(
      .competency,
      [
        "code": .text(code), "name": .text(name), "type": .choice(type), "reuse_level": .opt(reuseLevel),
        "description": .opt(description), "alt_labels": .list(altLabels), "broader": .opt(broader),
      ], children: ["labels": Record.labelRows(.competency, labels)])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.name(name)
    c.reference(broader, field: "broader")
    if broader == code { c.fail("broader", tr("a competency cannot be broader than itself")) }
    c.labels(labels)
    return c.issues
  }
}

/// An occupation with its essential and optional competencies (as ESCO relates them).
public struct Occupation: Entity, Labelled {
  public static let kind = EntityKind.occupation
  public var code: String
  public var name: String
  public var labels: [Label]
  public var iscoGroup: String?
  public var description: String?
  public var skills: [OccupationSkill]

  public struct OccupationSkill: Sendable, Hashable, Codable {
    public var competency: String
    public var essential: Bool
    public init(competency: String, essential: Bool) {
      self.competency = competency
      self.essential = essential
    }
  }

  public init(
    code: String, name: String, iscoGroup: String? = nil, description: String? = nil,
    skills: [OccupationSkill] = [], labels: [Label] = []
  ) {
    self.labels = labels
    self.code = code
    self.name = name
    self.iscoGroup = iscoGroup
    self.description = description
    self.skills = skills
  }

  /// The occupation's profile as requirements at a default level (essential weighted 2).
  public func requirements(level: Int = 3) -> [Requirement] {
    skills.map { Requirement(competency: $0.competency, level: level, essential: $0.essential) }
  }

  static let schemaDef = EntitySchema(
    .occupation, summary: tr("Occupations (national code, ISCO group or ESCO URI) and their skills."),
    fields: [
      Field("code", .text, required: true),
      Field("name", .text, required: true),
      Field("isco_group", .text),
      Field("description", .text),
    ],
    children: [
      ChildList(
        "skills", option: "skill",
        fields: [
          Field("competency", .reference(.competency), required: true),
          Field("essential", .bool, default: .bool(true)),
        ], tr("--skill COMPETENCY[:essential true|false], repeatable")),
      .labels,
    ], searchable: true)

  public init(record r: Record) throws {
    labels = try r.labels()
    code = try r.text("code")
    name = try r.text("name")
    iscoGroup = r.optText("isco_group")
    description = r.optText("description")
    skills = try r.mapRows("skills") {
      try OccupationSkill(competency: $0.text("competency"), essential: $0.bool("essential", default: true))
    }
  }

  public var record: Record {
    Record(
      .occupation,
      ["code": .text(code), "name": .text(name), "isco_group": .opt(iscoGroup), "description": .opt(description)],
      children: [
        "skills": skills.map {
          Record(.occupation, ["competency": .text($0.competency), "essential": .bool($0.essential)])
        },
        "labels": Record.labelRows(.occupation, labels),
      ])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.name(name)
    for s in skills { c.code(s.competency, field: "skill") }
    c.unique(skills.map(\.competency), field: "skill")
    c.labels(labels)
    return c.issues
  }
}
