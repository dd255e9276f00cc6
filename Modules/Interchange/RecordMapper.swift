import Domain
import Foundation
import Localization

/// One record read from an input file, ready for validation and writing.
public enum ImportItem: Sendable {
  /// A whole record of a kind (child lists present only when the input had them).
  case entity(Record, SourceLocation)
  /// One row of a child list: the owner's code and the row; `rank` orders preferences and
  /// rankings, otherwise rows keep file order.
  case child(owner: EntityKind, list: String, ownerCode: String, row: Record, rank: Int?, SourceLocation)

  public var location: SourceLocation {
    switch self {
    case .entity(_, let l), .child(_, _, _, _, _, let l): return l
    }
  }
}

/// Maps CSV rows (by header) and JSON objects (by key) onto records of a `DataFile`, parsing
/// each value by its field's type. Errors name file, line, column and the field.
public struct RecordMapper: Sendable {
  public let dataFile: DataFile
  public let file: String
  /// The workbook sheet the rows come from; nil for CSV and JSON.
  public let sheet: String?
  /// Header columns this file type does not use (ignored, reported once).
  public private(set) var unknownColumns: [String] = []
  private var columnIndex: [String: Int] = [:]
  private var header: [String] = []
  /// For an entity file with a column for every field: each field of the kind's row layout
  /// with its column, so rows become records by position (no names hashed per row).
  private var rowColumns: [(field: Field, column: Int)]?

  public init(dataFile: DataFile, file: String, sheet: String? = nil) {
    self.dataFile = dataFile
    self.file = file
    self.sheet = sheet
  }

