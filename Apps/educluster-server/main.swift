import AppCore
import ArgumentParser
import Foundation
import HTTPAPI
import Hummingbird
import Logging

/// `educluster-server`: the REST API, OpenAPI document, metrics and dashboard over one database.
@main
struct EduclusterServer: AsyncParsableCommand {
  /// Errors as the CLI and the TUI report them: one line on stderr; exit 2 for usage, 1 for a
  /// failure (a database that cannot be opened), 0 for --help.
  static func main() async {
    do {
      var command = try parseAsRoot()
      if let server = command as? EduclusterServer {
        try await server.run()
      } else {
        try command.run()
      }
    } catch let error as AppError {
      try? FileHandle.standardError.write(contentsOf: Data("educluster-server: \(error.message)\n".utf8))
      Foundation.exit(1)
    } catch {
      if exitCode(for: error) == .validationFailure {
        let message = self.message(for: error).replacing("Error: ", with: "")
        try? FileHandle.standardError.write(contentsOf: Data("educluster-server: \(message) (see --help)\n".utf8))
        Foundation.exit(2)
      }
      exit(withError: error)
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
    let app = try buildApplication(configuration)
    try await app.runService()
  }
}
