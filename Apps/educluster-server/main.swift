import AppCore
import AppShell
import ArgumentParser
import Foundation
import HTTPAPI
import Hummingbird
import Logging

/// `educluster-server`: the REST API, OpenAPI document, metrics and dashboard over one database.
@main
struct EduclusterServer: AsyncParsableCommand {
  /// Errors as the CLI and the TUI report them (AppShell): one line on stderr; exit 2 for
  /// usage, 1 for a failure (a database that cannot be opened), 0 for --help.
  /// The language of the server's own messages (`--lang`, `EDUCLUSTER_LANG`, the locale);
  /// each response follows its request's `Accept-Language`.
  static func main() async {
    let language = ProgramLanguage.choose(Array(CommandLine.arguments.dropFirst()), program: "educluster-server")
    do {
      var command = try parseAsRoot()
      if let server = command as? EduclusterServer {
        try await server.run()
      } else {
        try command.run()
      }
    } catch {
      ProgramExit.report(error, program: "educluster-server", command: Self.self, language: language)
    }
  }

  static let configuration = CommandConfiguration(
    commandName: "educluster-server",
    abstract: "EduCluster's HTTP server for integrators: REST/JSON under /api/v1, a dashboard, metrics.",
    discussion: """
      Serves the database at --db (else $EDUCLUSTER_DB, else ./educluster.sqlite), on this \
      machine only unless --host says otherwise. Every /api route needs a bearer token:

        educluster token create --name my-portal --role reader
        curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/v1/organizations

      The contract is at /openapi.json; /healthz, /readyz and /metrics need no token; the \
      dashboard is at /dashboard. SIGTERM or Ctrl-C shuts down gracefully. The CLI and the TUI \
      may use the same file at the same time. docs/api.md shows each common task.

      With --db postgres://USER:PASSWORD@HOST:PORT/DATABASE, several servers share one \
      PostgreSQL database behind a reverse proxy: docs/deploy.md.
      """,
    version: "0.1.0")

  @OptionGroup var database: DatabaseOption
  @OptionGroup var language: LanguageOption
  @Option(help: "The address to listen on (127.0.0.1: this machine only).") var host = "127.0.0.1"
  @Option(help: "The port (0: any free port).") var port = 8080
  @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
  var logLevel = "info"

  @Option(
    name: .customLong("idle-timeout"),
    help: ArgumentHelp("Close a connection with no request in progress after this many seconds.", valueName: "s"))
  var idleTimeout = EduclusterServer.seconds(ConnectionLimits().idleTimeout)
  @Option(
    name: .customLong("header-timeout"),
    help: ArgumentHelp("A request's headers must arrive within this many seconds of its first byte.", valueName: "s"))
  var headerTimeout = EduclusterServer.seconds(ConnectionLimits().headerTimeout)
  @Option(
    name: .customLong("body-timeout"),
    help: ArgumentHelp(
      "A request's body must arrive within this many seconds of its headers (raise it for large imports over slow links).",
      valueName: "s"))
  var bodyTimeout = EduclusterServer.seconds(ConnectionLimits().bodyTimeout)
  @Option(
    name: .customLong("max-connections"),
    help: ArgumentHelp(
      "Open connections at most; at the cap the longest-stalled one is closed for a new one.",
      discussion: "Default: the descriptor limit less 128 (\(ConnectionLimits.defaultMaxConnections()) here).",
      valueName: "n"))
  var maxConnections: Int?
  @Option(
    name: .customLong("heavy-workers"),
    help: ArgumentHelp(
      "Analyses, matching runs, imports and exports running at once (default: the cores, at least 2).", valueName: "n"
    ))
  var heavyWorkers: Int?
  @Option(
    name: .customLong("heavy-queue"),
    help: ArgumentHelp("Heavy requests waiting at most; past that they get 503 with Retry-After.", valueName: "n"))
  var heavyQueue = WorkLimits().queue
  @Option(
    name: .customLong("heavy-wait"),
    help: ArgumentHelp("Seconds a heavy request waits in the queue before a 503.", valueName: "s"))
  var heavyWait = EduclusterServer.seconds(WorkLimits().wait)

  /// The defaults live in `ConnectionLimits` / `WorkLimits`; the flags show them in seconds.
  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
  }

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port is 0 to 65535") }
    for (name, value) in [
      ("--idle-timeout", idleTimeout), ("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout),
      ("--heavy-wait", heavyWait),
    ] {
      guard value.isFinite, value > 0, value <= 86_400 else { throw ValidationError("\(name) is seconds, above 0") }
    }
    if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections is at least 1") }
    if let heavyWorkers, heavyWorkers < 1 { throw ValidationError("--heavy-workers is at least 1") }
    guard heavyQueue >= 0 else { throw ValidationError("--heavy-queue is 0 or more") }
    guard Logger.Level(rawValue: logLevel) != nil else {
      throw ValidationError("--log-level is trace, debug, info, notice, warning, error or critical")
    }
  }

  func run() async throws {
    let path = database.path
    let connections = ConnectionLimits(
      idleTimeout: .seconds(idleTimeout), headerTimeout: .seconds(headerTimeout), bodyTimeout: .seconds(bodyTimeout),
      maxConnections: maxConnections ?? ConnectionLimits.defaultMaxConnections())
    var work = WorkLimits(queue: heavyQueue, wait: .seconds(heavyWait))
    if let heavyWorkers { work.workers = heavyWorkers }
    let configuration = ServerConfiguration(
      databasePath: path, host: host, port: port, logLevel: Logger.Level(rawValue: logLevel) ?? .info,
      connections: connections, work: work)
    let app = try buildApplication(configuration)
    try await app.runService()
  }
}
