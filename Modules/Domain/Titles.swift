import Localization

/// The names of the kinds of entity, for people, in any interface language.
extension EntityKind {
  /// Singular: "organization", "personnel need".
  public var title: Phrase {
    switch self {
    case .region: tr("region")
    case .organization: tr("organization")
    case .cluster: tr("cluster")
    case .membership: tr("membership")
    case .specialty: tr("specialty")
    case .competency: tr("competency")
    case .occupation: tr("occupation")
    case .program: tr("program")
    case .cohort: tr("cohort")
    case .student: tr("student")
    case .teacher: tr("teacher")
    case .course: tr("course")
    case .training: tr("training record")
    case .need: tr("personnel need")
    case .placement: tr("placement")
    case .agreement: tr("agreement")
    case .project: tr("project")
    case .ledger: tr("ledger entry")
    case .swot: tr("SWOT item")
    }
  }

  /// With its article, where the language has one: "an organization".
  public var indefinite: Phrase {
    switch self {
    case .region: tr("a region")
    case .organization: tr("an organization")
    case .cluster: tr("a cluster")
    case .membership: tr("a membership")
    case .specialty: tr("a specialty")
    case .competency: tr("a competency")
    case .occupation: tr("an occupation")
    case .program: tr("a program")
    case .cohort: tr("a cohort")
    case .student: tr("a student")
    case .teacher: tr("a teacher")
    case .course: tr("a course")
    case .training: tr("a training record")
    case .need: tr("a personnel need")
    case .placement: tr("a placement")
    case .agreement: tr("an agreement")
    case .project: tr("a project")
    case .ledger: tr("a ledger entry")
    case .swot: tr("a SWOT item")
    }
  }

  /// Plural, as a heading or a count's noun: "organizations".
  public var titlePlural: Phrase {
    switch self {
    case .region: tr("regions")
    case .organization: tr("organizations")
    case .cluster: tr("clusters")
    case .membership: tr("memberships")
    case .specialty: tr("specialties")
    case .competency: tr("competencies")
    case .occupation: tr("occupations")
    case .program: tr("programs")
    case .cohort: tr("cohorts")
    case .student: tr("students")
    case .teacher: tr("teachers")
    case .course: tr("courses")
    case .training: tr("training records")
    case .need: tr("personnel needs")
    case .placement: tr("placements")
    case .agreement: tr("agreements")
    case .project: tr("projects")
    case .ledger: tr("ledger entries")
    case .swot: tr("SWOT items")
    }
  }
}

extension FieldType {
  /// What a value of this type looks like: "a whole number", "one of a, b".
  public var expectation: Phrase {
    switch self {
    case .text: tr("text")
    case .integer: tr("a whole number")
    case .real: tr("a number")
    case .date: tr("a date YYYY-MM-DD")
    case .bool: tr("true or false")
    case .choice(let values): tr("one of \(values.joined(separator: ", "))")
    case .reference(let kind): tr("code of \(kind.indefinite)")
    case .lines: tr("text, one item per line")
    }
  }
}
