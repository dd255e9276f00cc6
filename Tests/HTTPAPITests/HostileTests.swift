import AppCore
import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Hostile bodies (issue #11): control characters and duplicate keys are 400s that name the
/// field, and nothing is written.
@Suite struct HostileBodyTests {
  @Test func controlCharactersInTextAreRefused() async throws {
    let f = try Fixture()
    let h = f.headers(.admin, json: true)
    let before = try f.app.ledger().count
    try await f.application().test(.router) { client in
      try await client.execute(
        uri: "/api/v1/ledger", method: .post, headers: h,
        body: .text(
          #"{"date":"2026-10-01","from":"AndMI","to":"VC-TUR","amount":5,"purpose":"grant\u0000hidden"}"#)
      ) { r in
        #expect(r.status == .badRequest)
        #expect(r.text.contains("U+0000"))
        try #expect(r.object()["fields"] as? [String] == ["purpose"])
      }
      try await client.execute(
        uri: "/api/v1/organizations", method: .post, headers: h,
        body: .text(#"{"code":"ORG-N","name":"x\u0000y","kind":"school","region":"UZ-AN"}"#)
      ) { r in
        #expect(r.status == .badRequest)
        try #expect(r.object()["fields"] as? [String] == ["name"])
      }
    }
    #expect(try f.app.ledger().count == before)
    #expect(try f.app.check().ok)
  }

  @Test func duplicateKeysAreRefused() async throws {
    let f = try Fixture()
    let h = f.headers(.admin, json: true)
    try await f.application().test(.router) { client in
      try await client.execute(
        uri: "/api/v1/organizations", method: .post, headers: h,
        body: .text(#"{"code":"ORG-A","name":"A","kind":"school","region":"UZ-AN","code":"ORG-B"}"#)
      ) { r in
        #expect(r.status == .badRequest)
        #expect(r.text.contains("'code' appears twice"))
      }
      try await client.execute(
        uri: "/api/v1/matching/runs", method: .post, headers: h,
        body: .text(#"{"proposing":"students","proposing":"placements"}"#)
      ) { r in
        #expect(r.status == .badRequest)
        try #expect(r.object()["fields"] as? [String] == ["proposing"])
      }
    }
    #expect(try f.app.list(.organization, filters: ["code": "ORG-A"]).isEmpty)
    #expect(try f.app.list(.organization, filters: ["code": "ORG-B"]).isEmpty)
  }
}
