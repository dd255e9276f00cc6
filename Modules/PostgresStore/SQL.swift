import Domain
import Foundation
import NIOCore
import PostgresNIO
import RelationalSchema
import Storage

/// One connection, with statements written with `?` placeholders (as the SQLite store's) and
/// values bound as `FieldValue`s. Every call waits for its result.
struct SQL {
  let connection: PostgresConnection

  @discardableResult
  func run(_ sql: String, _ args: [FieldValue] = []) throws -> PostgresQueryResult {
    var binds = PostgresBindings(capacity: args.count)
    for value in args {
      switch value {
      case .null: binds.appendNull()
      case .text(let s):
        // PostgreSQL's text cannot hold NUL (nothing stored holds one: the text rule refuses
        // control characters on every way in). A value looked up with one is cut there, as
        // GRDB binds it to SQLite (a C string), so both stores answer alike, without an error.
        binds.append(s.utf8.contains(0) ? String(s.prefix { $0 != "\u{0}" }) : s)
      case .integer(let n): binds.append(n)
      case .real(let x): binds.append(x)
      case .bool(let b): binds.append(Int64(b ? 1 : 0))
      }
    }
    let query = PostgresQuery(unsafeSQL: args.isEmpty ? sql : SQLText.numbered(sql), binds: binds)
    return try connection.query(query, logger: ConnectionPool.logger).wait()
  }

  /// Runs a statement that returns no rows; the number of rows it changed.
  @discardableResult
  func execute(_ sql: String, _ args: [FieldValue] = []) throws -> Int {
    try run(sql, args).metadata.rows ?? 0
  }

  /// Several statements, each ending with `;` at the end of a line, without arguments (DDL).
  func script(_ sql: String) throws {
    var statement = ""
    for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
      statement += line + "\n"
      if line.trimmingCharacters(in: .whitespaces).hasSuffix(";") {
        try execute(statement)
        statement = ""
      }
    }
    if !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { try execute(statement) }
  }

  func rows(_ sql: String, _ args: [FieldValue] = []) throws -> [[FieldValue]] {
    try run(sql, args).rows.map { row in try row.map(SQL.value) }
  }

  func row(_ sql: String, _ args: [FieldValue] = []) throws -> [FieldValue]? {
    try rows(sql, args).first
  }

  func int(_ sql: String, _ args: [FieldValue] = []) throws -> Int64? {
    guard let v = try row(sql, args)?.first else { return nil }
    return v.integerValue
  }

  func text(_ sql: String, _ args: [FieldValue] = []) throws -> String? {
    guard let v = try row(sql, args)?.first, !v.isNull else { return nil }
    return v.plain
  }

  func texts(_ sql: String, _ args: [FieldValue] = []) throws -> [String] {
    try rows(sql, args).map { $0.first?.plain ?? "" }
  }

  /// A cell as the value SQLite would give: integers, reals, text, or null.
  static func value(_ cell: PostgresCell) throws -> FieldValue {
    guard cell.bytes != nil else { return .null }
    switch cell.dataType {
    case .int8, .int4, .int2: return .integer(try cell.decode(Int64.self))
    case .float8, .float4: return .real(try cell.decode(Double.self))
    case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
    case .numeric:
      let text = try cell.decode(String.self)
      return Int64(text).map(FieldValue.integer) ?? .real(Double(text) ?? 0)
    case .bytea:
      let buffer = try cell.decode(ByteBuffer.self)
      return .text(String(buffer: buffer))
    default: return .text(try cell.decode(String.self))
    }
  }
}

extension FieldValue {
  var integerValue: Int64? {
    switch self {
    case .integer(let n): return n
    case .real(let x): return Int64(x)
    case .bool(let b): return b ? 1 : 0
    case .text(let s): return Int64(s)
    case .null: return nil
    }
  }

  /// The value read back as the field's type expects (booleans and reals are stored as numbers).
  func stored(as type: FieldType) -> FieldValue {
    switch (self, type) {
    case (.integer(let n), .bool): return .bool(n != 0)
    case (.integer(let n), .real): return .real(Double(n))
    default: return self
    }
  }
}
