import Domain
import GRDB
import Storage

/// How one schema field maps onto a column: references are stored as `<name>_id` integer
/// foreign keys and read back as the referenced row's code.
struct ColumnMapping: Sendable {
  let field: Field
  let column: String
  let target: EntityKind?

  init(_ field: Field) {
    self.field = field
    if case .reference(let kind) = field.type {
      column = field.name + "_id"
      target = kind
    } else {
      column = field.name
      target = nil
    }
  }
}

struct ChildMapping: Sendable {
  let child: ChildList
  let table: String
  let columns: [ColumnMapping]
}

/// The SQL a kind's generic operations use, built once from its schema. Identifiers come from
/// the schema (code), never from input; every value is a bound argument.
struct TableMapping: Sendable {
  let kind: EntityKind
  let table: String
  /// Every column but `code`.
  let columns: [ColumnMapping]
  let children: [ChildMapping]
  let selectSQL: String
  let insertSQL: String
  /// Inserts unless the code exists (then changes nothing).
  let insertIfNewSQL: String
  let updateSQL: String

  init(_ schema: EntitySchema) {
    kind = schema.kind
    table = schema.kind.rawValue
    columns = schema.fields.filter { $0.name != "code" }.map(ColumnMapping.init)
    let table = self.table
    children = schema.children.map { child in
      ChildMapping(child: child, table: "\(table)_\(child.name)", columns: child.fields.map(ColumnMapping.init))
    }
    var select = ["t.id", "t.code"]
    var joins = [String]()
    for (i, c) in columns.enumerated() {
      if let target = c.target {
        select.append("r\(i).code")
        joins.append("LEFT JOIN \"\(target.rawValue)\" r\(i) ON r\(i).id = t.\"\(c.column)\"")
      } else {
        select.append("t.\"\(c.column)\"")
      }
    }
    selectSQL = "SELECT \(select.joined(separator: ", ")) FROM \"\(table)\" t \(joins.joined(separator: " "))"
    let names = (["code"] + columns.map(\.column)).map { "\"\($0)\"" }
    insertSQL =
      "INSERT INTO \"\(table)\" (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
    insertIfNewSQL = insertSQL + " ON CONFLICT(code) DO NOTHING"
    updateSQL =
      "UPDATE \"\(table)\" SET \(columns.map { "\"\($0.column)\" = ?" }.joined(separator: ", ")) WHERE id = ?"
  }

  static let all: [EntityKind: TableMapping] = Dictionary(
    uniqueKeysWithValues: EntityKind.allCases.map { ($0, TableMapping($0.schema)) })

  static func of(_ kind: EntityKind) -> TableMapping {
    // Every kind is in `all`; the fallback only keeps this total.
    all[kind] ?? TableMapping(kind.schema)
  }

  func childSelectSQL(_ child: ChildMapping, placeholders: Int) -> String {
    var select = ["c.owner_id"]
    var joins = [String]()
    for (i, c) in child.columns.enumerated() {
      if let target = c.target {
        select.append("r\(i).code")
        joins.append("LEFT JOIN \"\(target.rawValue)\" r\(i) ON r\(i).id = c.\"\(c.column)\"")
      } else {
        select.append("c.\"\(c.column)\"")
      }
    }
    let marks = Array(repeating: "?", count: placeholders).joined(separator: ", ")
    return
      "SELECT \(select.joined(separator: ", ")) FROM \"\(child.table)\" c \(joins.joined(separator: " ")) WHERE c.owner_id IN (\(marks)) ORDER BY c.owner_id, c.position"
  }

  func childInsertSQL(_ child: ChildMapping) -> String {
    let names = ["owner_id", "position"] + child.columns.map(\.column)
    return
      "INSERT INTO \"\(child.table)\" (\(names.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
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
