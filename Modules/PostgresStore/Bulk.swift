import Domain
import RelationalSchema
import Storage

/// An import's new records, written many rows per statement instead of one round trip each.
///
/// Inside a write session, under the write lock, nobody else writes: so whether a code is new
/// is known from the kind's codes read once (and the ones added since), a new row's id can be
/// taken from the table's identity sequence ahead of time (a block at a time), and references
/// resolve against complete code → id maps. A record is checked and its references resolved
/// when it is handed in — an unknown reference fails on its own row, as one at a time — and
/// its row, list rows and search text wait in a buffer written by multi-row INSERTs when it is
/// full and before anything else the session does (a read sees every write before it).
struct PGBulk {
  struct Pending {
    var parents: [[FieldValue]] = []
    var children: [String: [[FieldValue]]] = [:]
    var searchDocs: [[FieldValue]] = []
    var count: Int { parents.count }
  }

  var pending: [EntityKind: Pending] = [:]
  /// Ids taken from each kind's sequence and not used yet.
  var spareIDs: [EntityKind: ArraySlice<Int64>] = [:]
  var buffered = 0
  static let flushAt = 2000
  /// PostgreSQL binds at most 65,535 values per statement.
  static let maxBinds = 60_000

  /// Buffers `record` (a complete, valid one) as a new row; false, buffering nothing, when its
  /// code is taken.
  mutating func insert(_ sql: SQL, _ record: Record, refs: inout PGReferences) throws -> Bool {
    let kind = record.kind
    let mapping = TableMapping.of(kind)
    let code = record["code"].plain
    try refs.loadAll(sql, kind)
    if refs.ids[kind]?[code] != nil { return false }
    for c in mapping.columns { if let target = c.target { try refs.loadAll(sql, target) } }
    for child in mapping.children {
      for c in child.columns { if let target = c.target { try refs.loadAll(sql, target) } }
    }
    let values = try PGWriter.arguments(sql, mapping, record, refs: &refs)
    var children = [String: [[FieldValue]]]()
    for child in mapping.children {
      guard let rows = record.children[child.child.name], !rows.isEmpty else { continue }
      children[child.table] = try rows.map { row in
        try child.columns.map { c in try PGWriter.value(sql, c, row[c.field.name], owner: kind, refs: &refs) }
      }
    }
    let id = try nextID(sql, kind)
    refs.remember(kind, code: code, id: id)
    var entry = pending[kind] ?? Pending()
    entry.parents.append([.integer(id), .text(code)] + values)
    for (table, rows) in children {
      for (position, row) in rows.enumerated() {
        entry.children[table, default: []].append([.integer(id), .integer(Int64(position))] + row)
      }
    }
    if kind.schema.searchable {
      let words = PGSearch.words(SearchText.body(record))
      entry.searchDocs.append([
        .text(kind.rawValue), .text(code), .text(SearchText.name(record)), .text(words.joined(separator: " ")),
        .integer(Int64(words.count)),
      ])
    }
    pending[kind] = entry
    buffered += 1
    if buffered >= PGBulk.flushAt { try flush(sql) }
    return true
  }

  mutating func nextID(_ sql: SQL, _ kind: EntityKind) throws -> Int64 {
    if let spare = spareIDs[kind], let id = spare.first {
      spareIDs[kind] = spare.dropFirst()
      return id
    }
    let block = try sql.rows(
      "SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)",
      [.text("\"\(kind.rawValue)\""), .integer(Int64(PGBulk.flushAt))]
    ).compactMap { $0.first?.integerValue }
    guard let first = block.first else { throw StoreError.database("no ids from the \(kind.rawValue) sequence") }
    spareIDs[kind] = block.dropFirst()
    return first
  }

  /// Writes everything buffered, parents before their lists.
  mutating func flush(_ sql: SQL) throws {
    guard buffered > 0 else { return }
    for kind in EntityKind.allCases {
      guard let entry = pending[kind], entry.count > 0 else { continue }
      let mapping = TableMapping.of(kind)
      let columns = ["id", "code"] + mapping.columns.map(\.column)
      try PGBulk.insertRows(sql, table: mapping.table, columns: columns, rows: entry.parents)
      for child in mapping.children {
        guard let rows = entry.children[child.table], !rows.isEmpty else { continue }
        try PGBulk.insertRows(
          sql, table: child.table, columns: ["owner_id", "position"] + child.columns.map(\.column), rows: rows)
      }
      if !entry.searchDocs.isEmpty {
        try PGBulk.insertRows(
          sql, table: "search_doc", columns: ["kind", "code", "name", "body", "words"], rows: entry.searchDocs)
      }
    }
    pending.removeAll(keepingCapacity: true)
    buffered = 0
  }

  /// Multi-row INSERTs of `rows`, as many per statement as the bind limit allows.
  static func insertRows(_ sql: SQL, table: String, columns: [String], rows: [[FieldValue]]) throws {
    let perStatement = max(1, maxBinds / columns.count)
    let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
    let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    var start = 0
    while start < rows.count {
      let end = min(rows.count, start + perStatement)
      var args = [FieldValue]()
      args.reserveCapacity((end - start) * columns.count)
      for row in rows[start..<end] { args += row }
      sql.send(
        "INSERT INTO \"\(table)\" (\(names)) VALUES "
          + Array(repeating: tuple, count: end - start).joined(separator: ", "), args)
      start = end
    }
  }
}

extension PGReferences {
  /// Reads every code → id of `kind` once; afterwards a code not in the map does not exist
  /// (the session holds the write lock, and remembers what it adds).
  mutating func loadAll(_ sql: SQL, _ kind: EntityKind) throws {
    guard !complete.contains(kind) else { return }
    var map = ids[kind] ?? [:]
    try Packed.rows(sql, "SELECT code, id FROM \"\(kind.rawValue)\"", columns: [.text, .integer]) { row in
      if let id = row[1].integerValue { map[row[0].plain] = id }
    }
    ids[kind] = map
    complete.insert(kind)
  }
}
