import Analytics
import Domain
import Storage

/// What `demo` (and later the dashboard) shows about each cluster.
public struct ClusterOverview: Sendable, Codable, Hashable {
  /// One row of the supply–demand balance (the `gap` analysis's row, for the overview's year).
  public struct Balance: Sendable, Codable, Hashable {
    public var specialty: String
    public var name: String
    public var region: String
    public var demand: Int
    /// Graduates (recorded, or expected as the gap analysis says in `basis`), rounded.
    public var supply: Int
    public var gap: Int
    /// Exactly the gap analysis's status.
    public var status: GapStatus
    public var basis: [SupplyBasis]

    public init(_ row: GapRow) {
      specialty = row.specialty
      name = row.specialtyName
      region = row.region
      demand = row.demand
      supply = Int(row.supply.rounded())
      gap = Int(row.gap.rounded())
      status = row.status
      basis = row.basis
    }
  }

  public var code: String
  public var name: String
  public var region: String
  public var core: String?
  public var membersByKind: [String: Int]
  public var programs: Int
  public var students: Int
  public var teachers: Int
  /// The year the balance is for: the latest year with recorded graduates (not after the day).
  public var year: Int?
  public var needsVersusGraduates: [Balance]
  public var agreementsByStatus: [String: Int]
  public var projects: Int
  /// Project budgets by funding source, in minor units.
  public var fundingBySource: [String: Int]
  public var ledgerTotal: Int
}

extension EduCluster {
  /// One overview per cluster (or only the cluster `only`): members by kind, programs,
  /// students, needs against graduates by specialty (for the latest year with graduates),
  /// agreements, projects and funding.
  public func overview(on day: Day? = nil, only: String? = nil) throws(AppError) -> [ClusterOverview] {
    let day = day ?? EduCluster.today
    let db = readingOnce()  // lookup() would read the programs again
    db.prefetch(
      [PersonnelNeed.self, Cohort.self, Teacher.self, Agreement.self, Project.self, Membership.self, Cluster.self],
      lookup: true)
    let clusters = try db.all(Cluster.self).filter { only == nil || $0.code == only }
    let lookup = try db.lookup()
    let programs = try db.all(Program.self)
    let cohorts = try db.all(Cohort.self)
    let needs = try db.all(PersonnelNeed.self)
    let organizations = Dictionary(try db.all(Organization.self).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    let memberships = try db.all(Membership.self)
    let agreements = try db.all(Agreement.self)
    let projects = try db.all(Project.self)
    let ledger = try db.ledger()
    let studentsByProgram = try mapped { try store.studentCountsByProgram() }
    let teachers = try db.all(Teacher.self)

    return clusters.map { cluster in
      let members = Set(memberships.filter { $0.cluster == cluster.code && $0.isActive }.map(\.organization))
      var byKind = [String: Int]()
      for m in members { if let o = organizations[m] { byKind[o.kind.rawValue, default: 0] += 1 } }
      let clusterPrograms = programs.filter { members.contains($0.organization) }
      let programCodes = Set(clusterPrograms.map(\.code))
      let clusterCohorts = cohorts.filter { programCodes.contains($0.program) }
      let year = clusterCohorts.filter { $0.graduated != nil && $0.year <= day.year }.map(\.year).max()
      // The balance is the gap analysis's, for the cluster and year: one definition, one path.
      var balance = [ClusterOverview.Balance]()
      if let year {
        var options = GapOptions()
        options.fromYear = year
        options.toYear = year
        options.onYear = day.year
        balance = SupplyDemand.analyze(
          programs: programs, cohorts: cohorts, needs: needs, lookup: lookup, options: options, members: members,
          recommending: false
        ).rows.map(ClusterOverview.Balance.init)
      }
      var agreementsByStatus = [String: Int]()
      for a in agreements where a.cluster == cluster.code || (a.cluster == nil && members.contains(a.provider)) {
        agreementsByStatus[a.status.rawValue, default: 0] += 1
      }
      let clusterProjects = projects.filter { $0.cluster == cluster.code }
      var funding = [String: Int]()
      for p in clusterProjects {
        funding[p.fundingSource.rawValue] = saturating(funding[p.fundingSource.rawValue] ?? 0, p.budget ?? 0)
      }
      let projectCodes = Set(clusterProjects.map(\.code))
      let ledgerTotal = ledger.filter { e in e.project.map(projectCodes.contains) ?? false }.reduce(0) {
        saturating($0, $1.amount)
      }
      return ClusterOverview(
        code: cluster.code, name: cluster.name, region: cluster.region, core: cluster.core,
        membersByKind: byKind, programs: clusterPrograms.count,
        students: programCodes.reduce(0) { $0 + (studentsByProgram[$1] ?? 0) },
        teachers: teachers.filter { members.contains($0.organization) }.count, year: year,
        needsVersusGraduates: balance, agreementsByStatus: agreementsByStatus, projects: clusterProjects.count,
        fundingBySource: funding, ledgerTotal: ledgerTotal)
    }
  }
}

/// a + b, held at Int's bounds instead of trapping (sums of money entered by users).
func saturating(_ a: Int, _ b: Int) -> Int {
  let (sum, overflow) = a.addingReportingOverflow(b)
  return overflow ? (b > 0 ? Int.max : Int.min) : sum
}

/// What changing programs' annual intake does to the gap: the analysis as the registry stands
/// and with the change, and every row whose supply or status differs. Nothing is written.
public struct GapWhatIf: Sendable {
  public struct Change: Sendable, Hashable {
    /// The row as the registry stands (nil: no such row before).
    public var before: GapRow?
    public var after: GapRow
  }

  public var before: GapAnalysis
  public var after: GapAnalysis
  public var changes: [Change]
  /// The intakes the registry has for the programs changed, by code.
  public var current: [String: Int?]
}
