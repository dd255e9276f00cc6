import Domain
import Foundation
import NIOCore
import PostgresNIO
import RelationalSchema
import Storage

/// Many rows read as one value: `SELECT a, b FROM … ORDER BY … LIMIT n` sent as
/// `SELECT array_to_string(ARRAY(SELECT concat(a', '\t', b', '\t') FROM … ORDER BY … LIMIT n), '')`,
/// one text cell that is taken apart here.
///
/// Why: postgres-nio handles every row of a result as a message of its own on its event loop
/// and then as a `PostgresRow` of cells; for the 300,000 requirements of a national gap that
/// per-row work was 2.9 s of client CPU against the server's 0.4 s to produce them. One text per
/// page is one message, read here in a loop over bytes. (An array of records in binary form
/// costs the server three times as much to send: `record_send` per row, measured in `psql`.)
/// `ARRAY(subquery)` keeps the subquery's order (its ORDER BY), so pages and lists come in the
/// order they did.
///
/// Each value ends with a tab: a number as PostgreSQL writes it (`float8` shortest and exact),
/// a text as its length in bytes, `:` and its bytes (so it may hold anything), null as nothing.
enum Packed {
  /// How a column's values are written and read back.
  enum Column: Sendable {
    /// `BIGINT`: `.integer`.
    case integer
    /// `DOUBLE PRECISION`: `.real`.
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

    func expression(_ column: Substring) -> String {
      switch self {
      case .integer, .real: return String(column)
      case .text: return "octet_length(\(column)) || ':' || \(column)"
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
  /// returns its rows as one text; nil when the column list does not have `columns.count` items.
  static func statement(_ select: String, _ columns: [Column]) -> String? {
    guard select.hasPrefix("SELECT "), let from = select.range(of: " FROM ") else { return nil }
    let list = select[select.index(select.startIndex, offsetBy: 7)..<from.lowerBound].split(separator: ",")
    guard list.count == columns.count else { return nil }
    let parts = zip(list, columns).map { name, column in
      column.expression(name.drop { $0 == " " || $0 == "\n" }) + ", E'\\t'"
    }
    return
      "SELECT array_to_string(ARRAY(SELECT concat(\(parts.joined(separator: ", "))) FROM \(select[from.upperBound...])), '')"
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
    var cells = row.makeIterator()
    guard let bytes = cells.next()?.bytes else { return 0 }
    return try decode(bytes, columns, body)
  }

  /// A whole list in pages of `page` rows, each one packed value, every page past the last
  /// (owner, position) the one before ended on — all in the caller's snapshot.
  /// `statement(true, page)` is a page's SELECT with that keyset condition (two arguments),
  /// `statement(false, page)` the first page's; `key` finds a row's (owner, position).
  static func pages(
    _ sql: SQL, page: Int, statement: (_ after: Bool, _ limit: Int) -> String, columns: [Column],
    key: ([FieldValue]) -> (owner: Int64, position: Int64)?, _ body: ([FieldValue]) throws -> Void
  ) throws {
    var after: (owner: Int64, position: Int64)? = nil
    while true {
      var last: (owner: Int64, position: Int64)? = nil
      let count = try rows(
        sql, statement(after != nil, page), after.map { [.integer($0.owner), .integer($0.position)] } ?? [],
        columns: columns
      ) { row in
        try body(row)
        if let at = key(row) { last = at }
      }
      guard count == page, let last else { return }
      after = last
    }
  }

  /// The rows of one packed text.
  static func decode(_ buffer: ByteBuffer, _ columns: [Column], _ body: ([FieldValue]) throws -> Void) throws -> Int {
    try buffer.withUnsafeReadableBytes { raw -> Int in
      var reader = TextReader(raw)
      var values = [FieldValue]()
      values.reserveCapacity(columns.count)
      var count = 0
      while !reader.atEnd {
        values.removeAll(keepingCapacity: true)
        for column in columns { values.append(try reader.value(column)) }
        try body(values)
        count += 1
      }
      return count
    }
  }
}

/// Reads the values of a packed text (see `Packed`), bounds-checked: anything unexpected is an
/// error that names it, never a crash.
struct TextReader {
  let raw: UnsafeRawBufferPointer
  var at = 0

  init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

  var atEnd: Bool { at >= raw.count }

  static func malformed(_ what: String) -> StoreError {
    StoreError.database("PostgreSQL sent \(what) where rows were expected")
  }

  static let tab = UInt8(ascii: "\t")

  mutating func value(_ column: Packed.Column) throws -> FieldValue {
    guard at < raw.count else { throw TextReader.malformed("a row cut short") }
    if raw[at] == TextReader.tab {
      at += 1
      return .null
    }
    switch column {
    case .integer:
      var negative = false
      if raw[at] == UInt8(ascii: "-") {
        negative = true
        at += 1
      }
      var n: Int64 = 0
      var digits = 0
      while at < raw.count, raw[at] != TextReader.tab {
        let d = raw[at] &- UInt8(ascii: "0")
        guard d < 10 else { throw TextReader.malformed("a number that is not an integer") }
        let (times, o1) = n.multipliedReportingOverflow(by: 10)
        let (sum, o2) =
          negative ? times.subtractingReportingOverflow(Int64(d)) : times.addingReportingOverflow(Int64(d))
        guard !o1, !o2 else { throw TextReader.malformed("an integer out of range") }
        n = sum
        digits += 1
        at += 1
      }
      guard digits > 0 else { throw TextReader.malformed("an empty integer") }
      try endOfValue()
      return .integer(n)
    case .real:
      let start = at
      while at < raw.count, raw[at] != TextReader.tab { at += 1 }
      let text = String(decoding: UnsafeRawBufferPointer(rebasing: raw[start..<at]), as: UTF8.self)
      guard let x = Double(text) else { throw TextReader.malformed("'\(text)' for a real number") }
      try endOfValue()
      return .real(x)
    case .text:
      var length = 0
      while at < raw.count, raw[at] != UInt8(ascii: ":") {
        let d = raw[at] &- UInt8(ascii: "0")
        guard d < 10, length < Int(Int32.max) else { throw TextReader.malformed("a text without its length") }
        length = length * 10 + Int(d)
        at += 1
      }
      at += 1  // the colon
      guard at + length <= raw.count else { throw TextReader.malformed("a text cut short") }
      let text = String(decoding: UnsafeRawBufferPointer(rebasing: raw[at..<(at + length)]), as: UTF8.self)
      at += length
      try endOfValue()
      return .text(text)
    }
  }

  mutating func endOfValue() throws {
    guard at < raw.count, raw[at] == TextReader.tab else { throw TextReader.malformed("a value not ended by a tab") }
    at += 1
  }
}
