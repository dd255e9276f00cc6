import Foundation
import Localization

/// One problem with one field of a record, in words a user can act on.
public struct ValidationIssue: Sendable, Hashable, Codable, CustomStringConvertible {
  public var field: String
  public var message: Phrase

  public init(field: String, message: Phrase) {
    self.field = field
    self.message = message
  }

  public var description: String { "\(field): \(message)" }

  /// `field: message`, in any language.
  public var phrase: Phrase { Phrase.joined([Phrase(verbatim: field), message], separator: ": ") }

  enum CodingKeys: String, CodingKey { case field, message }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    field = try c.decode(String.self, forKey: .field)
    message = Phrase(verbatim: try c.decode(String.self, forKey: .message))
  }

  /// Encoded in English, as every machine format is.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(field, forKey: .field)
    try c.encode(message.description, forKey: .message)
  }
}

/// Errors raised by the domain model: a field that is missing or cannot be read, or a record
/// that breaks a rule.
public enum DomainError: Error, Sendable, Equatable, CustomStringConvertible {
  case missingField(EntityKind, field: String)
  case badValue(EntityKind, field: String, value: String, expected: Phrase)
  case invalid(EntityKind, code: String, issues: [ValidationIssue])
  case unknownField(EntityKind, field: String)

  public var description: String { message.description }

  /// The sentence, in any interface language.
  public var message: Phrase {
    switch self {
    case .missingField(let kind, let field):
      return tr("\(kind.title): '\(field)' is required (give --\(field.cliName))")
    case .badValue(let kind, let field, let value, let expected):
      return tr("\(kind.title): '\(field)' cannot be '\(value)': expected \(expected)")
    case .invalid(let kind, let code, let issues):
      return tr("\(kind.title) '\(code)' is invalid: \(Phrase.joined(issues.map(\.phrase), separator: "; "))")
    case .unknownField(let kind, let field):
      let known = kind.schema.fields.map(\.name) + kind.schema.children.map(\.option)
      return tr("\(kind.title) has no field '\(field)' (fields: \(known.joined(separator: ", ")))")
    }
  }
}

extension String {
  /// `cohort_year` → `cohort-year`, the spelling of a field as a command-line option.
  public var cliName: String { replacingOccurrences(of: "_", with: "-") }
}
