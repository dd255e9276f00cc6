import AppShell
import Domain
import Foundation
import Localization

/// Reads `--field value` / `--field=value` pairs (and repeated list options such as
/// `--outcome C:3:40`) against a kind's schema.
enum FieldArguments {
  static func pairs(_ args: [String]) throws -> [(String, String)] {
    var out = [(String, String)]()
    var i = 0
    while i < args.count {
      let token = args[i]
      guard token.hasPrefix("--"), token.count > 2 else {
        throw UsageError(tr("unexpected '\(token)': fields are given as --FIELD VALUE"))
      }
      let body = token.dropFirst(2)
      if let eq = body.firstIndex(of: "=") {
        out.append((String(body[..<eq]), String(body[body.index(after: eq)...])))
        i += 1
      } else {
        guard i + 1 < args.count else { throw UsageError(tr("--\(body) needs a value")) }
        out.append((String(body), args[i + 1]))
        i += 2
      }
    }
    return out.map { ($0.0.replacing("-", with: "_"), $0.1) }
  }

  /// A record of the given fields. Unknown names are usage errors; values are parsed by type.
  static func record(_ args: [String], kind: EntityKind, partial: Bool = false) throws -> Record {
    let schema = kind.schema
    var record = Record(kind)
    var seen = Set<String>()
    for (name, raw) in try pairs(args) {
      if let field = schema.field(name) {
        guard seen.insert(name).inserted else { throw UsageError(tr("--\(name.cliName) is given twice")) }
        record[name] = try field.parse(raw, kind: kind)
      } else if let child = schema.child(option: name) {
        var rows = record.children[child.name] ?? []
        if !raw.isBlank {
          rows.append(try child.parseRow(raw, kind: kind))
        }
        record.children[child.name] = rows
      } else {
        throw UsageError(DomainError.unknownField(kind, field: name).message)
      }
    }
    if !partial {
      for field in schema.fields where field.required && record[field.name].isNull {
        if field.name == "code" && (schema.derivedCode != nil || kind == .ledger) { continue }
        throw UsageError(tr("\(kind.title) needs --\(field.name.cliName) (\(field.type.expectation))"))
      }
    }
    return record
  }

  /// Listing filters: `--field value` for scalar or reference fields.
  static func filters(_ args: [String], kind: EntityKind) throws -> [String: String] {
    var out = [String: String]()
    for (name, value) in try pairs(args) {
      guard kind.schema.field(name) != nil else {
        throw UsageError(
          tr(
            "cannot filter \(kind.titlePlural) by '\(name)' (fields: \(kind.schema.fields.map(\.name).joined(separator: ", ")))"
          )
        )
      }
      out[name] = value
    }
    return out
  }
}

/// Help text generated from the schema, so it never drifts from what the parser accepts.
enum FieldHelp {
  static func text(for kind: EntityKind) -> String {
    let schema = kind.schema
    var lines = [say(tr("FIELDS (--FIELD VALUE; * = required):"))]
    let width = (schema.fields.map { $0.name.count }.max() ?? 0) + 6
    for f in schema.fields {
      let name = "  --\(f.name.cliName)\(f.required ? " *" : "")"
      var line =
        name + String(repeating: " ", count: max(1, width - name.count)) + f.type.expectation.text(in: CLI.language)
      if let help = f.help { line += "; " + say(help) }
      lines.append(line)
    }
    if !schema.children.isEmpty {
      lines.append(say(tr("LISTS (repeat the option, one item each):")))
      for c in schema.children { lines.append("  " + say(c.help)) }
    }
    return lines.joined(separator: "\n")
  }

  static func example(for kind: EntityKind) -> String {
    switch kind {
    case .organization: return "--kind university --region UZ-AN"
    case .program: return "--level vocational"
    case .need: return "--year 2025 --region UZ-NG"
    case .student: return "--program NamECI-BSC-CIV"
    default: return "--code X"
    }
  }

  static func addExample(for kind: EntityKind) -> String {
    switch kind {
    case .organization:
      return "--code ORG-1 --name \"Marhamat agro college\" --kind vocational_college --region UZ-AN-MAR"
    case .region: return "--code UZ-NG-NEW --name \"Yangi tuman\" --level district --parent UZ-NG"
    case .program:
      return "--code P-1 --name \"Welding\" --organization ORG-1 --level vocational --form dual --outcome C-WELD:3:120"
    case .ledger: return "--date 2025-03-01 --from ORG-A --to ORG-B --amount 5000000 --purpose \"Grant tranche\""
    case .agreement:
      return
        "--code AG-1 --kind internship --customer ENT-1 --provider ORG-1 --status active --obligation \"Host 10 interns:2025-06-01\""
    default:
      let required = kind.schema.fields.filter(\.required).map { "--\($0.name.cliName) \($0.name.uppercased())" }
      return required.joined(separator: " ")
    }
  }
}
