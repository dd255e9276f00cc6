import Foundation
import PostgresStore
import SQLiteStore
import Storage

/// The stores a test runs on: SQLite always, PostgreSQL when `EDUCLUSTER_TEST_PG` names a
/// server the tests may create databases on (`Tools/test.sh` starts a throwaway one and sets
/// it). Suites take `arguments: DatabaseKind.available`, so each test runs once per store.
public enum DatabaseKind: String, Sendable, CustomStringConvertible, CaseIterable {
  case sqlite, postgres

  public var description: String { rawValue }

  /// The PostgreSQL server for tests, if any.
  public static var server: String? {
    ProcessInfo.processInfo.environment["EDUCLUSTER_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 }
  }

  public static var available: [DatabaseKind] { server == nil ? [.sqlite] : [.sqlite, .postgres] }

  /// Where a new, empty database of this kind is: a file in `dir`, or a new database on the
  /// test server (its URL).
  public func newLocation(in dir: URL, file: String = "educluster.sqlite") throws -> String {
    switch self {
    case .sqlite: return dir.appendingPathComponent(file).path
    case .postgres: return try DatabaseKind.newPostgresDatabase()
    }
  }

  /// A new database on the test server, named `educluster_test_RUN_…` (RUN from
  /// `EDUCLUSTER_TEST_RUN`, which `Tools/test.sh` sets and drops the run's databases by),
  /// made with `psql`.
  public static func newPostgresDatabase() throws -> String {
    guard let server else { throw CocoaError(.featureUnsupported) }
    let run = ProcessInfo.processInfo.environment["EDUCLUSTER_TEST_RUN"].flatMap { value in
      value.isEmpty || !value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) ? nil : value.lowercased()
    }
    let name =
      "educluster_test_" + (run.map { $0 + "_" } ?? "")
      + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
    try psql(server, "CREATE DATABASE \(name)")
    guard let slash = server.range(of: "/", options: .backwards) else { throw CocoaError(.featureUnsupported) }
    return String(server[..<slash.lowerBound]) + "/" + name
  }

  /// Runs one statement through `psql` on `url`; its output, or an error with psql's message.
  @discardableResult
  public static func psql(_ url: String, _ statement: String) throws -> String {
    let dir = try temporaryFolder("psql")
    defer { try? FileManager.default.removeItem(at: dir) }
    let candidates = ["/usr/bin/psql", "/usr/local/bin/psql"]
    guard let binary = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
      throw CocoaError(.executableNotLoadable)
    }
    let outcome = try runProcess(
      URL(fileURLWithPath: binary), [url, "-v", "ON_ERROR_STOP=1", "-qAtc", statement], in: dir)
    guard outcome.status == 0 else { throw PSQLFailure(message: outcome.stderr) }
    return outcome.stdout
  }

  /// Opens a store at `location` (a file path or a postgres:// URL).
  public static func open(_ location: String, create: Bool = false) throws -> any RegistryStore {
    PostgresURL.isURL(location) ? try PGStore(url: location, create: create) : try Store(path: location, create: create)
  }
}

public struct PSQLFailure: Error, CustomStringConvertible {
  public let message: String
  public var description: String { message }
}
