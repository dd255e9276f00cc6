import Foundation
import GRDB
import GRDBSQLite

/// Executes a prepared statement with values bound through SQLite's C API — the hot path of
/// large imports, where building GRDB's `StatementArguments` for every row costs more than
/// SQLite's own work. Used only for statements that return no rows.
enum Binder {
  static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  static func execute(_ statement: Statement, _ values: [DatabaseValue], in db: Database) throws {
    let s = statement.sqliteStatement
    sqlite3_reset(s)
    for (i, value) in values.enumerated() {
      let index = Int32(i + 1)
      switch value.storage {
      case .null: sqlite3_bind_null(s, index)
      case .int64(let n): sqlite3_bind_int64(s, index, n)
      case .double(let x): sqlite3_bind_double(s, index, x)
      case .string(var text):
        text.withUTF8 { buffer in
          _ = sqlite3_bind_text(
            s, index, buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
            Int32(buffer.count), transient)
        }
      case .blob(let data):
        data.withUnsafeBytes { buffer in
          _ = sqlite3_bind_blob(s, index, buffer.baseAddress, Int32(buffer.count), transient)
        }
      }
    }
    let code = sqlite3_step(s)
    sqlite3_reset(s)
    sqlite3_clear_bindings(s)
    guard code == SQLITE_DONE else {
      let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
      throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
  }
}
