import Analytics
import Domain
import Localization

/// One institution's page: its programs, their cohorts, the supply and demand of their
/// specialties in its region, its teachers due for qualification and its agreements.
public struct OrganizationReport: Sendable, Hashable, Codable {
  public struct ProgramLine: Sendable, Hashable, Codable {
    public var code, name, level: String
    public var specialty: String?
    public var annualIntake: Int?
  }
  public struct CohortLine: Sendable, Hashable, Codable {
    public var program: String
    public var year, enrolled: Int
    public var graduated, employed: Int?
  }
  public struct AgreementLine: Sendable, Hashable, Codable {
    public var code, kind, partner, role, status: String
    public var validUntil: Day?
  }

  public var code, name, kind, region: String
  public var year: Int
  public var generatedOn: Day
  public var programs: [ProgramLine]
  /// The cohorts of its programs, the five years up to `year`.
  public var cohorts: [CohortLine]
  /// Supply and demand of its programs' specialties in its region, the year.
  public var gaps: [GapRow]
  public var teachersDue: [TeacherPlan]
  public var agreements: [AgreementLine]
}

extension EduCluster {
  /// The page `report --organization CODE` shows.
  public func organizationReport(
    code: String, year: Int? = nil, on day: Day? = nil
  ) throws(AppError)
    -> OrganizationReport
  {
    guard let organization = try show(.organization, code: code) as? Organization else {
      throw AppError(.notFound, tr("no organization with code '\(code)'"))
    }
    let chosen: Int
    if let year { chosen = year } else { chosen = try defaultYear() }
    let day = day ?? EduCluster.today
    let programs = try all(Program.self).filter { $0.organization == code }.sorted { $0.code < $1.code }
    let programCodes = Set(programs.map(\.code))
    let specialties = Set(programs.compactMap(\.specialty))
    var options = GapOptions()
    options.fromYear = chosen
    options.toYear = chosen
    // Demand is the region's, not the district's: a district's graduates serve the region.
    let region = (try? show(.region, code: organization.region) as? Region)?.parent ?? organization.region
    options.region = region
    let gaps = specialties.isEmpty ? [] : try gap(GapRequest(options: options, on: day)).rows
    let cohorts = try all(Cohort.self).filter {
      programCodes.contains($0.program) && (chosen - 4...chosen).contains($0.year)
    }
    let agreements = try all(Agreement.self).filter { $0.customer == code || $0.provider == code }
    return OrganizationReport(
      code: organization.code, name: organization.name, kind: organization.kind.rawValue, region: region,
      year: chosen, generatedOn: day,
      programs: programs.map {
        .init(
          code: $0.code, name: $0.name, level: $0.level.rawValue, specialty: $0.specialty, annualIntake: $0.annualIntake
        )
      },
      cohorts: cohorts.sorted { ($0.program, $0.year) < ($1.program, $1.year) }.map {
        .init(program: $0.program, year: $0.year, enrolled: $0.enrolled, graduated: $0.graduated, employed: $0.employed)
      },
      gaps: gaps.filter { specialties.contains($0.specialty) },
      teachersDue: try pd(PDRequest(on: day)).plans.filter { $0.organization == code },
      agreements: agreements.sorted { $0.code < $1.code }.map {
        .init(
          code: $0.code, kind: $0.kind.rawValue, partner: $0.customer == code ? $0.provider : $0.customer,
          role: $0.customer == code ? "customer" : "provider", status: $0.status.rawValue, validUntil: $0.validUntil)
      })
  }
}
