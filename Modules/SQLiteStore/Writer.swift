import Domain
import Foundation
import GRDB
import GRDBSQLite
import RelationalSchema
import Storage

/// Codes resolved to row ids within one transaction.
struct ReferenceCache {
  /// By kind (`ordinal`), code → row id: one hash of the code per reference written.
  var ids = [[String: Int64]](repeating: [:], count: EntityKind.allCases.count)
  /// Each kind's insert statement, prepared once for the session (found by kind, not by
  /// hashing its SQL for every row).
  var inserts = [Statement?](repeating: nil, count: EntityKind.allCases.count)
  /// Codes looked up and not found (until they are inserted).
  var missing = [Set<String>](repeating: [], count: EntityKind.allCases.count)

  mutating func id(_ db: Database, _ kind: EntityKind, code: String) throws -> Int64? {
    if let hit = ids[kind.ordinal][code] { return hit }
    if missing[kind.ordinal].contains(code) { return nil }
    let found = try Int64.fetchOne(
      db.cachedStatement(sql: "SELECT id FROM \"\(kind.rawValue)\" WHERE code = ?"), arguments: [code])
    if let found { ids[kind.ordinal][code] = found } else { missing[kind.ordinal].insert(code) }
    return found
  }

  /// The kind's insert-if-new statement, prepared on first use.
  mutating func insertIfNew(_ db: Database, _ mapping: TableMapping) throws -> Statement {
    if let prepared = inserts[mapping.kind.ordinal] { return prepared }
    let statement = try db.makeStatement(sql: mapping.insertIfNewSQL)
    inserts[mapping.kind.ordinal] = statement
    return statement
  }

  mutating func remember(_ kind: EntityKind, code: String, id: Int64) {
    ids[kind.ordinal][code] = id
    missing[kind.ordinal].remove(code)
  }
}

/// Generic writes driven by `TableMapping`. Helpers take `_ db: Database` so they compose
/// inside one transaction.
enum Writer {
  static func now() -> String {
    Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
  }

  static func audit(
    _ db: Database, actor: Author, action: String, kind: String, code: String, detail: String?
  ) throws {
    try db.cachedStatement(
      sql: "INSERT INTO audit_event (at, actor, frontend, action, kind, code, detail) VALUES (?, ?, ?, ?, ?, ?, ?)"
    ).execute(arguments: [
      now(), actor.name, actor.frontend, action, kind, code, detail,
    ])
  }

  /// Binds a record's columns, resolving references to row ids.
  static func arguments(
    _ db: Database, _ mapping: TableMapping, _ record: Record, cache: inout ReferenceCache
  ) throws -> [DatabaseValue] {
    if let slots = record.slots(in: mapping.layout) {
      // The record is in the columns' order (code first): bound by position.
      return try mapping.columns.enumerated().map { i, c in
        try value(db, c, slots[i + 1], owner: mapping.kind, cache: &cache)
      }
    }
    return try mapping.columns.map { c in
      try value(db, c, record[c.field.name], owner: mapping.kind, cache: &cache)
    }
  }

  static func value(
    _ db: Database, _ c: RelationalSchema.ColumnMapping, _ v: FieldValue, owner: EntityKind, cache: inout ReferenceCache
  ) throws -> DatabaseValue {
    guard let target = c.target else { return v.databaseValue }
    if v.isNull { return .null }
    let code = v.plain
    guard let id = try cache.id(db, target, code: code) else {
      throw StoreError.unknownReference(owner, field: c.field.name, code: code, target: target)
    }
    return id.databaseValue
  }

  static func upsert(
    _ db: Database, _ record: Record, actor: Author, cache: inout ReferenceCache, audit writeAudit: Bool = true
  ) throws -> WriteOutcome {
    if record.kind == .ledger {
      // An identical ledger entry (same code, same hash) is unchanged; anything else is refused.
      if let existing = try Reader.fetch(db, .ledger, code: record["code"].plain) {
        if existing == record { return .unchanged }
        throw StoreError.appendOnly
      }
      // A new entry is always sealed onto the chain here, whatever hash it came with.
      _ = try appendLedger(db, [try LedgerEntry(record: record)], actor: actor, cache: &cache, audit: writeAudit)
      return .inserted
    }
    let mapping = TableMapping.of(record.kind)
    let code = record["code"].plain
    guard let id = try cache.id(db, record.kind, code: code) else {
      return try insertOnly(db, record, actor: actor, cache: &cache, audit: writeAudit)
    }
    let existing = try Reader.fetch(db, record.kind, code: code, id: id)
    let changed = existing.map { mapping.changes(from: $0, to: record) }?.all ?? []
    if changed.isEmpty && existing != nil { return .unchanged }
    var args = try arguments(db, mapping, record, cache: &cache)
    args.append(id.databaseValue)
    try db.cachedStatement(sql: mapping.updateSQL).execute(arguments: StatementArguments(args))
    try writeChildren(db, mapping, record, id: id, replace: true, cache: &cache)
    try SearchIndex.update(db, record)
    if writeAudit {
      try audit(
        db, actor: actor, action: "update", kind: record.kind.rawValue, code: code,
        detail: "changed: " + changed.joined(separator: ", "))
    }
    return .updated
  }

