import Domain
import Foundation
import PostgresNIO
import RelationalSchema
import Storage

/// Generic reads driven by `TableMapping`, as the SQLite store's: rows come back as `Record`s
/// with references as codes.
enum PGReader {
  static func record(_ row: [FieldValue], _ mapping: TableMapping) -> Record {
    var values = [FieldValue]()
    values.reserveCapacity(mapping.columns.count + 1)
    values.append(row[1])
    for (i, c) in mapping.columns.enumerated() { values.append(row[i + 2].stored(as: c.field.type)) }
    return Record(mapping.kind, layout: mapping.layout, slots: values)
  }

  /// How a column's value read becomes a field value: as the field's type stores it, or a row
  /// id looked up in a code table.
  enum ColumnValue {
    case plain(FieldType)
    case code(CodeTable)

    static func of(_ columns: [ColumnMapping], _ codes: [Int: CodeTable]) -> [ColumnValue] {
      columns.enumerated().map { i, c in codes[i].map(ColumnValue.code) ?? .plain(c.field.type) }
    }

    @inline(__always)
    func value(_ read: FieldValue) -> FieldValue {
      switch self {
      case .plain(let type): return read.stored(as: type)
      case .code(let table):
        // A dangling id reads as nothing, as the join it replaces would.
        guard case .integer(let id) = read, let code = table.code(id) else { return .null }
        return .text(code)
      }
    }
  }

  /// The packed columns of a read whose references in `codes` come as row ids.
  static func packedColumns(_ columns: [ColumnMapping], _ codes: [Int: CodeTable]) -> [Packed.Column] {
    columns.enumerated().map { i, c in codes[i] == nil ? Packed.Column(c.field) : .integer }
  }

  /// The highest row id of a table (0 when empty): its size, near enough, without a count.
  static func maxID(_ sql: SQL, _ table: String) throws -> Int64 {
    try sql.int("SELECT max(id) FROM \"\(table)\"") ?? 0
  }

  /// Code tables for the references among `columns` to kinds of at most `rows` rows, read in
  /// the caller's snapshot (see `CodeTable`): on PostgreSQL the joins for the codes were two
  /// thirds of the server's time for a national need list.
  static func codeTables(_ sql: SQL, _ columns: [ColumnMapping], rows: Int64) throws -> [Int: CodeTable] {
    try CodeTable.tables(
      for: columns, rows: rows, maxID: { try maxID(sql, $0.rawValue) },
      read: { try codeTable(sql, $0, maxID: $1) })
  }

  /// The codes of `kind` by row id, in the caller's snapshot.
  static func codeTable(_ sql: SQL, _ kind: EntityKind, maxID: Int64) throws -> CodeTable {
    let table = CodeTable(maxID: maxID)
    try Packed.rows(sql, "SELECT id, code FROM \"\(kind.rawValue)\"", columns: [.integer, .text]) { row in
      guard row.count == 2, case .integer(let id) = row[0], case .text(let code) = row[1] else { return }
      table.set(id, code)
    }
    return table
  }

  /// One record with its lists: the row and every list asked for at once (one round trip).
  static func fetch(_ sql: SQL, _ kind: EntityKind, code: String) throws -> Record? {
    let mapping = TableMapping.of(kind)
    var statements = [(mapping.selectSQL + " WHERE t.code = ?", [FieldValue.text(code)])]
    for child in mapping.children {
      let select = mapping.childSelectSQL(child, placeholders: 1)
        .replacingOccurrences(
          of: "WHERE c.owner_id IN (?)", with: "WHERE c.owner_id = (SELECT id FROM \"\(mapping.table)\" WHERE code = ?)"
        )
      statements.append((select, [.text(code)]))
    }
    let results = try sql.runAll(statements)
    guard let row = try results[0].rows.first.map({ try $0.map(SQL.value) }) else { return nil }
    var record = record(row, mapping)
    for (child, result) in zip(mapping.children, results.dropFirst()) {
      record.children[child.child.name] = try result.rows.map { raw in
        let values = try raw.map(SQL.value)
        return Record(
          kind, layout: child.layout,
          slots: child.columns.enumerated().map { j, c in values[j + 1].stored(as: c.field.type) })
      }
    }
    return record
  }

  static func conditions(_ kind: EntityKind, _ filters: [ListFilter]) throws -> (String, [FieldValue]) {
    do { return try TableMapping.conditions(kind, filters) } catch let error as FilterError {
      throw StoreError.badFilter(kind, error.reason)
    }
  }

  static func list(
    _ sql: SQL, _ kind: EntityKind, filters: [ListFilter], limit: Int?, offset: Int, children: Bool = true,
    after: String? = nil
  ) throws -> [Record] {
    try listWithIDs(sql, kind, filters: filters, limit: limit, offset: offset, children: children, after: after).records
  }

