import Localization

/// An educational program of an institution, with learning outcomes and entry requirements.
public struct Program: Entity, Labelled {
  public static let kind = EntityKind.program
  public var code: String
  public var name: String
  public var labels: [Label]
  public var organization: String
  public var specialty: String?
  public var level: ProgramLevel
  public var form: ProgramForm
  public var durationMonths: Int?
  public var annualIntake: Int?
  public var language: String?
  public var outcomes: [Outcome]
  public var entryRequirements: [CompetencyLevel]

  public struct Outcome: Sendable, Hashable, Codable {
    public var competency: String
    public var level: Int
    public var hours: Int?
    public init(competency: String, level: Int, hours: Int? = nil) {
      self.competency = competency
      self.level = level
      self.hours = hours
    }
  }

  public init(
    code: String, name: String, organization: String, specialty: String? = nil,
    level: ProgramLevel, form: ProgramForm = .full_time, durationMonths: Int? = nil,
    annualIntake: Int? = nil, language: String? = nil, outcomes: [Outcome] = [],
    entryRequirements: [CompetencyLevel] = [], labels: [Label] = []
  ) {
    self.labels = labels
    self.code = code
    self.name = name
    self.organization = organization
    self.specialty = specialty
    self.level = level
    self.form = form
    self.durationMonths = durationMonths
    self.annualIntake = annualIntake
    self.language = language
    self.outcomes = outcomes
    self.entryRequirements = entryRequirements
  }

  static let schemaDef = EntitySchema(
    .program, summary: tr("Educational programs with outcomes and entry requirements."),
    fields: [
      Field("code", .text, required: true),
      Field("name", .text, required: true),
      Field("organization", .reference(.organization), required: true),
      Field("specialty", .reference(.specialty)),
      .choice("level", ProgramLevel.self, required: true),
      .choice("form", ProgramForm.self, tr("default full_time"), default: .full_time),
      Field("duration_months", .integer),
      Field("annual_intake", .integer),
      Field("language", .text, tr("teaching language, e.g. uz, ru, en")),
    ],
    children: [
      ChildList(
        "outcomes", option: "outcome",
        fields: [
          Field("competency", .reference(.competency), required: true),
          Field("level", .integer, required: true),
          Field("hours", .integer),
        ], tr("--outcome COMPETENCY:LEVEL[:HOURS], repeatable")),
      .competencyLevels("entry_requirements", option: "entry", tr("--entry COMPETENCY:LEVEL, repeatable")),
      .labels,
    ], searchable: true)

  public init(record r: Record) throws {
    labels = try r.labels()
    code = try r.text("code")
    name = try r.text("name")
    organization = try r.text("organization")
    specialty = r.optText("specialty")
    level = try r.choice("level")
    form = try r.optChoice("form") ?? .full_time
    durationMonths = try r.optInt("duration_months")
    annualIntake = try r.optInt("annual_intake")
    language = r.optText("language")
    outcomes = try r.mapRows("outcomes") {
      try Outcome(competency: $0.text("competency"), level: $0.int("level"), hours: $0.optInt("hours"))
    }
    entryRequirements = try r.competencyLevels("entry_requirements")
  }

  public var record: Record {
    Record(
      .program,
      [
        "code": .text(code), "name": .text(name), "organization": .text(organization),
        "specialty": .opt(specialty), "level": .choice(level), "form": .choice(form),
        "duration_months": .opt(durationMonths), "annual_intake": .opt(annualIntake),
        "language": .opt(language),
      ],
      children: [
        "outcomes": outcomes.map {
          Record(.program, ["competency": .text($0.competency), "level": .int($0.level), "hours": .opt($0.hours)])
        },
        "entry_requirements": Record.rows(.program, entryRequirements),
        "labels": Record.labelRows(.program, labels),
      ])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.name(name)
    c.code(organization, field: "organization")
    c.reference(specialty, field: "specialty")
    c.positive(durationMonths, field: "duration_months")
    c.nonNegative(annualIntake, field: "annual_intake")
    for o in outcomes {
      c.code(o.competency, field: "outcome")
      c.level(o.level, field: "outcome")
      c.nonNegative(o.hours, field: "outcome")
    }
    c.unique(outcomes.map(\.competency), field: "outcome")
    c.competencyLevels(entryRequirements, field: "entry")
    c.labels(labels)
    return c.issues
  }
}

/// One graduating cohort of a program (`year` is the graduation year): how many enrolled, graduated,
/// found work, and found it in the cluster.
public struct Cohort: Entity {
  public static let kind = EntityKind.cohort
  public var code: String
  public var program: String
  public var year: Int
  public var enrolled: Int
  public var graduated: Int?
  public var employed: Int?
  public var employedInCluster: Int?

  public init(
    code: String? = nil, program: String, year: Int, enrolled: Int, graduated: Int? = nil,
    employed: Int? = nil, employedInCluster: Int? = nil
  ) {
    self.code = code ?? "\(program)/\(year)"
    self.program = program
    self.year = year
    self.enrolled = enrolled
    self.graduated = graduated
    self.employed = employed
    self.employedInCluster = employedInCluster
  }

  static let schemaDef = EntitySchema(
    .cohort, summary: tr("Cohorts: a program's enrolment, graduates and employment by year."),
    fields: [
      Field("code", .text, required: true, tr("defaults to PROGRAM/YEAR")),
      Field("program", .reference(.program), required: true),
      Field("year", .integer, required: true, tr("graduation year of the cohort")),
      Field("enrolled", .integer, required: true),
      Field("graduated", .integer),
      Field("employed", .integer),
      Field("employed_in_cluster", .integer),
    ],
    derivedCode: EntitySchema.codeJoining("program", "year"), naturalKey: ["program", "year"])

  public init(record r: Record) throws {
    code = try r.text("code")
    program = try r.text("program")
    year = try r.int("year")
    enrolled = try r.int("enrolled")
    graduated = try r.optInt("graduated")
    employed = try r.optInt("employed")
    employedInCluster = try r.optInt("employed_in_cluster")
  }

  public var record: Record {
    Record(
      .cohort,
      [
        "code": .text(code), "program": .text(program), "year": .int(year), "enrolled": .int(enrolled),
        "graduated": .opt(graduated), "employed": .opt(employed),
        "employed_in_cluster": .opt(employedInCluster),
      ])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.code(program, field: "program")
    c.year(year)
    c.nonNegative(enrolled, field: "enrolled")
    c.nonNegative(graduated, field: "graduated")
    c.nonNegative(employed, field: "employed")
    c.nonNegative(employedInCluster, field: "employed_in_cluster")
    c.atMost(graduated, enrolled, field: "graduated", limitName: "enrolled")
    c.atMost(employed, graduated, field: "employed", limitName: "graduated")
    c.atMost(employedInCluster, employed, field: "employed_in_cluster", limitName: "employed")
    return c.issues
  }
}
