import Localization

/// An educational cluster: organizations joined around "education – science – production".
public struct Cluster: Entity, Labelled {
  public static let kind = EntityKind.cluster
  public var code: String
  public var name: String
  public var labels: [Label]
  public var region: String
  public var specialization: String?
  public var core: String?
  public var established: Day?
  public var mission: String?

  public init(
    code: String, name: String, region: String, specialization: String? = nil, core: String? = nil,
    established: Day? = nil, mission: String? = nil, labels: [Label] = []
  ) {
    self.labels = labels
    self.code = code
    self.name = name
    self.region = region
    self.specialization = specialization
    self.core = core
    self.established = established
    self.mission = mission
  }

  static let schemaDef = EntitySchema(
    .cluster, summary: tr("Educational clusters."),
    fields: [
      Field("code", .text, required: true),
      Field("name", .text, required: true),
      Field("region", .reference(.region), required: true),
      Field("specialization", .text),
      Field("core", .reference(.organization), tr("code of the core organization")),
      Field("established", .date),
      Field("mission", .text),
    ], children: [.labels])

  public init(record r: Record) throws {
    labels = try r.labels()
    code = try r.text("code")
    name = try r.text("name")
    region = try r.text("region")
    specialization = r.optText("specialization")
    core = r.optText("core")
    established = try r.optDay("established")
    mission = r.optText("mission")
  }

  public var record: Record {
    Record(
      .cluster,
      [
        "code": .text(code), "name": .text(name), "region": .text(region),
        "specialization": .opt(specialization), "core": .opt(core), "established": .day(established),
        "mission": .opt(mission),
      ], children: ["labels": Record.labelRows(.cluster, labels)])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.name(name)
    c.code(region, field: "region")
    c.reference(core, field: "core")
    c.labels(labels)
    return c.issues
  }
}

/// An organization's membership of a cluster.
public struct Membership: Entity {
  public static let kind = EntityKind.membership
  public var code: String
  public var cluster: String
  public var organization: String
  public var role: MemberRole
  public var joined: Day?
  public var left: Day?

  public init(
    code: String? = nil, cluster: String, organization: String, role: MemberRole = .member,
    joined: Day? = nil, left: Day? = nil
  ) {
    self.code = code ?? "\(cluster)/\(organization)"
    self.cluster = cluster
    self.organization = organization
    self.role = role
    self.joined = joined
    self.left = left
  }

  public var isActive: Bool { left == nil }

  static let schemaDef = EntitySchema(
    .membership, summary: tr("Which organization belongs to which cluster, in what role."),
    fields: [
      Field("code", .text, required: true, tr("defaults to CLUSTER/ORGANIZATION")),
      Field("cluster", .reference(.cluster), required: true),
      Field("organization", .reference(.organization), required: true),
      .choice("role", MemberRole.self, tr("default member"), default: .member),
      Field("joined", .date),
      Field("left", .date),
    ],
    derivedCode: EntitySchema.codeJoining("cluster", "organization"))

  public init(record r: Record) throws {
    code = try r.text("code")
    cluster = try r.text("cluster")
    organization = try r.text("organization")
    role = try r.optChoice("role") ?? .member
    joined = try r.optDay("joined")
    left = try r.optDay("left")
  }

  public var record: Record {
    Record(
      .membership,
      [
        "code": .text(code), "cluster": .text(cluster), "organization": .text(organization),
        "role": .choice(role), "joined": .day(joined), "left": .day(left),
      ])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.code(cluster, field: "cluster")
    c.code(organization, field: "organization")
    c.ordered(joined, left, fromField: "joined", toField: "left")
    return c.issues
  }
}
