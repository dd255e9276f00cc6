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
      // A whole table in pages of 50,000 past the last code, in the caller's one snapshot: a
      // million students held as one result, then decoded, doubled the memory of a read.
      var last = after
      while true {
        var page = mapping.selectSQL + whereSQL
        var pageArgs = args
        if let last, last != after || after == nil {
          page += (whereSQL.isEmpty ? " WHERE " : " AND ") + "t.code > ?"
          pageArgs.append(.text(last))
        }
        page += " ORDER BY t.code LIMIT 50000"
        let count = try Packed.rows(sql, page, pageArgs, columns: Packed.columns(mapping)) { row in
          ids.append(row[0].integerValue ?? 0)
          records.append(record(row, mapping))
          last = row[1].plain
        }
        if count < 50_000 { break }
      }
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
    for child in mapping.children {
      // Rows gathered per owner, each list set once (see the SQLite store's reader).
      var lists = [[Record]](repeating: [], count: records.count)
      func collect(_ row: [FieldValue]) {
        guard let owner = row[0].integerValue, let at = index[owner] else { return }
        var values = [FieldValue]()
        values.reserveCapacity(child.columns.count)
        for (j, c) in child.columns.enumerated() { values.append(row[j + 1].stored(as: c.field.type)) }
        lists[at].append(Record(mapping.kind, layout: child.layout, slots: values))
      }
      if everyOwner {
        try Packed.pages(
          sql, page: 100_000, statement: { mapping.allChildRowsSQL(child, after: $0, limit: $1) },
          columns: [.integer] + Packed.columns(child) + [.integer],
          key: { row in
            guard let owner = row[0].integerValue, let position = row[row.count - 1].integerValue else { return nil }
            return (owner, position)
          }, collect)
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
      for i in records.indices { records[i].children[child.child.name] = lists[i] }
    }
  }
}