  /// `list`, with each record's row id beside it.
  static func listWithIDs(
    _ sql: SQL, _ kind: EntityKind, filters: [ListFilter], limit: Int?, offset: Int, children: Bool = true,
    after: String? = nil
  ) throws -> (ids: [Int64], records: [Record]) {
    let mapping = TableMapping.of(kind)
    var (whereSQL, args) = try conditions(kind, filters)
    if let after {
      let clause = kind == .ledger ? "t.id > (SELECT id FROM ledger WHERE code = ?)" : "t.code > ?"
      whereSQL += (whereSQL.isEmpty ? " WHERE " : " AND ") + clause
      args.append(.text(after))
    }
    var text = mapping.selectSQL + whereSQL + (kind == .ledger ? " ORDER BY t.id" : " ORDER BY t.code")
    if let limit {
      text += " LIMIT ? OFFSET ?"
      args += [.integer(Int64(limit)), .integer(Int64(offset))]
    }
    var ids = [Int64]()
    var records = [Record]()
    if limit == nil && kind != .ledger && offset == 0 {
      var rows = RecordRows(kind: mapping.kind, layout: mapping.layout)
      // A whole table in pages of 50,000 past the last code, in the caller's one snapshot: a
      // million students held as one result, then decoded, doubled the memory of a read.
      // The references to kinds no larger than the table come as row ids, their codes from a
      // code table read once.
      let codes = try codeTables(sql, mapping.columns, rows: try maxID(sql, mapping.table))
      let values = ColumnValue.of(mapping.columns, codes)
      let columns: [Packed.Column] = [.integer, .text] + packedColumns(mapping.columns, codes)
      let select = mapping.selectSQL(referencesAsIDs: Set(codes.keys))
      try Packed.keyset(
        sql, pageSize: 50_000, columns: columns, keyColumns: [1],
        statement: { last in
          var page = select + whereSQL
          var pageArgs = args
          if let last {
            page += (whereSQL.isEmpty ? " WHERE " : " AND ") + "t.code > ?"
            pageArgs += last
          }
          return (page + " ORDER BY t.code LIMIT 50000", pageArgs)
        }
      ) { row in
        ids.append(row[0].integerValue ?? 0)
        rows.append(row[1])
        for (i, column) in values.enumerated() { rows.append(column.value(row[i + 2])) }
        rows.endRow()
      }
      records = rows.finish()
    } else {
      try Packed.rows(sql, text, args, columns: Packed.columns(mapping)) { row in
        ids.append(row[0].integerValue ?? 0)
        records.append(record(row, mapping))
      }
    }
    if children {
      try attachChildren(
        sql, mapping, ids: ids, to: &records, everyOwner: filters.isEmpty && limit == nil && after == nil && offset == 0
      )
    }
    return (ids, records)
  }

  static func count(_ sql: SQL, _ kind: EntityKind, filters: [ListFilter]) throws -> Int {
    let (whereSQL, args) = try conditions(kind, filters)
    return Int(try sql.int("SELECT COUNT(*) FROM \"\(kind.rawValue)\" t" + whereSQL, args) ?? 0)
  }

  /// Reads each child list of `records` (row ids `ids`). `everyOwner`: the records are the
  /// whole table, so each list is read in pages in (owner, position) order rather than by
  /// owners: a national need list is 300,000 rows, 300 queries of 1,000 owners each before.
  static func attachChildren(
    _ sql: SQL, _ mapping: TableMapping, ids: [Int64], to records: inout [Record], everyOwner: Bool = false
  ) throws {
    guard !mapping.children.isEmpty, !ids.isEmpty else { return }
    var index = [Int64: Int]()
    index.reserveCapacity(ids.count)
    for (i, id) in ids.enumerated() { index[id] = i }
    // Every list's rows in one table shared by the records (see the SQLite store's reader).
    var lists = ChildLists.Builder(kind: mapping.kind, owners: records.count)
    for child in mapping.children {
      lists.begin(child.child.name, layout: child.layout, rowsHint: everyOwner ? ids.count * 2 : 0)
      // A whole list takes its references to kinds no larger than itself as row ids.
      let codes = everyOwner ? try codeTables(sql, child.columns, rows: Int64(ids.count) * 4) : [:]
      let readers = ColumnValue.of(child.columns, codes)
      func collect(_ row: [FieldValue]) {
        guard let owner = row[0].integerValue, let at = index[owner] else { return }
        lists.row(owner: at)
        for (j, reader) in readers.enumerated() { lists.append(reader.value(row[j + 1])) }
      }
      if everyOwner {
        let asIDs = Set(codes.keys)
        try Packed.pages(
          sql, page: 100_000,
          statement: { mapping.allChildRowsSQL(child, after: $0, limit: $1, referencesAsIDs: asIDs) },
          columns: [.integer] + packedColumns(child.columns, codes) + [.integer],
          keyColumns: [0, child.columns.count + 1], collect)
      } else {
        var start = 0
        while start < ids.count {
          let chunk = Array(ids[start..<min(ids.count, start + 1000)])
          start += chunk.count
          try Packed.rows(
            sql, mapping.childSelectSQL(child, placeholders: chunk.count), chunk.map(FieldValue.integer),
            columns: [.integer] + Packed.columns(child)
          ) { collect($0) }
        }
      }
    }
    let shared = lists.finish()
    for i in records.indices { records[i].share(shared, owner: i) }
  }
}
