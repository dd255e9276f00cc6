import Domain

/// How one schema field maps onto a column: references are stored as `<name>_id` integer
/// foreign keys and read back as the referenced row's code.
public struct ColumnMapping: Sendable {
  public let field: Field
  public let column: String
  public let target: EntityKind?

  public init(_ field: Field) {
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

public final class ChildMapping: Sendable {
  public let child: ChildList
  public let table: String
  public let columns: [ColumnMapping]
  /// The names of a list row's values, in column order: shared by every row read.
  public let layout: FieldLayout

  init(child: ChildList, table: String, columns: [ColumnMapping]) {
    self.child = child
    self.table = table
    self.columns = columns
    layout = FieldLayout(columns.map(\.field.name))
  }
}

/// The SQL a kind's generic operations use (with `?` placeholders: see `SQLText.numbered` for
/// PostgreSQL's `$1`), built once from its schema (a class: a writer asks for it for every row,
/// and a struct of a dozen arrays and strings was copied each time). Identifiers come from
/// the schema (code), never from input; every value is a bound argument.
public final class TableMapping: Sendable {
  public let kind: EntityKind
  public let table: String
  /// Every column but `code`.
  public let columns: [ColumnMapping]
  public let children: [ChildMapping]
  /// `code` and then every column's field name: the values of a row read by `selectSQL`, in order.
  public let layout: FieldLayout
  public let selectSQL: String
  public let insertSQL: String
  /// Inserts unless the code exists (then changes nothing).
  public let insertIfNewSQL: String
  public let updateSQL: String

  public init(_ schema: EntitySchema) {
    kind = schema.kind
    table = schema.kind.rawValue
    columns = schema.fields.filter { $0.name != "code" }.map(ColumnMapping.init)
    // The kind's shared row layout (the same names in the same order): records made by an
    // entity or a mapper with it are bound by position.
    layout = schema.kind.rowLayout
    assert(layout.names == ["code"] + columns.map(\.field.name), "row layout of \(schema.kind) out of column order")
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

  /// `selectSQL` with the references in `asIDs` (column indices) read as their row ids
  /// (`t."x_id"`) rather than joined for their codes: for a store that resolves small
  /// referenced tables itself on a large read.
  public func selectSQL(referencesAsIDs asIDs: Set<Int>) -> String {
    guard !asIDs.isEmpty else { return selectSQL }
    var select = ["t.id", "t.code"]
    var joins = [String]()
    for (i, c) in columns.enumerated() {
      if let target = c.target, !asIDs.contains(i) {
        select.append("r\(i).code")
        joins.append("LEFT JOIN \"\(target.rawValue)\" r\(i) ON r\(i).id = t.\"\(c.column)\"")
      } else {
        select.append("t.\"\(c.column)\"")
      }
    }
    return "SELECT \(select.joined(separator: ", ")) FROM \"\(table)\" t \(joins.joined(separator: " "))"
  }

  /// A new record's values for `insertSQL`: `code`, then every column in order, each reference
  /// as the row id `ids` (by the target kind's `ordinal`, code → id) holds for its code. Nil when
  /// the record has lists to write or names a code `ids` does not hold: the store's general
  /// path then resolves it, or says what is missing.
  public func insertValues(_ record: Record, ids: [[String: Int64]]) -> [FieldValue]? {
    for list in record.children.values where !list.isEmpty { return nil }
    var values = record.slots(in: layout) ?? ([record["code"]] + columns.map { record[$0.field.name] })
    for (i, c) in columns.enumerated() {
      guard let target = c.target else { continue }
      let value = values[i + 1]
      if value.isNull { continue }
      guard let id = ids[target.ordinal][value.plain] else { return nil }
      values[i + 1] = .integer(id)
    }
    return values
  }

  public static let all: [EntityKind: TableMapping] = Dictionary(
    uniqueKeysWithValues: EntityKind.allCases.map { ($0, TableMapping($0.schema)) })

  public static func of(_ kind: EntityKind) -> TableMapping {
    // Every kind is in `all`; the fallback only keeps this total.
    all[kind] ?? TableMapping(kind.schema)
  }

  /// A list row's columns for a SELECT over `child.table` aliased `c` (references as their codes)
  /// and the joins they need.
  func childColumns(_ child: ChildMapping, referencesAsIDs asIDs: Set<Int> = []) -> (select: [String], joins: [String])
  {
    var select = [String]()
    var joins = [String]()
    for (i, c) in child.columns.enumerated() {
      if let target = c.target, !asIDs.contains(i) {
        select.append("r\(i).code")
        joins.append("LEFT JOIN \"\(target.rawValue)\" r\(i) ON r\(i).id = c.\"\(c.column)\"")
      } else {
        select.append("c.\"\(c.column)\"")
      }
    }
    return (select, joins)
  }

  public func childSelectSQL(_ child: ChildMapping, placeholders: Int, referencesAsIDs asIDs: Set<Int> = []) -> String {
    let (columns, joins) = childColumns(child, referencesAsIDs: asIDs)
    let select = ["c.owner_id"] + columns
    let marks = Array(repeating: "?", count: placeholders).joined(separator: ", ")
    return
      "SELECT \(select.joined(separator: ", ")) FROM \"\(child.table)\" c \(joins.joined(separator: " ")) WHERE c.owner_id IN (\(marks)) ORDER BY c.owner_id, c.position"
  }

  /// Every row of one list with its owner's id first, owners in id order and rows in list
  /// order; the references in `asIDs` (column indices) as row ids.
  public func allChildRowsSQL(_ child: ChildMapping, referencesAsIDs asIDs: Set<Int>) -> String {
    let (columns, joins) = childColumns(child, referencesAsIDs: asIDs)
    let select = ["c.owner_id"] + columns
    return
      "SELECT \(select.joined(separator: ", ")) FROM \"\(child.table)\" c \(joins.joined(separator: " ")) ORDER BY c.owner_id, c.position"
  }

  /// A page of every row of one list, in (owner, position) order: the owner's id first, the
  /// columns (references as codes, those in `asIDs` as row ids), the row's position last.
  /// `after`: rows past the (owner id, position) given as the two arguments.
  public func allChildRowsSQL(
    _ child: ChildMapping, after: Bool, limit: Int, referencesAsIDs asIDs: Set<Int> = []
  ) -> String {
    let (columns, joins) = childColumns(child, referencesAsIDs: asIDs)
    let select = ["c.owner_id"] + columns + ["c.position"]
    let past = after ? " WHERE (c.owner_id, c.position) > (?, ?)" : ""
    return
      "SELECT \(select.joined(separator: ", ")) FROM \"\(child.table)\" c \(joins.joined(separator: " "))\(past) ORDER BY c.owner_id, c.position LIMIT \(limit)"
  }

  /// A page of every row of one list with its owner's code first, references as codes, then
  /// the owner's id and the row's position (to page by), owners in id order and rows in list
  /// order. `after`: rows past the (owner id, position) given as the two arguments.
  public func childRowsSQL(_ child: ChildMapping, after: Bool, limit: Int) -> String {
    let (columns, joins) = childColumns(child)
    let select = ["o.code"] + columns + ["c.owner_id", "c.position"]
    let past = after ? " WHERE (c.owner_id, c.position) > (?, ?)" : ""
    return
      "SELECT \(select.joined(separator: ", ")) FROM \"\(child.table)\" c JOIN \"\(table)\" o ON o.id = c.owner_id \(joins.joined(separator: " "))\(past) ORDER BY c.owner_id, c.position LIMIT \(limit)"
  }

  /// What an upsert of `record` over the stored `existing` changes: the fields whose values
  /// differ, then the lists it carries whose rows differ (lists it does not carry stay).
  public func changes(from existing: Record, to record: Record) -> (fields: [String], lists: [String], all: [String]) {
    let fields = columns.map(\.field.name).filter { existing[$0] != record[$0] }
    let lists = children.map(\.child.name).filter { name in
      record.children[name].map { $0 != existing.rows(name) } ?? false
    }
    return (fields, lists, fields + lists)
  }

  public func childInsertSQL(_ child: ChildMapping) -> String {
    let names = ["owner_id", "position"] + child.columns.map(\.column)
    return
      "INSERT INTO \"\(child.table)\" (\(names.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
  }
}

/// SQL text both dialects share.
public enum SQLText {
  /// `?` placeholders renumbered as PostgreSQL's `$1, $2, …`. The SQL here never has a `?`
  /// inside a literal (identifiers come from the schema, values are bound).
  public static func numbered(_ sql: String) -> String {
    var out = ""
    out.reserveCapacity(sql.utf8.count + 16)
    var n = 0
    for ch in sql {
      if ch == "?" {
        n += 1
        out += "$\(n)"
      } else {
        out.append(ch)
      }
    }
    return out
  }
}
