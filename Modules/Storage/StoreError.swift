import Domain
import Localization

/// Everything the store can refuse, each with a sentence a user can act on.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
  case missingDatabase(path: String)
  case notADatabase(path: String)
  case foreignDatabase(path: String, reason: String)
  case newerDatabase(path: String, unknownMigrations: [String])
  /// An older EduCluster database, opened by a command that does not write: it is not
  /// upgraded behind the user's back.
  case outdatedDatabase(path: String, schema: String, current: String)
  case notFound(EntityKind, code: String)
  case unknownReference(EntityKind, field: String, code: String, target: EntityKind)
  case referenced(EntityKind, code: String, by: [String])
  case appendOnly
  case badFilter(EntityKind, String)
  case fileExists(path: String)
  case busy(String)
  case badTransition(Phrase)
  case missing(Phrase)
  case database(String)

  public var description: String { message.description }

  /// No matching run with this code (`latest`: none at all).
  public static func noMatchRun(_ code: String) -> StoreError {
    .missing(
      code == "latest"
        ? tr("no matching has been run yet: run `educluster match`") : tr("no matching run with code '\(code)'"))
  }

  /// The sentence, in any interface language.
  public var message: Phrase {
    switch self {
    case .missingDatabase(let path):
      return tr("no database at \(path): create one with `educluster init` or `educluster demo`, or pass --db PATH")
    case .notADatabase(let path):
      return tr("\(path) is not an EduCluster (SQLite) database")
    case .foreignDatabase(let path, let reason):
      return
        tr(
          "\(path) is not an EduCluster database (\(reason)): EduCluster leaves it unchanged; pass another --db, or a new file to create one"
        )
    case .newerDatabase(let path, let unknown):
      return
        tr(
          "\(path) was written by a newer EduCluster (schema \(unknown.joined(separator: ", "))): upgrade EduCluster to open it"
        )
    case .outdatedDatabase(let path, let schema, let current):
      return
        tr(
          "\(path) has an older schema (\(schema)) than this EduCluster reads (\(current)); nothing was changed. Upgrade it with `educluster init --db \(path)` (any write upgrades it too), after a backup if you like: `educluster db backup`"
        )
    case .notFound(let kind, let code):
      return tr("no \(kind.title) with code '\(code)'")
    case .unknownReference(let kind, let field, let code, let target):
      return
        tr("\(kind.title) \(field): no \(target.title) with code '\(code)' (add it first, or check the code)")
    case .referenced(let kind, let code, let by):
      return
        tr("\(kind.title) '\(code)' is still referenced by \(by.joined(separator: ", ")): remove or change those first")
    case .appendOnly:
      return tr("the ledger is append-only: add a reversing entry instead of changing or removing one")
    case .badFilter(let kind, let why):
      return tr("cannot filter \(kind.titlePlural): \(why)")
    case .fileExists(let path):
      return tr("\(path) already exists: choose another path or remove it first")
    case .busy(let message):
      return tr("the database is busy (another process holds a write lock): \(message); try again")
    case .badTransition(let message), .missing(let message):
      return message
    case .database(let message):
      return tr("database error: \(message)")
    }
  }
}
