import Domain
import Foundation
import Localization
import RelationalSchema
import Storage

/// Codes resolved to row ids within one transaction.
struct PGReferences {
  var ids: [EntityKind: [String: Int64]] = [:]
  /// Kinds whose every code is in `ids` (a bulk write read them once).
  var complete: Set<EntityKind> = []

  mutating func id(_ sql: SQL, _ kind: EntityKind, code: String) throws -> Int64? {
    if let hit = ids[kind]?[code] { return hit }
    if complete.contains(kind) { return nil }
    let found = try sql.int("SELECT id FROM \"\(kind.rawValue)\" WHERE code = ?", [.text(code)])
    if let found { ids[kind, default: [:]][code] = found }
    return found
  }

  mutating func remember(_ kind: EntityKind, code: String, id: Int64) {
    ids[kind, default: [:]][code] = id
  }
}

/// Generic writes driven by `TableMapping`, with the SQLite store's semantics: upserts by code
/// with child lists replaced, references checked, the ledger sealed onto its chain, an audit
/// event for each change.
enum PGWriter {
  static func now() -> String {
    Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
  }

  /// Sent, not waited for (see `SQL.send`): the next statement that waits reports its error.
  static func audit(_ sql: SQL, actor: Author, action: String, kind: String, code: String, detail: String?) throws {
    sql.send(
      "INSERT INTO audit_event (at, actor, frontend, action, kind, code, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
      [
        .text(now()), .text(actor.name), .text(actor.frontend), .text(action), .text(kind), .text(code),
        detail.map(FieldValue.text) ?? .null,
      ])
  }

  static func value(
    _ sql: SQL, _ c: ColumnMapping, _ v: FieldValue, owner: EntityKind, refs: inout PGReferences
  ) throws -> FieldValue {
    guard let target = c.target else { return v }
    if v.isNull { return .null }
    let code = v.plain
    guard let id = try refs.id(sql, target, code: code) else {
      throw StoreError.unknownReference(owner, field: c.field.name, code: code, target: target)
    }
    return .integer(id)
  }

  static func arguments(
    _ sql: SQL, _ mapping: TableMapping, _ record: Record, refs: inout PGReferences
  ) throws -> [FieldValue] {
    try mapping.columns.map { c in try value(sql, c, record[c.field.name], owner: mapping.kind, refs: &refs) }
  }

  /// `known`: the stored record, when the caller has just read it in this transaction.
  static func upsert(
    _ sql: SQL, _ record: Record, actor: Author, refs: inout PGReferences, audit writeAudit: Bool = true,
    known: Record? = nil
  ) throws -> WriteOutcome {
    if record.kind == .ledger {
      if let existing = try PGReader.fetch(sql, .ledger, code: record["code"].plain) {
        if existing == record { return .unchanged }
        throw StoreError.appendOnly
      }
      _ = try appendLedger(sql, [try LedgerEntry(record: record)], actor: actor, refs: &refs, audit: writeAudit)
      return .inserted
    }
    let mapping = TableMapping.of(record.kind)
    let code = record["code"].plain
    guard let id = try refs.id(sql, record.kind, code: code) else {
      return try insert(sql, record, actor: actor, refs: &refs, audit: writeAudit) ? .inserted : .unchanged
    }
    let existing = try known ?? PGReader.fetch(sql, record.kind, code: code)
    let changes = existing.map { mapping.changes(from: $0, to: record) }
    let changed = changes?.all ?? []
    let changedLists = Set(changes?.lists ?? [])
    if changed.isEmpty && existing != nil { return .unchanged }
    // Only what changed is written: the row when a field did, and the lists that did.
    if existing == nil || changed.count > changedLists.count {
      var args = try arguments(sql, mapping, record, refs: &refs)
      args.append(.integer(id))
      sql.send(mapping.updateSQL, args)
      try updateSearch(sql, record)
    } else if changedLists.contains("labels") {
      try updateSearch(sql, record)  // the labels are searched too
    }
    var lists = record
    if existing != nil { lists.children = record.children.filter { changedLists.contains($0.key) } }
    try writeChildren(sql, mapping, lists, id: id, replace: true, refs: &refs)
    if writeAudit {
      try audit(
        sql, actor: actor, action: "update", kind: record.kind.rawValue, code: code,
        detail: "changed: " + changed.joined(separator: ", "))
    }
    return .updated
  }

  /// Inserts a record whose code is new and returns true; false, writing nothing, when the code
  /// is taken (by this transaction's view or by a writer that committed first).
  static func insert(
    _ sql: SQL, _ record: Record, actor: Author, refs: inout PGReferences, audit writeAudit: Bool
  ) throws -> Bool {
    let mapping = TableMapping.of(record.kind)
    let code = record["code"].plain
    let args = [FieldValue.text(code)] + (try arguments(sql, mapping, record, refs: &refs))
    guard let id = try sql.int(mapping.insertIfNewSQL + " RETURNING id", args) else { return false }
    refs.remember(record.kind, code: code, id: id)
    try writeChildren(sql, mapping, record, id: id, replace: false, refs: &refs)
    try updateSearch(sql, record)
    if writeAudit {
      try audit(sql, actor: actor, action: "create", kind: record.kind.rawValue, code: code, detail: nil)
    }
    return true
  }

