import Localization

/// A country, region or district. Regions nest through `parent`.
public struct Region: Entity, Labelled {
  public static let kind = EntityKind.region
  public var code: String
  public var name: String
  public var labels: [Label]
  public var level: RegionLevel?
  public var parent: String?

  public init(code: String, name: String, level: RegionLevel? = nil, parent: String? = nil, labels: [Label] = []) {
    self.labels = labels
    self.code = code
    self.name = name
    self.level = level
    self.parent = parent
  }

  static let schemaDef = EntitySchema(
    .region, summary: tr("Countries, regions and districts (nested through parent)."),
    fields: [
      Field("code", .text, required: true, tr("stable code, e.g. UZ-NG")),
      Field("name", .text, required: true),
      .choice("level", RegionLevel.self),
      Field("parent", .reference(.region), tr("code of the enclosing region")),
    ], children: [.labels], searchable: true)

  public init(record r: Record) throws {
    labels = try r.labels()
    code = try r.text("code")
    name = try r.text("name")
    level = try r.optChoice("level")
    parent = r.optText("parent")
  }

  public var record: Record {
    Record(
      .region, ["code": .text(code), "name": .text(name), "level": .choice(level), "parent": .opt(parent)],
      children: ["labels": Record.labelRows(.region, labels)])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.name(name)
    c.reference(parent, field: "parent")
    if parent == code { c.fail("parent", tr("a region cannot be its own parent")) }
    c.labels(labels)
    return c.issues
  }
}
