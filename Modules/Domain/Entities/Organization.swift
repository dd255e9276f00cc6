import Localization

/// A member or partner of a cluster: a school, college, university, enterprise, body, centre…
public struct Organization: Entity, Labelled {
  public static let kind = EntityKind.organization
  public var code: String
  public var name: String
  public var labels: [Label]
  public var kind: OrganizationKind
  public var region: String
  public var sector: String?
  public var ownership: Ownership?
  public var rating: Rating?

  public init(
    code: String, name: String, kind: OrganizationKind, region: String, sector: String? = nil,
    ownership: Ownership? = nil, rating: Rating? = nil, labels: [Label] = []
  ) {
    self.labels = labels
    self.code = code
    self.name = name
    self.kind = kind
    self.region = region
    self.sector = sector
    self.ownership = ownership
    self.rating = rating
  }

  static let schemaDef = EntitySchema(
    .organization, summary: tr("Schools, colleges, universities, enterprises, bodies and centres."),
    fields: [
      Field("code", .text, required: true),
      Field("name", .text, required: true),
      .choice("kind", OrganizationKind.self, required: true),
      Field("region", .reference(.region), required: true, tr("code of its region or district")),
      Field("sector", .text, tr("industry code, e.g. C28 (machinery)")),
      .choice("ownership", Ownership.self),
      .choice("rating", Rating.self, tr("school rating band")),
    ], children: [.labels], searchable: true)

  public init(record r: Record) throws {
    labels = try r.labels()
    code = try r.text("code")
    name = try r.text("name")
    kind = try r.choice("kind")
    region = try r.text("region")
    sector = r.optText("sector")
    ownership = try r.optChoice("ownership")
    rating = try r.optChoice("rating")
  }

  public var record: Record {
    Record(
      .organization,
      [
        "code": .text(code), "name": .text(name), "kind": .choice(kind), "region": .text(region),
        "sector": .opt(sector), "ownership": .choice(ownership), "rating": .choice(rating),
      ], children: ["labels": Record.labelRows(.organization, labels)])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.name(name)
    c.code(region, field: "region")
    c.labels(labels)
    return c.issues
  }
}
