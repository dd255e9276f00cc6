import Localization

/// A cooperation agreement between a customer (enterprise) and a provider (institution).
public struct Agreement: Entity {
  public static let kind = EntityKind.agreement
  public var code: String
  public var kind: AgreementKind
  public var customer: String
  public var provider: String
  public var cluster: String?
  public var signedOn: Day?
  public var validUntil: Day?
  /// Value in minor units of `currency`.
  public var value: Int?
  public var currency: String
  public var status: AgreementStatus
  public var obligations: [Obligation]

  public struct Obligation: Sendable, Hashable, Codable {
    public var text: String
    public var dueOn: Day?
    public var status: ObligationStatus
    public init(text: String, dueOn: Day? = nil, status: ObligationStatus = .open) {
      self.text = text
      self.dueOn = dueOn
      self.status = status
    }
  }

  public init(
    code: String, kind: AgreementKind, customer: String, provider: String, cluster: String? = nil,
    signedOn: Day? = nil, validUntil: Day? = nil, value: Int? = nil, currency: String = Currency.default,
    status: AgreementStatus = .draft, obligations: [Obligation] = []
  ) {
    self.code = code
    self.kind = kind
    self.customer = customer
    self.provider = provider
    self.cluster = cluster
    self.signedOn = signedOn
    self.validUntil = validUntil
    self.value = value
    self.currency = currency
    self.status = status
    self.obligations = obligations
  }

  /// Active on `day`: status active, signed by then and not yet past its end.
  public func isActive(on day: Day) -> Bool {
    status == .active && (signedOn.map { $0 <= day } ?? true) && (validUntil.map { day <= $0 } ?? true)
  }

  static let schemaDef = EntitySchema(
    .agreement, summary: tr("Cooperation agreements with obligations."),
    fields: [
      Field("code", .text, required: true),
      .choice("kind", AgreementKind.self, required: true),
      Field("customer", .reference(.organization), required: true, tr("the enterprise")),
      Field("provider", .reference(.organization), required: true, tr("the institution")),
      Field("cluster", .reference(.cluster)),
      Field("signed_on", .date),
      Field("valid_until", .date),
      Field("value", .integer, tr("amount in minor units (tiyin for UZS)")),
      Field("currency", .text, tr("ISO 4217, default UZS"), default: .text(Currency.default)),
      .choice("status", AgreementStatus.self, tr("default draft"), default: .draft),
    ],
    children: [
      ChildList(
        "obligations", option: "obligation",
        fields: [
          Field("text", .text, required: true),
          Field("due_on", .date),
          .choice("status", ObligationStatus.self, default: .open),
        ], tr("--obligation TEXT[:YYYY-MM-DD[:open|fulfilled|overdue|cancelled]], repeatable"))
    ])

  public init(record r: Record) throws {
    code = try r.text("code")
    kind = try r.choice("kind")
    customer = try r.text("customer")
    provider = try r.text("provider")
    cluster = r.optText("cluster")
    signedOn = try r.optDay("signed_on")
    validUntil = try r.optDay("valid_until")
    value = try r.optInt("value")
    currency = r.optText("currency") ?? Currency.default
    status = try r.optChoice("status") ?? .draft
    obligations = try r.mapRows("obligations") {
      try Obligation(text: $0.text("text"), dueOn: $0.optDay("due_on"), status: $0.optChoice("status") ?? .open)
    }
  }

  public var record: Record {
    Record(
      .agreement,
      [
        "code": .text(code), "kind": .choice(kind), "customer": .text(customer),
        "provider": .text(provider), "cluster": .opt(cluster), "signed_on": .day(signedOn),
        "valid_until": .day(validUntil), "value": .opt(value), "currency": .text(currency),
        "status": .choice(status),
      ],
      children: [
        "obligations": obligations.map {
          Record(.agreement, ["text": .text($0.text), "due_on": .day($0.dueOn), "status": .choice($0.status)])
        }
      ])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.code(customer, field: "customer")
    c.code(provider, field: "provider")
    if customer == provider { c.fail("provider", tr("customer and provider must differ")) }
    c.reference(cluster, field: "cluster")
    c.ordered(signedOn, validUntil, fromField: "signed_on", toField: "valid_until")
    if let v = value, v < 0 { c.fail("value", tr("must be 0 or more, not \(v)")) }
    c.money(value, field: "value")
    c.currency(currency)
    for o in obligations { c.name(o.text, field: "obligation") }
    return c.issues
  }
}

/// A joint project or grant, with participants and outputs.
public struct Project: Entity {
  public static let kind = EntityKind.project
  public var code: String
  public var title: String
  public var cluster: String?
  public var kind: String?
  public var fundingSource: FundingSource
  /// Budget in minor units of `currency`.
  public var budget: Int?
  public var currency: String
  public var startsOn: Day?
  public var endsOn: Day?
  public var status: ProjectStatus
  public var participants: [Participant]
  public var outputs: [Output]

  public struct Participant: Sendable, Hashable, Codable {
    public var organization: String
    public var role: String?
    public init(organization: String, role: String? = nil) {
      self.organization = organization
      self.role = role
    }
  }

