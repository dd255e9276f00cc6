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
  var spareIDs: [EntityKind: Range<Int64>] = [:]
  /// The size of each kind's last block of ids.
  var blockSizes: [EntityKind: Int] = [:]
  var buffered = 0
  static let flushAt = 2000

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
    // In place: a copy of the entry (its thousands of buffered rows) per record was most of
    // the import's CPU.
    pending[kind, default: Pending()].parents.append([.integer(id), .text(code)] + values)
    for (table, rows) in children {
      for (position, row) in rows.enumerated() {
        pending[kind, default: Pending()].children[table, default: []].append(
          [.integer(id), .integer(Int64(position))] + row)
      }
    }
    if kind.schema.searchable {
      let words = PGSearch.words(SearchText.body(record))
      pending[kind, default: Pending()].searchDocs.append([
        .text(kind.rawValue), .text(code), .text(SearchText.name(record)), .text(words.joined(separator: " ")),
        .integer(Int64(words.count)),
      ])
    }
    buffered += 1
    if buffered >= PGBulk.flushAt { try flush(sql) }
    return true
  }

  /// The next id for a new row of `kind`, from blocks taken from its identity sequence.
  ///
  /// Taking a block waits for every statement sent before it, so blocks grow (2,000 ids, then
  /// twice as many each time, up to 65,536): the client then prepares batch after batch while
  /// the server inserts the ones before, instead of the two taking turns. A block is reserved
  /// by moving the sequence once (`setval`), not by drawing each id: the session holds the
  /// write lock, so no other writer draws from the sequence meanwhile. Ids a session leaves
  /// unused are a gap, as a rolled-back insert leaves one.
  mutating func nextID(_ sql: SQL, _ kind: EntityKind) throws -> Int64 {
    if let spare = spareIDs[kind], let id = spare.first {
      spareIDs[kind] = spare.dropFirst()
      return id
    }
    let size = min(65_536, (blockSizes[kind] ?? PGBulk.flushAt / 2) * 2)
    blockSizes[kind] = size
    let sequence = "pg_get_serial_sequence('\"\(kind.rawValue)\"', 'id')"
    guard let last = try sql.int("SELECT setval(\(sequence), nextval(\(sequence)) + ? - 1)", [.integer(Int64(size))])
    else { throw StoreError.database("no ids from the \(kind.rawValue) sequence") }
    let first = last - Int64(size) + 1
    spareIDs[kind] = (first + 1)..<(last + 1)
    return first
  }

  /// Writes everything buffered, parents before their lists.
  mutating func flush(_ sql: SQL) throws {
    guard buffered > 0 else { return }
    for kind in EntityKind.allCases {
      guard let entry = pending[kind], entry.count > 0 else { continue }
      let mapping = TableMapping.of(kind)
      let columns = ["id", "code"] + mapping.columns.map(\.column)
      try insertRows(sql, table: mapping.table, columns: columns, rows: entry.parents)
      for child in mapping.children {
        guard let rows = entry.children[child.table], !rows.isEmpty else { continue }
        try insertRows(
          sql, table: child.table, columns: ["owner_id", "position"] + child.columns.map(\.column), rows: rows)
      }
      if !entry.searchDocs.isEmpty {
        try insertRows(
          sql, table: "search_doc", columns: ["kind", "code", "name", "body", "words"], rows: entry.searchDocs)
      }
    }
    pending.removeAll(keepingCapacity: true)
    buffered = 0
  }

  /// Each table's column types as PostgreSQL names them (`bigint`, `text`, …), read once.
  var columnTypes: [String: [String: String]] = [:]

  mutating func types(_ sql: SQL, table: String) throws -> [String: String] {
    if let known = columnTypes[table] { return known }
    var types = [String: String]()
    let rows = try sql.rows(
      """
      SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
      WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped
      """, [.text("\"\(table)\"")])
    for row in rows where row.count == 2 { types[row[0].plain] = row[1].plain }
    columnTypes[table] = types
    return types
  }

  /// `rows` inserted by one statement: each column sent as one array (a text in PostgreSQL's
  /// array syntax, cast to the column's type) and unnested on the server. A multi-row VALUES
  /// of 16,000 bound values cost the server more to parse and plan than to insert the rows.
  mutating func insertRows(_ sql: SQL, table: String, columns: [String], rows: [[FieldValue]]) throws {
    guard !rows.isEmpty else { return }
    let types = try types(sql, table: table)
    var arrays = [String](repeating: "{", count: columns.count)
    for c in columns.indices { arrays[c].reserveCapacity(rows.count * 12) }
    for (r, row) in rows.enumerated() {
      for c in columns.indices {
        if r > 0 { arrays[c].append(",") }
        PGBulk.appendElement(c < row.count ? row[c] : .null, to: &arrays[c])
      }
    }
    let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
    let casts = columns.map { "?::\(types[$0] ?? "text")[]" }.joined(separator: ", ")
    sql.send(
      "INSERT INTO \"\(table)\" (\(names)) SELECT * FROM unnest(\(casts))", arrays.map { .text($0 + "}") })
  }

  /// `value` as an element of an array literal: NULL, a number, or a quoted text with `"` and
  /// `\` escaped.
  static func appendElement(_ value: FieldValue, to array: inout String) {
    switch value {
    case .null: array.append("NULL")
    case .integer(let n): array.append(String(n))
    case .real(let x): array.append(x.isFinite ? "\(x)" : x.isNaN ? "NaN" : x < 0 ? "-Infinity" : "Infinity")
    case .bool(let b): array.append(b ? "1" : "0")
    case .text(let t):
      array.append("\"")
      if t.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0 }) {
        for ch in t.unicodeScalars {
          if ch == "\u{0}" { break }  // as `SQL.query` binds it: PostgreSQL's text holds no NUL
          if ch == "\"" || ch == "\\" { array.append("\\") }
          array.unicodeScalars.append(ch)
        }
      } else {
        array.append(t)
      }
      array.append("\"")
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
