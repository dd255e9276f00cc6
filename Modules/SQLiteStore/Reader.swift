import Domain
import GRDB
import GRDBSQLite
import RelationalSchema
import Storage

/// Generic reads driven by `TableMapping`: rows come back as `Record`s with references as codes.
enum Reader {
  static func record(_ row: Row, _ mapping: TableMapping) -> Record {
    var values = [FieldValue]()
    values.reserveCapacity(mapping.columns.count + 1)
    values.append(.text(row[1]))
    for (i, c) in mapping.columns.enumerated() {
      let dbValue: DatabaseValue = row[i + 2]
      values.append(FieldValue(dbValue, type: c.field.type))
    }
    return Record(mapping.kind, layout: mapping.layout, slots: values)
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
    try listWithIDs(db, kind, filters: filters, limit: limit, offset: offset, children: children, after: after).records
  }

  /// `list`, with each record's row id beside it.
  static func listWithIDs(
    _ db: Database, _ kind: EntityKind, filters: [ListFilter], limit: Int?, offset: Int,
    children: Bool = true, after: String? = nil
  ) throws -> (ids: [Int64], records: [Record]) {
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
    // Columns are read from the statement by index (as the point reader does): GRDB's row
    // values, decoded generically, cost more than the rest of a large read.
    let statement = try db.makeStatement(sql: sql)
    let cursor = try Row.fetchCursor(statement, arguments: args)
    let s = statement.sqliteStatement
    while try cursor.next() != nil {
      ids.append(sqlite3_column_int64(s, 0))
      var values = [FieldValue]()
      values.reserveCapacity(mapping.columns.count + 1)
      values.append(.text(PointReader.text(s, 1)))
      for (i, c) in mapping.columns.enumerated() { values.append(PointReader.value(s, Int32(i + 2), c.field.type)) }
      records.append(Record(mapping.kind, layout: mapping.layout, slots: values))
    }
    if children { try attachChildren(db, mapping, ids: ids, to: &records) }
    return (ids, records)
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
      // Rows are gathered per owner and each list set once: appending to a record's list in
      // place would hash the list's name and check the dictionary's uniqueness for every row.
      var lists = [[Record]](repeating: [], count: records.count)
      var start = 0
      while start < ids.count {
        let chunk = Array(ids[start..<min(ids.count, start + 500)])
        start += chunk.count
        let statement = try db.cachedStatement(sql: mapping.childSelectSQL(child, placeholders: chunk.count))
        let rows = try Row.fetchCursor(statement, arguments: StatementArguments(chunk))
        let s = statement.sqliteStatement
        while try rows.next() != nil {
          guard let at = index[sqlite3_column_int64(s, 0)] else { continue }
          var values = [FieldValue]()
          values.reserveCapacity(child.columns.count)
          for (j, c) in child.columns.enumerated() { values.append(PointReader.value(s, Int32(j + 1), c.field.type)) }
          lists[at].append(Record(mapping.kind, layout: child.layout, slots: values))
        }
      }
      for i in records.indices { records[i].children[child.child.name] = lists[i] }
    }
  }
}