  /// Inserts a record whose code is new and returns true; returns false, writing nothing,
  /// when the code exists. Saves the lookup an upsert makes first.
  static func insertIfNew(
    _ db: Database, _ record: Record, actor: Author, cache: inout ReferenceCache, audit writeAudit: Bool
  ) throws -> Bool {
    let mapping = TableMapping.of(record.kind)
    let code = record["code"].plain
    var args = [code.databaseValue]
    args += try arguments(db, mapping, record, cache: &cache)
    try Binder.execute(try cache.insertIfNew(db, mapping), args, in: db)
    if db.changesCount == 0 { return false }
    let id = db.lastInsertedRowID
    try writeChildren(db, mapping, record, id: id, replace: false, cache: &cache)
    try SearchIndex.update(db, record)
    if writeAudit {
      try audit(db, actor: actor, action: "create", kind: record.kind.rawValue, code: code, detail: nil)
    }
    return true
  }

  /// A row prepared off this thread (`WriteSession.insertPreparer`): no lists, no search entry,
  /// no audit event.
  static func insertIfNew(_ db: Database, _ row: PreparedInsert, cache: inout ReferenceCache) throws -> Bool {
    let statement = try cache.inserts[row.kind.ordinal] ?? cache.insertIfNew(db, TableMapping.of(row.kind))
    try Binder.execute(statement, row.values, in: db)
    // (SQLite's own count: GRDB's `changesCount` checks the calling queue first, every row.)
    return sqlite3_changes(db.sqliteConnection) > 0
  }

  static func insertOnly(
    _ db: Database, _ record: Record, actor: Author, cache: inout ReferenceCache, audit writeAudit: Bool = true
  ) throws -> WriteOutcome {
    let mapping = TableMapping.of(record.kind)
    let code = record["code"].plain
    var args = [code.databaseValue]
    args += try arguments(db, mapping, record, cache: &cache)
    try db.cachedStatement(sql: mapping.insertSQL).execute(arguments: StatementArguments(args))
    let id = db.lastInsertedRowID
    cache.remember(record.kind, code: code, id: id)
    try writeChildren(db, mapping, record, id: id, replace: false, cache: &cache)
    try SearchIndex.update(db, record)
    if writeAudit {
      try audit(db, actor: actor, action: "create", kind: record.kind.rawValue, code: code, detail: nil)
    }
    return .inserted
  }

  static func writeChildren(
    _ db: Database, _ mapping: TableMapping, _ record: Record, id: Int64, replace: Bool,
    cache: inout ReferenceCache
  ) throws {
    // A new row whose lists are all empty (most imported rows) has nothing to write.
    if !replace && record.children.values.allSatisfy({ $0.isEmpty }) { return }
    for child in mapping.children {
      guard let rows = record.children[child.child.name] else { continue }
      if replace {
        try db.cachedStatement(sql: "DELETE FROM \"\(child.table)\" WHERE owner_id = ?").execute(arguments: [id])
      }
      if rows.isEmpty { continue }
      let statement = try db.cachedStatement(sql: mapping.childInsertSQL(child))
      for (position, row) in rows.enumerated() {
        var args: [DatabaseValue] = [id.databaseValue, Int64(position).databaseValue]
        for c in child.columns {
          args.append(try value(db, c, row[c.field.name], owner: mapping.kind, cache: &cache))
        }
        try statement.execute(arguments: StatementArguments(args))
      }
    }
  }

  static func appendLedger(
    _ db: Database, _ entries: [LedgerEntry], actor: Author, cache: inout ReferenceCache, audit: Bool = true
  ) throws -> [LedgerEntry] {
    var sealed = [LedgerEntry]()
    var previous = try String.fetchOne(db, sql: "SELECT hash FROM ledger ORDER BY id DESC LIMIT 1")
    // The next free LE-nnnnnn: after the highest one used, whatever codes users typed.
    var next =
      (try Int.fetchOne(
        db,
        sql: "SELECT COALESCE(MAX(CAST(SUBSTR(code, 4) AS INTEGER)), 0) FROM ledger WHERE code GLOB 'LE-[0-9]*'")
        ?? 0) + 1
    for var entry in entries {
      if entry.code.isEmpty {
        entry.code = "LE-" + String(next).leftPadded(to: 6)
        while try cache.id(db, .ledger, code: entry.code) != nil {
          next += 1
          entry.code = "LE-" + String(next).leftPadded(to: 6)
        }
      }
      try entry.validate()
      let e = LedgerChain.seal(entry, previousHash: previous)
      _ = try insertOnly(db, e.record, actor: actor, cache: &cache, audit: audit)
      previous = e.hash
      next += 1
      sealed.append(e)
    }
    return sealed
  }

