import Domain
import Foundation

/// What opening a database with an older schema does.
public enum SchemaUpgrade: Sendable {
  case onOpen, refuse, leave
}

/// The storage interface: everything the application layer asks of a registry's database, in
/// records and domain values — no SQL, no driver types. The SQLite store (`SQLiteStore.Store`)
/// implements it; a PostgreSQL store implements the same, so AppCore, the analyses, the importer
/// and the three frontends do not know which one they run on.
///
/// Every write is one transaction; errors are `StoreError`s with a sentence a user can act on.
public protocol RegistryStore: Sendable {
  /// Where the data is, as the user named it (a file path, or a server's URL).
  var path: String { get }

  // MARK: Writes

  /// Inserts or updates one record by code (with its child lists), audited.
  @discardableResult
  func upsert(_ record: Record, actor: Author) throws -> WriteOutcome
  /// Many records in one transaction, parents before children; `progress` gets the count done.
  func upsertAll(
    _ records: [Record], actor: Author, progress: (@Sendable (Int) -> Void)?
  ) throws -> [EntityKind: [WriteOutcome: Int]]
  /// Removes a record; refused while anything refers to it, and always for the ledger.
  func remove(_ kind: EntityKind, code: String, actor: Author) throws
  /// Appends sealed ledger entries (codes and hashes assigned in sequence).
  @discardableResult
  func appendLedger(_ entries: [LedgerEntry], actor: Author) throws -> [LedgerEntry]
  /// A whole data set in one transaction, optionally after clearing every registry row.
  func load(
    _ records: [Record], ledger: [LedgerEntry], clearFirst: Bool, actor: Author
  ) throws -> [EntityKind: [WriteOutcome: Int]]
  /// Runs `body` in one write transaction that commits when it returns and `commit` is true,
  /// and rolls back otherwise (a dry run) or when it throws.
  func session<T>(author: Author, commit: Bool, _ body: (any RegistryWriteSession) throws -> T) throws -> T

  // MARK: Reads

  func totalRows() throws -> Int
  /// A number that changes whenever a write commits — from this process or another — so a
  /// cached result is still valid while it is unchanged; nil when the store cannot tell.
  func dataVersion() throws -> Int?
  func fetch(_ kind: EntityKind, code: String) throws -> Record?
  /// A page of records in code order (`after`: keyset paging past that code).
  func list(_ kind: EntityKind, filters: [ListFilter], limit: Int?, offset: Int, after: String?) throws -> [Record]
  func count(_ kind: EntityKind, filters: [ListFilter]) throws -> Int
  func all<E: Entity>(_ type: E.Type, filters: [ListFilter]) throws -> [E]
  /// Every record of a kind in code order (ledger: chain order), in batches, with child lists.
  func scan(_ kind: EntityKind, batchSize: Int, _ body: ([Record]) throws -> Void) throws
  /// Records without their child lists.
  func scalars(_ kind: EntityKind, filters: [ListFilter]) throws -> [Record]
  /// Records without their child lists, each with its internal id: for index-based reads that
  /// pair them with `links` (matching) without a code → id table.
  func scalarsWithIDs(_ kind: EntityKind, filters: [ListFilter]) throws -> [(id: Int64, record: Record)]
  /// Every child row of one list: the owner's code and the row's values in column order.
  func childRows(_ kind: EntityKind, list: String, _ body: (String, [FieldValue]) throws -> Void) throws
  /// A list read as (owner id, target id) pairs, in owner and position order (ids as
  /// `scalarsWithIDs` gives them).
  func links(_ kind: EntityKind, list: String, _ body: (Int64, Int64) -> Void) throws
  func studentsWithPreferencesByProgram() throws -> [String: Int]
  /// Students as (code, name, region, cohort year) only: data quality reads a million of them.
  func studentNameKeys(_ body: (String, String, String?, Int?) -> Void) throws
  func studentCountsByProgram() throws -> [String: Int]
  /// Full-text search with case, diacritics and Uzbek apostrophes folded, words as prefixes.
  func search(_ text: String, kinds: Set<EntityKind>?, limit: Int) throws -> [SearchHit]
  func auditEvents(kind: EntityKind?, code: String?, limit: Int) throws -> [AuditEvent]

  // MARK: The ledger

  func ledger() throws -> [LedgerEntry]
  func verifyLedger() throws -> LedgerChain.Verification
  func addLedgerCheckpoint(note: String, size: Int, at: Date) throws
  /// Every checkpoint kept, oldest first.
  func ledgerCheckpoints() throws -> [String]
  /// The database's own append-only guards that are missing or changed, as sentences.
  func ledgerGuardProblems() throws -> [String]

  // MARK: Matching runs

  func saveMatchRun(
    _ run: MatchRun, assignments: [(student: String, placement: String, rank: Int)], author: Author
  ) throws -> MatchRun
  func matchRuns() throws -> [MatchRun]
  func matchRun(_ code: String) throws -> MatchRun
  func assignments(run code: String) throws -> [MatchAssignment]
  func setAssignment(
    run code: String, student: String, to state: AssignmentState, author: Author
  ) throws -> MatchAssignment

  // MARK: API tokens

  func insertToken(_ token: APIToken, secretSHA256: [UInt8], actor: Author) throws
  func tokens() throws -> [APIToken]
  func activeToken(key: String) throws -> (APIToken, secretSHA256: [UInt8])?
  func revokeToken(name: String, at: String, actor: Author) throws -> Bool

  // MARK: Dashboard sessions

