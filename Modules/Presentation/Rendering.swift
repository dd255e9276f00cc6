import AppCore
import Domain
import Interchange
import Localization

/// Text renderings shared by the frontends: aligned tables, RFC 4180 CSV and JSON.
public enum Rendering {
  public static func table(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
    TextTable(header: header, rows: rows, rightAligned: rightAligned).render()
  }

  public static func csv(header: [String], rows: [[String]]) -> String {
    CSVWriter().document(header: header, rows: rows)
  }

  public static func json<T: Encodable>(_ value: T) throws(AppError) -> String {
    do { return try JSONOutput.string(value) } catch {
      throw AppError(.invalid, tr("cannot write JSON: \(error)"))
    }
  }

  /// A coding key as every JSON output writes it (`specialtyName` → `specialty_name`).
  public static func jsonKey(_ key: String) -> String { JSONOutput.snakeCased(key) }

  public static func displayWidth(_ text: String) -> Int { DisplayWidth.of(text) }

  /// camelCase reasons as words: `fullOfHigherRanked` → "full of higher ranked".
  public static func words(_ reason: String) -> String {
    var out = ""
    for ch in reason {
      if ch.isUppercase { out += " " + ch.lowercased() } else { out.append(ch) }
    }
    return out.replacing("_", with: " ")
  }

  /// A listing as a table of the kind's list fields, in a language: its headers, the names'
  /// labels there (else the name), counts with its digit grouping. English headers are the
  /// fields' own names, as the options and files call them.
  public static func table(_ entities: [any Entity], kind: EntityKind, language: Language = .en) -> String {
    let fields = kind.schema.listFields
    let right = Set(fields.enumerated().filter { [.integer, .real].contains($0.element.type) }.map(\.offset))
    let format = LocalFormat(language)
    let rows = entities.map { e in
      let record = e.record
      return fields.map { field -> String in
        if field.name == "name" || field.name == "title", let labelled = e as? any Labelled {
          return labelled.name(in: language)
        }
        if field.type == .integer, language != .en, case .integer(let n) = record[field.name] {
          return format.grouped(Int(n))
        }
        return shown(record[field.name], of: field, in: language)
      }
    }
    return table(header: fields.map { header($0.title, language) }, rows: rows, rightAligned: right)
  }

  /// A value for people: a choice's words in the language (English: the value as the files
  /// write it), anything else as it is.
  public static func shown(_ value: FieldValue, of field: Field, in language: Language) -> String {
    if language != .en, case .choice = field.type, case .text(let raw) = value {
      return Field.valueText(raw, in: language)
    }
    return value.plain
  }

  /// A column's header: the phrase in the language (English: as the sources write it).
  public static func header(_ title: Phrase, _ language: Language) -> String { title.text(in: language) }

  /// A listing as CSV of every scalar field (child lists are left to `show` and JSON).
  public static func csv(_ entities: [any Entity], kind: EntityKind) -> String {
    let fields = kind.schema.fields
    return csv(header: fields.map(\.name), rows: entities.map { e in fields.map { e.record[$0.name].plain } })
  }

  /// Entities as a JSON array (every field and list, snake_case keys).
  public static func json(_ entities: [any Entity]) throws(AppError) -> String {
    try json(entities.map(AnyEntity.init))
  }

  /// One entity, field by field, then each child list in its `--option` syntax; the labels in a
  /// language (English: the fields' own names).
  public static func detail(_ entity: any Entity, language: Language = .en) -> String {
    let schema = type(of: entity).kind.schema
    let record = entity.record
    let names = schema.fields.map { $0.title.text(in: language) } + schema.children.map { $0.title.text(in: language) }
    let width = names.map(DisplayWidth.of).max() ?? 0
    var out = ""
    for f in schema.fields {
      let value = shown(record[f.name], of: f, in: language).replacing("\r\n", with: "\n")
      let lines = value.split(separator: "\n", omittingEmptySubsequences: false).map { TextRules.visible(String($0)) }
      out += f.title.text(in: language).padding(width) + "  " + (lines.first ?? "") + "\n"
      for more in lines.dropFirst() { out += String(repeating: " ", count: width + 2) + more + "\n" }
    }
    for child in schema.children {
      let rows = record.rows(child.name)
      let count = rows.isEmpty ? tr("(none)").text(in: language) : "\(rows.count)"
      out += child.title.text(in: language).padding(width) + "  " + count + "\n"
      for row in rows {
        out += String(repeating: " ", count: width + 2) + "- " + TextRules.visible(child.format(row)) + "\n"
      }
    }
    return out
  }
}

/// Type-erased encoding of an entity.
public struct AnyEntity: Encodable, Sendable {
  public let entity: any Entity
  public init(_ entity: any Entity) { self.entity = entity }
  public func encode(to encoder: any Encoder) throws { try entity.encode(to: encoder) }
}

extension String {
  func padding(_ width: Int) -> String {
    self + String(repeating: " ", count: max(0, width - DisplayWidth.of(self)))
  }
}
