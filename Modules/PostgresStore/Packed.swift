import Domain
import Foundation
import NIOCore
import PostgresNIO
import RelationalSchema
import Storage

/// Many rows read as a few values: `SELECT a, b FROM … ORDER BY … LIMIT n` sent as
/// `SELECT array_agg(c0), array_agg(c1) FROM (SELECT a::int8 AS c0, b::text AS c1 FROM … ORDER BY
/// … LIMIT n) q`, one array per column in PostgreSQL's binary array form, taken apart here.
///
/// Why: postgres-nio handles every row of a result as a message of its own on its event loop
/// and then as a `PostgresRow` of cells; for the 300,000 requirements of a national gap that
/// per-row work was 2.9 s of client CPU against the server's 0.4 s to produce them. A page as a
/// few arrays is one message, read here in a loop over bytes. Until 2026-12-01 a page was one
/// text (`array_to_string(ARRAY(SELECT concat(…)))`, each value written out and its length
/// before it); the arrays cost the server a quarter to a third less (a page of 50,000 needs
/// 176–192 → 133–145 ms, of 100,000 requirements 203–226 → 136–160 ms, `COPY … (FORMAT
/// binary)` in turn) and numbers come as eight bytes instead of digits. An array of records
/// costs the server three times as much to send (`record_send` per row, measured in `psql`).
/// The aggregate takes the rows in the order the sub-select gives them (its ORDER BY), as
/// PostgreSQL does for an aggregate over an ordered sub-select without grouping, so pages and
/// lists come in the order they did.
enum Packed {
  /// How a column's values are sent and read back.
  enum Column: Sendable {
    /// `BIGINT` (`int8`): `.integer`.
    case integer
    /// `DOUBLE PRECISION` (`float8`): `.real`.
    case real
    /// `TEXT`: `.text`.
    case text

    /// The column that holds `field` (a reference read as its code).
    init(_ field: Field) {
      switch field.type {
      case .integer, .bool: self = .integer
      case .real: self = .real
      case .text, .date, .choice, .reference, .lines: self = .text
      }
    }

    /// The type the column is cast to, so that its array's elements have one known form.
    var sqlType: String {
      switch self {
      case .integer: return "int8"
      case .real: return "float8"
      case .text: return "text"
      }
    }

    /// The element type's OID in the array's header.
    var elementOID: Int32 {
      switch self {
      case .integer: return 20
      case .real: return 701
      case .text: return 25
      }
    }
  }

  /// The columns `mapping`'s reads select: the row id, the code, then each column.
  static func columns(_ mapping: TableMapping) -> [Column] {
    [.integer, .text] + mapping.columns.map { Column($0.field) }
  }

  /// `child`'s columns, each reference as its code.
  static func columns(_ child: ChildMapping) -> [Column] {
    child.columns.map { Column($0.field) }
  }

  /// `select` (one `SELECT a, b FROM rest` statement whose column list holds no ` FROM ` and
  /// no comma inside a column, as every statement the mappings build) as the statement that
  /// returns its rows as one array per column; nil when the column list does not have
  /// `columns.count` items.
  static func statement(_ select: String, _ columns: [Column]) -> String? {
    guard select.hasPrefix("SELECT "), let from = select.range(of: " FROM ") else { return nil }
    let list = select[select.index(select.startIndex, offsetBy: 7)..<from.lowerBound].split(separator: ",")
    guard list.count == columns.count else { return nil }
    let inner = zip(list, columns).enumerated().map { i, pair in
      "\(pair.0.drop { $0 == " " || $0 == "\n" })::\(pair.1.sqlType) AS c\(i)"
    }
    let outer = columns.indices.map { "array_agg(c\($0))" }
    return
      "SELECT \(outer.joined(separator: ", ")) FROM (SELECT \(inner.joined(separator: ", ")) FROM \(select[from.upperBound...])) q"
  }

