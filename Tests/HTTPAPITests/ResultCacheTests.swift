import AppCore
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HTTPAPI

@Suite struct ResultCacheTests {
  @Test func anEntryServesItsVersionOnlyAndTheLeastRecentlyUsedGoesFirst() {
    let cache = ResultCache(limit: 2)
    cache.store("gap", version: 7, "rows at 7")
    #expect(cache.value("gap", version: 7, as: String.self) == "rows at 7")
    // Another version (a write happened): a miss, and the stale entry is gone.
    #expect(cache.value("gap", version: 8, as: String.self) == nil)
    #expect(cache.count == 0)
    cache.store("a", version: 1, "A")
    cache.store("b", version: 1, "B")
    _ = cache.value("a", version: 1, as: String.self)  // a is now the more recent
    cache.store("c", version: 1, "C")
    #expect(cache.count == 2)
    #expect(cache.value("b", version: 1, as: String.self) == nil)
    #expect(cache.value("a", version: 1, as: String.self) == "A")
    #expect(cache.value("c", version: 1, as: String.self) == "C")
  }

  /// The second view of an analysis comes from memory; a write by another process (here
  /// another EduCluster on the same file, as the CLI would be) is seen by the next request.
  @Test func aWriteByAnotherProcessInvalidatesCachedAnalyses() async throws {
    let f = try Fixture()
    let uri = "/api/v1/analyses/gap?specialty=3-0715-01&year=2027"
    try await f.application().test(.router) { client in
      var first = ""
      try await client.execute(uri: uri, method: .get, headers: f.headers(.analyst)) { first = $0.text }
      try await client.execute(uri: uri, method: .get, headers: f.headers(.analyst)) { #expect($0.text == first) }
      let other = try EduCluster(path: f.path, frontend: .test)
      _ = try other.add(
        Record(
          .need,
          [
            "code": .text("PN-CACHE"), "organization": .text("ENT-AAC"), "specialty": .text("3-0715-01"),
            "region": .text("UZ-AN"), "year": .int(2027), "count": .int(500),
          ]))
      try await client.execute(uri: uri, method: .get, headers: f.headers(.analyst)) { r in
        #expect(r.status == .ok)
        #expect(r.text != first)
        let demand = try (r.object()["rows"] as? [[String: Any]])?.first?["demand"] as? Int
        #expect((demand ?? 0) >= 500)
      }
    }
  }
}
