import Domain
import Foundation
import NIOCore
import PostgresNIO
import RelationalSchema
import Storage

/// Statements sent and not waited for yet (see `SQL.send`). Used by one thread at a time: the
/// one that holds the connection.
final class Pipeline {
  var sent: [EventLoopFuture<PostgresQueryResult>] = []
}

/// One connection, with statements written with `?` placeholders (as the SQLite store's) and
/// values bound as `FieldValue`s.
///
/// `run` waits for its result; `send` does not: PostgreSQL runs a connection's statements in
/// order, so a write whose result nobody needs (a list's rows, the search text, an audit event)
/// is sent and the next `run` — at the latest the COMMIT — waits for it too, and reports the
/// first error of any of them. Writes then cost one round trip per group instead of one each.
struct SQL {
  let connection: PostgresConnection
  let pipeline = Pipeline()

  /// Sends a statement without waiting for it (its error, if any, is thrown by the next `run`).
  func send(_ sql: String, _ args: [FieldValue] = []) {
    pipeline.sent.append(connection.query(query(sql, args), logger: ConnectionPool.logger))
  }

  /// Waits for every statement sent so far; the first error among them is thrown.
  func drain() throws {
    let sent = pipeline.sent
    pipeline.sent.removeAll()
    var first: (any Error)?
    for future in sent {
      do { _ = try future.wait() } catch { if first == nil { first = error } }
    }
    if let first { throw first }
  }

  /// Runs a statement and waits for it — and so for everything sent before it.
  @discardableResult
  func run(_ sql: String, _ args: [FieldValue] = []) throws -> PostgresQueryResult {
    let future = connection.query(query(sql, args), logger: ConnectionPool.logger)
    let result: PostgresQueryResult
    do {
      result = try future.wait()
    } catch {
      try drain()  // an earlier statement's error is the cause of this one's ("transaction aborted")
      throw error
    }
    try drain()
    return result
  }

  /// Several statements at once, waited for together: one round trip for independent reads.
  func runAll(_ statements: [(String, [FieldValue])]) throws -> [PostgresQueryResult] {
    let futures = statements.map { connection.query(query($0.0, $0.1), logger: ConnectionPool.logger) }
    var results = [PostgresQueryResult]()
    var first: (any Error)?
    for future in futures {
      do { results.append(try future.wait()) } catch { if first == nil { first = error } }
    }
    try drain()
    if let first { throw first }
    return results
  }

  func query(_ sql: String, _ args: [FieldValue]) -> PostgresQuery {
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
    return PostgresQuery(unsafeSQL: args.isEmpty ? sql : SQLText.numbered(sql), binds: binds)
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