  static func clearAll(_ db: Database, actor: Author) throws {
    try db.execute(sql: "DROP TRIGGER ledger_no_delete")
    for mapping in TableMapping.all.values {
      for child in mapping.children { try db.execute(sql: "DELETE FROM \"\(child.table)\"") }
    }
    for kind in EntityKind.allCases.reversed() {
      try db.execute(sql: "DELETE FROM \"\(kind.rawValue)\"")
    }
    // The checkpoints were of the ledger just removed.
    try db.execute(sql: "DELETE FROM search_fts; DELETE FROM search_doc; DELETE FROM ledger_checkpoint;")
    try db.execute(sql: Migrations.ledgerGuards["ledger_no_delete"] ?? "")
    try audit(db, actor: actor, action: "clear", kind: "all", code: "*", detail: "all data removed")
  }

  static func remove(_ db: Database, _ kind: EntityKind, code: String, actor: Author) throws {
    var cache = ReferenceCache()
    guard let id = try cache.id(db, kind, code: code) else { throw StoreError.notFound(kind, code: code) }
    // Who still refers to this row? Ask every table and child table with a reference to `kind`.
    var users = [String]()
    for other in TableMapping.all.values.sorted(by: { $0.table < $1.table }) {
      for c in other.columns where c.target == kind {
        let n =
          try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM \"\(other.table)\" WHERE \"\(c.column)\" = ?", arguments: [id]) ?? 0
        if n > 0 { users.append("\(n) \(n == 1 ? other.kind.displayName : other.kind.plural) (\(c.field.name))") }
      }
      for child in other.children {
        for c in child.columns where c.target == kind {
          let n =
            try Int.fetchOne(
              db,
              sql: "SELECT COUNT(*) FROM \"\(child.table)\" WHERE \"\(c.column)\" = ? AND owner_id <> ?",
              arguments: [id, other.kind == kind ? id : -1]) ?? 0
          if n > 0 { users.append("\(n) \(other.kind.displayName) \(child.child.name)") }
        }
      }
    }
    if !users.isEmpty { throw StoreError.referenced(kind, code: code, by: users) }
    try db.execute(sql: "DELETE FROM \"\(kind.rawValue)\" WHERE id = ?", arguments: [id])
    try SearchIndex.remove(db, kind, code: code)
    try audit(db, actor: actor, action: "delete", kind: kind.rawValue, code: code, detail: nil)
  }
}

/// Keeps `search_doc` / `search_fts` in step with the searchable kinds. The indexed body is
/// folded text (`TextFolding`), so queries fold the same way.
enum SearchIndex {
  static func update(_ db: Database, _ record: Record) throws {
    guard record.kind.isSearchable else { return }
    let code = record["code"].plain
    let name = record.optText("name") ?? record.optText("title") ?? code
    try db.cachedStatement(
      sql:
        "INSERT INTO search_doc (kind, code, name) VALUES (?, ?, ?) ON CONFLICT(kind, code) DO UPDATE SET name = excluded.name"
    ).execute(arguments: [record.kind.rawValue, code, name])
    guard
      let id = try Int64.fetchOne(
        db.cachedStatement(sql: "SELECT id FROM search_doc WHERE kind = ? AND code = ?"),
        arguments: [record.kind.rawValue, code])
    else { return }
    try db.cachedStatement(sql: "DELETE FROM search_fts WHERE rowid = ?").execute(arguments: [id])
    try db.cachedStatement(sql: "INSERT INTO search_fts (rowid, body) VALUES (?, ?)")
      .execute(arguments: [id, SearchText.body(record)])
  }

  static func remove(_ db: Database, _ kind: EntityKind, code: String) throws {
    guard kind.schema.searchable,
      let id = try Int64.fetchOne(
        db, sql: "SELECT id FROM search_doc WHERE kind = ? AND code = ?", arguments: [kind.rawValue, code])
    else { return }
    try db.execute(sql: "DELETE FROM search_fts WHERE rowid = ?", arguments: [id])
    try db.execute(sql: "DELETE FROM search_doc WHERE id = ?", arguments: [id])
  }

  /// Indexes every searchable row (when the index is first created, and when its folding
  /// changed). `labels`: the label tables exist (from v10), and their names are indexed too.
  static func rebuild(_ db: Database, labels: Bool) throws {
    try db.execute(sql: "DELETE FROM search_fts; DELETE FROM search_doc;")
    for kind in EntityKind.allCases where kind.schema.searchable {
      for record in try Reader.list(db, kind, filters: [], limit: nil, offset: 0, children: labels) {
        try update(db, record)
      }
    }
  }
}

extension String {
  func leftPadded(to width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}
