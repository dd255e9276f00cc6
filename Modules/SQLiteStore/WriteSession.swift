import Domain
import GRDB
import GRDBSQLite
import RelationalSchema
import Storage

/// Writes inside one transaction opened by `Store.session`: many upserts that commit together
/// or not at all. Only valid inside the session's closure.
public final class WriteSession: RegistryWriteSession {
  let db: Database
  let author: Author
  var cache = ReferenceCache()

  init(db: Database, author: Author) {
    self.db = db
    self.author = author
  }

  /// Inserts or updates a record by code. With `audit` false the caller writes one summary
  /// audit event instead (an import writes one per file).
  public func upsert(_ record: Domain.Record, audit: Bool = true) throws -> WriteOutcome {
    do {
      return try Writer.upsert(db, record, actor: author, cache: &cache, audit: audit)
    } catch { throw Store.map(error) }
  }

  /// Inserts the record if its code is new (true); writes nothing if the code exists (false).
  public func insertIfNew(_ record: Domain.Record, audit: Bool = true) throws -> Bool {
    do {
      return try Writer.insertIfNew(db, record, actor: author, cache: &cache, audit: audit)
    } catch { throw Store.map(error) }
  }

  /// Referenced tables larger than this are not held in memory for `insertPreparer`.
  static let preparedReferenceLimit = 500_000

  /// Builds rows off the writing thread with the referenced kinds' code → id maps read now
  /// (their codes do not change within the session; a code added later is not in the map, and
  /// its rows take the general path). Nil for a kind that refers to itself, is searchable
  /// (its search entry is written with it) or is the ledger, and when a referenced table is
  /// larger than `preparedReferenceLimit`.
  public func insertPreparer(for kind: EntityKind) throws -> InsertPreparer? {
    guard !kind.isSearchable, kind != .ledger else { return nil }
    let mapping = TableMapping.of(kind)
    var ids = [[String: Int64]](repeating: [:], count: EntityKind.allCases.count)
    do {
      for target in Set(mapping.columns.compactMap(\.target)) {
        guard target != kind, try count(target) <= Self.preparedReferenceLimit else { return nil }
        let rows = try Row.fetchCursor(db, sql: "SELECT code, id FROM \"\(target.rawValue)\"")
        while let row = try rows.next() { ids[target.ordinal][row[0]] = row[1] }
      }
    } catch { throw Store.map(error) }
    let known = ids
    return { record in
      mapping.insertValues(record, ids: known).map { PreparedInsert(kind: kind, values: $0) }
    }
  }

  public func insertIfNew(_ row: PreparedInsert) throws -> Bool {
    do { return try Writer.insertIfNew(db, row, cache: &cache) } catch { throw Store.map(error) }
  }

  /// Makes writes faster for a large session: a bigger page cache (in KiB).
  public func prepareForBulkWrite(cacheKibibytes kibibytes: Int) throws {
    do { try db.execute(sql: "PRAGMA cache_size = -\(max(2000, kibibytes))") } catch { throw Store.map(error) }
  }

  /// Drops the secondary (non-unique) indexes of a kind's table for a large import, returning
  /// what `restoreIndexes` needs to build them again — in one pass, which is much cheaper than
  /// keeping them up to date row by row. Both happen inside the session's transaction, so a
  /// failed or killed import leaves the indexes as they were.
  public func deferIndexes(_ kind: EntityKind) throws -> [String] {
    do {
      let rows = try Row.fetchAll(
        db,
        sql:
          "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
        arguments: [kind.rawValue])
      var statements = [String]()
      for row in rows {
        let name: String = row[0]
        let sql: String = row[1]
        try db.execute(sql: "DROP INDEX \"\(name)\"")
        statements.append(sql)
      }
      return statements
    } catch { throw Store.map(error) }
  }

  public func restoreIndexes(_ statements: [String]) throws {
    do { for sql in statements { try db.execute(sql: sql) } } catch { throw Store.map(error) }
  }

