import AppCore
import DemoData
import Foundation

/// A new, empty folder under the temporary directory, named `prefix-UUID`.
public func temporaryFolder(_ prefix: String) throws -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir
}

/// A database (a file in a new temporary folder, or a new PostgreSQL database: `on`), opened
/// through the application layer; with `demo`, the embedded demo cluster loaded (the fixture
/// most suites start from).
public struct TestDatabase {
  public let dir: URL
  public let path: String
  public let app: EduCluster

  public init(
    _ prefix: String = "educluster", file: String = "educluster.sqlite", demo: Bool = true, user: String? = "setup",
    on kind: DatabaseKind = .sqlite
  ) throws {
    dir = try temporaryFolder(prefix)
    path = try kind.newLocation(in: dir, file: file)
    app = try EduCluster(path: path, create: true, frontend: .test, user: user)
    if demo { _ = try app.loadDemo(replace: false) }
  }
}

/// The demo's SplitMix64, for seeded property and fuzz tests: a failure replays from its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var inner: SplitMix64

  public init(seed: UInt64) { inner = SplitMix64(seed: seed) }

  public mutating func next() -> UInt64 { inner.next() }

  /// Uniform in 0..<n (the tiny modulo bias does not matter to tests).
  public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
}
