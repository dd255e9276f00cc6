import Domain
import Interchange
import Localization
import Storage

/// The one error type the frontends see. `category` tells a frontend how to report it
/// (exit code, HTTP status); `message` is one sentence a user can act on.
public struct AppError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Category: String, Sendable, Codable {
    /// Bad input: a value, a field, a rule.
    case invalid
    /// A code that names nothing.
    case notFound
    /// Would break a rule of the registry's state: a duplicate, a record still referenced,
    /// an append-only ledger, a newer database.
    case conflict
    /// The database could not be used (busy, unreadable, missing).
    case unavailable
  }

  public var category: Category
  public var message: Phrase
  /// Further lines (e.g. every `file:line:column: message` of a failed import).
  public var details: [Phrase]
  /// The fields at fault, when the error is about fields of a record (for an API client).
  public var fields: [String]

  public init(_ category: Category, _ message: Phrase, details: [Phrase] = [], fields: [String] = []) {
    self.category = category
    self.message = message
    self.details = details
    self.fields = fields
  }

  public var description: String { message.description }

  /// The same error as a user reads it (in English): category, words, details and fields.
  public static func == (a: AppError, b: AppError) -> Bool {
    a.category == b.category && a.message.description == b.message.description
      && a.details.map(\.description) == b.details.map(\.description)
      && a.fields == b.fields
  }

  static func from(_ error: any Error) -> AppError {
    switch error {
    case let e as AppError: return e
    case let e as DomainError:
      let fields: [String]
      switch e {
      case .missingField(_, let field), .badValue(_, let field, _, _), .unknownField(_, let field): fields = [field]
      case .invalid(_, _, let issues): fields = issues.map(\.field)
      }
      return AppError(.invalid, e.message, fields: fields)
    case let e as StoreError:
      switch e {
      case .notFound, .missing: return AppError(.notFound, e.message)
      case .unknownReference(_, let field, _, _): return AppError(.invalid, e.message, fields: [field])
      case .badFilter: return AppError(.invalid, e.message)
      case .referenced, .appendOnly, .newerDatabase, .fileExists, .badTransition:
        return AppError(.conflict, e.message)
      case .missingDatabase, .notADatabase, .foreignDatabase, .outdatedDatabase, .busy, .database:
        return AppError(.unavailable, e.message)
      }
    case let e as XLSXWriteError: return AppError(.unavailable, e.message)
    default: return AppError(.unavailable, Phrase(verbatim: "\(error)"))
    }
  }
}

/// Runs `body`, turning any error into an `AppError`.
func mapped<T>(_ body: () throws -> T) throws(AppError) -> T {
  do { return try body() } catch { throw AppError.from(error) }
}
