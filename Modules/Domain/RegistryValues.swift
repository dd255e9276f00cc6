/// Values the store reports and takes, shared by every layer (no storage types in them).

/// Who makes a change, and through which frontend (cli, tui, server, test). Written into the
/// audit trail with every mutation.
public struct Author: Sendable, Hashable {
  public var name: String
  public var frontend: String
  public init(name: String, frontend: String) {
    self.name = name
    self.frontend = frontend
  }
}

public enum WriteOutcome: String, Sendable, Codable, CaseIterable {
  case inserted, updated, unchanged
}

/// A condition on a listing: a field equal to a value (references by code), or membership of
/// the organization behind the row in a cluster.
public enum ListFilter: Sendable, Hashable {
  case field(String, String)
  case cluster(String)
}

public struct SearchHit: Sendable, Hashable, Codable {
  public var kind: EntityKind
  public var code: String
  public var name: String

  public init(kind: EntityKind, code: String, name: String) {
    self.kind = kind
    self.code = code
    self.name = name
  }
}

public struct AuditEvent: Sendable, Hashable, Codable {
  public var id: Int64
  public var at: String
  public var actor: String
  public var frontend: String
  public var action: String
  public var kind: String
  public var code: String
  public var detail: String?

  public init(
    id: Int64, at: String, actor: String, frontend: String, action: String, kind: String, code: String, detail: String?
  ) {
    self.id = id
    self.at = at
    self.actor = actor
    self.frontend = frontend
    self.action = action
    self.kind = kind
    self.code = code
    self.detail = detail
  }
}

public struct CheckReport: Sendable, Codable, Hashable {
  public var integrity: [String]
  public var foreignKeyViolations: [String]
  public var ledger: LedgerChain.Verification
  /// Records whose text breaks the text rule (`TextRules`): `kind CODE field: problem`.
  public var text: [String]
  /// What a key-less check can still see of tampering with the ledger: its append-only
  /// triggers missing or changed, and text in its entries that reads like other text but
  /// hashes differently (`LedgerEntry.lookalikeText`).
  public var ledgerGuards: [String]
  public var ok: Bool {
    integrity == ["ok"] && foreignKeyViolations.isEmpty && ledger.ok && text.isEmpty && ledgerGuards.isEmpty
  }

  public init(
    integrity: [String], foreignKeyViolations: [String], ledger: LedgerChain.Verification, text: [String] = [],
    ledgerGuards: [String] = []
  ) {
    self.integrity = integrity
    self.foreignKeyViolations = foreignKeyViolations
    self.ledger = ledger
    self.text = text
    self.ledgerGuards = ledgerGuards
  }
}

public struct DatabaseInfo: Sendable, Codable, Hashable {
  public var path: String
  public var sizeBytes: Int64
  public var sqliteVersion: String
  public var journalMode: String
  public var appliedMigrations: [String]
  public var knownMigrations: [String]
  public var counts: [String: Int]
  public var auditEvents: Int

  public init(
    path: String, sizeBytes: Int64, sqliteVersion: String, journalMode: String, appliedMigrations: [String],
    knownMigrations: [String], counts: [String: Int], auditEvents: Int
  ) {
    self.path = path
    self.sizeBytes = sizeBytes
    self.sqliteVersion = sqliteVersion
    self.journalMode = journalMode
    self.appliedMigrations = appliedMigrations
    self.knownMigrations = knownMigrations
    self.counts = counts
    self.auditEvents = auditEvents
  }
}

/// A saved matching run: when, by whom, with which options, and how it came out.
public struct MatchRun: Sendable, Hashable, Codable {
  public var code: String
  public var createdAt: String
  public var author: String
  /// `students` (student-optimal) or `placements` (placement-optimal).
  public var proposing: String
  /// The other options, as `key=value` pairs (cluster, kind …).
  public var options: String
  public var students: Int
  public var placements: Int
  public var matched: Int

  public init(
    code: String, createdAt: String, author: String, proposing: String, options: String, students: Int, placements: Int,
    matched: Int
  ) {
    self.code = code
    self.createdAt = createdAt
    self.author = author
    self.proposing = proposing
    self.options = options
    self.students = students
    self.placements = placements
    self.matched = matched
  }
}

/// One student's place in a saved run, moving through proposed → offered → confirmed →
/// completed (or withdrawn).
public struct MatchAssignment: Sendable, Hashable, Codable {
  public var run: String
  public var student: String
  public var placement: String
  /// 1 = the student's first choice.
  public var rank: Int
  public var state: AssignmentState
  public var changedAt: String?

  public init(run: String, student: String, placement: String, rank: Int, state: AssignmentState, changedAt: String?) {
    self.run = run
    self.student = student
    self.placement = placement
    self.rank = rank
    self.state = state
    self.changedAt = changedAt
  }
}

extension AssignmentState {
  /// The states an assignment may move to from this one.
  public var next: [AssignmentState] {
    switch self {
    case .proposed: return [.offered, .withdrawn]
    case .offered: return [.confirmed, .withdrawn]
    case .confirmed: return [.completed, .withdrawn]
    case .completed, .withdrawn: return []
    }
  }
}

/// What an API token may do; each role includes the ones before it.
public enum AccessRole: String, Sendable, Codable, CaseIterable, Comparable {
  /// Reads the registry and the dashboard.
  case reader
  /// Also runs analyses and matchings.
  case analyst
  /// Also creates, changes and deletes records (but not by import).
  case coordinator
  /// Also imports, and manages tokens.
  case admin

  var level: Int { AccessRole.allCases.firstIndex(of: self) ?? 0 }
  public static func < (a: AccessRole, b: AccessRole) -> Bool { a.level < b.level }
}

/// An API token as stored: its public key, never its secret.
public struct APIToken: Sendable, Hashable, Codable {
  /// The public part of the token (`ect_<key>_…`), by which a request names it.
  public var key: String
  public var name: String
  public var role: AccessRole
  public var createdAt: String
  public var createdBy: String
  public var revokedAt: String?

  public init(
    key: String, name: String, role: AccessRole, createdAt: String, createdBy: String, revokedAt: String? = nil
  ) {
    self.key = key
    self.name = name
    self.role = role
    self.createdAt = createdAt
    self.createdBy = createdBy
    self.revokedAt = revokedAt
  }
}