  /// Rows in a kind's table.
  public func count(_ kind: EntityKind) throws -> Int {
    do { return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(kind.rawValue)\"") ?? 0 } catch {
      throw Store.map(error)
    }
  }

  /// Codes of the records whose fields equal the given values (references by code).
  public func codes(_ kind: EntityKind, matching filters: [ListFilter]) throws -> [String] {
    do {
      return try Reader.list(db, kind, filters: filters, limit: 10, offset: 0, children: false).map { $0["code"].plain }
    } catch { throw Store.map(error) }
  }

  public func fetch(_ kind: EntityKind, code: String) throws -> Domain.Record? {
    do { return try Reader.fetch(db, kind, code: code) } catch { throw Store.map(error) }
  }

  public func exists(_ kind: EntityKind, code: String) throws -> Bool {
    do { return try cache.id(db, kind, code: code) != nil } catch { throw Store.map(error) }
  }

  public func audit(action: String, kind: String, code: String, detail: String?) throws {
    do { try Writer.audit(db, actor: author, action: action, kind: kind, code: code, detail: detail) } catch {
      throw Store.map(error)
    }
  }
}

extension Store {
  /// Runs `body` in one write transaction. It commits when `body` returns and `commit` is true,
  /// and rolls back otherwise (a dry run) or when `body` throws.
  public func session<T>(author: Author, commit: Bool, _ body: (any RegistryWriteSession) throws -> T) throws -> T {
    do {
      return try pool.writeWithoutTransaction { db in
        var result: T?
        // IMMEDIATE: the write lock is taken first, so what the session reads cannot be changed
        // by another process before it writes (a deferred read-then-write could fail instead).
        try db.inTransaction(.immediate) {
          result = try body(WriteSession(db: db, author: author))
          return commit ? .commit : .rollback
        }
        guard let result else { throw StoreError.database("the session produced no result") }
        return result
      }
    } catch {
      throw Store.map(error)
    }
  }

  /// Streams every record of a kind in code order (ledger: in chain order), in batches, with
  /// their child lists — for exports that must not hold a whole table in memory.
  public func scan(_ kind: EntityKind, batchSize: Int = 2000, _ body: ([Domain.Record]) throws -> Void) throws {
    var last: String?
    while true {
      let after = last
      let batch = try read { db in
        try Reader.list(db, kind, filters: [], limit: batchSize, offset: 0, after: after)
      }
      if batch.isEmpty { return }
      try body(batch)
      if batch.count < batchSize { return }
      last = batch.last?["code"].plain
    }
  }
}

extension Store {
  /// Every row of a kind without its child lists (a lean read for large tables).
  public func scalars(_ kind: EntityKind, filters: [ListFilter] = []) throws -> [Domain.Record] {
    try read { db in try Reader.list(db, kind, filters: filters, limit: nil, offset: 0, children: false) }
  }

  public func scalarsWithIDs(
    _ kind: EntityKind, filters: [ListFilter] = []
  ) throws -> [(id: Int64, record: Domain.Record)] {
    let (ids, records) = try read { db in
      try Reader.listWithIDs(db, kind, filters: filters, limit: nil, offset: 0, children: false)
    }
    return Array(zip(ids, records)).map { (id: $0, record: $1) }
  }

  /// Every row of one child list, as (owner code, the list's field values in schema order),
  /// owners in id order and rows in list order: millions of preference rows without building a
  /// record per owner.
  public func childRows(_ kind: EntityKind, list: String, _ body: (String, [FieldValue]) throws -> Void) throws {
    let mapping = TableMapping.of(kind)
    guard let child = mapping.children.first(where: { $0.child.name == list }) else {
      throw StoreError.badFilter(kind, "they have no list '\(list)'")
    }
    try read { db in
      // Owners' codes and small referenced kinds from code tables read once, rather than two
      // joins per row; columns read from the statement by index.
      // The owners' table is read at the first row: an empty list (no student has competencies
      // recorded) costs nothing.
      var owners: CodeTable?
      let codes = try Reader.codeTables(db, child.columns, rows: try Reader.maxID(db, mapping.table) * 4)
      let columns = Reader.columnReaders(child.columns, codes)
      let statement = try db.makeStatement(sql: mapping.allChildRowsSQL(child, referencesAsIDs: Set(codes.keys)))
      let cursor = try Row.fetchCursor(statement)
      let s = statement.sqliteStatement
      while try cursor.next() != nil {
        if owners == nil { owners = try CodeTable(db, kind, maxID: try Reader.maxID(db, mapping.table)) }
        guard let owner = owners?.code(sqlite3_column_int64(s, 0)) else { continue }
        var values = [FieldValue]()
        values.reserveCapacity(columns.count)
        for (j, column) in columns.enumerated() { values.append(column.value(s, Int32(j + 1))) }
        try body(owner, values)
      }
    }
  }
}