  public struct Output: Sendable, Hashable, Codable {
    public var kind: OutputKind
    public var title: String
    public var on: Day?
    public init(kind: OutputKind, title: String, on: Day? = nil) {
      self.kind = kind
      self.title = title
      self.on = on
    }
  }

  public init(
    code: String, title: String, cluster: String? = nil, kind: String? = nil,
    fundingSource: FundingSource, budget: Int? = nil, currency: String = Currency.default,
    startsOn: Day? = nil, endsOn: Day? = nil, status: ProjectStatus = .planned,
    participants: [Participant] = [], outputs: [Output] = []
  ) {
    self.code = code
    self.title = title
    self.cluster = cluster
    self.kind = kind
    self.fundingSource = fundingSource
    self.budget = budget
    self.currency = currency
    self.startsOn = startsOn
    self.endsOn = endsOn
    self.status = status
    self.participants = participants
    self.outputs = outputs
  }

  static let schemaDef = EntitySchema(
    .project, summary: tr("Joint projects and grants with participants and outputs."),
    fields: [
      Field("code", .text, required: true),
      Field("title", .text, required: true),
      Field("cluster", .reference(.cluster)),
      Field("kind", .text, tr("e.g. research, equipment, curriculum")),
      .choice("funding_source", FundingSource.self, required: true),
      Field("budget", .integer, tr("amount in minor units")),
      Field("currency", .text, tr("ISO 4217, default UZS"), default: .text(Currency.default)),
      Field("starts_on", .date),
      Field("ends_on", .date),
      .choice("status", ProjectStatus.self, tr("default planned"), default: .planned),
    ],
    children: [
      ChildList(
        "participants", option: "participant",
        fields: [Field("organization", .reference(.organization), required: true), Field("role", .text)],
        tr("--participant ORGANIZATION[:ROLE], repeatable")),
      ChildList(
        "outputs", option: "output",
        fields: [
          .choice("kind", OutputKind.self, required: true),
          Field("title", .text, required: true),
          Field("on", .date),
        ], tr("--output implementation|patent|publication:TITLE[:YYYY-MM-DD], repeatable")),
    ])

  public init(record r: Record) throws {
    code = try r.text("code")
    title = try r.text("title")
    cluster = r.optText("cluster")
    kind = r.optText("kind")
    fundingSource = try r.choice("funding_source")
    budget = try r.optInt("budget")
    currency = r.optText("currency") ?? Currency.default
    startsOn = try r.optDay("starts_on")
    endsOn = try r.optDay("ends_on")
    status = try r.optChoice("status") ?? .planned
    participants = try r.mapRows("participants") {
      try Participant(organization: $0.text("organization"), role: $0.optText("role"))
    }
    outputs = try r.mapRows("outputs") {
      try Output(kind: $0.choice("kind"), title: $0.text("title"), on: $0.optDay("on"))
    }
  }

  public var record: Record {
    Record(
      .project,
      [
        "code": .text(code), "title": .text(title), "cluster": .opt(cluster), "kind": .opt(kind),
        "funding_source": .choice(fundingSource), "budget": .opt(budget), "currency": .text(currency),
        "starts_on": .day(startsOn), "ends_on": .day(endsOn), "status": .choice(status),
      ],
      children: [
        "participants": participants.map {
          Record(.project, ["organization": .text($0.organization), "role": .opt($0.role)])
        },
        "outputs": outputs.map {
          Record(.project, ["kind": .choice($0.kind), "title": .text($0.title), "on": .day($0.on)])
        },
      ])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.name(title, field: "title")
    c.reference(cluster, field: "cluster")
    if let b = budget, b < 0 { c.fail("budget", tr("must be 0 or more, not \(b)")) }
    c.money(budget, field: "budget")
    c.currency(currency)
    c.ordered(startsOn, endsOn, fromField: "starts_on", toField: "ends_on")
    c.unique(participants.map(\.organization), field: "participant")
    for o in outputs { c.name(o.title, field: "output") }
    return c.issues
  }
}

/// A SWOT item of a cluster.
public struct SwotItem: Entity {
  public static let kind = EntityKind.swot
  public var code: String
  public var cluster: String
  public var category: SwotCategory
  public var text: String

  public init(code: String, cluster: String, category: SwotCategory, text: String) {
    self.code = code
    self.cluster = cluster
    self.category = category
    self.text = text
  }

  static let schemaDef = EntitySchema(
    .swot, summary: tr("SWOT items of a cluster."),
    fields: [
      Field("code", .text, required: true),
      Field("cluster", .reference(.cluster), required: true),
      .choice("category", SwotCategory.self, required: true),
      Field("text", .text, required: true),
    ])

  public init(record r: Record) throws {
    code = try r.text("code")
    cluster = try r.text("cluster")
    category = try r.choice("category")
    text = try r.text("text")
  }

  public var record: Record {
    Record(.swot, ["code": .text(code), "cluster": .text(cluster), "category": .choice(category), "text": .text(text)])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.code(cluster, field: "cluster")
    c.name(text, field: "text")
    return c.issues
  }
}