  /// Runs `select` packed and calls `body` with each row's values, in order (the array passed
  /// is reused from row to row: copy what is kept). The number of rows.
  @discardableResult
  static func rows(
    _ sql: SQL, _ select: String, _ args: [FieldValue] = [], columns: [Column], _ body: ([FieldValue]) throws -> Void
  ) throws -> Int {
    guard let text = statement(select, columns) else {
      // Not a statement this can pack: row by row, as before.
      let rows = try sql.rows(select, args)
      for row in rows { try body(row) }
      return rows.count
    }
    let result = try sql.run(text, args)
    guard let row = result.rows.first else { return 0 }
    return try decode(row.map(\.bytes), columns, body)
  }

  /// A whole list in pages of `page` rows, each packed, every page past the last
  /// (owner, position) the one before ended on — all in the caller's snapshot.
  /// `statement(true, page)` is a page's SELECT with that keyset condition (two arguments),
  /// `statement(false, page)` the first page's; `keyColumns` are where a row holds its owner
  /// and position.
  static func pages(
    _ sql: SQL, page: Int, statement: (_ after: Bool, _ limit: Int) -> String, columns: [Column],
    keyColumns: [Int], _ body: ([FieldValue]) throws -> Void
  ) throws {
    try keyset(
      sql, pageSize: page, columns: columns, keyColumns: keyColumns,
      statement: { key in (statement(key != nil, page), key ?? []) }, body)
  }

  /// A keyset read: pages of `pageSize` rows, each packed, each past the last key of the one
  /// before (the values at `keyColumns` of its last row), all in the caller's snapshot.
  /// `statement(nil)` is the first page's SELECT and arguments, `statement(key)` a later one's.
  ///
  /// The next page is asked for as soon as a page arrives — its last key read from the arrays
  /// without decoding them — so the server reads and packs it while this side decodes the one
  /// it has, instead of each side waiting for the other (a page is a quarter of a second of
  /// server time for a national preference list).
  static func keyset(
    _ sql: SQL, pageSize: Int, columns: [Column], keyColumns: [Int],
    statement: ([FieldValue]?) -> (String, [FieldValue]), _ body: ([FieldValue]) throws -> Void
  ) throws {
    let first = statement(nil)
    guard Packed.statement(first.0, columns) != nil else {
      // Not a statement this can pack: row by row, as before.
      var page = first
      while true {
        let rows = try sql.rows(page.0, page.1)
        for row in rows { try body(row) }
        guard rows.count == pageSize, let last = rows.last, keyColumns.allSatisfy({ $0 < last.count }) else { return }
        page = statement(keyColumns.map { last[$0] })
      }
    }
    try keysetPages(
      sql, pageSize: pageSize, columns: columns, keyColumns: keyColumns, statement: statement,
      decode: { _ = try decode($0, columns, body) })
  }

  /// A keyset read of integer columns whose first two are a pair — a list's (owner, target)
  /// ids — handed over as two integers a row, without a field value for each (matching reads
  /// 8 million such rows: boxing each value, and an array of them a row, was most of the
  /// client's time). Rows with a null in the pair are left out.
  ///
  /// (Pages by owner-id ranges instead, without the position column, were tried: the server
  /// saved nothing measurable in a whole run, and rankings are skewed — the first 250 of 5,000
  /// placements hold 881,000 of the 4 million rows — so a range cannot bound a page's size.)
  static func keysetPairs(
    _ sql: SQL, pageSize: Int, columns: [Column], keyColumns: [Int],
    statement: ([FieldValue]?) -> (String, [FieldValue]), _ body: (Int64, Int64) -> Void
  ) throws {
    guard columns.count >= 2, columns.allSatisfy({ $0 == .integer }),
      Packed.statement(statement(nil).0, columns) != nil
    else {
      try keyset(sql, pageSize: pageSize, columns: columns, keyColumns: keyColumns, statement: statement) { row in
        guard row.count >= 2, let a = row[0].integerValue, let b = row[1].integerValue else { return }
        body(a, b)
      }
      return
    }
    try keysetPages(
      sql, pageSize: pageSize, columns: columns, keyColumns: keyColumns, statement: statement,
      decode: { try decodePairs($0, body) })
  }

