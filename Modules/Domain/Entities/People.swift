import Localization

/// A student: program, cohort, region, score, assessed competencies and placement preferences.
public struct Student: Entity {
  public static let kind = EntityKind.student
  public var code: String
  public var name: String
  public var program: String?
  public var cohortYear: Int?
  public var region: String?
  public var score: Double?
  public var competencies: [AssessedCompetency]
  /// Placement codes, most preferred first.
  public var preferences: [String]

  public struct AssessedCompetency: Sendable, Hashable, Codable {
    public var competency: String
    public var level: Int
    public var assessedOn: Day?
    public init(competency: String, level: Int, assessedOn: Day? = nil) {
      self.competency = competency
      self.level = level
      self.assessedOn = assessedOn
    }
  }

  public init(
    code: String, name: String, program: String? = nil, cohortYear: Int? = nil,
    region: String? = nil, score: Double? = nil, competencies: [AssessedCompetency] = [],
    preferences: [String] = []
  ) {
    self.code = code
    self.name = name
    self.program = program
    self.cohortYear = cohortYear
    self.region = region
    self.score = score
    self.competencies = competencies
    self.preferences = preferences
  }

  static let schemaDef = EntitySchema(
    .student, summary: tr("Students with assessed competencies and placement preferences."),
    fields: [
      Field("code", .text, required: true),
      Field("name", .text, required: true, tr("personal data: exported only when asked"), personal: true),
      Field("program", .reference(.program)),
      Field("cohort_year", .integer),
      Field("region", .reference(.region)),
      Field("score", .real, tr("0–100")),
    ],
    children: [
      ChildList(
        "competencies", option: "competency",
        fields: [
          Field("competency", .reference(.competency), required: true),
          Field("level", .integer, required: true),
          Field("assessed_on", .date),
        ], tr("--competency COMPETENCY:LEVEL[:YYYY-MM-DD], repeatable")),
      ChildList(
        "preferences", option: "prefers",
        fields: [Field("placement", .reference(.placement), required: true)],
        tr("--prefers PLACEMENT, repeatable, first choice first")),
    ])

  public init(record r: Record) throws {
    code = try r.text("code")
    name = try r.text("name")
    program = r.optText("program")
    cohortYear = try r.optInt("cohort_year")
    region = r.optText("region")
    score = try r.optReal("score")
    competencies = try r.mapRows("competencies") {
      try AssessedCompetency(
        competency: $0.text("competency"), level: $0.int("level"), assessedOn: $0.optDay("assessed_on"))
    }
    preferences = try r.mapRows("preferences") { try $0.text("placement") }
  }

  public var record: Record {
    // By position in the kind's row layout (code, name, program, cohort_year, region, score):
    // a national import makes a million of these.
    Record(
      .student, layout: EntityKind.student.rowLayout,
      slots: [.text(code), .text(name), .opt(program), .opt(cohortYear), .opt(region), .opt(score)],
      children: [
        "competencies": competencies.map {
          Record(
            .student,
            ["competency": .text($0.competency), "level": .int($0.level), "assessed_on": .day($0.assessedOn)])
        },
        "preferences": preferences.map { Record(.student, ["placement": .text($0)]) },
      ])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.name(name)
    c.reference(program, field: "program")
    c.reference(region, field: "region")
    if let y = cohortYear { c.year(y, field: "cohort_year") }
    if let s = score, !(0...100).contains(s) { c.fail("score", tr("\(s) is outside 0–100")) }
    c.competencyLevels(
      competencies.map { CompetencyLevel(competency: $0.competency, level: $0.level) }, field: "competency")
    c.unique(preferences, field: "prefers")
    return c.issues
  }
}

/// A teacher: qualification dates, competencies and the programs taught.
public struct Teacher: Entity {
  public static let kind = EntityKind.teacher
  public var code: String
  public var name: String
  public var organization: String
  public var specialty: String?
  public var category: String?
  public var hiredOn: Day?
  public var lastQualifiedOn: Day?
  public var competencies: [CompetencyLevel]
  public var programs: [String]

  public init(
    code: String, name: String, organization: String, specialty: String? = nil,
    category: String? = nil, hiredOn: Day? = nil, lastQualifiedOn: Day? = nil,
    competencies: [CompetencyLevel] = [], programs: [String] = []
  ) {
    self.code = code
    self.name = name
    self.organization = organization
    self.specialty = specialty
    self.category = category
    self.hiredOn = hiredOn
    self.lastQualifiedOn = lastQualifiedOn
    self.competencies = competencies
    self.programs = programs
  }

  static let schemaDef = EntitySchema(
    .teacher, summary: tr("Teachers, their qualification currency, competencies and programs taught."),
    fields: [
      Field("code", .text, required: true),
      Field("name", .text, required: true, tr("personal data: exported only when asked"), personal: true),
      Field("organization", .reference(.organization), required: true),
      Field("specialty", .reference(.specialty)),
      Field("category", .text, tr("qualification category, e.g. highest, first, second")),
      Field("hired_on", .date),
      Field("last_qualified_on", .date),
    ],
    children: [
      .competencyLevels("competencies", option: "competency", tr("--competency COMPETENCY:LEVEL, repeatable")),
      ChildList(
        "programs", option: "teaches", fields: [Field("program", .reference(.program), required: true)],
        tr("--teaches PROGRAM, repeatable")),
    ])

