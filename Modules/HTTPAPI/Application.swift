import AppCore
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import Presentation
import Prometheus

/// How the server is started: flags, then environment, then defaults (see the app's `--help`).
public struct ServerConfiguration: Sendable {
  public var databasePath: String
  public var host: String
  public var port: Int
  public var logLevel: Logger.Level
  /// Timeouts and the cap on open connections.
  public var connections: ConnectionLimits
  /// How much heavy work runs at once and how long the rest may wait.
  public var work: WorkLimits

  public init(
    databasePath: String, host: String = "127.0.0.1", port: Int = 8080, logLevel: Logger.Level = .info,
    connections: ConnectionLimits = .init(), work: WorkLimits = .init()
  ) {
    self.databasePath = databasePath
    self.host = host
    self.port = port
    self.logLevel = logLevel
    self.connections = connections
    self.work = work
  }
}

/// Prometheus metrics for the whole process: Hummingbird's request counters and latency
/// histograms, and the database timer, all land in one registry served at `/metrics`.
public enum Telemetry {
  public static let registry = PrometheusCollectorRegistry()
  private static let bootstrapped: Void = {
    MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
  }()

  /// Installs the Prometheus factory once (metrics are process-wide).
  public static func bootstrap() { _ = bootstrapped }
}

/// The router, its operations and the OpenAPI document built from them.
public struct API {
  public let router: Router<APIContext>
  public let operations: [Operation]
  public let openAPI: String
}

/// Builds the router with every route and middleware over an open application layer. Tests
/// call this (and `buildApplication`) so that they exercise exactly what ships.
public func buildAPI(app: EduCluster, work: WorkLimits = .init()) throws -> API {
  Telemetry.bootstrap()
  let services = Services(app: app, authenticator: Authenticator(app: app), gate: WorkGate(work))
  let router = Router(context: APIContext.self)
  // Middleware first: Hummingbird wraps each route with the middleware present when it is added.
  // Metrics outermost, so that they count the status a client sees after problems are mapped.
  router.add(middleware: MetricsMiddleware())
  router.add(middleware: LogRequestsMiddleware(.debug))
  let methods = MethodIndexBox()
  router.add(middleware: ProblemMiddleware(methods: methods))
  router.add(middleware: AuthMiddleware(services: services))

  let registry = OperationRegistry(router: router)
  let document = DocumentBox()
  OpsRoutes.register(registry, services, document)
  EntityRoutes.register(registry, services)
  AnalysisRoutes.register(registry, services)
  MatchingRoutes.register(registry, services)
  DataRoutes.register(registry, services)
  Dashboard.register(registry, services, try PageTemplates())

  document.text = try APIDocument.render(registry.operations)
  methods.index = MethodIndex(registry.operations)
  return API(router: router, operations: registry.operations, openAPI: document.text)
}

/// The server as it runs: the database opened with a pool of readers (WAL, shared with the CLI
/// and the TUI), the API, and Hummingbird's graceful shutdown on SIGTERM / SIGINT.
public func buildApplication(_ configuration: ServerConfiguration) throws -> some ApplicationProtocol {
  let path = configuration.databasePath
  let app = try EduCluster(
    path: path, frontend: .server, user: "server", concurrentReads: true,
    onUpgrade: { from, to in
      Logger(label: "educluster-server").notice(
        "upgraded the database schema", metadata: ["database": "\(path)", "from": "\(from)", "to": "\(to)"])
    })
  return try buildApplication(app: app, configuration)
}

/// The server over an application layer that is already open (tests open theirs first), with
/// the connection limits and the work gate of `configuration`.
///
/// `onRunning` is told the port once the server listens (with port 0, the one it was given).
public func buildApplication(
  app: EduCluster, _ configuration: ServerConfiguration, onRunning: (@Sendable (Int) async -> Void)? = nil
) throws
  -> some ApplicationProtocol
{
  let logger = {
    var l = Logger(label: "educluster-server")
    l.logLevel = configuration.logLevel
    return l
  }()
  let api = try buildAPI(app: app, work: configuration.work)
  let book = ConnectionBook()
  return Application(
    router: api.router,
    server: .guarded(configuration.connections, book: book),
    configuration: .init(
      address: .hostname(configuration.host, port: configuration.port), serverName: "educluster",
      availableConnectionsDelegate: Admission(maximum: configuration.connections.maxConnections, book: book)),
    onServerRunning: { channel in
      logger.info(
        "listening",
        metadata: [
          "address": "\(channel.localAddress?.description ?? "?")", "database": "\(configuration.databasePath)",
        ])
      if let onRunning, let port = channel.localAddress?.port { await onRunning(port) }
    },
    logger: logger
  )
}

/// The OpenAPI document, rendered once every operation (its own route included) is registered.
final class DocumentBox: @unchecked Sendable {
  var text = ""
}

/// `/healthz`, `/readyz`, `/metrics` and the document itself.
enum OpsRoutes {
  static func register(_ registry: OperationRegistry, _ services: Services, _ document: DocumentBox) {
    registry.add(
      Operation(
        method: .get, path: "/healthz", id: "health", summary: "Liveness: the process answers.", tag: "operations",
        role: nil, parameters: [], requestBody: nil,
        responses: [
          (200, .json(.object(properties: [("status", .string())], required: ["status"], additional: false)))
        ],
        errors: [])
    ) { _, _ in Reply.json("{\"status\":\"ok\"}") }

    registry.add(
      Operation(
        method: .get, path: "/readyz", id: "ready", summary: "Readiness: the database answers a query.",
        tag: "operations", role: nil, parameters: [], requestBody: nil,
        responses: [
          (
            200,
            .json(
              .object(
                properties: [("status", .string()), ("clusters", .integer())], required: ["status", "clusters"],
                additional: false))
          )
        ], errors: [])
    ) { _, _ in
      let clusters = try await services.run("ready") { app throws(AppError) in try app.count(.cluster) }
      return Reply.json("{\"status\":\"ready\",\"clusters\":\(clusters)}")
    }

    registry.add(
      Operation(
        method: .get, path: "/metrics", id: "metrics",
        summary: "Prometheus metrics: requests by route and status, latency histograms, database time.",
        tag: "operations", role: nil, parameters: [], requestBody: nil,
        responses: [(200, Body(mediaTypes: [("text/plain", .string())], description: "Prometheus text format."))],
        errors: [])
    ) { _, _ in
      var buffer = [UInt8]()
      Telemetry.registry.emit(into: &buffer)
      return Response(
        status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    registry.add(
      Operation(
        method: .get, path: "/openapi.json", id: "openapi", summary: "This document.", tag: "operations", role: nil,
        parameters: [], requestBody: nil, responses: [(200, .json(.freeObject("OpenAPI 3.1")))], errors: [])
    ) { _, _ in
      Reply.text(document.text, contentType: "application/json; charset=utf-8")
    }
  }
}
