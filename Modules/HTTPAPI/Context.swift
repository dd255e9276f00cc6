import AppCore
import Dispatch
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Localization
import Metrics
import NIOPosix
import Synchronization

/// The request context: Hummingbird's core storage plus who is calling.
public struct APIContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// The token's principal, once the auth middleware has checked it.
  var principal: Principal?
  /// The dashboard session the request came with (its id and form token), when live.
  var session: (id: String, formToken: String)?

  public init(source: Source) {
    coreContext = .init(source: source)
  }
}

/// What every handler shares: the application layer (a WAL pool of readers and one writer),
/// the authenticator, and the database timer.
struct Services: Sendable {
  let app: EduCluster
  let authenticator: Authenticator
  /// Bounds heavy work (analyses, matching, imports, exports, the dashboard).
  let gate: WorkGate
  /// Analysis results and the dashboard, while the data is unchanged.
  let results = ResultCache()

  /// `run`, once the work gate has a place (503 with Retry-After when it has none in time).
  func heavy<T: Sendable>(
    _ operation: String, as principal: Principal? = nil,
    _ body: @escaping @Sendable (EduCluster) throws(AppError) -> T
  ) async throws -> T {
    try await gate.run { try await run(operation, as: principal, body) }
  }

  /// Runs a call of the (synchronous) application layer on a thread of `Blocking.pool`, so
  /// that the server's event loops and Swift's cooperative pool never wait on the database.
  /// The time spent is recorded as `educluster_db_duration_seconds{operation}`.
  func run<T: Sendable>(
    _ operation: String, as principal: Principal? = nil,
    _ body: @escaping @Sendable (EduCluster) throws(AppError) -> T
  ) async throws -> T {
    let app = principal.map { self.app.acting(as: $0.name) } ?? self.app
    let timer = DatabaseTimers.shared.timer(operation)
    return try await Blocking.pool.runIfActive {
      let start = DispatchTime.now().uptimeNanoseconds
      defer { timer.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start)) }
      return try body(app)
    }
  }
}

/// Threads for the application layer's blocking calls. A call waits on its database — SQLite's
/// file, or PostgreSQL's round trips — and while one waits another can run: 16 threads let a
/// server's requests overlap their waits on PostgreSQL (Dispatch's global queues on Linux keep
/// to one thread a core, so each waiting call held a core's share idle).
enum Blocking {
  static let pool: NIOThreadPool = {
    let pool = NIOThreadPool(numberOfThreads: 16)
    pool.start()
    return pool
  }()
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
        throw Problem(status: .unauthorized, detail: tr("the Authorization header must be 'Bearer <secret>'"))
      }
      let secret = String(Substring(parts[1]))
      guard let principal = try await services.principal(for: secret) else {
        throw Problem(status: .unauthorized, detail: tr("the token is unknown or revoked"))
      }
      context.principal = principal
    } else if path.hasPrefix("/dashboard"), let id = request.cookies[Dashboard.cookieName]?.value, !id.isEmpty {
      // The session is in the database (every server knows it); the token behind it is checked
      // on every page: revoked, the session ends.
      if let signIn = try await services.run(
        "dashboard-session",
        { app throws(AppError) in
          try app.dashboardSession(id: id)
        })
      {
        context.principal = signIn.principal
        context.session = (id, signIn.formToken)
      }
    }
    return try await next(request, context)
  }
}

extension Services {
  /// A heavy response streamed as it is produced: `produce` runs on a Dispatch worker and hands
  /// chunks to `write`, which blocks while the client is slower than the database and throws
  /// once the client has gone. The work gate's place is held until the last chunk is written.
  func stream(
    _ operation: String, contentType: String,
    _ produce: @escaping @Sendable (EduCluster, (String) throws(AppError) -> Void) throws(AppError) -> Void
  ) async throws -> Response {
    try await gate.acquire()
    let ticket = GateTicket(gate)
    let app = self.app
    let timer = DatabaseTimers.shared.timer(operation)
    let body = ResponseBody { writer in
      defer { ticket.release() }
      let pipe = ChunkPipe()
      DispatchQueue.global().async {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
          try produce(app) { chunk throws(AppError) in try pipe.put(chunk) }
          pipe.finish(nil)
        } catch {
          pipe.finish(error)
        }
        timer.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
      }
      do {
        while let chunk = try await pipe.next() {
          try await writer.write(ByteBuffer(string: chunk))
        }
        try await writer.finish(nil)
      } catch {
        pipe.cancel()
        throw error
      }
    }
    return Response(status: .ok, headers: [.contentType: contentType], body: body)
  }
}

/// One place of the work gate, given back exactly once: when the streamed body ends, or when
/// the response is dropped without its body ever being written.
final class GateTicket: Sendable {
  private let gate: WorkGate
  private let held = Mutex(true)

  init(_ gate: WorkGate) { self.gate = gate }

  func release() {
    let wasHeld = held.withLock { h -> Bool in
      defer { h = false }
      return h
    }
    if wasHeld { gate.release() }
  }

  deinit { release() }
}
