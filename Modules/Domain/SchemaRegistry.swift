/// Every kind's schema and entity type, in one place.
public enum SchemaRegistry {
  public static func schema(for kind: EntityKind) -> EntitySchema {
    switch kind {
    case .region: return Region.schemaDef
    case .organization: return Organization.schemaDef
    case .cluster: return Cluster.schemaDef
    case .membership: return Membership.schemaDef
    case .specialty: return Specialty.schemaDef
    case .competency: return Competency.schemaDef
    case .occupation: return Occupation.schemaDef
    case .program: return Program.schemaDef
    case .cohort: return Cohort.schemaDef
    case .student: return Student.schemaDef
    case .teacher: return Teacher.schemaDef
    case .course: return Course.schemaDef
    case .training: return TrainingRecord.schemaDef
    case .need: return PersonnelNeed.schemaDef
    case .placement: return Placement.schemaDef
    case .agreement: return Agreement.schemaDef
    case .project: return Project.schemaDef
    case .ledger: return LedgerEntry.schemaDef
    case .swot: return SwotItem.schemaDef
    }
  }

  public static func entityType(for kind: EntityKind) -> any Entity.Type {
    switch kind {
    case .region: return Region.self
    case .organization: return Organization.self
    case .cluster: return Cluster.self
    case .membership: return Membership.self
    case .specialty: return Specialty.self
    case .competency: return Competency.self
    case .occupation: return Occupation.self
    case .program: return Program.self
    case .cohort: return Cohort.self
    case .student: return Student.self
    case .teacher: return Teacher.self
    case .course: return Course.self
    case .training: return TrainingRecord.self
    case .need: return PersonnelNeed.self
    case .placement: return Placement.self
    case .agreement: return Agreement.self
    case .project: return Project.self
    case .ledger: return LedgerEntry.self
    case .swot: return SwotItem.self
    }
  }

  /// Reads and validates a record as its entity, returning the entity's normalized record.
  public static func validated(_ record: Record) throws -> any Entity {
    let entity = try entityType(for: record.kind).init(record: record)
    try entity.validate()
    return entity
  }
}
