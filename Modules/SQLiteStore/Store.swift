import Domain
import Foundation
import GRDB
import Localization
import Storage

/// The registry on one SQLite file, through a GRDB `DatabasePool` (WAL, busy timeout), so the
/// CLI, the TUI and the server can use one file at once. Every public write is one transaction.
/// Nothing outside this module sees GRDB or SQL: the API speaks `Record`s and domain values.
public struct Store: RegistryStore {
  let pool: any DatabaseWriter
  public let path: String
  /// With `concurrentReads` (the server): raw read-only connections for reads of one record.
  let points: PointReader?
  /// Whether the file changed (nil in memory: nothing else can change it, nothing is cached).
  let watcher: VersionWatcher?

  /// Opens (and, with `create`, creates) the database and migrates it to the current schema.
  /// A database written by a newer version is refused.
  ///
  /// `concurrentReads` opens a `DatabasePool` (a writer and parallel readers: the server);
  /// otherwise one connection (`DatabaseQueue`: the CLI and the TUI). Both use the WAL journal,
  /// set once when the file is created, so processes share the file. A one-connection open
  /// writes nothing to the file: a command that fails leaves it byte-identical.
  ///
  /// While another process writes (a long import holds the write lock until it commits), a
  /// write waits up to `busyTimeout` seconds instead of failing; `onBusyWait` is called once
  /// when a wait has lasted about a second (the CLI says so on a terminal).
  ///
  /// An older schema is migrated on open only with `upgrade` `.onOpen` (init, writes, the
  /// server); `.refuse` (a command that only reads) refuses it, writing nothing; `.leave`
  /// opens it as it is (a backup). `onUpgrade` is told the schema before and after.
  public init(
    path: String, create: Bool = false, migrateUpTo: String? = nil, concurrentReads: Bool = false,
    busyTimeout: Double = 120, onBusyWait: (@Sendable () -> Void)? = nil, upgrade: SchemaUpgrade = .onOpen,
    onUpgrade: (@Sendable (_ from: String, _ to: String) -> Void)? = nil
  ) throws {
    self.path = path
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    let exists = attributes != nil
    // An empty file is no database yet: as if missing (with `create`, it becomes one).
    let empty = exists && ((attributes?[.size] as? NSNumber)?.int64Value ?? 0) == 0
    if !create && (!exists || empty) {
      throw StoreError.missingDatabase(path: path)
    }
    var config = Configuration()
    config.foreignKeysEnabled = true
    let limit = max(0, busyTimeout)
    config.busyMode = .callback { tries in
      // SQLite calls back while the lock is taken: retry every 25 ms up to the limit.
      if Double(tries) * 0.025 >= limit { return false }
      if tries == 40 { onBusyWait?() }
      usleep(25_000)
      return true
    }
    config.label = "educluster"
    config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
    do {
      // Before anything is written (WAL mode, migrations): is this file ours?
      if exists && !empty {
        var probe = Configuration()
        probe.readonly = true
        let identity = try DatabaseQueue(path: path, configuration: probe)
        try identity.read { db in try Store.checkIdentity(db, path: path, create: create) }
        if case .refuse = upgrade, migrateUpTo == nil {
          // A schema this build must not touch is refused here, read-only: opening a pool of
          // connections (below) is not guaranteed to leave the file's bytes as they were.
          let migrator = Migrations.migrator
          try identity.read { db in
            if try migrator.hasBeenSuperseded(db) {
              let applied = try migrator.appliedIdentifiers(db)
              throw StoreError.newerDatabase(
                path: path, unknownMigrations: applied.subtracting(Set(migrator.migrations)).sorted())
            }
            let applied = try migrator.appliedMigrations(db)
            if !applied.isEmpty, try !migrator.hasCompletedMigrations(db) {
              throw StoreError.outdatedDatabase(
                path: path, schema: applied.last ?? "none", current: migrator.migrations.last ?? "none")
            }
          }
        }
        try identity.close()
      }
      if concurrentReads {
        pool = try DatabasePool(path: path, configuration: config)
      } else {
        let queue = try DatabaseQueue(path: path, configuration: config)
        let mode = try queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        if mode != "wal" {
          try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
        }
        pool = queue
      }
      let migrator = Migrations.migrator
      let superseded = try pool.read { db in try migrator.hasBeenSuperseded(db) }
      if superseded {
        let known = Set(migrator.migrations)
        let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
        throw StoreError.newerDatabase(path: path, unknownMigrations: applied.subtracting(known).sorted())
      }
      if let target = migrateUpTo {
        try migrator.migrate(pool, upTo: target)
      } else {
        let done = try pool.read { db in try migrator.hasCompletedMigrations(db) }
        if !done {
          let applied = try pool.read { db in try migrator.appliedMigrations(db) }
          let from = applied.last ?? "none"
          let to = migrator.migrations.last ?? "none"
          switch upgrade {
          case .onOpen:
            try migrator.migrate(pool)
            // A new file is not an upgrade.
            if !applied.isEmpty { onUpgrade?(from, to) }
          case .refuse where !applied.isEmpty:
            throw StoreError.outdatedDatabase(path: path, schema: from, current: to)
          case .refuse:
            try migrator.migrate(pool)
          case .leave:
            break
          }
        }
      }
      points = concurrentReads ? try PointReader(path: path) : nil
      watcher = VersionWatcher(path: path)
    } catch let error as StoreError {
      throw error
    } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
      throw StoreError.notADatabase(path: path)
    } catch {
      throw Store.map(error)
    }
  }

  /// A new, empty registry in memory, migrated to the current schema, with the same foreign
  /// keys and triggers as a file: for tests of small scenarios, which then need no file and no
  /// cleanup. Each call is a separate database; it is gone when the last copy is released.
  public static func inMemory() throws -> Store {
    var config = Configuration()
    config.foreignKeysEnabled = true
    config.label = "educluster-memory"
    do {
      let queue = try DatabaseQueue(configuration: config)
      try Migrations.migrator.migrate(queue)
      return Store(pool: queue, path: ":memory:", points: nil)
    } catch {
      throw Store.map(error)
    }
  }

  private init(pool: any DatabaseWriter, path: String, points: PointReader?) {
    self.pool = pool
    self.path = path
    self.points = points
    watcher = nil
  }

  /// A number that changes whenever a write commits, from any connection or process; nil for
  /// an in-memory database.
  public func dataVersion() throws -> Int? { try watcher?.version() }

  /// Refuses a file that is not an EduCluster database: another application's id, or tables
  /// that are not ours. A database without tables is new (missing, unless `create`); one that
  /// has EduCluster's migrations but no id yet is an older EduCluster database (marked when it
  /// migrates).
  static func checkIdentity(_ db: Database, path: String, create: Bool) throws {
    let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
    if id == Migrations.applicationID { return }
    if id != 0 {
      throw StoreError.foreignDatabase(
        path: path, reason: "its SQLite application id is \(String(format: "0x%08X", UInt32(bitPattern: id)))")
    }
    let tables = try String.fetchAll(
      db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    if tables.isEmpty {
      if create { return }
      throw StoreError.missingDatabase(path: path)
    }
    if tables.contains("grdb_migrations") {
      let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
      if applied.contains(Migrations.v1) { return }
    }
    let shown = tables.prefix(3).joined(separator: ", ") + (tables.count > 3 ? ", …" : "")
    throw StoreError.foreignDatabase(path: path, reason: "it holds another application's tables (\(shown))")
  }

  /// The schema versions this build knows, oldest first.
  public static var migrations: [String] { Migrations.migrator.migrations }

  static func map(_ error: any Error) -> any Error {
    if error is StoreError || error is DomainError { return error }
    if let db = error as? DatabaseError {
      switch db.resultCode {
      case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreError.busy(db.message ?? "\(db)")
      case .SQLITE_CONSTRAINT:
        // A race another writer won (two appends of one code): a conflict, not an outage.
        return StoreError.badTransition(
          tr("the change conflicts with a record written meanwhile: \(db.message ?? "\(db)")"))
      case .SQLITE_NOTADB: return StoreError.database("the file is not a database")
      default: return StoreError.database(db.message ?? "\(db)")
      }
    }
    // Errors of the caller's own (thrown inside a session) pass through unchanged.
    return error
  }

  func read<T>(_ body: (Database) throws -> T) throws -> T {
    do { return try pool.read(body) } catch { throw Store.map(error) }
  }

  func write<T>(_ body: (Database) throws -> T) throws -> T {
    do { return try pool.write(body) } catch { throw Store.map(error) }
  }

  // MARK: Writing

  /// Inserts or updates one record by code, in one transaction, with an audit event.
  /// Child lists present in `record.children` replace the stored ones; absent ones stay.
  @discardableResult
  public func upsert(_ record: Domain.Record, actor: Author) throws -> WriteOutcome {
    try write { db in
      var cache = ReferenceCache()
      return try Writer.upsert(db, record, actor: actor, cache: &cache)
    }
  }

  /// Upserts many records in one transaction: all of them, or none on any error.
  /// `progress` is called with the number of records written so far.
  public func upsertAll(
    _ records: [Domain.Record], actor: Author, progress: (@Sendable (Int) -> Void)? = nil
  ) throws -> [EntityKind: [WriteOutcome: Int]] {
    try write { db in
      var cache = ReferenceCache()
      var counts = [EntityKind: [WriteOutcome: Int]]()
      for (i, record) in records.enumerated() {
        let outcome = try Writer.upsert(db, record, actor: actor, cache: &cache)
        counts[record.kind, default: [:]][outcome, default: 0] += 1
        if let progress, i % 1000 == 999 { progress(i + 1) }
      }
      return counts
    }
  }

  /// Removes one record (its child lists go with it); refused while others refer to it.
  public func remove(_ kind: EntityKind, code: String, actor: Author) throws {
    if kind == .ledger { throw StoreError.appendOnly }
    try write { db in try Writer.remove(db, kind, code: code, actor: actor) }
  }

  /// Appends entries to the ledger, sealing each onto the chain. Entries without a code get
  /// the next `LE-nnnnnn`.
  @discardableResult
  public func appendLedger(_ entries: [LedgerEntry], actor: Author) throws -> [LedgerEntry] {
    try write { db in
      var cache = ReferenceCache()
      return try Writer.appendLedger(db, entries, actor: actor, cache: &cache)
    }
  }

  /// Writes a whole data set in one transaction — optionally after clearing every registry
  /// row (the ledger included) — so a failure leaves the database as it was.
  public func load(
    _ records: [Domain.Record], ledger: [LedgerEntry], clearFirst: Bool, actor: Author
  ) throws -> [EntityKind: [WriteOutcome: Int]] {
    try write { db in
      if clearFirst { try Writer.clearAll(db, actor: actor) }
      var cache = ReferenceCache()
      var counts = [EntityKind: [WriteOutcome: Int]]()
      for record in records {
        let outcome = try Writer.upsert(db, record, actor: actor, cache: &cache)
        counts[record.kind, default: [:]][outcome, default: 0] += 1
      }
      let sealed = try Writer.appendLedger(db, ledger, actor: actor, cache: &cache)
      if !sealed.isEmpty { counts[.ledger, default: [:]][.inserted, default: 0] += sealed.count }
      return counts
    }
  }

  /// Number of rows over all registry tables.
  public func totalRows() throws -> Int {
    try read { db in
      try EntityKind.allCases.reduce(0) { sum, kind in
        sum + (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(kind.rawValue)\"") ?? 0)
      }
    }
  }

  // MARK: Reading

  public func fetch(_ kind: EntityKind, code: String) throws -> Domain.Record? {
    if let points {
      do { return try points.fetch(kind, code: code) } catch { throw Store.map(error) }
    }
    return try read { db in try Reader.fetch(db, kind, code: code) }
  }

  public func list(
    _ kind: EntityKind, filters: [ListFilter] = [], limit: Int? = nil, offset: Int = 0, after: String? = nil
  ) throws -> [Domain.Record] {
    try read { db in try Reader.list(db, kind, filters: filters, limit: limit, offset: offset, after: after) }
  }

  public func count(_ kind: EntityKind, filters: [ListFilter] = []) throws -> Int {
    try read { db in try Reader.count(db, kind, filters: filters) }
  }

  /// Typed listing: every entity of `E`'s kind that passes the filters.
  public func all<E: Entity>(_ type: E.Type, filters: [ListFilter] = []) throws -> [E] {
    try list(E.kind, filters: filters).map { try E(record: $0) }
  }

  public func ledger() throws -> [LedgerEntry] {
    try read { db in
      try Reader.list(db, .ledger, filters: [], limit: nil, offset: 0).map { try LedgerEntry(record: $0) }
    }
  }

  public func verifyLedger() throws -> LedgerChain.Verification {
    LedgerChain.verify(try ledger())
  }

  /// Full-text search over regions, organizations, specialties, competencies (names,
  /// alternative labels, descriptions), occupations and programs. Case, diacritics and Uzbek
  /// apostrophes are folded; each word matches as a prefix.
  public func search(_ text: String, kinds: Set<EntityKind>? = nil, limit: Int = 50) throws -> [SearchHit] {
    let tokens = TextFolding.tokens(text)
    if tokens.isEmpty { return [] }
    let query = tokens.map { "\"\($0)\"*" }.joined(separator: " ")
    return try read { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT d.kind, d.code, d.name FROM search_fts f JOIN search_doc d ON d.id = f.rowid
          WHERE search_fts MATCH ? ORDER BY bm25(search_fts), d.kind, d.code LIMIT ?
          """, arguments: [query, kinds == nil ? limit : limit * 20])
      return rows.compactMap { row -> SearchHit? in
        guard let kind = EntityKind(rawValue: row[0]) else { return nil }
        if let kinds, !kinds.contains(kind) { return nil }
        return SearchHit(kind: kind, code: row[1], name: row[2])
      }.prefix(limit).map { $0 }
    }
  }

  public func auditEvents(kind: EntityKind? = nil, code: String? = nil, limit: Int = 100) throws -> [AuditEvent] {
    try read { db in
      var conditions = [String]()
      var args = StatementArguments()
      if let kind {
        conditions.append("kind = ?")
        args += [kind.rawValue]
      }
      if let code {
        conditions.append("code = ?")
        args += [code]
      }
      let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
      args += [limit]
      return try Row.fetchAll(
        db,
        sql:
          "SELECT id, at, actor, frontend, action, kind, code, detail FROM audit_event \(whereSQL) ORDER BY id DESC LIMIT ?",
        arguments: args
      ).map {
        AuditEvent(
          id: $0[0], at: $0[1], actor: $0[2], frontend: $0[3], action: $0[4], kind: $0[5], code: $0[6],
          detail: $0[7])
      }
    }
  }

  // MARK: Maintenance

  /// A consistent copy of the database through SQLite's online backup.
  public func backup(to destination: String) throws {
    if FileManager.default.fileExists(atPath: destination) { throw StoreError.fileExists(path: destination) }
    do {
      let target = try DatabaseQueue(path: destination)
      try pool.backup(to: target)
      try target.close()
    } catch {
      try? FileManager.default.removeItem(atPath: destination)
      throw Store.map(error)
    }
  }

  /// Integrity, foreign keys and the ledger chain.
  public func check() throws -> CheckReport {
    let (integrity, fks) = try read { db -> ([String], [String]) in
      let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
      let fks = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { row -> String in
        let table: String = row[0]
        let rowid: Int64? = row[1]
        let parent: String = row[2]
        return "\(table) row \(rowid.map(String.init) ?? "?") refers to a missing \(parent)"
      }
      return (integrity, fks)
    }
    return CheckReport(
      integrity: integrity, foreignKeyViolations: fks, ledger: try verifyLedger(),
      ledgerGuards: try ledgerGuardProblems())
  }

  public func info() throws -> DatabaseInfo {
    let attrs = try? FileManager.default.attributesOfItem(atPath: path)
    let size = (attrs?[.size] as? NSNumber)?.int64Value ?? 0
    return try read { db in
      var counts = [String: Int]()
      for kind in EntityKind.allCases {
        counts[kind.rawValue] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(kind.rawValue)\"") ?? 0
      }
      return DatabaseInfo(
        path: path, sizeBytes: size,
        sqliteVersion: try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?",
        journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?",
        appliedMigrations: try Migrations.migrator.appliedMigrations(db),
        knownMigrations: Migrations.migrator.migrations, counts: counts,
        auditEvents: try db.tableExists("audit_event")
          ? (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event") ?? 0) : 0)
    }
  }
}