  static func writeChildren(
    _ sql: SQL, _ mapping: TableMapping, _ record: Record, id: Int64, replace: Bool, refs: inout PGReferences
  ) throws {
    for child in mapping.children {
      guard let rows = record.children[child.child.name] else { continue }
      if replace { sql.send("DELETE FROM \"\(child.table)\" WHERE owner_id = ?", [.integer(id)]) }
      if rows.isEmpty { continue }
      // One statement for the whole list: VALUES (…), (…), … in batches under the bind limit.
      let width = child.columns.count + 2
      let perStatement = max(1, 30_000 / width)
      let names = (["owner_id", "position"] + child.columns.map(\.column)).map { "\"\($0)\"" }
      var start = 0
      while start < rows.count {
        let end = min(rows.count, start + perStatement)
        var args = [FieldValue]()
        args.reserveCapacity((end - start) * width)
        for position in start..<end {
          args += [.integer(id), .integer(Int64(position))]
          for c in child.columns {
            args.append(try value(sql, c, rows[position][c.field.name], owner: mapping.kind, refs: &refs))
          }
        }
        let tuple = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        sql.send(
          "INSERT INTO \"\(child.table)\" (\(names.joined(separator: ", "))) VALUES "
            + Array(repeating: tuple, count: end - start).joined(separator: ", "), args)
        start = end
      }
    }
  }

  static func appendLedger(
    _ sql: SQL, _ entries: [LedgerEntry], actor: Author, refs: inout PGReferences, audit: Bool = true
  ) throws -> [LedgerEntry] {
    var sealed = [LedgerEntry]()
    var previous = try sql.text("SELECT hash FROM ledger ORDER BY id DESC LIMIT 1")
    // The next free LE-nnnnnn: after the highest one used, whatever codes users typed.
    var next =
      (try sql.int(
        "SELECT COALESCE(MAX(CAST(substring(code FROM '^LE-([0-9]{1,18})') AS BIGINT)), 0) FROM ledger WHERE code ~ '^LE-[0-9]'"
      ) ?? 0) + 1
    for var entry in entries {
      if entry.code.isEmpty {
        entry.code = "LE-" + String(next).leftPadded(to: 6)
        while try refs.id(sql, .ledger, code: entry.code) != nil {
          next += 1
          entry.code = "LE-" + String(next).leftPadded(to: 6)
        }
      }
      try entry.validate()
      let e = LedgerChain.seal(entry, previousHash: previous)
      guard try insert(sql, e.record, actor: actor, refs: &refs, audit: audit) else {
        throw StoreError.badTransition(tr("the ledger already has an entry \(e.code): entries are never replaced"))
      }
      previous = e.hash
      next += 1
      sealed.append(e)
    }
    return sealed
  }

  static func clearAll(_ sql: SQL, actor: Author) throws {
    try sql.execute("ALTER TABLE ledger DISABLE TRIGGER ledger_no_delete")
    for mapping in TableMapping.all.values {
      for child in mapping.children { try sql.execute("DELETE FROM \"\(child.table)\"") }
    }
    for kind in EntityKind.allCases.reversed() { try sql.execute("DELETE FROM \"\(kind.rawValue)\"") }
    try sql.execute("DELETE FROM search_doc")
    try sql.execute("DELETE FROM ledger_checkpoint")
    try sql.execute("ALTER TABLE ledger ENABLE TRIGGER ledger_no_delete")
    try audit(sql, actor: actor, action: "clear", kind: "all", code: "*", detail: "all data removed")
  }

  static func remove(_ sql: SQL, _ kind: EntityKind, code: String, actor: Author) throws {
    var refs = PGReferences()
    guard let id = try refs.id(sql, kind, code: code) else { throw StoreError.notFound(kind, code: code) }
    var users = [String]()
    for other in TableMapping.all.values.sorted(by: { $0.table < $1.table }) {
      for c in other.columns where c.target == kind {
        let n = try sql.int("SELECT COUNT(*) FROM \"\(other.table)\" WHERE \"\(c.column)\" = ?", [.integer(id)]) ?? 0
        if n > 0 { users.append("\(n) \(n == 1 ? other.kind.displayName : other.kind.plural) (\(c.field.name))") }
      }
      for child in other.children {
        for c in child.columns where c.target == kind {
          let n =
            try sql.int(
              "SELECT COUNT(*) FROM \"\(child.table)\" WHERE \"\(c.column)\" = ? AND owner_id <> ?",
              [.integer(id), .integer(other.kind == kind ? id : -1)]) ?? 0
          if n > 0 { users.append("\(n) \(other.kind.displayName) \(child.child.name)") }
        }
      }
    }
    if !users.isEmpty { throw StoreError.referenced(kind, code: code, by: users) }
    try sql.execute("DELETE FROM \"\(kind.rawValue)\" WHERE id = ?", [.integer(id)])
    try sql.execute("DELETE FROM search_doc WHERE kind = ? AND code = ?", [.text(kind.rawValue), .text(code)])
    try audit(sql, actor: actor, action: "delete", kind: kind.rawValue, code: code, detail: nil)
  }

  /// Indexes every searchable record again (when the folding changed).
  static func rebuildSearch(_ sql: SQL) throws {
    try sql.execute("DELETE FROM search_doc")
    for kind in EntityKind.allCases where kind.schema.searchable {
      for record in try PGReader.list(sql, kind, filters: [], limit: nil, offset: 0) { try updateSearch(sql, record) }
    }
  }

  static func updateSearch(_ sql: SQL, _ record: Record) throws {
    guard record.kind.schema.searchable else { return }
    let words = PGSearch.words(SearchText.body(record))
    sql.send(
      """
      INSERT INTO search_doc (kind, code, name, body, words) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (kind, code) DO UPDATE SET name = excluded.name, body = excluded.body, words = excluded.words
      """,
      [
        .text(record.kind.rawValue), .text(record["code"].plain), .text(SearchText.name(record)),
        .text(words.joined(separator: " ")), .integer(Int64(words.count)),
      ])
  }
}

extension String {
  func leftPadded(to width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}
