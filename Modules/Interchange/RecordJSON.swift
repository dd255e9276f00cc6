import Domain
import Foundation

/// Writes records as JSON objects: keys sorted, null fields left out, child lists as arrays
/// (of plain values when a list has one field, as the entities' own JSON has), two-space
/// indentation. Deterministic, so an export re-exports byte-identically.
public enum RecordJSON {
  public static func object(_ record: Record, omitting: Set<String> = [], indent: String = "  ") -> String {
    let schema = record.kind.schema
    var members = [(String, String)]()
    for (key, value) in record.values where !value.isNull && !omitting.contains(key) {
      if let field = schema.field(key), case .lines = field.type {
        let labels = value.plain.split(separator: "\n", omittingEmptySubsequences: true).map { quote(String($0)) }
        members.append((key, array(labels, indent: indent)))
      } else {
        members.append((key, scalar(value)))
      }
    }
    for child in schema.children {
      guard let rows = record.children[child.name] else { continue }
      let items: [String] =
        child.fields.count == 1
        ? rows.map { scalar($0[child.fields[0].name]) }
        : rows.map { row in
          let parts = child.fields.compactMap { f -> (String, String)? in
            row[f.name].isNull ? nil : (f.name, scalar(row[f.name]))
          }.sorted { $0.0 < $1.0 }
          return "{ " + parts.map { "\(quote($0.0)): \($0.1)" }.joined(separator: ", ") + " }"
        }
      members.append((child.name, array(items, indent: indent)))
    }
    members.sort { $0.0 < $1.0 }
    let inner = members.map { "\(indent)  \(quote($0.0)): \($0.1)" }.joined(separator: ",\n")
    return "\(indent){\n\(inner)\n\(indent)}"
  }

  static func array(_ items: [String], indent: String) -> String {
    if items.isEmpty { return "[]" }
    return "[\n" + items.map { "\(indent)    \($0)" }.joined(separator: ",\n") + "\n\(indent)  ]"
  }

  public static func scalar(_ value: FieldValue) -> String {
    switch value {
    case .null: return "null"
    case .text(let s): return quote(s)
    case .integer(let n): return String(n)
    case .real(let x): return x.isFinite ? String(x) : "null"
    case .bool(let b): return b ? "true" : "false"
    }
  }

  /// A JSON string literal.
  public static func quote(_ s: String) -> String {
    var out = "\""
    out.reserveCapacity(s.utf8.count + 2)
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
