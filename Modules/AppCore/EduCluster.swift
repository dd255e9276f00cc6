import DemoData
import Domain
import Foundation
import PostgresStore
import SQLiteStore
import Storage

/// What a command means to do with the database. An older schema is upgraded only when it
/// writes; a command that only reads refuses such a file (nothing is written on open), and a
/// copy (a backup) takes it as it is.
public enum Intent: Sendable {
  case write, read, copy

  var upgrade: SchemaUpgrade {
    switch self {
    case .write: return .onOpen
    case .read: return .refuse
    case .copy: return .leave
    }
  }
}

/// Which frontend makes a call; written into the audit trail.
public enum Frontend: String, Sendable { case cli, tui, server, test }

/// The application layer: every use case the CLI, the TUI and the server share, taking and
/// returning domain values. A value of this type is `Sendable` and may be used from
/// concurrent code: the store below (`any RegistryStore`; SQLite's is a WAL database pool) makes
/// every write one transaction.
///
/// Its use cases, by area — one folder of `Modules/AppCore` each:
/// - **Registry** (`Registry/`): `list`, `all`, `count`, `show`, `add`, `update`, `remove`,
///   `save`; `search`, `ledger`, `verifyLedger`, `audit`;
///   the ledger's checkpoints and proofs: `newLedgerKey`, `ledgerCheckpoint`,
///   `verifyLedger(checkpoint:publicKey:)`, `ledgerInclusionProof`, `ledgerConsistencyProof`;
///   the database itself: `backup`, `check`, `info`, `loadDemo`.
/// - **Analyses** (`Analyses/`): `gap`, `align`, `continuity`, `pathways`, `recommend`, `pd`,
///   `forecast`, `indicators`, `rank`, `quality`; `overview` and `report`, which compose them.
/// - **Matching** (`Matching/`): `match` (stable matching, saved as a run), `matchRuns`,
///   `matchAssignments`, `setAssignment`.
/// - **Interchange** (`Interchange/`): `importFiles`, `importBody`, `export`, `exportFile`; the
///   JSON bodies of the HTTP API (`record(json:kind:)`, `json(_:includePersonal:)`).
/// - **Access** (`Access/`): API tokens — `createToken`, `tokens`, `revokeToken`, `authenticate`.
public struct EduCluster: Sendable {
  let store: any RegistryStore
  public internal(set) var user: String
  public let frontend: Frontend
  /// Entity lists already read, while one composite use case (the report) runs several analyses,
  /// or while the data has not changed (`cachingWhileUnchanged`).
  var cache: EntityListCache?

  var author: Author { Author(name: user, frontend: frontend.rawValue) }

  /// Opens the database at `path`. With `create`, a missing file is created; otherwise a
  /// missing file is an error that says how to create one. `concurrentReads` opens a pool of
  /// reader connections beside the writer (for the server); otherwise one connection.
  /// A write waits for another process's write (a long import) up to `$EDUCLUSTER_WAIT`
  /// seconds (default 120) before it fails; `onBusyWait` is told once a wait has lasted a second.
  ///
  /// `intent` says whether an older schema may be upgraded now (see `Intent`); `onUpgrade` is
  /// told the schema before and after when it is.
  public init(
    path: String, create: Bool = false, frontend: Frontend, user: String? = nil, concurrentReads: Bool = false,
    onBusyWait: (@Sendable () -> Void)? = nil, intent: Intent = .write,
    onUpgrade: (@Sendable (_ from: String, _ to: String) -> Void)? = nil
  ) throws(AppError) {
    let wait = ProcessInfo.processInfo.environment["EDUCLUSTER_WAIT"].flatMap(Double.init).map { max(0, $0) } ?? 120
    store = try mapped {
      if PostgresURL.isURL(path) {
        return try PGStore(url: path, create: create, upgrade: intent.upgrade) as any RegistryStore
      }
      return try Store(
        path: path, create: create, concurrentReads: concurrentReads, busyTimeout: wait, onBusyWait: onBusyWait,
        upgrade: intent.upgrade, onUpgrade: onUpgrade)
    }
    self.frontend = frontend
    self.user = user ?? ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.userName
  }

  /// A new, empty cluster registry in memory (see `Store.inMemory`): for tests of small
  /// scenarios.
  public static func inMemory(frontend: Frontend = .test, user: String = "test") throws(AppError) -> EduCluster {
    EduCluster(store: try mapped { try Store.inMemory() }, frontend: frontend, user: user)
  }

  init(store: any RegistryStore, frontend: Frontend, user: String) {
    self.store = store
    self.frontend = frontend
    self.user = user
  }

  /// Where the database is when no path is given: `$EDUCLUSTER_DB`, else `./educluster.sqlite`.
  public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let p = environment["EDUCLUSTER_DB"], !p.isEmpty { return p }
    return "educluster.sqlite"
  }

  public var path: String { store.path }
}

/// Entity lists by type, for `EduCluster.readingOnce()` and `cachingWhileUnchanged()`. A cache
/// that tracks the data version forgets everything when the version moves.
final class EntityListCache: @unchecked Sendable {
  private let lock = NSLock()
  private var lists = [ObjectIdentifier: any Sendable]()
  private var values = [String: any Sendable]()
  /// Whether the lists hold only while the database's data version stays as it was.
  let tracksVersion: Bool
  private var version: Int?

  init(tracksVersion: Bool = false) { self.tracksVersion = tracksVersion }

  /// Forgets every list when `current` differs from the version they were read at (or cannot
  /// be told); afterwards the lists belong to `current`.
  /// Returns the version the lists now belong to: pass it to `put`.
  @discardableResult
  func validate(_ current: Int?) -> Int? {
    lock.lock()
    defer { lock.unlock() }
    if current == nil || current != version {
      lists.removeAll()
      values.removeAll()
    }
    version = current
    return current
  }

  /// Whether a list read while the lists belonged to `readAt` may be kept: not when another
  /// thread has seen the version move since (the list may be older than the data).
  private func keeps(_ readAt: Int?) -> Bool { !tracksVersion || (readAt != nil && readAt == version) }

  func get<E: Entity>() -> [E]? {
    lock.lock()
    defer { lock.unlock() }
    return lists[ObjectIdentifier(E.self)] as? [E]
  }

  func put<E: Entity>(_ list: [E], readAt: Int?) {
    lock.lock()
    defer { lock.unlock() }
    if keeps(readAt) { lists[ObjectIdentifier(E.self)] = list }
  }

  /// Other values read from the store (lists without their child lists, counts), by a name.
  func value<T: Sendable>(_ key: String) -> T? {
    lock.lock()
    defer { lock.unlock() }
    return values[key] as? T
  }

  func put<T: Sendable>(_ value: T, for key: String, readAt: Int?) {
    lock.lock()
    defer { lock.unlock() }
    if keeps(readAt) { values[key] = value }
  }
}

/// A value handed from one thread to another: background work sets it, the waiting side takes
/// it (once). `EduCluster.prefetch` and the TUI's background loading use it.
public final class Handoff<T: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: T?

  public init() {}

  public func set(_ value: T) {
    lock.lock()
    self.value = value
    lock.unlock()
  }

  /// The value if it has been set (and not taken yet).
  public func take() -> T? {
    lock.lock()
    defer { lock.unlock() }
    let taken = value
    value = nil
    return taken
  }
}