  /// Keeps a new session; ended ones (by `now`, Unix seconds) go, and past `capacity` the
  /// oldest too.
  func startDashboardSession(_ session: DashboardSession, now: Int, capacity: Int) throws
  /// The session of an id's hash while it lasts (`now`: Unix seconds), else nil.
  func dashboardSession(idSHA256: String, now: Int) throws -> DashboardSession?
  func endDashboardSession(idSHA256: String) throws

  // MARK: The database itself

  /// Matching runs, tokens, checkpoints and the audit trail, as they are.
  func history() throws -> StoreHistory
  /// Writes `history` as it is, in one transaction, in place of this database's audit trail
  /// (a copy's trail is its source's); runs, tokens and checkpoints are added.
  func restore(_ history: StoreHistory) throws

  func backup(to destination: String) throws
  func check() throws -> CheckReport
  func info() throws -> DatabaseInfo
}

/// Writes inside one transaction opened by `RegistryStore.session`; only valid inside it.
public protocol RegistryWriteSession: AnyObject {
  /// Inserts or updates a record by code; with `audit` false the caller writes one summary event.
  func upsert(_ record: Record, audit: Bool) throws -> WriteOutcome
  /// Inserts a record whose code is not taken; false (and nothing written) when it is.
  func insertIfNew(_ record: Record, audit: Bool) throws -> Bool
  /// A hint that many inserts follow (an import): SQLite takes a larger page cache, PostgreSQL
  /// buffers new records and writes them many rows per statement. Nothing else changes.
  func prepareForBulkWrite(cacheKibibytes: Int) throws
  /// Drops a kind's secondary indexes for a bulk load; returns what `restoreIndexes` rebuilds.
  func deferIndexes(_ kind: EntityKind) throws -> [String]
  func restoreIndexes(_ statements: [String]) throws
  func count(_ kind: EntityKind) throws -> Int
  func codes(_ kind: EntityKind, matching filters: [ListFilter]) throws -> [String]
  func fetch(_ kind: EntityKind, code: String) throws -> Record?
  func exists(_ kind: EntityKind, code: String) throws -> Bool
  func audit(action: String, kind: String, code: String, detail: String?) throws
  /// What turns a valid, complete record of `kind` into a `PreparedInsert` — on any thread,
  /// while this session writes the rows before it (an import's read-ahead stage) — or nil when
  /// this store has no such path. It knows the referenced kinds' codes as they are now; a record
  /// it cannot prepare (an unknown reference, lists to write, a searchable kind) gets nil and
  /// goes through `insertIfNew(_:audit:)`.
  func insertPreparer(for kind: EntityKind) throws -> InsertPreparer?
  /// Inserts a prepared row whose code is not taken (true); false, writing nothing, when it is.
  /// Writes no audit event: the caller writes one summary event.
  func insertIfNew(_ row: PreparedInsert) throws -> Bool
}

/// A new record's row as a store binds it, worked out off the writing thread (see
/// `RegistryWriteSession.insertPreparer`).
public struct PreparedInsert: Sendable {
  public let kind: EntityKind
  /// `code` and then the kind's other columns in the store's column order; a reference is its
  /// row id (`.integer`), not its code.
  public let values: [FieldValue]

  public init(kind: EntityKind, values: [FieldValue]) {
    self.kind = kind
    self.values = values
  }
}

/// Prepares a kind's rows for `RegistryWriteSession.insertIfNew(_:)`; nil for a record that must
/// take the general path.
public typealias InsertPreparer = @Sendable (Record) -> PreparedInsert?

// The defaults callers rely on, for every store.
extension RegistryStore {
  public func upsertAll(_ records: [Record], actor: Author) throws -> [EntityKind: [WriteOutcome: Int]] {
    try upsertAll(records, actor: actor, progress: nil)
  }
  public func list(
    _ kind: EntityKind, filters: [ListFilter] = [], limit: Int? = nil, offset: Int = 0
  ) throws -> [Record] {
    try list(kind, filters: filters, limit: limit, offset: offset, after: nil)
  }
  public func count(_ kind: EntityKind) throws -> Int { try count(kind, filters: []) }
  public func all<E: Entity>(_ type: E.Type) throws -> [E] { try all(type, filters: []) }
  public func scan(_ kind: EntityKind, _ body: ([Record]) throws -> Void) throws {
    try scan(kind, batchSize: 2000, body)
  }
  public func scalars(_ kind: EntityKind) throws -> [Record] { try scalars(kind, filters: []) }
  public func search(_ text: String, limit: Int = 50) throws -> [SearchHit] {
    try search(text, kinds: nil, limit: limit)
  }
  public func auditEvents(kind: EntityKind? = nil, code: String? = nil) throws -> [AuditEvent] {
    try auditEvents(kind: kind, code: code, limit: 100)
  }
  public func addLedgerCheckpoint(note: String, size: Int) throws {
    try addLedgerCheckpoint(note: note, size: size, at: Date())
  }
}

extension RegistryWriteSession {
  /// No prepared path: every record goes through `insertIfNew(_:audit:)`.
  public func insertPreparer(for kind: EntityKind) throws -> InsertPreparer? { nil }
  public func insertIfNew(_ row: PreparedInsert) throws -> Bool {
    throw StoreError.database("this store prepares no rows to insert (\(row.kind.rawValue))")
  }
  public func upsert(_ record: Record) throws -> WriteOutcome { try upsert(record, audit: true) }
  public func insertIfNew(_ record: Record) throws -> Bool { try insertIfNew(record, audit: true) }
}
