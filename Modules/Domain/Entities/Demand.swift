import Localization

/// An employer's forecast need for people of a specialty or occupation in a region and year.
public struct PersonnelNeed: Entity {
  public static let kind = EntityKind.need
  public var code: String
  public var organization: String
  public var specialty: String?
  public var occupation: String?
  public var region: String
  public var year: Int
  public var count: Int
  /// Required competencies; when empty and an occupation is named, its profile applies.
  public var requirements: [Requirement]

  public init(
    code: String, organization: String, specialty: String? = nil, occupation: String? = nil,
    region: String, year: Int, count: Int, requirements: [Requirement] = []
  ) {
    self.code = code
    self.organization = organization
    self.specialty = specialty
    self.occupation = occupation
    self.region = region
    self.year = year
    self.count = count
    self.requirements = requirements
  }

  static let schemaDef = EntitySchema(
    .need, summary: tr("Employers' forecast personnel needs with required competencies."),
    fields: [
      Field("code", .text, required: true),
      Field("organization", .reference(.organization), required: true, tr("the employer")),
      Field("specialty", .reference(.specialty)),
      Field("occupation", .reference(.occupation)),
      Field("region", .reference(.region), required: true),
      Field("year", .integer, required: true),
      Field("count", .integer, required: true, tr("people needed")),
    ],
    children: [.requirements(tr("--requires COMPETENCY:LEVEL[:essential true|false], repeatable"))])

  public init(record r: Record) throws {
    code = try r.text("code")
    organization = try r.text("organization")
    specialty = r.optText("specialty")
    occupation = r.optText("occupation")
    region = try r.text("region")
    year = try r.int("year")
    count = try r.int("count")
    requirements = try r.requirements()
  }

  public var record: Record {
    Record(
      .need,
      [
        "code": .text(code), "organization": .text(organization), "specialty": .opt(specialty),
        "occupation": .opt(occupation), "region": .text(region), "year": .int(year), "count": .int(count),
      ],
      children: ["requirements": Record.rows(.need, requirements)])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.code(organization, field: "organization")
    c.code(region, field: "region")
    c.reference(specialty, field: "specialty")
    c.reference(occupation, field: "occupation")
    if specialty == nil && occupation == nil { c.fail("specialty", tr("give a specialty or an occupation")) }
    c.year(year)
    c.nonNegative(count, field: "count")
    c.requirements(requirements)
    return c.issues
  }
}

/// An internship, dual-education place, target-training place or job offered by an employer.
public struct Placement: Entity, Labelled {
  public static let kind = EntityKind.placement
  public var code: String
  public var organization: String
  public var title: String
  public var labels: [Label]
  public var kind: PlacementKind
  public var specialty: String?
  /// An occupation whose ESCO profile gives the requirements when none are listed.
  public var occupation: String?
  public var region: String?
  public var capacity: Int
  public var startsOn: Day?
  public var endsOn: Day?
  public var requirements: [Requirement]
  /// The placement's own ranking of students, best first (empty: derived by fit and score).
  public var ranking: [String]

  public init(
    code: String, organization: String, title: String, kind: PlacementKind,
    specialty: String? = nil, occupation: String? = nil, region: String? = nil, capacity: Int,
    startsOn: Day? = nil,
    endsOn: Day? = nil, requirements: [Requirement] = [], ranking: [String] = [], labels: [Label] = []
  ) {
    self.labels = labels
    self.code = code
    self.organization = organization
    self.title = title
    self.kind = kind
    self.specialty = specialty
    self.occupation = occupation
    self.region = region
    self.capacity = capacity
    self.startsOn = startsOn
    self.endsOn = endsOn
    self.requirements = requirements
    self.ranking = ranking
  }

  static let schemaDef = EntitySchema(
    .placement, summary: tr("Internships, dual-education and target-training places, jobs."),
    fields: [
      Field("code", .text, required: true),
      Field("organization", .reference(.organization), required: true),
      Field("title", .text, required: true),
      .choice("kind", PlacementKind.self, required: true),
      Field("specialty", .reference(.specialty)),
      Field("occupation", .reference(.occupation), tr("requirements come from its profile when none are listed")),
      Field("region", .reference(.region)),
      Field("capacity", .integer, required: true, tr("places (0 allowed)")),
      Field("starts_on", .date),
      Field("ends_on", .date),
    ],
    children: [
      .requirements(tr("--requires COMPETENCY:LEVEL[:essential true|false], repeatable")),
      ChildList(
        "ranking", option: "ranks", fields: [Field("student", .reference(.student), required: true)],
        tr("--ranks STUDENT, repeatable, best first")),
      .labels,
    ])

  public init(record r: Record) throws {
    labels = try r.labels()
    code = try r.text("code")
    organization = try r.text("organization")
    title = try r.text("title")
    kind = try r.choice("kind")
    specialty = r.optText("specialty")
    occupation = r.optText("occupation")
    region = r.optText("region")
    capacity = try r.int("capacity")
    startsOn = try r.optDay("starts_on")
    endsOn = try r.optDay("ends_on")
    requirements = try r.requirements()
    ranking = try r.mapRows("ranking") { try $0.text("student") }
  }

  public var record: Record {
    Record(
      .placement,
      [
        "code": .text(code), "organization": .text(organization), "title": .text(title),
        "kind": .choice(kind), "specialty": .opt(specialty), "occupation": .opt(occupation), "region": .opt(region),
        "capacity": .int(capacity), "starts_on": .day(startsOn), "ends_on": .day(endsOn),
      ],
      children: [
        "requirements": Record.rows(.placement, requirements),
        "ranking": ranking.map { Record(.placement, ["student": .text($0)]) },
        "labels": Record.labelRows(.placement, labels),
      ])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.code(organization, field: "organization")
    c.name(title, field: "title")
    c.reference(specialty, field: "specialty")
    c.reference(occupation, field: "occupation")
    c.reference(region, field: "region")
    c.nonNegative(capacity, field: "capacity")
    c.ordered(startsOn, endsOn, fromField: "starts_on", toField: "ends_on")
    c.requirements(requirements)
    c.unique(ranking, field: "ranks")
    c.labels(labels)
    return c.issues
  }
}

extension Occupation {
  /// The level an occupation's profile asks for when a need or placement takes it (ESCO's
  /// relations carry no levels).
  public static let profileLevel = 3
}

extension PersonnelNeed {
  /// The requirements that apply: those listed, else the named occupation's profile
  /// (essential ×2, optional ×1, at `Occupation.profileLevel`).
  public func effectiveRequirements(occupations: [String: Occupation]) -> [Requirement] {
    if !requirements.isEmpty { return requirements }
    return occupation.flatMap { occupations[$0] }?.requirements(level: Occupation.profileLevel) ?? []
  }
}

extension Placement {
  /// The requirements that apply: those listed, else the named occupation's profile.
  public func effectiveRequirements(occupations: [String: Occupation]) -> [Requirement] {
    if !requirements.isEmpty { return requirements }
    return occupation.flatMap { occupations[$0] }?.requirements(level: Occupation.profileLevel) ?? []
  }
}