  public init(record r: Record) throws {
    code = try r.text("code")
    name = try r.text("name")
    organization = try r.text("organization")
    specialty = r.optText("specialty")
    category = r.optText("category")
    hiredOn = try r.optDay("hired_on")
    lastQualifiedOn = try r.optDay("last_qualified_on")
    competencies = try r.competencyLevels("competencies")
    programs = try r.mapRows("programs") { try $0.text("program") }
  }

  public var record: Record {
    Record(
      .teacher,
      [
        "code": .text(code), "name": .text(name), "organization": .text(organization),
        "specialty": .opt(specialty), "category": .opt(category), "hired_on": .day(hiredOn),
        "last_qualified_on": .day(lastQualifiedOn),
      ],
      children: [
        "competencies": Record.rows(.teacher, competencies),
        "programs": programs.map { Record(.teacher, ["program": .text($0)]) },
      ])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.name(name)
    c.code(organization, field: "organization")
    c.reference(specialty, field: "specialty")
    c.ordered(hiredOn, lastQualifiedOn, fromField: "hired_on", toField: "last_qualified_on")
    c.competencyLevels(competencies, field: "competency")
    c.unique(programs, field: "teaches")
    return c.issues
  }
}

/// An in-service training course for teachers.
public struct Course: Entity, Labelled {
  public static let kind = EntityKind.course
  public var code: String
  public var title: String
  public var labels: [Label]
  public var provider: String
  public var hours: Int
  public var mode: CourseMode
  public var capacity: Int?
  public var startsOn: Day?
  public var endsOn: Day?
  public var raises: [CompetencyLevel]

  public init(
    code: String, title: String, provider: String, hours: Int, mode: CourseMode = .formal,
    capacity: Int? = nil, startsOn: Day? = nil, endsOn: Day? = nil, raises: [CompetencyLevel] = [], labels: [Label] = []
  ) {
    self.labels = labels
    self.code = code
    self.title = title
    self.provider = provider
    self.hours = hours
    self.mode = mode
    self.capacity = capacity
    self.startsOn = startsOn
    self.endsOn = endsOn
    self.raises = raises
  }

  static let schemaDef = EntitySchema(
    .course, summary: tr("In-service training courses and the competency levels they raise."),
    fields: [
      Field("code", .text, required: true),
      Field("title", .text, required: true),
      Field("provider", .reference(.organization), required: true),
      Field("hours", .integer, required: true),
      .choice("mode", CourseMode.self, tr("default formal"), default: .formal),
      Field("capacity", .integer),
      Field("starts_on", .date),
      Field("ends_on", .date),
    ],
    children: [
      .competencyLevels("raises", option: "raises", tr("--raises COMPETENCY:LEVEL, repeatable")),
      .labels,
    ])

  public init(record r: Record) throws {
    labels = try r.labels()
    code = try r.text("code")
    title = try r.text("title")
    provider = try r.text("provider")
    hours = try r.int("hours")
    mode = try r.optChoice("mode") ?? .formal
    capacity = try r.optInt("capacity")
    startsOn = try r.optDay("starts_on")
    endsOn = try r.optDay("ends_on")
    raises = try r.competencyLevels("raises")
  }

  public var record: Record {
    Record(
      .course,
      [
        "code": .text(code), "title": .text(title), "provider": .text(provider), "hours": .int(hours),
        "mode": .choice(mode), "capacity": .opt(capacity), "starts_on": .day(startsOn), "ends_on": .day(endsOn),
      ],
      children: [
        "raises": Record.rows(.course, raises),
        "labels": Record.labelRows(.course, labels),
      ])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.name(title, field: "title")
    c.code(provider, field: "provider")
    c.positive(hours, field: "hours")
    c.nonNegative(capacity, field: "capacity")
    c.ordered(startsOn, endsOn, fromField: "starts_on", toField: "ends_on")
    c.competencyLevels(raises, field: "raises")
    c.labels(labels)
    return c.issues
  }
}

/// A teacher's completed (or attended) course.
public struct TrainingRecord: Entity {
  public static let kind = EntityKind.training
  public var code: String
  public var teacher: String
  public var course: String
  public var completedOn: Day
  public var hours: Int?
  public var result: TrainingResult?

  public init(
    code: String? = nil, teacher: String, course: String, completedOn: Day, hours: Int? = nil,
    result: TrainingResult? = nil
  ) {
    self.code = code ?? "\(teacher)/\(course)"
    self.teacher = teacher
    self.course = course
    self.completedOn = completedOn
    self.hours = hours
    self.result = result
  }

  static let schemaDef = EntitySchema(
    .training, summary: tr("Training records: which teacher completed which course, when."),
    fields: [
      Field("code", .text, required: true, tr("defaults to TEACHER/COURSE")),
      Field("teacher", .reference(.teacher), required: true),
      Field("course", .reference(.course), required: true),
      Field("completed_on", .date, required: true),
      Field("hours", .integer),
      .choice("result", TrainingResult.self),
    ],
    derivedCode: EntitySchema.codeJoining("teacher", "course"))

  public init(record r: Record) throws {
    code = try r.text("code")
    teacher = try r.text("teacher")
    course = try r.text("course")
    completedOn = try r.day("completed_on")
    hours = try r.optInt("hours")
    result = try r.optChoice("result")
  }

  public var record: Record {
    Record(
      .training,
      [
        "code": .text(code), "teacher": .text(teacher), "course": .text(course),
        "completed_on": .day(completedOn), "hours": .opt(hours), "result": .choice(result),
      ])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.code(teacher, field: "teacher")
    c.code(course, field: "course")
    c.nonNegative(hours, field: "hours")
    return c.issues
  }
}