  /// A list's (owner, target) ids in owner and position order, each row one `int8` — the
  /// owner's id shifted 32 bits left, or'ed with the target's — packed into one array a page:
  /// a third of the server's work and bytes of the three arrays (owner, target, position) of
  /// `keysetPairs`, and matching reads 8 million such rows. A page is `pageSize` rows from the
  /// last owner on, past the rows of it already read (`OFFSET` within that owner, in the list's
  /// primary key order), so no position is sent. False, reading nothing, where an id does not
  /// fit (owners from 2³¹ or targets from 2³² − 1 on, or below 0): the caller reads by
  /// `keysetPairs`.
  /// Rows with a null target are left out.
  static func combinedPairs(
    _ sql: SQL, list table: String, target: String, owners: String, targets: String, pageSize: Int,
    _ body: (Int64, Int64) -> Void
  ) throws -> Bool {
    let bounds = try sql.rows(
      "SELECT (SELECT min(id) FROM \"\(owners)\"), (SELECT max(id) FROM \"\(owners)\"), "
        + "(SELECT min(id) FROM \"\(targets)\"), (SELECT max(id) FROM \"\(targets)\")")
    guard let row = bounds.first, row.count == 4 else { return false }
    let ids = row.map { $0.integerValue }
    // An empty owner or target table: no rows to read.
    guard let lowOwner = ids[0], let highOwner = ids[1], let lowTarget = ids[2], let highTarget = ids[3] else {
      return true
    }
    // A null target reads as 2³² − 1, which no target id reaches.
    let none: Int64 = 0xFFFF_FFFF
    guard lowOwner >= 0, highOwner < 1 << 31, lowTarget >= 0, highTarget < none else { return false }
    let text = """
      SELECT array_agg(c0) FROM (SELECT (owner_id << 32) | coalesce("\(target)", \(none)) AS c0 FROM "\(table)"
      WHERE owner_id >= ? ORDER BY owner_id, position OFFSET ? LIMIT \(pageSize)) q
      """
    func send(_ owner: Int64, _ skip: Int) -> EventLoopFuture<PostgresQueryResult> {
      sql.connection.query(sql.query(text, [.integer(owner), .integer(Int64(skip))]), logger: ConnectionPool.logger)
    }
    try sql.drain()
    var key = (owner: lowOwner, skip: 0)
    var pending = send(key.owner, key.skip)
    var values = [Int64]()
    while true {
      let arrays = try pending.wait().rows.first.map { $0.map(\.bytes) } ?? [nil]
      values.removeAll(keepingCapacity: true)
      if let first = arrays.first, let array = first {
        try array.withUnsafeReadableBytes { raw in
          var reader = try ArrayReader(raw, 0..<raw.count, .integer)
          values.reserveCapacity(reader.count)
          for _ in 0..<reader.count {
            guard let value = try reader.nextInteger() else { throw ArrayReader.malformed("a null list row") }
            values.append(value)
          }
        }
      }
      var next: EventLoopFuture<PostgresQueryResult>?
      if values.count == pageSize, let last = values.last {
        // The next page: from the last owner read, past the rows of it read so far (those at
        // this page's end, and before them the earlier pages' when the page is all that owner).
        let owner = last >> 32
        var tail = 0
        for value in values.reversed() where value >> 32 == owner { tail += 1 }
        key = (owner, tail == values.count && owner == key.owner ? key.skip + tail : tail)
        next = send(key.owner, key.skip)
      }
      for value in values where value & none != none { body(value >> 32, value & none) }
      guard let next else { return true }
      pending = next
    }
  }