  /// Reads the header: required columns must be there; the rest of what is there is noted.
  public mutating func read(header: [String], line: Int = 1) throws(InputError) {
    self.header = header.map { $0.trimmed }
    var seen = [String: Int]()
    for (i, name) in self.header.enumerated() {
      if let first = seen[name] {
        throw InputError(
          SourceLocation(file: file, sheet: sheet, line: line, column: i + 1),
          tr("column '\(name)' appears twice (also column \(first + 1))"))
      }
      seen[name] = i
    }
    columnIndex = seen
    for required in dataFile.requiredColumns where seen[required] == nil {
      throw InputError(
        SourceLocation(file: file, sheet: sheet, line: line, column: 1),
        tr(
          "the header has no '\(required)' column, which \(dataFile) need (columns: \(dataFile.columns.joined(separator: ",")))"
        ))
    }
    let known = Set(knownColumns)
    unknownColumns = self.header.filter { !known.contains($0) && !$0.isEmpty }
    rowColumns = nil
    if case .entity(let kind) = dataFile {
      let fields = Dictionary(kind.schema.fields.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
      let placed = kind.rowLayout.names.compactMap { name in
        fields[name].flatMap { field in seen[name].map { (field: field, column: $0) } }
      }
      if placed.count == kind.rowLayout.names.count { rowColumns = placed }
    }
  }

  var knownColumns: [String] {
    switch dataFile {
    case .escoSkills:
      return ["conceptUri", "preferredLabel", "altLabels", "description", "definition", "skillType", "reuseLevel"]
    case .escoOccupations:
      return ["conceptUri", "preferredLabel", "altLabels", "description", "definition", "iscoGroup", "code"]
    default: return dataFile.columns
    }
  }

  public func column(of name: String) -> Int { (columnIndex[name] ?? 0) + 1 }

  // MARK: CSV

  public func item(csv row: CSVRecord) throws(InputError) -> ImportItem {
    if row.fields.count != header.count {
      throw InputError(
        SourceLocation(file: file, sheet: sheet, line: row.line, column: min(row.fields.count, header.count) + 1),
        tr("this row has \(row.fields.count) fields, the header has \(header.count)"))
    }
    func cell(_ name: String) -> String? { columnIndex[name].map { row.fields[$0] } }
    func at(_ name: String) -> SourceLocation {
      let i = columnIndex[name] ?? 0
      return SourceLocation(file: file, sheet: sheet, line: row.fieldLines[i], column: i + 1)
    }
    let start = SourceLocation(file: file, sheet: sheet, line: row.line, column: 1)
    switch dataFile {
    case .entity(let kind):
      if let rowColumns {
        var slots = [FieldValue]()
        slots.reserveCapacity(rowColumns.count)
        for (field, column) in rowColumns {
          do { slots.append(try field.parse(row.fields[column], kind: kind)) } catch {
            throw InputError(at(field.name), InputError.phrase(error))
          }
        }
        return .entity(Record(kind, layout: kind.rowLayout, slots: slots), start)
      }
      var record = Record(kind)
      for field in kind.schema.fields {
        guard let raw = cell(field.name) else { continue }
        do { record[field.name] = try field.parse(raw, kind: kind) } catch {
          throw InputError(at(field.name), InputError.phrase(error))
        }
      }
      return .entity(record, start)
    case .children(let kind, let list):
      guard let child = dataFile.childList else { throw InputError(start, tr("unknown list \(list)")) }
      let owner = cell(kind.rawValue)?.trimmed ?? ""
      if owner.isEmpty { throw InputError(at(kind.rawValue), tr("the \(kind.rawValue) code is empty")) }
      var r = Record(kind)
      for field in child.fields {
        guard let raw = cell(field.name) else { continue }
        do { r[field.name] = try field.parse(raw, kind: kind) } catch {
          throw InputError(at(field.name), InputError.phrase(error))
        }
        if field.required && r[field.name].isNull {
          throw InputError(at(field.name), tr("\(field.name) is empty"))
        }
      }
      var rank: Int?
      if dataFile.hasRank, let raw = cell("rank") {
        guard let n = Int(raw.trimmed), n >= 1 else {
          throw InputError(at("rank"), tr("rank cannot be '\(raw)': expected a whole number from 1 (first choice)"))
        }
        rank = n
      }
      return .child(owner: kind, list: list, ownerCode: owner, row: r, rank: rank, start)
    case .escoSkills:
      let code = cell("conceptUri") ?? ""
      var r = Record(.competency, ["code": .text(code.trimmed)])
      r["name"] = .text(cell("preferredLabel") ?? "")
      switch cell("skillType")?.lowercased() {
      case "knowledge": r["type"] = .text("knowledge")
      case "skill/competence", "skill", "competence": r["type"] = .text("skill")
      default: break
      }
      if let reuse = cell("reuseLevel"), !reuse.isEmpty { r["reuse_level"] = .text(reuse) }
      if let d = cell("description") ?? cell("definition"), !d.isEmpty { r["description"] = .text(d) }
      if let alt = cell("altLabels"), !alt.isEmpty { r["alt_labels"] = .list(ESCO.labels(alt)) }
      return .entity(r, start)
    case .escoOccupations:
      var r = Record(.occupation, ["code": .text((cell("conceptUri") ?? "").trimmed)])
      r["name"] = .text(cell("preferredLabel") ?? "")
      if let g = cell("iscoGroup"), !g.isEmpty { r["isco_group"] = .text(g) }
      if let d = cell("description") ?? cell("definition"), !d.isEmpty { r["description"] = .text(d) }
      return .entity(r, start)
    case .escoRelations:
      let owner = (cell("occupationUri") ?? "").trimmed
      let relation = (cell("relationType") ?? "").lowercased()
      guard relation == "essential" || relation == "optional" else {
        throw InputError(at("relationType"), tr("relationType must be essential or optional, not '\(relation)'"))
      }
      let row = Record(
        .occupation,
        ["competency": .text((cell("skillUri") ?? "").trimmed), "essential": .bool(relation == "essential")])
      return .child(owner: .occupation, list: "skills", ownerCode: owner, row: row, rank: nil, start)
    }
  }

  // MARK: JSON

  /// A JSON object as a record of `kind`, with any child lists it holds.
  public static func item(json element: JSONElement, kind: EntityKind) throws(InputError) -> ImportItem {
    guard case .object(let object) = element.value else {
      throw InputError(element.location, tr("expected a JSON object for \(kind.indefinite)"))
    }
    let schema = kind.schema
    var record = Record(kind)
    for (key, value) in object {
      if let field = schema.field(key) {
        record[key] = try fieldValue(value, field: field, kind: kind, at: element.location)
      } else if let child = schema.children.first(where: { $0.name == key }) {
        guard case .array(let items) = value else {
          if case .null = value { continue }
          throw InputError(element.location, tr("\(key) must be a JSON array"))
        }
        var rows = [Record]()
        for item in items {
          var row = Record(kind)
          switch item {
          case .object(let o):
            for (k, v) in o {
              guard let f = child.fields.first(where: { $0.name == k }) else {
                throw InputError(
                  element.location,
                  tr("\(key): unknown key '\(k)' (keys: \(child.fields.map(\.name).joined(separator: ", ")))"))
              }
              row[k] = try fieldValue(v, field: f, kind: kind, at: element.location)
            }
          default:
            guard child.fields.count == 1 || child.fields.filter(\.required).count == 1, let f = child.fields.first
            else {
              throw InputError(
                element.location,
                tr("\(key): expected objects with \(child.fields.map(\.name).joined(separator: ", "))"))
            }
            row[f.name] = try fieldValue(item, field: f, kind: kind, at: element.location)
          }
          for f in child.fields where f.required && row[f.name].isNull {
            throw InputError(element.location, tr("\(key): an item has no \(f.name)"))
          }
          rows.append(row)
        }
        record.children[key] = rows
      }
    }
    return .entity(record, element.location)
  }

  static func fieldValue(
    _ value: JSONValue, field: Field, kind: EntityKind, at location: SourceLocation
  ) throws(InputError)
    -> FieldValue
  {
    func bad(_ shown: String) -> InputError {
      InputError(location, tr("\(kind.title) \(field.name): '\(shown)' is not \(field.type.expectation)"))
    }
    switch value {
    case .null: return .null
    case .string(let s):
      do { return try field.parse(s, kind: kind) } catch { throw InputError(location, InputError.phrase(error)) }
    case .integer(let n):
      switch field.type {
      case .integer: return .integer(n)
      case .real: return .real(Double(n))
      default: throw bad(String(n))
      }
    case .number(let x):
      if case .real = field.type { return .real(x) }
      throw bad(String(x))
    case .bool(let b):
      if case .bool = field.type { return .bool(b) }
      throw bad(String(b))
    case .array(let items):
      if case .lines = field.type {
        var labels = [String]()
        for item in items {
          guard case .string(let s) = item else { throw bad("[…]") }
          labels.append(s)
        }
        return .list(labels)
      }
      throw bad("[…]")
    case .object: throw bad("{…}")
    }
  }
}

/// ESCO's conventions.
public enum ESCO {
  /// `altLabels` holds one label per line.
  public static func labels(_ text: String) -> [String] {
    text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
      .map { String($0).trimmed }.filter { !$0.isEmpty }
  }
}
