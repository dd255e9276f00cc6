import AppCore
import Dispatch
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Metrics

/// The request context: Hummingbird's core storage plus who is calling.
public struct APIContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// The token's principal, once the auth middleware has checked it.
  var principal: Principal?

  public init(source: Source) {
    coreContext = .init(source: source)
  }
}

/// What every handler shares: the application layer (a WAL pool of readers and one writer),
/// the authenticator, and the database timer.
struct Services: Sendable {
  let app: EduCluster
  let authenticator: Authenticator

  /// Runs a call of the (synchronous) application layer on a Dispatch worker, so that the
  /// server's event loops and Swift's cooperative pool never wait on SQLite. The time spent
  /// is recorded as `educluster_db_duration_seconds{operation}`.
  func run<T: Sendable>(
    _ operation: String, as principal: Principal? = nil,
    _ body: @escaping @Sendable (EduCluster) throws(AppError) -> T
  ) async throws -> T {
    let app = principal.map { self.app.acting(as: $0.name) } ?? self.app
    let timer = DatabaseTimers.shared.timer(operation)
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
      DispatchQueue.global().async {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
          let value = try body(app)
          timer.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
          continuation.resume(returning: value)
        } catch {
          timer.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
          continuation.resume(throwing: error)
        }
      }
    }
  }
}

extension Services {
  /// The principal of a token: from the authenticator's memory when it was seen in the last
  /// seconds, else from the database (on a worker).
  func principal(for secret: String) async throws -> Principal? {
    if let known = authenticator.remembered(secret) { return known }
    let authenticator = self.authenticator
    return try await run("authenticate") { _ throws(AppError) in try authenticator.principal(for: secret) }
  }
}

/// One `educluster_db_duration_seconds{operation}` timer per operation, made once (asking the
/// metrics factory on every request costs a lock and a lookup there).
final class DatabaseTimers: @unchecked Sendable {
  static let shared = DatabaseTimers()
  private let lock = NSLock()
  private var timers = [String: Timer]()

  func timer(_ operation: String) -> Timer {
    lock.lock()
    defer { lock.unlock() }
    if let t = timers[operation] { return t }
    let t = Timer(label: "educluster_db_duration_seconds", dimensions: [("operation", operation)])
    timers[operation] = t
    return t
  }
}

/// Reads a bearer token (or, for the dashboard, its cookie) and puts the principal into the
/// context. A token that is sent but unknown or revoked is refused here with 401; whether a
/// route needs a token at all, and which role, is checked by the route.
struct AuthMiddleware: RouterMiddleware {
  typealias Context = APIContext
  let services: Services

  func handle(
    _ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response
  )
    async throws -> Response
  {
    let path = request.uri.path
    guard path.hasPrefix("/api/") || path.hasPrefix("/dashboard") else { return try await next(request, context) }
    var context = context
    if let header = request.headers[.authorization] {
      // "Bearer <secret>", split by hand: Foundation's trimming costs more than the rest of auth.
      let parts = header.utf8.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)
      guard parts.count == 2, String(Substring(parts[0])).lowercased() == "bearer" else {
        throw Problem(status: .unauthorized, detail: "the Authorization header must be 'Bearer <secret>'")
      }
      let secret = String(Substring(parts[1]))
      guard let principal = try await services.principal(for: secret) else {
        throw Problem(status: .unauthorized, detail: "the token is unknown or revoked")
      }
      context.principal = principal
    } else if path.hasPrefix("/dashboard"), let cookie = request.cookies[Dashboard.cookieName]?.value {
      context.principal = try await services.principal(for: cookie)
    }
    return try await next(request, context)
  }
}