  /// The pages of a keyset read of a packed statement, each handed to `decode` as its arrays.
  private static func keysetPages(
    _ sql: SQL, pageSize: Int, columns: [Column], keyColumns: [Int],
    statement: ([FieldValue]?) -> (String, [FieldValue]), decode: ([ByteBuffer?]) throws -> Void
  ) throws {
    let first = statement(nil)
    func send(_ page: (String, [FieldValue])) throws -> EventLoopFuture<PostgresQueryResult> {
      guard let text = Packed.statement(page.0, columns) else {
        throw ArrayReader.malformed("a page whose statement cannot be packed")
      }
      return sql.connection.query(sql.query(text, page.1), logger: ConnectionPool.logger)
    }
    try sql.drain()
    var pending = try send(first)
    while true {
      let result = try pending.wait()
      guard let row = result.rows.first else { return }
      let arrays = row.map(\.bytes)
      let (count, key) = try lastKey(arrays, columns, keyColumns)
      let next = count == pageSize ? try key.map { try send(statement($0)) } : nil
      do {
        try decode(arrays)
      } catch {
        // The connection still owes the next page: the next statement run waits for it.
        if let next { sql.pipeline.sent.append(next) }
        throw error
      }
      guard let next else { return }
      pending = next
    }
  }

  /// How many rows a page of arrays holds, and the values of its last row at `keyColumns`
  /// (nil for no rows), read without decoding the rest.
  static func lastKey(
    _ arrays: [ByteBuffer?], _ columns: [Column], _ keyColumns: [Int]
  ) throws -> (count: Int, key: [FieldValue]?) {
    guard arrays.count == columns.count else {
      throw ArrayReader.malformed("\(arrays.count) columns for \(columns.count)")
    }
    var count = 0
    var key = [FieldValue]()
    for k in keyColumns {
      guard k < arrays.count, let array = arrays[k] else { return (0, nil) }
      let last = try array.withUnsafeReadableBytes { raw -> FieldValue? in
        var reader = try ArrayReader(raw, 0..<raw.count, columns[k])
        count = reader.count
        return try reader.last()
      }
      guard let last else { return (0, nil) }
      key.append(last)
    }
    return (count, key)
  }

  /// The rows of one array per column (nil: SQL null, what `array_agg` gives for no rows).
  static func decode(
    _ arrays: [ByteBuffer?], _ columns: [Column], _ body: ([FieldValue]) throws -> Void
  ) throws -> Int {
    guard arrays.count == columns.count else {
      throw ArrayReader.malformed("\(arrays.count) columns for \(columns.count)")
    }
    if arrays.allSatisfy({ $0 == nil }) { return 0 }
    // The arrays side by side in one buffer, each read by a cursor of its own.
    var bytes = [UInt8]()
    bytes.reserveCapacity(arrays.reduce(0) { $0 + ($1?.readableBytes ?? 0) })
    var bounds = [Range<Int>]()
    for array in arrays {
      guard let array else { throw ArrayReader.malformed("a column without its array") }
      let start = bytes.count
      bytes.append(contentsOf: array.readableBytesView)
      bounds.append(start..<bytes.count)
    }
    return try bytes.withUnsafeBytes { raw -> Int in
      var readers = try zip(bounds, columns).map { try ArrayReader(raw, $0, $1) }
      let count = readers[0].count
      guard readers.allSatisfy({ $0.count == count }) else { throw ArrayReader.malformed("columns of unequal length") }
      var values = [FieldValue]()
      values.reserveCapacity(columns.count)
      for _ in 0..<count {
        values.removeAll(keepingCapacity: true)
        for j in readers.indices { values.append(try readers[j].next()) }
        try body(values)
      }
      return count
    }
  }
}

