import Domain
import Foundation
import Localization
import PostgresNIO
import RelationalSchema
import Storage

/// The registry on a PostgreSQL database, for a national deployment: several `educluster-server`
/// processes (and the CLI and the TUI) on one database. Same semantics as the SQLite store:
///
/// - every write is one transaction, and writers take one lock first (a transaction-level
///   advisory lock, as SQLite's write lock), so what a write reads cannot change before it
///   commits: no lost updates, one record and one conflict for two adds of one code, derived
///   codes (`LE-000001`, `MR-0001`) unique across processes, and the ledger's chain intact;
/// - reads see one snapshot (`REPEATABLE READ`) and never wait for writers;
/// - the ledger is append-only in the database itself (triggers), as well as here.
public struct PGStore: RegistryStore {
  public let path: String
  let url: PostgresURL
  let pool: ConnectionPool

  /// The advisory lock every write transaction takes first, and the one `prepare` takes while
  /// it creates the schema ("EDCU" and "EDCS" in ASCII).
  static let writeLock: Int64 = 0x4544_4355
  static let schemaLock: Int64 = 0x4544_4353

  /// Connects to the database `urlText` names and checks (with `create`: creates) the schema.
  /// A database that is not EduCluster's, or was written by a newer version, is refused.
  public init(url urlText: String, create: Bool = false, upgrade: SchemaUpgrade = .onOpen) throws {
    url = try PostgresURL(urlText)
    path = url.display
    pool = ConnectionPool(url: url)
    let display = path
    try pool.with { connection in
      try PGStore.mapped {
        try PGSchema.prepare(SQL(connection: connection), display: display, create: create, upgrade: upgrade)
      }
    }
  }

