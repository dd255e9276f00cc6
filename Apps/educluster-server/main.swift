import AppCore
import ArgumentParser
import HTTPAPI
import Hummingbird
import Logging

/// `educluster-server`: the REST API, OpenAPI document, metrics and dashboard over one database.
@main
struct EduclusterServer: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "educluster-server",
    abstract: "EduCluster's HTTP server for integrators: REST/JSON under /api/v1, a dashboard, metrics.",
    discussion: """
      Serves the database at --db (else $EDUCLUSTER_DB, else ./educluster.sqlite) on loopback unless told
      otherwise. Every /api route needs a bearer token: make one with
        educluster token create --name my-portal --role reader
      then try
        curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/v1/organizations
      The contract is at /openapi.json; /healthz, /readyz and /metrics need no token; the dashboard is
      at /dashboard. SIGTERM or Ctrl-C shuts down gracefully. The CLI and the TUI may use the same file.
      """,
    version: "0.1.0")

  @Option(help: ArgumentHelp("The database file.", valueName: "path")) var db: String?
  @Option(help: "The address to listen on (127.0.0.1: this machine only).") var host = "127.0.0.1"
  @Option(help: "The port (0: any free port).") var port = 8080
  @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
  var logLevel = "info"

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port is 0 to 65535") }
    guard Logger.Level(rawValue: logLevel) != nil else {
      throw ValidationError("--log-level is trace, debug, info, notice, warning, error or critical")
    }
  }

  func run() async throws {
    let path = db ?? EduCluster.defaultPath()
    let configuration = ServerConfiguration(
      databasePath: path, host: host, port: port, logLevel: Logger.Level(rawValue: logLevel) ?? .info)
    let app: any ApplicationProtocol
    do {
      app = try buildApplication(configuration)
    } catch let error as AppError {
      throw ValidationError(error.message)
    }
    try await app.runService()
  }
}
