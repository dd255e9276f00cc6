import Domain
import GRDB

/// Writes inside one transaction opened by `Store.session`: many upserts that commit together
/// or not at all. Only valid inside the session's closure.
public final class WriteSession {
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
  public func session<T>(author: Author, commit: Bool, _ body: (WriteSession) throws -> T) throws -> T {
    do {
      return try pool.writeWithoutTransaction { db in
        var result: T?
        try db.inTransaction {
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
