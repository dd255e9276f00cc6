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
    var rows = RecordRows(kind: mapping.kind, layout: mapping.layout)
    // A read without a limit resolves the references to kinds no larger than the table itself
    // from a code table read once, rather than joining for each row's codes.
    let codes = limit == nil ? try codeTables(db, mapping.columns, rows: try maxID(db, mapping.table)) : [:]
    if !codes.isEmpty { sql = mapping.selectSQL(referencesAsIDs: Set(codes.keys)) + whereSQL + order }
    // Columns are read from the statement by index (as the point reader does): GRDB's row
    // values, decoded generically, cost more than the rest of a large read.
    let statement = try db.makeStatement(sql: sql)
    let cursor = try Row.fetchCursor(statement, arguments: args)
    let s = statement.sqliteStatement
    let columns = columnReaders(mapping.columns, codes)
    while try cursor.next() != nil {
      ids.append(sqlite3_column_int64(s, 0))
      rows.append(.text(PointReader.text(s, 1)))
      for (i, column) in columns.enumerated() { rows.append(column.value(s, Int32(i + 2))) }
      rows.endRow()
    }
    var records = rows.finish()
    if children {
      try attachChildren(
        db, mapping, ids: ids, to: &records, everyOwner: filters.isEmpty && limit == nil && after == nil)
    }
    return (ids, records)
  }

  static func count(_ db: Database, _ kind: EntityKind, filters: [ListFilter]) throws -> Int {
    let (whereSQL, args) = try conditions(db, kind, filters)
    return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(kind.rawValue)\" t" + whereSQL, arguments: args) ?? 0
  }

  /// Reads each child list of `records` (whose row ids are `ids`). `everyOwner`: the records
  /// are the whole table, so each list is read in one pass rather than by owners.
  static func attachChildren(
    _ db: Database, _ mapping: TableMapping, ids: [Int64], to records: inout [Record], everyOwner: Bool = false
  ) throws {
    guard !mapping.children.isEmpty, !ids.isEmpty else { return }
    var index = [Int64: Int]()
    index.reserveCapacity(ids.count)
    for (i, id) in ids.enumerated() { index[id] = i }
    // Every list's rows go into one table shared by the records (no record or array per row).
    var lists = ChildLists.Builder(kind: mapping.kind, owners: records.count)
    for child in mapping.children {
      lists.begin(child.child.name, layout: child.layout, rowsHint: everyOwner ? ids.count * 2 : 0)
      let codes = ids.count >= 1_000 ? try codeTables(db, child.columns, rows: Int64(ids.count) * 4) : [:]
      let asIDs = Set(codes.keys)
      let columns = columnReaders(child.columns, codes)
      func collect(_ statement: Statement, _ arguments: StatementArguments) throws {
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        let s = statement.sqliteStatement
        while try rows.next() != nil {
          guard let at = index[sqlite3_column_int64(s, 0)] else { continue }
          lists.row(owner: at)
          for (j, column) in columns.enumerated() { lists.append(column.value(s, Int32(j + 1))) }
        }
      }
      if everyOwner {
        try collect(try db.makeStatement(sql: mapping.allChildRowsSQL(child, referencesAsIDs: asIDs)), [])
      } else {
        var start = 0
        while start < ids.count {
          let chunk = Array(ids[start..<min(ids.count, start + 500)])
          start += chunk.count
          let sql = mapping.childSelectSQL(child, placeholders: chunk.count, referencesAsIDs: asIDs)
          try collect(try db.cachedStatement(sql: sql), StatementArguments(chunk))
        }
      }
    }
    let shared = lists.finish()
    for i in records.indices { records[i].share(shared, owner: i) }
  }

  /// The highest row id of a table (0 when empty): its size, near enough, without a count.
  static func maxID(_ db: Database, _ table: String) throws -> Int64 {
    try Int64.fetchOne(db, sql: "SELECT max(id) FROM \"\(table)\"") ?? 0
  }

  /// Code tables for the references among `columns` whose kind has at most `rows` rows (by
  /// the highest row id), keyed by column index: for them a large read looks codes up in an
  /// array rather than joining — a national need list with its four references reads in 0.03 s
  /// of SQLite's time instead of 0.14 s.
  static func codeTables(
    _ db: Database, _ columns: [RelationalSchema.ColumnMapping], rows: Int64
  ) throws -> [Int: CodeTable] {
    try CodeTable.tables(
      for: columns, rows: rows, maxID: { try maxID(db, $0.rawValue) },
      read: { try CodeTable(db, $0, maxID: $1) })
  }

  /// How each column of a read becomes a field value: as it is, or a row id looked up in a
  /// code table.
  static func columnReaders(_ columns: [RelationalSchema.ColumnMapping], _ codes: [Int: CodeTable]) -> [ColumnReader] {
    columns.enumerated().map { i, c in
      if let table = codes[i] { return .code(table) }
      return .plain(c.field.type)
    }
  }

  enum ColumnReader {
    case plain(FieldType)
    case code(CodeTable)

    @inline(__always)
    func value(_ s: OpaquePointer, _ i: Int32) -> FieldValue {
      switch self {
      case .plain(let type): return PointReader.value(s, i, type)
      case .code(let table):
        guard sqlite3_column_type(s, i) != SQLITE_NULL else { return .null }
        // A dangling id reads as nothing, as the join it replaces would.
        return table.code(sqlite3_column_int64(s, i)).map(FieldValue.text) ?? .null
      }
    }
  }
}

extension CodeTable {
  /// The codes of `kind`, read from `db`.
  convenience init(_ db: Database, _ kind: EntityKind, maxID: Int64) throws {
    self.init(maxID: maxID)
    let statement = try db.makeStatement(sql: "SELECT id, code FROM \"\(kind.rawValue)\"")
    let rows = try Row.fetchCursor(statement)
    let s = statement.sqliteStatement
    while try rows.next() != nil { set(sqlite3_column_int64(s, 0), PointReader.text(s, 1)) }
  }
}
