public enum RegionLevel: String, DomainEnum { case country, region, district }

public enum OrganizationKind: String, DomainEnum {
  case school, vocational_college, university, research_institute, enterprise, business
  case government_body, resource_center, methodological_center, testing_center
  case teacher_training_institute, ngo

  /// Institutions that educate (provide programs); the rest employ, govern or support.
  public var isEducational: Bool {
    switch self {
    case .school, .vocational_college, .university, .research_institute, .teacher_training_institute:
      return true
    default: return false
    }
  }

  public var isEmployer: Bool { self == .enterprise || self == .business }
}

public enum Ownership: String, DomainEnum { case state, `private`, mixed }
public enum Rating: String, DomainEnum { case green, yellow, red }
public enum MemberRole: String, DomainEnum { case core, member, social_partner, coordinator }
public enum CompetencyType: String, DomainEnum { case knowledge, skill, competence, transversal }

public enum ProgramLevel: String, DomainEnum {
  case general_secondary, vocational, bachelor, master, doctoral, in_service

  /// Position on the education ladder, for continuity (vocational → bachelor → master …).
  public var rank: Int {
    switch self {
    case .general_secondary: return 0
    case .vocational: return 1
    case .bachelor: return 2
    case .master: return 3
    case .doctoral: return 4
    case .in_service: return 5
    }
  }
}

public enum ProgramForm: String, DomainEnum { case full_time, part_time, dual, distance }
public enum CourseMode: String, DomainEnum { case formal, non_formal, informal }
public enum TrainingResult: String, DomainEnum { case passed, failed, attended }
public enum PlacementKind: String, DomainEnum { case internship, dual_education, target_training, job }

public enum AssignmentState: String, DomainEnum {
  case proposed, offered, confirmed, completed, withdrawn
}

public enum AgreementKind: String, DomainEnum {
  case dual_education, internship, target_training, research, equipment, teacher_training
  case cooperation
}

public enum AgreementStatus: String, DomainEnum { case draft, active, expired, terminated }
public enum ObligationStatus: String, DomainEnum { case open, fulfilled, overdue, cancelled }

public enum FundingSource: String, DomainEnum {
  case state_grant, `private`, ppp, international, own
}

public enum ProjectStatus: String, DomainEnum { case planned, active, completed, cancelled }
public enum OutputKind: String, DomainEnum { case implementation, patent, publication }
public enum SwotCategory: String, DomainEnum { case strength, weakness, opportunity, threat }
