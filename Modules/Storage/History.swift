import Domain

/// What a database holds besides its registry records: matching runs with their assignments'
/// states, API tokens (the secrets' hashes only), signed ledger checkpoints and the audit trail.
/// `db copy` moves it verbatim from one store to another.
public struct StoreHistory: Sendable, Hashable {
  public struct Run: Sendable, Hashable {
    public var run: MatchRun
    public var assignments: [MatchAssignment]
    public init(run: MatchRun, assignments: [MatchAssignment]) {
      self.run = run
      self.assignments = assignments
    }
  }
  public struct Token: Sendable, Hashable {
    public var token: APIToken
    public var secretSHA256: [UInt8]
    public init(token: APIToken, secretSHA256: [UInt8]) {
      self.token = token
      self.secretSHA256 = secretSHA256
    }
  }
  public struct Checkpoint: Sendable, Hashable {
    public var createdAt: String
    public var size: Int
    public var note: String
    public init(createdAt: String, size: Int, note: String) {
      self.createdAt = createdAt
      self.size = size
      self.note = note
    }
  }

  public var runs: [Run]
  public var tokens: [Token]
  public var checkpoints: [Checkpoint]
  /// Oldest first.
  public var audit: [AuditEvent]

  public init(runs: [Run] = [], tokens: [Token] = [], checkpoints: [Checkpoint] = [], audit: [AuditEvent] = []) {
    self.runs = runs
    self.tokens = tokens
    self.checkpoints = checkpoints
    self.audit = audit
  }
}

/// A dashboard sign-in as the database keeps it: the SHA-256 of its id (hex), the public key
/// of the API token it signed in with, the value its forms carry, and when it ends (Unix
/// seconds). Every server behind a proxy reads the same sessions.
public struct DashboardSession: Sendable, Hashable {
  public var idSHA256: String
  public var tokenKey: String
  public var formToken: String
  public var expiresAt: Int

  public init(idSHA256: String, tokenKey: String, formToken: String, expiresAt: Int) {
    self.idSHA256 = idSHA256
    self.tokenKey = tokenKey
    self.formToken = formToken
    self.expiresAt = expiresAt
  }
}
