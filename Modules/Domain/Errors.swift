import Foundation

/// One problem with one field of a record, in words a user can act on.
public struct ValidationIssue: Sendable, Hashable, Codable, CustomStringConvertible {
  public var field: String
  public var message: String

  public init(field: String, message: String) {
    self.field = field
    self.message = message
  }

  public var description: String { "\(field): \(message)" }
}

/// Errors raised by the domain model: a field that is missing or cannot be read, or a record
/// that breaks a rule.
public enum DomainError: Error, Sendable, Equatable, CustomStringConvertible {
  case missingField(EntityKind, field: String)
  case badValue(EntityKind, field: String, value: String, expected: String)
  case invalid(EntityKind, code: String, issues: [ValidationIssue])
  case unknownField(EntityKind, field: String)

  public var description: String {
    switch self {
    case .missingField(let kind, let field):
      return "\(kind.displayName): '\(field)' is required (give --\(field.cliName))"
    case .badValue(let kind, let field, let value, let expected):
      return "\(kind.displayName): '\(field)' cannot be '\(value)': expected \(expected)"
    case .invalid(let kind, let code, let issues):
      let list = issues.map(\.description).joined(separator: "; ")
      return "\(kind.displayName) '\(code)' is invalid: \(list)"
    case .unknownField(let kind, let field):
      let known = kind.schema.fields.map(\.name) + kind.schema.children.map(\.option)
      return "\(kind.displayName) has no field '\(field)' (fields: \(known.joined(separator: ", ")))"
    }
  }
}

extension String {
  /// `cohort_year` → `cohort-year`, the spelling of a field as a command-line option.
  public var cliName: String { replacingOccurrences(of: "_", with: "-") }
}