extension Packed {
  /// The first two arrays of a page of integer columns, element by element, as pairs.
  static func decodePairs(_ arrays: [ByteBuffer?], _ body: (Int64, Int64) -> Void) throws {
    guard arrays.count >= 2 else { throw ArrayReader.malformed("\(arrays.count) columns for a pair") }
    if arrays.allSatisfy({ $0 == nil }) { return }
    guard let first = arrays[0], let second = arrays[1] else {
      throw ArrayReader.malformed("a column without its array")
    }
    try first.withUnsafeReadableBytes { a in
      try second.withUnsafeReadableBytes { b in
        var owners = try ArrayReader(a, 0..<a.count, .integer)
        var targets = try ArrayReader(b, 0..<b.count, .integer)
        guard owners.count == targets.count else { throw ArrayReader.malformed("columns of unequal length") }
        for _ in 0..<owners.count {
          let (owner, target) = (try owners.nextInteger(), try targets.nextInteger())
          if let owner, let target { body(owner, target) }
        }
      }
    }
  }
}

/// Reads the elements of one array in PostgreSQL's binary form (`array_send`: dimensions, flags,
/// element type, each dimension's length and lower bound, then each element as its length in
/// four bytes, -1 for null, and its bytes), bounds-checked: anything unexpected is an error that
/// names it, never a crash.
struct ArrayReader {
  let raw: UnsafeRawBufferPointer
  let column: Packed.Column
  var at: Int
  let end: Int
  /// How many elements the array holds.
  private(set) var count = 0

  static func malformed(_ what: String) -> StoreError {
    StoreError.database("PostgreSQL sent \(what) where rows were expected")
  }

  init(_ raw: UnsafeRawBufferPointer, _ bounds: Range<Int>, _ column: Packed.Column) throws {
    self.raw = raw
    self.column = column
    at = bounds.lowerBound
    end = bounds.upperBound
    let dimensions = try int32()
    _ = try int32()  // flags: whether there are nulls
    let oid = try int32()
    guard dimensions == 0 || dimensions == 1 else {
      throw ArrayReader.malformed("an array of \(dimensions) dimensions")
    }
    guard oid == column.elementOID else { throw ArrayReader.malformed("elements of type \(oid) for \(column)") }
    if dimensions == 1 {
      let length = try int32()
      _ = try int32()  // lower bound
      guard length >= 0 else { throw ArrayReader.malformed("an array of negative length") }
      count = Int(length)
    }
  }

  mutating func int32() throws -> Int32 {
    guard end - at >= 4 else { throw ArrayReader.malformed("an array cut short") }
    let value = raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)
    at += 4
    return Int32(bitPattern: UInt32(bigEndian: value))
  }

  /// The last element (nil for an empty array), the others skipped unread.
  mutating func last() throws -> FieldValue? {
    guard count > 0 else { return nil }
    for _ in 0..<(count - 1) {
      let length = try int32()
      guard length >= -1, end - at >= Int(max(0, length)) else { throw ArrayReader.malformed("an element cut short") }
      at += Int(max(0, length))
    }
    return try next()
  }

  /// The next element of an integer array; nil for a null.
  @inline(__always)
  mutating func nextInteger() throws -> Int64? {
    let length = try int32()
    if length == -1 { return nil }
    guard length == 8, end - at >= 8 else { throw ArrayReader.malformed("an integer of \(length) bytes") }
    defer { at += 8 }
    return Int64(bigEndian: raw.loadUnaligned(fromByteOffset: at, as: Int64.self))
  }

  /// The next element.
  mutating func next() throws -> FieldValue {
    let length = try int32()
    if length == -1 { return .null }
    guard length >= 0, end - at >= Int(length) else { throw ArrayReader.malformed("an element cut short") }
    defer { at += Int(length) }
    switch column {
    case .integer:
      guard length == 8 else { throw ArrayReader.malformed("an integer of \(length) bytes") }
      return .integer(Int64(bigEndian: raw.loadUnaligned(fromByteOffset: at, as: Int64.self)))
    case .real:
      guard length == 8 else { throw ArrayReader.malformed("a real number of \(length) bytes") }
      return .real(Double(bitPattern: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))))
    case .text:
      return .text(String(decoding: UnsafeRawBufferPointer(rebasing: raw[at..<(at + Int(length))]), as: UTF8.self))
    }
  }
}
