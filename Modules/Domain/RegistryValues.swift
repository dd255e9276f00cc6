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
  public var ok: Bool { integrity == ["ok"] && foreignKeyViolations.isEmpty && ledger.ok }

  public init(integrity: [String], foreignKeyViolations: [String], ledger: LedgerChain.Verification) {
    self.integrity = integrity
    self.foreignKeyViolations = foreignKeyViolations
    self.ledger = ledger
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
