import Domain
import Foundation
import GRDB
import GRDBSQLite
import RelationalSchema
import Storage

/// Reads one record by code through SQLite's C API on a few read-only connections of its own —
/// the server's hot path (`GET /api/v1/<kind>/<code>`), where GRDB's reader pool, its lock and
/// its transaction wrapper cost several times SQLite's own work for one row. The SQL is the
/// store's own (`TableMapping`), never built from input; values are bound. A record with child
/// lists is read inside one read transaction, so parent and lists come from one snapshot.
final class PointReader: @unchecked Sendable {
  private final class Slot {
    let lock = NSLock()
    let connection: OpaquePointer
    var statements = [String: OpaquePointer]()

    init(connection: OpaquePointer) { self.connection = connection }

    func statement(_ sql: String) throws -> OpaquePointer {
      if let s = statements[sql] { return s }
      var s: OpaquePointer?
      let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &s, nil)
      guard code == SQLITE_OK, let s else { throw PointReader.error(connection, code, sql) }
      statements[sql] = s
      return s
    }

    deinit {
      for s in statements.values { sqlite3_finalize(s) }
      sqlite3_close_v2(connection)
    }
  }

  private let slots: [Slot]
  private let next = NSLock()
  private var turn = 0

  init(path: String, connections: Int = 4) throws {
    var slots = [Slot]()
    for _ in 0..<max(1, connections) {
      slots.append(Slot(connection: try Self.openReadOnly(path)))
    }
    self.slots = slots
  }

  /// A raw read-only connection to the file (waits up to 10 s for a lock), for the store's own
  /// fast paths: these point reads and the data-version watcher.
  static func openReadOnly(_ path: String) throws -> OpaquePointer {
    var db: OpaquePointer?
    let code = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
    guard code == SQLITE_OK, let db else {
      if let db { sqlite3_close_v2(db) }
      throw StoreError.database("cannot open \(path) for reading (SQLite code \(code))")
    }
    sqlite3_busy_timeout(db, 10_000)
    return db
  }

  static func error(_ db: OpaquePointer, _ code: Int32, _ sql: String) -> any Error {
    DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db)), sql: sql)
  }

  /// A free connection if there is one, else the next in turn (waiting for it).
  private func slot() -> Slot {
    for s in slots where s.lock.try() { return s }
    next.lock()
    turn = (turn + 1) % slots.count
    let s = slots[turn]
    next.unlock()
    s.lock.lock()
    return s
  }

  func fetch(_ kind: EntityKind, code: String) throws -> Domain.Record? {
    let mapping = TableMapping.of(kind)
    let slot = slot()
    defer { slot.lock.unlock() }
    let db = slot.connection
    let inTransaction = !mapping.children.isEmpty
    if inTransaction { try exec(slot, "BEGIN") }
    defer { if inTransaction { _ = try? exec(slot, "COMMIT") } }

    let sql = mapping.selectSQL + " WHERE t.code = ?"
    let s = try slot.statement(sql)
    defer {
      sqlite3_reset(s)
      sqlite3_clear_bindings(s)
    }
    bind(s, 1, code)
    let step = sqlite3_step(s)
    if step == SQLITE_DONE { return nil }
    guard step == SQLITE_ROW else { throw PointReader.error(db, step, sql) }
    let id = sqlite3_column_int64(s, 0)
    var values = [FieldValue]()
    values.reserveCapacity(mapping.columns.count + 1)
    values.append(.text(PointReader.text(s, 1)))
    for (i, c) in mapping.columns.enumerated() { values.append(PointReader.value(s, Int32(i + 2), c.field.type)) }
    var record = Domain.Record(kind, layout: mapping.layout, slots: values)
    for child in mapping.children {
      let childSQL = mapping.childSelectSQL(child, placeholders: 1)
      let cs = try slot.statement(childSQL)
      defer {
        sqlite3_reset(cs)
        sqlite3_clear_bindings(cs)
      }
      sqlite3_bind_int64(cs, 1, id)
      var rows = [Domain.Record]()
      while true {
        let r = sqlite3_step(cs)
        if r == SQLITE_DONE { break }
        guard r == SQLITE_ROW else { throw PointReader.error(db, r, childSQL) }
        let values = child.columns.enumerated().map { j, c in PointReader.value(cs, Int32(j + 1), c.field.type) }
        rows.append(Domain.Record(kind, layout: child.layout, slots: values))
      }
      record.children[child.child.name] = rows
    }
    return record
  }

  private func exec(_ slot: Slot, _ sql: String) throws {
    let s = try slot.statement(sql)
    let code = sqlite3_step(s)
    sqlite3_reset(s)
    guard code == SQLITE_DONE else { throw PointReader.error(slot.connection, code, sql) }
  }

  private func bind(_ s: OpaquePointer, _ index: Int32, _ text: String) {
    var t = text
    t.withUTF8 { buffer in
      _ = sqlite3_bind_text(
        s, index, buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
        Int32(buffer.count), Binder.transient)
    }
  }

  static func text(_ s: OpaquePointer, _ i: Int32) -> String {
    guard let p = sqlite3_column_text(s, i) else { return "" }
    let n = Int(sqlite3_column_bytes(s, i))
    return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
  }

  /// A column as a field value, as `FieldValue(_:type:)` reads GRDB's `DatabaseValue`.
  static func value(_ s: OpaquePointer, _ i: Int32, _ type: FieldType) -> FieldValue {
    switch sqlite3_column_type(s, i) {
    case SQLITE_NULL: return .null
    case SQLITE_INTEGER:
      let n = sqlite3_column_int64(s, i)
      if case .bool = type { return .bool(n != 0) }
      if case .real = type { return .real(Double(n)) }
      return .integer(n)
    case SQLITE_FLOAT: return .real(sqlite3_column_double(s, i))
    default: return .text(text(s, i))
    }
  }
}
