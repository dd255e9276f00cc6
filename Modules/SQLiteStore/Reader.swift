import Domain
import GRDB
import RelationalSchema
import Storage

/// Generic reads driven by `TableMapping`: rows come back as `Record`s with references as codes.
enum Reader {
  static func record(_ row: Row, _ mapping: TableMapping) -> Record {
    var r = Record(mapping.kind)
    r["code"] = .text(row[1])
    for (i, c) in mapping.columns.enumerated() {
      let dbValue: DatabaseValue = row[i + 2]
      r[c.field.name] = FieldValue(dbValue, type: c.field.type)
    }
    return r
  }

  static func fetch(_ db: Database, _ kind: EntityKind, code: String, id: Int64? = nil) throws -> Record? {
    let mapping = TableMapping.of(kind)
    guard
      let row = try Row.fetchOne(
        db.cachedStatement(sql: mapping.selectSQL + " WHERE t.code = ?"), arguments: [code])
    else { return nil }
    var records = [record(row, mapping)]
    let rowID: Int64 = row[0]
    try attachChildren(db, mapping, ids: [rowID], to: &records)
    return records.first
  }

  static func conditions(
    _ db: Database, _ kind: EntityKind, _ filters: [ListFilter]
  ) throws -> (String, StatementArguments) {
    do {
      let (clause, values) = try TableMapping.conditions(kind, filters)
      return (clause, StatementArguments(values.map(\.databaseValue)))
    } catch let error as FilterError {
      throw StoreError.badFilter(kind, error.reason)
    }
  }

  static func list(
    _ db: Database, _ kind: EntityKind, filters: [ListFilter], limit: Int?, offset: Int,
    children: Bool = true, after: String? = nil
  ) throws -> [Record] {
    let mapping = TableMapping.of(kind)
    var (whereSQL, args) = try conditions(db, kind, filters)
    if let after {
      // Keyset pagination: rows after the given code in listing order.
      let clause =
        kind == .ledger ? "t.id > (SELECT id FROM ledger WHERE code = ?)" : "t.code > ?"
      whereSQL += (whereSQL.isEmpty ? " WHERE " : " AND ") + clause
      args += [after]
    }
    let order = kind == .ledger ? " ORDER BY t.id" : " ORDER BY t.code"
    var sql = mapping.selectSQL + whereSQL + order
    if let limit {
      sql += " LIMIT ? OFFSET ?"
      args += [limit, offset]
    }
    var ids = [Int64]()
    var records = [Record]()
    let cursor = try Row.fetchCursor(db, sql: sql, arguments: args)
    while let row = try cursor.next() {
      ids.append(row[0])
      records.append(record(row, mapping))
    }
    if children { try attachChildren(db, mapping, ids: ids, to: &records) }
    return records
  }

  static func count(_ db: Database, _ kind: EntityKind, filters: [ListFilter]) throws -> Int {
    let (whereSQL, args) = try conditions(db, kind, filters)
    return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(kind.rawValue)\" t" + whereSQL, arguments: args) ?? 0
  }

  static func attachChildren(
    _ db: Database, _ mapping: TableMapping, ids: [Int64], to records: inout [Record]
  ) throws {
    guard !mapping.children.isEmpty, !ids.isEmpty else { return }
    var index = [Int64: Int]()
    for (i, id) in ids.enumerated() { index[id] = i }
    for child in mapping.children {
      for i in records.indices { records[i].children[child.child.name] = [] }
      var start = 0
      while start < ids.count {
        let chunk = Array(ids[start..<min(ids.count, start + 500)])
        start += chunk.count
        let rows = try Row.fetchCursor(
          db.cachedStatement(sql: mapping.childSelectSQL(child, placeholders: chunk.count)),
          arguments: StatementArguments(chunk))
        while let row = try rows.next() {
          let owner: Int64 = row[0]
          guard let at = index[owner] else { continue }
          var r = Record(mapping.kind)
          for (j, c) in child.columns.enumerated() {
            let dbValue: DatabaseValue = row[j + 1]
            r[c.field.name] = FieldValue(dbValue, type: c.field.type)
          }
          records[at].children[child.child.name, default: []].append(r)
        }
      }
    }
  }
}
