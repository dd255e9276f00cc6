import AppCore
import Domain
import Synchronization

/// Analysis results (and the dashboard's snapshot) by request, each valid while the database's
/// data version is the one it was computed at: a page viewed twice without a write in between
/// is answered the second time from memory, and any write — by this server, another server,
/// the CLI or the TUI — makes every entry stale. At most `limit` entries; the least recently
/// used goes first.
final class ResultCache: Sendable {
  private struct Entry {
    var version: Int
    var value: any Sendable
    var used: UInt64
  }
  private struct State {
    var entries = [String: Entry]()
    var clock: UInt64 = 0
  }
  private let state = Mutex(State())
  let limit: Int

  init(limit: Int = 64) { self.limit = limit }

  /// The value kept for `key` at `version`, if any (a stale one is dropped).
  func value<T>(_ key: String, version: Int, as _: T.Type) -> T? {
    state.withLock { s in
      guard let entry = s.entries[key] else { return nil }
      guard entry.version == version, let value = entry.value as? T else {
        s.entries[key] = nil
        return nil
      }
      s.clock += 1
      s.entries[key]?.used = s.clock
      return value
    }
  }

  func store(_ key: String, version: Int, _ value: any Sendable) {
    state.withLock { s in
      s.clock += 1
      s.entries[key] = Entry(version: version, value: value, used: s.clock)
      while s.entries.count > limit, let oldest = s.entries.min(by: { $0.value.used < $1.value.used })?.key {
        s.entries[oldest] = nil
      }
    }
  }

  var count: Int { state.withLock { $0.entries.count } }
}

extension Services {
  /// `heavy`, answered from `results` while the database is unchanged since the same `key`
  /// was computed on the same day (defaults such as `on` follow today). Without a data version
  /// (an in-memory store) nothing is cached.
  func cached<T: Sendable>(
    _ operation: String, key: String, _ body: @escaping @Sendable (EduCluster) throws(AppError) -> T
  ) async throws -> T {
    guard let version = (try? app.dataVersion()) ?? nil else { return try await heavy(operation, body) }
    let key = key + "|" + EduCluster.today.description
    if let hit = results.value(key, version: version, as: T.self) { return hit }
    let value = try await heavy(operation, body)
    results.store(key, version: version, value)
    return value
  }
}
