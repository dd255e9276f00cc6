import Dispatch
import Domain
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO
import Storage

/// Where a PostgreSQL database is, as a `postgres://USER:PASSWORD@HOST:PORT/DATABASE` URL names
/// it (or `postgresql://`). As libpq's users expect, a missing password comes from `PGPASSWORD`
/// or `~/.pgpass` (`PGPASSFILE`), a missing user from `PGUSER` or `$USER`, and `?host=/dir`
/// names a Unix-socket directory.
public struct PostgresURL: Sendable, Hashable {
  public var user: String
  public var password: String?
  public var host: String
  public var port: Int
  public var database: String
  /// A Unix-socket directory (`?host=/run/postgresql`), instead of TCP.
  public var socketDirectory: String?
  /// Connections one process opens at most (`?pool=N`, 1…200; default 10).
  public var poolSize: Int

  /// Whether `text` names a PostgreSQL database rather than a SQLite file.
  public static func isURL(_ text: String) -> Bool {
    text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
  }

  public init(
    _ text: String, environment: [String: String] = ProcessInfo.processInfo.environment,
    passFile: String? = nil
  ) throws {
    guard PostgresURL.isURL(text), let url = URLComponents(string: text) else {
      throw StoreError.database(
        "'\(PostgresURL.redacted(text))' is not a PostgreSQL URL: write postgres://USER:PASSWORD@HOST:PORT/DATABASE")
    }
    let query = Dictionary(
      (url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
    socketDirectory = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
    host = url.host.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding } ?? query["host"] ?? "localhost"
    port = url.port ?? query["port"].flatMap(Int.init) ?? 5432
    poolSize = min(200, max(1, query["pool"].flatMap(Int.init) ?? 10))
    user =
      url.user?.removingPercentEncoding ?? query["user"] ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
    let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
    database = path.removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 } ?? query["dbname"] ?? user
    if let given = url.password?.removingPercentEncoding {
      password = given
    } else if let env = environment["PGPASSWORD"] {
      password = env
    } else {
      let file =
        passFile ?? environment["PGPASSFILE"]
        ?? (environment["HOME"].map { $0 + "/.pgpass" } ?? NSHomeDirectory() + "/.pgpass")
      password = PostgresURL.passFileEntry(
        file, host: socketDirectory == nil ? host : "localhost", port: port, database: database, user: user)
    }
  }

  /// The URL as it is safe to show: without its password.
  public var display: String {
    let socket = socketDirectory.map { "?host=\($0)" } ?? ""
    return "postgres://\(user)@\(host):\(port)/\(database)\(socket)"
  }

  /// `text` with any password replaced by `***`.
  public static func redacted(_ text: String) -> String {
    guard var url = URLComponents(string: text), url.password != nil else { return text }
    url.password = "***"
    return url.string ?? text
  }

  /// The password of the first `~/.pgpass` line that fits (`host:port:database:user:password`,
  /// `*` matches anything, `\:` and `\\` escaped). libpq ignores a file others can read; so
  /// does this.
  static func passFileEntry(_ path: String, host: String, port: Int, database: String, user: String) -> String? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let text = try? String(contentsOfFile: path, encoding: .utf8)
    else { return nil }
    if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 { return nil }
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
      var fields = [String]()
      var current = ""
      var escaped = false
      for ch in line {
        if escaped {
          current.append(ch)
          escaped = false
        } else if ch == "\\" {
          escaped = true
        } else if ch == ":" && fields.count < 4 {
          fields.append(current)
          current = ""
        } else {
          current.append(ch)
        }
      }
      fields.append(current)
      guard fields.count == 5 else { continue }
      let wanted = [host, String(port), database, user]
      if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
    }
    return nil
  }

  var configuration: PostgresConnection.Configuration {
    var config: PostgresConnection.Configuration
    if let socketDirectory {
      config = .init(
        unixSocketPath: socketDirectory + "/.s.PGSQL.\(port)", username: user, password: password, database: database)
    } else {
      config = .init(host: host, port: port, username: user, password: password, database: database, tls: .disable)
    }
    config.options.connectTimeout = .seconds(10)
    return config
  }
}

/// A few connections to one database, used synchronously: the store's API is synchronous (as
/// SQLite's), so each call waits on postgres-nio's futures — from the caller's thread, never
/// from an event loop. A connection the server closed is dropped and a new one opened on the
/// next use, so the store reconnects after a database restart.
final class ConnectionPool: Sendable {
  let url: PostgresURL
  private let idle = NIOLockedValueBox([PostgresConnection]())
  private let nextID = ManagedAtomicCounter()
  /// At most this many connections are open at once (`?pool=N` in the URL, default 10); a
  /// caller past it waits for one, so N servers never hold more than N × pool connections.
  let size: Int
  private let slots: DispatchSemaphore
  static let logger = Logger(label: "educluster.postgres")

  init(url: PostgresURL) {
    self.url = url
    size = url.poolSize
    slots = DispatchSemaphore(value: url.poolSize)
  }

  /// Runs `body` on one connection of its own; the connection returns to the pool after, unless
  /// it was lost.
  func with<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
    slots.wait()
    defer { slots.signal() }
    let connection = try take()
    do {
      let result = try body(connection)
      give(connection)
      return result
    } catch {
      if connection.isClosed {
        _ = try? connection.close().wait()
      } else {
        give(connection)
      }
      throw error
    }
  }

  private func take() throws -> PostgresConnection {
    while let connection = idle.withLockedValue({ $0.popLast() }) {
      if !connection.isClosed { return connection }
    }
    do {
      return try PostgresConnection.connect(
        on: MultiThreadedEventLoopGroup.singleton.any(), configuration: url.configuration, id: nextID.next(),
        logger: ConnectionPool.logger
      ).wait()
    } catch {
      throw StoreError.database("cannot reach PostgreSQL at \(url.display): \(PostgresFailure.message(error))")
    }
  }

  private func give(_ connection: PostgresConnection) {
    idle.withLockedValue { $0.append(connection) }
  }

  func closeAll() {
    let all = idle.withLockedValue { list -> [PostgresConnection] in
      defer { list.removeAll() }
      return list
    }
    for connection in all { _ = try? connection.close().wait() }
  }

  deinit { closeAll() }
}

/// Connection ids for postgres-nio's log metadata.
final class ManagedAtomicCounter: Sendable {
  private let value = NIOLockedValueBox(0)
  func next() -> Int {
    value.withLockedValue {
      $0 += 1; return $0
    }
  }
}

/// PostgreSQL's errors as sentences.
enum PostgresFailure {
  static func message(_ error: any Error) -> String {
    if let psql = error as? PSQLError {
      if let server = psql.serverInfo, let text = server[.message] {
        return text + (server[.detail].map { " (\($0))" } ?? "")
      }
      if let underlying = psql.underlying { return "\(psql.code): \(underlying)" }
      return "\(psql.code)"
    }
    return "\(error)"
  }

  static func sqlState(_ error: any Error) -> String? {
    (error as? PSQLError)?.serverInfo?[.sqlState]
  }
}