  static func mapped<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch { throw map(error) }
  }

  static func map(_ error: any Error) -> any Error {
    if error is StoreError || error is DomainError { return error }
    guard error is PSQLError else { return error }
    let message = PostgresFailure.message(error)
    switch PostgresFailure.sqlState(error) {
    case "23505", "23503", "23514", "23502":
      return StoreError.badTransition(tr("the change conflicts with a record written meanwhile: \(message)"))
    case "P0001" where message.contains("append-only"): return StoreError.appendOnly
    case "40001", "40P01", "55P03": return StoreError.busy(message)
    case "42501":
      return StoreError.database(
        "the database role may not do this (\(message)): it may only read; writes need the role that owns the database")
    default: return StoreError.database(message)
    }
  }

  /// A read-only snapshot: every query inside sees the same committed data.
  ///
  /// BEGIN goes out with the first query and COMMIT is not waited for (PostgreSQL runs a
  /// connection's statements in order, so the next use of the connection comes after it): a
  /// read of one record costs one round trip.
  func read<T>(_ body: (SQL) throws -> T) throws -> T {
    try PGStore.mapped {
      try pool.with { connection in
        let sql = SQL(connection: connection)
        sql.send("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
          let result = try body(sql)
          try sql.drain()
          sql.send("COMMIT")
          return result
        } catch {
          _ = try? sql.execute("ROLLBACK")
          throw error
        }
      }
    }
  }

  /// One write transaction, after the write lock; commits when `body` returns and `commit`.
  @discardableResult
  func write<T>(commit: Bool = true, _ body: (SQL) throws -> T) throws -> T {
    try PGStore.mapped {
      try pool.with { connection in
        let sql = SQL(connection: connection)
        // BEGIN and the lock go out with the first statement that waits; so does the counter.
        sql.send("BEGIN")
        do {
          sql.send("SELECT pg_advisory_xact_lock(?)", [.integer(PGStore.writeLock)])
          let result = try body(sql)
          if commit {
            sql.send("UPDATE educluster_data_version SET n = n + 1")
            try sql.execute("COMMIT")
          } else {
            try sql.execute("ROLLBACK")
          }
          return result
        } catch {
          _ = try? sql.execute("ROLLBACK")
          throw error
        }
      }
    }
  }

  // MARK: Writes

  public func upsert(_ record: Domain.Record, actor: Author) throws -> WriteOutcome {
    try write { sql in
      var refs = PGReferences()
      return try PGWriter.upsert(sql, record, actor: actor, refs: &refs)
    }
  }

  public func upsertAll(
    _ records: [Domain.Record], actor: Author, progress: (@Sendable (Int) -> Void)?
  ) throws -> [EntityKind: [WriteOutcome: Int]] {
    try write { sql in
      var refs = PGReferences()
      var counts = [EntityKind: [WriteOutcome: Int]]()
      for (i, record) in records.enumerated() {
        let outcome = try PGWriter.upsert(sql, record, actor: actor, refs: &refs)
        counts[record.kind, default: [:]][outcome, default: 0] += 1
        if let progress, i % 1000 == 999 { progress(i + 1) }
      }
      return counts
    }
  }

  public func remove(_ kind: EntityKind, code: String, actor: Author) throws {
    if kind == .ledger { throw StoreError.appendOnly }
    try write { sql in try PGWriter.remove(sql, kind, code: code, actor: actor) }
  }

  public func appendLedger(_ entries: [LedgerEntry], actor: Author) throws -> [LedgerEntry] {
    try write { sql in
      var refs = PGReferences()
      return try PGWriter.appendLedger(sql, entries, actor: actor, refs: &refs)
    }
  }

  public func load(
    _ records: [Domain.Record], ledger: [LedgerEntry], clearFirst: Bool, actor: Author
  ) throws -> [EntityKind: [WriteOutcome: Int]] {
    try write { sql in
      if clearFirst { try PGWriter.clearAll(sql, actor: actor) }
      var refs = PGReferences()
      var counts = [EntityKind: [WriteOutcome: Int]]()
      for record in records {
        let outcome = try PGWriter.upsert(sql, record, actor: actor, refs: &refs)
        counts[record.kind, default: [:]][outcome, default: 0] += 1
      }
      let sealed = try PGWriter.appendLedger(sql, ledger, actor: actor, refs: &refs)
      if !sealed.isEmpty { counts[.ledger, default: [:]][.inserted, default: 0] += sealed.count }
      return counts
    }
  }

  public func session<T>(author: Author, commit: Bool, _ body: (any RegistryWriteSession) throws -> T) throws -> T {
    try write(commit: commit) { sql in
      let session = PGWriteSession(sql: sql, author: author)
      let result = try body(session)
      try session.finish()
      return result
    }
  }

  // MARK: Reads

  public func totalRows() throws -> Int {
    try read { sql in
      try EntityKind.allCases.reduce(0) { sum, kind in
        sum + Int(try sql.int("SELECT COUNT(*) FROM \"\(kind.rawValue)\"") ?? 0)
      }
    }
  }

  /// A change counter: every write transaction adds one before it commits, under the write
  /// lock, so it changes exactly when a write of any server or process commits (a dry run rolls
  /// its increment back) — and not for other databases on the same PostgreSQL server.
  public func dataVersion() throws -> Int? {
    try PGStore.mapped {
      try pool.with { connection in
        try SQL(connection: connection).int("SELECT n FROM educluster_data_version").map { Int($0) }
      }
    }
  }

  /// One record: a kind without lists is one statement, which sees one snapshot by itself — no
  /// transaction needed (the server's most frequent request costs one statement, not three).
  public func fetch(_ kind: EntityKind, code: String) throws -> Domain.Record? {
    if TableMapping.of(kind).children.isEmpty {
      return try PGStore.mapped {
        try pool.with { connection in try PGReader.fetch(SQL(connection: connection), kind, code: code) }
      }
    }
    return try read { sql in try PGReader.fetch(sql, kind, code: code) }
  }

  public func list(
    _ kind: EntityKind, filters: [ListFilter], limit: Int?, offset: Int, after: String?
  ) throws -> [Domain.Record] {
    try read { sql in try PGReader.list(sql, kind, filters: filters, limit: limit, offset: offset, after: after) }
  }

  public func count(_ kind: EntityKind, filters: [ListFilter]) throws -> Int {
    try read { sql in try PGReader.count(sql, kind, filters: filters) }
  }

  public func all<E: Entity>(_ type: E.Type, filters: [ListFilter]) throws -> [E] {
    try list(E.kind, filters: filters, limit: nil, offset: 0, after: nil).map { try E(record: $0) }
  }

  public func scan(_ kind: EntityKind, batchSize: Int, _ body: ([Domain.Record]) throws -> Void) throws {
    var last: String?
    while true {
      let after = last
      let batch = try read { sql in
        try PGReader.list(sql, kind, filters: [], limit: batchSize, offset: 0, after: after)
      }
      if batch.isEmpty { return }
      try body(batch)
      if batch.count < batchSize { return }
      last = batch.last?["code"].plain
    }
  }

  public func scalars(_ kind: EntityKind, filters: [ListFilter]) throws -> [Domain.Record] {
    try read { sql in try PGReader.list(sql, kind, filters: filters, limit: nil, offset: 0, children: false) }
  }

  public func scalarsWithIDs(_ kind: EntityKind, filters: [ListFilter]) throws -> [(id: Int64, record: Domain.Record)] {
    let (ids, records) = try read { sql in
      try PGReader.listWithIDs(sql, kind, filters: filters, limit: nil, offset: 0, children: false)
    }
    return Array(zip(ids, records)).map { (id: $0, record: $1) }
  }

  public func childRows(_ kind: EntityKind, list: String, _ body: (String, [FieldValue]) throws -> Void) throws {
    let mapping = TableMapping.of(kind)
    guard let child = mapping.children.first(where: { $0.child.name == list }) else {
      throw StoreError.badFilter(kind, "they have no list '\(list)'")
    }
    // In pages past the last (owner, position), in one snapshot, each page packed (`Packed`).
    let n = child.columns.count
    try read { sql in
      // An empty list (a national set's student competencies) costs no code table.
      guard try sql.int("SELECT count(*) FROM (SELECT 1 FROM \"\(child.table)\" LIMIT 1) q") != 0 else { return }
      let owners = try PGReader.maxID(sql, mapping.table)
      guard owners <= 200_000 else {
        // A million owners' codes cost more to read than to join for the rows there are.
        try Packed.pages(
          sql, page: 200_000, statement: { mapping.childRowsSQL(child, after: $0, limit: $1) },
          columns: [.text] + Packed.columns(child) + [.integer, .integer], keyColumns: [n + 1, n + 2]
        ) { row in
          guard row.count == n + 3 else { return }
          try body(row[0].plain, zip(row[1..<(n + 1)], child.columns).map { $0.stored(as: $1.field.type) })
        }
        return
      }
      // The owners' codes, and those of the kinds the rows refer to, from code tables read once
      // rather than joined for every row: a national list of placement requirements took the
      // server 0.19 s with the joins.
      let ownerCodes = try PGReader.codeTable(sql, kind, maxID: owners)
      let codes = try PGReader.codeTables(sql, child.columns, rows: owners * 4)
      let values = PGReader.ColumnValue.of(child.columns, codes)
      let asIDs = Set(codes.keys)
      try Packed.pages(
        sql, page: 200_000,
        statement: { mapping.allChildRowsSQL(child, after: $0, limit: $1, referencesAsIDs: asIDs) },
        columns: [.integer] + PGReader.packedColumns(child.columns, codes) + [.integer], keyColumns: [0, n + 1]
      ) { row in
        guard row.count == n + 2, case .integer(let id) = row[0], let owner = ownerCodes.code(id) else { return }
        try body(owner, (0..<n).map { values[$0].value(row[$0 + 1]) })
      }
    }
  }

  public func links(_ kind: EntityKind, list: String, _ body: (Int64, Int64) -> Void) throws {
    let mapping = TableMapping.of(kind)
    guard let child = mapping.children.first(where: { $0.child.name == list }), let first = child.columns.first,
      first.target != nil
    else {
      throw StoreError.badFilter(kind, "they have no list '\(list)' of references")
    }
    // In batches of 200,000 rows past the last (owner, position), all in one snapshot: a whole
    // list of millions of rows, held as one result and then decoded, took 800 MB.
    let text = """
      SELECT owner_id, "\(first.column)", position FROM "\(child.table)"
      WHERE (owner_id, position) > (?, ?) ORDER BY owner_id, position LIMIT 200000
      """
    try read { sql in
      if let target = first.target,
        try Packed.combinedPairs(
          sql, list: child.table, target: first.column, owners: mapping.table, targets: target.rawValue,
          pageSize: 200_000, body)
      {
        return
      }
      try Packed.keysetPairs(
        sql, pageSize: 200_000, columns: [.integer, .integer, .integer], keyColumns: [0, 2],
        statement: { (text, $0 ?? [.integer(Int64.min), .integer(Int64.min)]) }, body)
    }
  }

  public func studentsWithPreferencesByProgram() throws -> [String: Int] {
    try countsByProgram(
      """
      SELECT s.program_id, COUNT(*) FROM student s
      WHERE s.program_id IS NOT NULL AND EXISTS (SELECT 1 FROM student_preferences sp WHERE sp.owner_id = s.id)
      GROUP BY s.program_id
      """)
  }

  public func studentCountsByProgram() throws -> [String: Int] {
    try countsByProgram("SELECT program_id, COUNT(*) FROM student WHERE program_id IS NOT NULL GROUP BY program_id")
  }

  /// Counts by program id, keyed by the programs' codes from a code table: grouping a million
  /// students by the id alone reads an index (0.07 s), by the joined code the table (0.16 s).
  func countsByProgram(_ text: String) throws -> [String: Int] {
    try read { sql in
      let programs = try PGReader.codeTable(sql, .program, maxID: try PGReader.maxID(sql, "program"))
      var out = [String: Int]()
      for row in try sql.rows(text) {
        guard case .integer(let id) = row[0], let code = programs.code(id) else { continue }
        out[code] = Int(row[1].integerValue ?? 0)
      }
      return out
    }
  }

  public func studentNameKeys(_ body: (String, String, String?, Int?) -> Void) throws {
    // In batches of 100,000 by id, in one snapshot, decoded cell by cell: a million students held
    // as one result and then as rows of values took 10 s and 460 MB.
    // Regions as row ids, their codes from a code table: the join was a quarter of the time.
    let text = """
      SELECT s.id, s.code, s.name, s.region_id, s.cohort_year FROM student s
      WHERE s.id > ? ORDER BY s.id LIMIT 100000
      """
    try read { sql in
      let regions = try PGReader.codeTable(sql, .region, maxID: try PGReader.maxID(sql, "region"))
      try Packed.keyset(
        sql, pageSize: 100_000, columns: [.integer, .text, .text, .integer, .integer], keyColumns: [0],
        statement: { (text, $0 ?? [.integer(Int64.min)]) }
      ) { v in
        guard v.count == 5 else { return }
        let region = v[3].integerValue.flatMap { regions.code($0) }
        body(v[1].plain, v[2].plain, region, v[4].integerValue.map { Int($0) })
      }
    }
  }

  public func search(_ text: String, kinds: Set<EntityKind>?, limit: Int) throws -> [SearchHit] {
    try read { sql in try PGSearch.search(sql, text, kinds: kinds, limit: limit) }
  }

  public func auditEvents(kind: EntityKind?, code: String?, limit: Int) throws -> [AuditEvent] {
    var conditions = [String]()
    var args = [FieldValue]()
    if let kind {
      conditions.append("kind = ?")
      args.append(.text(kind.rawValue))
    }
    if let code {
      conditions.append("code = ?")
      args.append(.text(code))
    }
    let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    args.append(.integer(Int64(limit)))
    return try read { sql in
      try sql.rows(
        "SELECT id, at, actor, frontend, action, kind, code, detail FROM audit_event \(whereSQL) ORDER BY id DESC LIMIT ?",
        args
      ).map(PGStore.event)
    }
  }

  // MARK: The ledger

  public func ledger() throws -> [LedgerEntry] {
    try read { sql in
      try PGReader.list(sql, .ledger, filters: [], limit: nil, offset: 0).map { try LedgerEntry(record: $0) }
    }
  }

  public func verifyLedger() throws -> LedgerChain.Verification { LedgerChain.verify(try ledger()) }
}
