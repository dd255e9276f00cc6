import Domain
import Foundation
import GRDB
import GRDBSQLite
import RelationalSchema
import Storage

/// Executes a prepared statement with values bound through SQLite's C API — the hot path of
/// large imports, where building GRDB's `StatementArguments` for every row costs more than
/// SQLite's own work. Used only for statements that return no rows.
enum Binder {
  static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  static func execute(_ statement: Statement, _ values: [DatabaseValue], in db: Database) throws {
    try step(statement, in: db) { s in
      for (i, value) in values.enumerated() {
        let index = Int32(i + 1)
        switch value.storage {
        case .null: sqlite3_bind_null(s, index)
        case .int64(let n): sqlite3_bind_int64(s, index, n)
        case .double(let x): sqlite3_bind_double(s, index, x)
        case .string(let text): bind(text, s, index)
        case .blob(let data):
          data.withUnsafeBytes { buffer in
            _ = sqlite3_bind_blob(s, index, buffer.baseAddress, Int32(buffer.count), transient)
          }
        }
      }
    }
  }

  /// The same for a row of domain values (a prepared import row): no `DatabaseValue` between.
  static func execute(_ statement: Statement, _ values: [FieldValue], in db: Database) throws {
    try step(statement, in: db) { s in
      for (i, value) in values.enumerated() {
        let index = Int32(i + 1)
        switch value {
        case .null: sqlite3_bind_null(s, index)
        case .integer(let n): sqlite3_bind_int64(s, index, n)
        case .real(let x): sqlite3_bind_double(s, index, x)
        case .bool(let b): sqlite3_bind_int64(s, index, b ? 1 : 0)
        case .text(let text): bind(text, s, index)
        }
      }
    }
  }

  private static func bind(_ text: String, _ s: OpaquePointer?, _ index: Int32) {
    var text = text
    text.withUTF8 { buffer in
      _ = sqlite3_bind_text(
        s, index, buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
        Int32(buffer.count), transient)
    }
  }

  /// Binds with `bind`, steps once and resets.
  private static func step(_ statement: Statement, in db: Database, bind: (OpaquePointer?) -> Void) throws {
    let s = statement.sqliteStatement
    sqlite3_reset(s)
    bind(s)
    let code = sqlite3_step(s)
    sqlite3_reset(s)
    sqlite3_clear_bindings(s)
    guard code == SQLITE_DONE else {
      let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
      throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
  }
}

extension Store {
  /// The (owner id, referenced id) pairs of a child list whose first field is a reference, in
  /// owner and list order — read through SQLite's C API, for lists with millions of rows
  /// (student preferences).
  public func links(_ kind: EntityKind, list: String, _ body: (Int64, Int64) -> Void) throws {
    let mapping = TableMapping.of(kind)
    guard let child = mapping.children.first(where: { $0.child.name == list }), let first = child.columns.first,
      first.target != nil
    else {
      throw StoreError.badFilter(kind, "they have no list '\(list)' of references")
    }
    let sql = "SELECT owner_id, \"\(first.column)\" FROM \"\(child.table)\" ORDER BY owner_id, position"
    try read { db in
      let statement = try db.makeStatement(sql: sql)
      let s = statement.sqliteStatement
      while true {
        let code = sqlite3_step(s)
        if code == SQLITE_DONE { break }
        guard code == SQLITE_ROW else {
          throw DatabaseError(
            resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        body(sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1))
      }
      sqlite3_reset(s)
    }
  }
}

extension Store {
  /// Students with at least one placement preference, counted per program code.
  public func studentsWithPreferencesByProgram() throws -> [String: Int] {
    try read { db in
      var out = [String: Int]()
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT p.code, COUNT(*) FROM student s JOIN program p ON p.id = s.program_id
          WHERE EXISTS (SELECT 1 FROM student_preferences sp WHERE sp.owner_id = s.id) GROUP BY p.code
          """)
      while let row = try rows.next() { out[row[0]] = row[1] }
      return out
    }
  }
}

extension Store {
  /// Every student's code, name, region code and cohort year — what the duplicate check needs of
  /// a million students, without their lists.
  public func studentNameKeys(_ body: (String, String, String?, Int?) -> Void) throws {
    try read { db in
      // Regions from a code table, columns by index: a million rows.
      let regions = try CodeTable(db, .region, maxID: try Reader.maxID(db, "region"))
      let statement = try db.makeStatement(sql: "SELECT s.code, s.name, s.region_id, s.cohort_year FROM student s")
      let rows = try Row.fetchCursor(statement)
      let s = statement.sqliteStatement
      while try rows.next() != nil {
        let region = sqlite3_column_type(s, 2) == SQLITE_NULL ? nil : regions.code(sqlite3_column_int64(s, 2))
        let year = sqlite3_column_type(s, 3) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(s, 3))
        body(PointReader.text(s, 0), PointReader.text(s, 1), region, year)
      }
    }
  }
}

extension Store {
  /// Students per program code.
  public func studentCountsByProgram() throws -> [String: Int] {
    try read { db in
      var out = [String: Int]()
      let rows = try Row.fetchCursor(
        db, sql: "SELECT p.code, COUNT(*) FROM student s JOIN program p ON p.id = s.program_id GROUP BY p.code")
      while let row = try rows.next() { out[row[0]] = row[1] }
      return out
    }
  }
}

extension FieldValue {
  var databaseValue: DatabaseValue {
    switch self {
    case .null: return .null
    case .text(let s): return s.databaseValue
    case .integer(let n): return n.databaseValue
    case .real(let x): return x.databaseValue
    case .bool(let b): return (b ? 1 : 0 as Int64).databaseValue
    }
  }

  init(_ value: DatabaseValue, type: FieldType) {
    switch value.storage {
    case .null: self = .null
    case .int64(let n):
      if case .bool = type {
        self = .bool(n != 0)
      } else if case .real = type {
        self = .real(Double(n))
      } else {
        self = .integer(n)
      }
    case .double(let x): self = .real(x)
    case .string(let s): self = .text(s)
    case .blob(let data): self = .text(String(decoding: data, as: UTF8.self))
    }
  }
}
