import Foundation
import GRDBSQLite
import Storage

/// Tells whether the database changed: SQLite's `PRAGMA data_version` on a read-only
/// connection of its own that never writes, so every commit — by this process's other
/// connections or by another process (the CLI, the TUI, a second server) — changes the number.
/// Opened on first use; one statement under a lock.
final class VersionWatcher: @unchecked Sendable {
  private let path: String
  private let lock = NSLock()
  private var connection: OpaquePointer?
  private var statement: OpaquePointer?

  init(path: String) { self.path = path }

  func version() throws -> Int {
    lock.lock()
    defer { lock.unlock() }
    if statement == nil { try open() }
    guard let statement else { throw StoreError.database("cannot read the data version of \(path)") }
    defer { sqlite3_reset(statement) }
    guard sqlite3_step(statement) == SQLITE_ROW else {
      throw StoreError.database("cannot read the data version of \(path)")
    }
    return Int(sqlite3_column_int64(statement, 0))
  }

  private func open() throws {
    let db = try PointReader.openReadOnly(path)
    var s: OpaquePointer?
    guard sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &s, nil) == SQLITE_OK, let s else {
      sqlite3_close_v2(db)
      throw StoreError.database("cannot read the data version of \(path)")
    }
    connection = db
    statement = s
  }

  deinit {
    if let statement { sqlite3_finalize(statement) }
    if let connection { sqlite3_close_v2(connection) }
  }
}
