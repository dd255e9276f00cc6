import Analytics
import AppCore
import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@Suite struct AuthTests {
  @Test(arguments: DatabaseKind.available)
  func withoutATokenEveryAPIRouteIs401WithAProblem(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    try await f.application().test(.router) { client in
      for uri in ["/api/v1/organizations", "/api/v1/analyses/gap", "/api/v1/matching/runs", "/api/v1/tokens"] {
        try await client.execute(uri: uri, method: .get) { r in
          #expect(r.status == .unauthorized)
          #expect(r.headers[.contentType] == "application/problem+json")
          #expect(r.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
          try #expect(r.object()["status"] as? Int == 401)
        }
      }
      var bad = HTTPFields()
      bad[.authorization] = "Bearer ect_000000000000_" + String(repeating: "0", count: 64)
      try await client.execute(uri: "/api/v1/organizations", method: .get, headers: bad) { r in
        #expect(r.status == .unauthorized)
      }
      // Public routes need no token.
      try await client.execute(uri: "/healthz", method: .get) { r in #expect(r.status == .ok) }
      try await client.execute(uri: "/readyz", method: .get) { r in #expect(r.status == .ok) }
    }
  }

  @Test(arguments: DatabaseKind.available)
  func rolesAreEnforcedOnEveryKindOfRoute(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    let org = #"{"code":"ORG-NEW","name":"New school","kind":"school","region":"UZ-AN-AND"}"#
    try await f.application().test(.router) { client in
      // reader: reads yes, analyses / writes / imports / tokens no.
      try await client.execute(uri: "/api/v1/organizations/AndMI", method: .get, headers: f.headers(.reader)) {
        #expect($0.status == .ok)
      }
      try await client.execute(uri: "/api/v1/analyses/gap", method: .get, headers: f.headers(.reader)) {
        #expect($0.status == .forbidden)
      }
      try await client.execute(
        uri: "/api/v1/organizations", method: .post, headers: f.headers(.reader, json: true), body: .text(org)
      ) { #expect($0.status == .forbidden) }
      // analyst: analyses yes, writes no.
      try await client.execute(uri: "/api/v1/analyses/gap", method: .get, headers: f.headers(.analyst)) {
        #expect($0.status == .ok)
      }
      try await client.execute(
        uri: "/api/v1/organizations", method: .post, headers: f.headers(.analyst, json: true), body: .text(org)
      ) { #expect($0.status == .forbidden) }
      // coordinator: writes yes, deletes and imports no.
      try await client.execute(
        uri: "/api/v1/organizations", method: .post, headers: f.headers(.coordinator, json: true), body: .text(org)
      ) { r in
        #expect(r.status == .created)
        #expect(r.headers[.location] == "/api/v1/organizations/ORG-NEW")
        try #expect(r.object()["name"] as? String == "New school")
      }
      try await client.execute(uri: "/api/v1/organizations/ORG-NEW", method: .delete, headers: f.headers(.coordinator))
      { #expect($0.status == .forbidden) }
      try await client.execute(uri: "/api/v1/tokens", method: .get, headers: f.headers(.coordinator)) {
        #expect($0.status == .forbidden)
      }
      // admin: deletes.
      try await client.execute(uri: "/api/v1/organizations/ORG-NEW", method: .delete, headers: f.headers(.admin)) {
        #expect($0.status == .noContent)
      }
    }
    // The write went through the shared core, attributed to the token.
    #expect(throws: AppError.self) { try f.app.show(.organization, code: "ORG-NEW") }
    let events = try f.app.audit(kind: .organization, code: "ORG-NEW")
    #expect(Set(events.map(\.actor)) == ["coordinator-token", "admin-token"])
    #expect(events.allSatisfy { $0.frontend == "server" })
  }

  @Test(arguments: DatabaseKind.available)
  func anAdminManagesTokensOverTheAPI(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    try await f.application().test(.router) { client in
      let secret: String = try await client.execute(
        uri: "/api/v1/tokens", method: .post, headers: f.headers(.admin, json: true),
        body: .text(#"{"name":"portal","role":"analyst"}"#)
      ) { r in
        #expect(r.status == .created)
        let o = try r.object()
        #expect((o["token"] as? [String: Any])?["role"] as? String == "analyst")
        return o["secret"] as? String ?? ""
      }
      var h = HTTPFields()
      h[.authorization] = "Bearer \(secret)"
      try await client.execute(uri: "/api/v1/analyses/pd", method: .get, headers: h) { #expect($0.status == .ok) }
      try await client.execute(uri: "/api/v1/tokens", method: .get, headers: f.headers(.admin)) { r in
        let list = try r.json() as? [[String: Any]] ?? []
        #expect(list.contains { $0["name"] as? String == "portal" })
        #expect(!r.text.contains(secret))
      }
      try await client.execute(uri: "/api/v1/tokens/portal", method: .delete, headers: f.headers(.admin)) {
        #expect($0.status == .noContent)
      }
      try await client.execute(
        uri: "/api/v1/tokens", method: .post, headers: f.headers(.admin, json: true),
        body: .text(#"{"name":"x","role":"emperor"}"#)
      ) { #expect($0.status == .badRequest) }
    }
    // Revoked: a fresh authenticator (no 2-second memory) refuses it.
    #expect(try f.app.tokens().first { $0.name == "portal" }?.revokedAt != nil)
  }

  @Test(arguments: DatabaseKind.available)
  func aRevokedTokenIsRefused(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    let setup = try EduCluster(path: f.path, frontend: .test)
    let made = try setup.createToken(name: "short-lived", role: .reader)
    try #expect(setup.authenticate(secret: made.secret)?.role == .reader)
    try setup.revokeToken(name: "short-lived")
    try #expect(setup.authenticate(secret: made.secret) == nil)
    // A second token cannot take an active name; after revoking, the name is free again.
    #expect(throws: AppError.self) { try setup.createToken(name: "reader-token", role: .admin) }
    try #expect(setup.createToken(name: "short-lived", role: .reader).token.name == "short-lived")
    // Only the hash is stored: the secret appears nowhere in the file (in the tokens' table).
    let bytes =
      kind == .sqlite
      ? try Data(contentsOf: URL(fileURLWithPath: f.path))
      : Data(try DatabaseKind.psql(f.path, "SELECT * FROM api_token").utf8)
    #expect(!bytes.isEmpty)
    #expect(bytes.range(of: Data(made.secret.utf8)) == nil)
  }
}

@Suite struct EntityAPITests {
  @Test(arguments: DatabaseKind.available)
  func createReadPatchReplaceDeleteWithProblemsNamingTheField(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    let h = f.headers(.admin, json: true)
    try await f.application().test(.router) { client in
      try await client.execute(
        uri: "/api/v1/organizations", method: .post, headers: h,
        body: .text(#"{"code":"ORG-T","name":"Test","kind":"spaceship","region":"UZ-AN-AND"}"#)
      ) { r in
        #expect(r.status == .badRequest)
        #expect(r.headers[.contentType] == "application/problem+json")
        try #expect(r.object()["fields"] as? [String] == ["kind"])
      }
      try await client.execute(
        uri: "/api/v1/organizations", method: .post, headers: h,
        body: .text(#"{"code":"ORG-T","name":"Test","kind":"school","region":"UZ-AN-AND","colour":"red"}"#)
      ) { r in
        #expect(r.status == .badRequest)
        try #expect(r.object()["fields"] as? [String] == ["colour"])
      }
      try await client.execute(
        uri: "/api/v1/organizations", method: .post, headers: h,
        body: .text(#"{"code":"ORG-T","name":"Test","kind":"school","region":"UZ-NOWHERE"}"#)
      ) { r in
        #expect(r.status == .badRequest)
        try #expect(r.object()["fields"] as? [String] == ["region"])
      }
      try await client.execute(uri: "/api/v1/organizations", method: .post, headers: h, body: .text("{not json")) {
        #expect($0.status == .badRequest)
      }
      try await client.execute(
        uri: "/api/v1/organizations", method: .post, headers: f.headers(.admin), body: .text("code=x")
      ) { #expect($0.status == .unsupportedMediaType) }
      try await client.execute(
        uri: "/api/v1/organizations", method: .post, headers: h,
        body: .text(#"{"code":"ORG-T","name":"Test","kind":"school","region":"UZ-AN-AND","sector":"P85"}"#)
      ) { #expect($0.status == .created) }
      try await client.execute(
        uri: "/api/v1/organizations", method: .post, headers: h,
        body: .text(#"{"code":"ORG-T","name":"Again","kind":"school","region":"UZ-AN-AND"}"#)
      ) { #expect($0.status == .conflict) }
      try await client.execute(
        uri: "/api/v1/organizations/ORG-T", method: .patch, headers: h, body: .text(#"{"ownership":"private"}"#)
      ) { r in
        #expect(r.status == .ok)
        let o = try r.object()
        #expect(o["ownership"] as? String == "private")
        #expect(o["sector"] as? String == "P85")
      }
      // PUT replaces: the sector left out is cleared.
      try await client.execute(
        uri: "/api/v1/organizations/ORG-T", method: .put, headers: h,
        body: .text(#"{"name":"Test school","kind":"school","region":"UZ-AN-AND"}"#)
      ) { r in
        #expect(r.status == .ok)
        try #expect(r.object()["sector"] == nil)
      }
      try await client.execute(uri: "/api/v1/organizations/AndMI", method: .delete, headers: h) { r in
        #expect(r.status == .conflict)  // programs and members still refer to it
      }
      try await client.execute(uri: "/api/v1/organizations/NOPE", method: .get, headers: h) {
        #expect($0.status == .notFound)
      }
    }
    let stored = try #require(try f.app.show(.organization, code: "ORG-T") as? Organization)
    #expect(stored.name == "Test school")
    #expect(stored.sector == nil)
  }

  @Test(arguments: DatabaseKind.available)
  func cursorPagesWalkEveryRecordOnce(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    let seen: [String] = try await f.application().test(.router) { client in
      var cursor: String?
      var seen = [String]()
      repeat {
        let uri = "/api/v1/students?limit=37" + (cursor.map { "&cursor=\($0)" } ?? "")
        let (codes, next) = try await client.execute(uri: uri, method: .get, headers: f.headers(.reader)) { r in
          #expect(r.status == .ok)
          let page = try r.object()
          let items = page["items"] as? [[String: Any]] ?? []
          #expect(items.count <= 37)
          // Names are personal data: a reader does not get them.
          #expect(items.allSatisfy { $0["name"] == nil })
          return (items.compactMap { $0["code"] as? String }, page["next_cursor"] as? String)
        }
        seen += codes
        cursor = next
      } while cursor != nil
      try await client.execute(uri: "/api/v1/students?limit=0", method: .get, headers: f.headers(.reader)) { r in
        #expect(r.status == .badRequest)
        try #expect(r.object()["fields"] as? [String] == ["limit"])
      }
      try await client.execute(uri: "/api/v1/students?limit=1", method: .get, headers: f.headers(.coordinator)) { r in
        let items = try r.object()["items"] as? [[String: Any]] ?? []
        #expect(items.first?["name"] != nil)
      }
      return seen
    }
    let students = try f.app.count(.student)
    #expect(seen.count == students)
    #expect(Set(seen).count == seen.count)
    #expect(seen == seen.sorted())
  }

  @Test(arguments: DatabaseKind.available)
  func aTooLongQueryAndATooLargeBodyAre4xx(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    try await f.application().test(.router) { client in
      let long = String(repeating: "x", count: 5000)
      try await client.execute(uri: "/api/v1/search?q=\(long)", method: .get, headers: f.headers(.reader)) {
        #expect($0.status == .uriTooLong)
      }
      let big = "{\"name\":\"" + String(repeating: "a", count: 2 << 20) + "\"}"
      try await client.execute(
        uri: "/api/v1/organizations", method: .post, headers: f.headers(.admin, json: true), body: .text(big)
      ) { r in
        #expect(r.status == .contentTooLarge)
        #expect(r.headers[.contentType] == "application/problem+json")
      }
    }
  }
}

@Suite struct DataAPITests {
  @Test(arguments: DatabaseKind.available)
  func importIsAllOrNothingWithFileLineColumnErrors(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    let before = try f.app.count(.organization)
    let h = {
      var h = f.headers(.admin)
      h[.contentType] = "text/csv"
      return h
    }()
    let bad = "code,name,kind,region\nORG-A,A school,school,UZ-AN-AND\nORG-B,B school,school,UZ-NOWHERE\n"
    let good = "code,name,kind,region\nORG-A,A school,school,UZ-AN-AND\nORG-B,B school,school,UZ-AN-AND\n"
    try await f.application().test(.router) { client in
      try await client.execute(uri: "/api/v1/import", method: .post, headers: h, body: .text(bad)) { r in
        #expect(r.status == .badRequest)
        let errors = try r.object()["errors"] as? [String] ?? []
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("body.csv:3:4: ") == true)
      }
      try await client.execute(uri: "/api/v1/import?dry_run=true", method: .post, headers: h, body: .text(good)) {
        r in
        #expect(r.status == .ok)
        try #expect(r.object()["dry_run"] as? Bool == true)
      }
      let unchanged = try f.app.count(.organization)
      #expect(unchanged == before)
      try await client.execute(uri: "/api/v1/import", method: .post, headers: h, body: .text(good)) { r in
        #expect(r.status == .ok)
        let counts = try r.object()["counts"] as? [[String: Any]] ?? []
        #expect(counts.first?["inserted"] as? Int == 2)
      }
      try await client.execute(
        uri: "/api/v1/import", method: .post, headers: f.headers(.coordinator), body: .text(good)
      ) { #expect($0.status == .forbidden) }
      try await client.execute(
        uri: "/api/v1/import?type=organizations", method: .post, headers: f.headers(.admin, json: true),
        body: .text(#"[{"code":"ORG-C","name":"C school","kind":"school","region":"UZ-AN-AND"}]"#)
      ) { #expect($0.status == .ok) }
    }
    let after = try f.app.count(.organization)
    #expect(after == before + 3)
  }

  @Test(arguments: DatabaseKind.available)
  func exportIsTheImportFormat(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    let organizations = try f.app.count(.organization)
    let programs = try f.app.count(.program)
    try await f.application().test(.router) { client in
      try await client.execute(uri: "/api/v1/export/organizations", method: .get, headers: f.headers(.reader)) { r in
        #expect(r.status == .ok)
        #expect(r.headers[.contentType]?.hasPrefix("text/csv") == true)
        let lines = r.text.split(separator: "\n")
        #expect(lines.first == "code,name,kind,region,sector,ownership,rating")
        #expect(lines.count == organizations + 1)
      }
      try await client.execute(
        uri: "/api/v1/export/students?include_personal=true", method: .get, headers: f.headers(.reader)
      ) { #expect($0.status == .forbidden) }
      try await client.execute(
        uri: "/api/v1/export/programs?format=json", method: .get, headers: f.headers(.reader)
      ) { r in
        let list = try r.json() as? [Any]
        #expect(list?.count == programs)
      }
    }
  }

  @Test(arguments: DatabaseKind.available)
  func aMatchingRunsIsSavedAndAnAssignmentIsConfirmed(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    try await f.application().test(.router) { client in
      let student: String = try await client.execute(
        uri: "/api/v1/matching/runs", method: .post, headers: f.headers(.analyst, json: true),
        body: .text(#"{"proposing":"students"}"#)
      ) { r in
        #expect(r.status == .created)
        #expect(r.headers[.location] == "/api/v1/matching/runs/MR-0001")
        let o = try r.object()
        #expect(o["stable"] as? Bool == true)
        let first = (o["assignments"] as? [[String: Any]])?.first
        return first?["student"] as? String ?? ""
      }
      try await client.execute(
        uri: "/api/v1/matching/runs", method: .post, headers: f.headers(.analyst, json: true),
        body: .text(#"{"proposing":"sideways"}"#)
      ) { #expect($0.status == .badRequest) }
      let path = "/api/v1/matching/runs/MR-0001/assignments/\(student)"
      for state in ["offered", "confirmed"] {
        try await client.execute(
          uri: path, method: .patch, headers: f.headers(.coordinator, json: true),
          body: .text("{\"state\":\"\(state)\"}")
        ) { r in
          #expect(r.status == .ok)
          try #expect(r.object()["state"] as? String == state)
        }
      }
      try await client.execute(
        uri: path, method: .patch, headers: f.headers(.coordinator, json: true), body: .text(#"{"state":"proposed"}"#)
      ) { #expect($0.status == .conflict) }
    }
    let (_, assignments) = try f.app.matchAssignments(run: "latest")
    #expect(assignments.filter { $0.state == .confirmed }.count == 1)
  }

  @Test(arguments: DatabaseKind.available)
  func analysesAnswerWithJSONAndRefuseBadParameters(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    try await f.application().test(.router) { client in
      for uri in [
        "/api/v1/analyses/gap?only_gaps=true", "/api/v1/analyses/align?cluster=CL-AN-MACH",
        "/api/v1/analyses/pathways", "/api/v1/analyses/recommend?organization=AndMI", "/api/v1/analyses/pd",
        "/api/v1/analyses/forecast", "/api/v1/analyses/indicators", "/api/v1/analyses/rank",
        "/api/v1/analyses/quality", "/api/v1/analyses/report?cluster=CL-AN-MACH", "/api/v1/overview",
        "/api/v1/search?q=andijan", "/api/v1/ledger-verification",
      ] {
        try await client.execute(uri: uri, method: .get, headers: f.headers(.analyst)) { r in
          #expect(r.status == .ok, "\(uri)")
          #expect(throws: Never.self) { try r.json() }
        }
      }
      for (uri, field) in [
        ("/api/v1/analyses/gap?year=abc", "year"), ("/api/v1/analyses/gap?by=planet", "by"),
        ("/api/v1/analyses/continuity?lower=X", "higher"), ("/api/v1/analyses/rank?weights=a", "weights"),
        ("/api/v1/analyses/pd?on=yesterday", "on"),
      ] {
        try await client.execute(uri: uri, method: .get, headers: f.headers(.analyst)) { r in
          #expect(r.status == .badRequest, "\(uri)")
          try #expect(r.object()["fields"] as? [String] == [field], "\(uri)")
        }
      }
      try await client.execute(
        uri: "/api/v1/analyses/report?cluster=CL-NOPE", method: .get, headers: f.headers(.analyst)
      ) { #expect($0.status == .notFound) }
    }
  }
}

@Suite struct LedgerProofRouteTests {
  /// Checkpoints and proofs are for any role that may read: a reader gets them, no one else
  /// without a token.
  @Test(arguments: DatabaseKind.available)
  func checkpointAndProofsAreServedToReaders(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    try await f.application().test(.router) { client in
      // Before the first checkpoint: 404, saying how to make one.
      try await client.execute(uri: "/api/v1/ledger-checkpoint", method: .get, headers: f.headers(.reader)) { r in
        #expect(r.status == .notFound)
        let detail = try r.object()["detail"] as? String
        #expect(detail?.contains("ledger checkpoint") == true)
      }
      let (privateKey, _) = try EduCluster.newLedgerKey(name: "test.example/ledger")
      let signed = try f.app.ledgerCheckpoint(privateKey: privateKey)
      try await client.execute(uri: "/api/v1/ledger-checkpoint", method: .get, headers: f.headers(.reader)) { r in
        #expect(r.status == .ok)
        let body = try r.object()
        #expect(body["note"] as? String == signed.note)
        #expect(body["size"] as? Int == 20)
      }
      try await client.execute(uri: "/api/v1/ledger-checkpoint", method: .get, headers: f.headers(nil)) { r in
        #expect(r.status == .unauthorized)
      }
      try await client.execute(
        uri: "/api/v1/ledger-inclusion-proof?code=LE-000003&tree_size=20", method: .get, headers: f.headers(.reader)
      ) { r in
        #expect(r.status == .ok)
        let body = try r.object()
        #expect(body["leaf_index"] as? Int == 2)
        #expect(body["root"] as? String == signed.root)
        #expect((body["audit_path"] as? [String])?.count == 5)
      }
      try await client.execute(
        uri: "/api/v1/ledger-consistency-proof?first=7&second=20", method: .get, headers: f.headers(.reader)
      ) { r in
        #expect(r.status == .ok)
        let newRoot = try r.object()["new_root"] as? String
        #expect(newRoot == signed.root)
      }
      // A size past the ledger's end, or first after second: 400.
      try await client.execute(
        uri: "/api/v1/ledger-consistency-proof?first=9&second=8", method: .get, headers: f.headers(.reader)
      ) { #expect($0.status == .badRequest) }
      try await client.execute(
        uri: "/api/v1/ledger-inclusion-proof?code=LE-000003&tree_size=21", method: .get, headers: f.headers(.reader)
      ) { #expect($0.status == .badRequest) }
    }
  }
}

@Suite struct PersonalDataTests {
  /// Names are personal data: findings that quote them do so only for roles that may read names.
  @Test(arguments: DatabaseKind.available)
  func qualityFindingsNameTeachersOnlyForCoordinators(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    let setup = try EduCluster(path: f.path, frontend: .test)
    for code in ["T-TWIN-1", "T-TWIN-2"] {
      try setup.add(
        Record(.teacher, ["code": .text(code), "name": .text("Gulnora Tursunova"), "organization": .text("AndMI")]))
    }
    try await f.application().test(.router) { client in
      try await client.execute(uri: "/api/v1/analyses/quality", method: .get, headers: f.headers(.analyst)) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("T-TWIN-1"))
        #expect(!r.text.contains("Gulnora"))
        #expect(r.text.contains("teachers named alike twice at AndMI"))
      }
      try await client.execute(uri: "/api/v1/analyses/quality", method: .get, headers: f.headers(.coordinator)) { r in
        #expect(r.text.contains("Gulnora Tursunova"))
      }
      try await client.execute(
        uri: "/api/v1/analyses/report?cluster=CL-AN-MACH", method: .get, headers: f.headers(.analyst)
      ) { r in
        #expect(r.status == .ok)
        #expect(!r.text.contains("Gulnora"))
      }
    }
  }
}

@Suite struct ReviewFindingsTests {
  /// Path parameters are percent-decoded: a token named with a space can be revoked.
  @Test(arguments: DatabaseKind.available)
  func pathParametersArePercentDecoded(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    let setup = try EduCluster(path: f.path, frontend: .test)
    _ = try setup.createToken(name: "ops bot", role: .reader)
    try await f.application().test(.router) { client in
      try await client.execute(uri: "/api/v1/tokens/ops%20bot", method: .delete, headers: f.headers(.admin)) {
        #expect($0.status == .noContent)
      }
      try await client.execute(uri: "/api/v1/regions/UZ%2DAN", method: .get, headers: f.headers(.reader)) {
        #expect($0.status == .ok)
      }
    }
    #expect(try setup.tokens().first { $0.name == "ops bot" }?.revokedAt != nil)
  }

  /// A reader cannot look a person up by name through a list filter; a coordinator can.
  @Test(arguments: DatabaseKind.available)
  func filteringByANameNeedsTheCoordinatorRole(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    let someone = try #require(try f.app.list(.student, limit: 1).first as? Student)
    let uri =
      "/api/v1/students?name=" + (someone.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    try await f.application().test(.router) { client in
      try await client.execute(uri: uri, method: .get, headers: f.headers(.reader)) { r in
        #expect(r.status == .forbidden)
        try #expect(r.object()["fields"] as? [String] == ["name"])
      }
      try await client.execute(uri: uri, method: .get, headers: f.headers(.coordinator)) { r in
        #expect(r.status == .ok)
        let items = try r.object()["items"] as? [[String: Any]] ?? []
        #expect(items.contains { $0["code"] as? String == someone.code })
      }
    }
  }

  /// Two adds of one code at once: exactly one succeeds, the other is a conflict (the check
  /// and the insert are one transaction).
  @Test(arguments: DatabaseKind.available)
  func concurrentAddsOfOneCodeGiveOneConflict(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    let app = f.app
    let outcomes = await withTaskGroup(of: Bool.self) { group in
      for i in 0..<8 {
        group.addTask {
          do {
            try app.add(
              Record(
                .organization,
                [
                  "code": .text("RACE-1"), "name": .text("Racer \(i)"), "kind": .text("school"),
                  "region": .text("UZ-AN-AND"),
                ]))
            return true
          } catch { return false }
        }
      }
      var all = [Bool]()
      for await o in group { all.append(o) }
      return all
    }
    #expect(outcomes.filter { $0 }.count == 1)
    let events = try app.audit(kind: .organization, code: "RACE-1")
    #expect(events.count == 1)
  }
}

@Suite struct OperationsTests {
  @Test(arguments: DatabaseKind.available)
  func theDocumentIsOpenAPI31AndListsExactlyTheRoutes(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    let api = try buildAPI(app: f.app)
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(api.openAPI.utf8)) as? [String: Any])
    #expect(doc["openapi"] as? String == "3.1.0")
    let paths = try #require(doc["paths"] as? [String: [String: Any]])
    var documented = Set<String>()
    for (path, methods) in paths { for method in methods.keys { documented.insert("\(method) \(path)") } }
    let routed = Set(api.operations.map { "\($0.method.rawValue.lowercased()) \($0.path)" })
    #expect(documented == routed)
    // Every entity kind has its list and get; every protected operation says its role.
    for kind in EntityKind.allCases {
      #expect(documented.contains("get /api/v1/\(kind.plural)"))
      #expect(documented.contains("get /api/v1/\(kind.plural)/{code}"))
    }
    for (_, methods) in paths {
      for (_, op) in methods {
        let o = try #require(op as? [String: Any])
        let responses = try #require(o["responses"] as? [String: Any])
        #expect(responses["400"] != nil)
        if o["x-educluster-role"] != nil { #expect(responses["401"] != nil && responses["403"] != nil) }
      }
    }
    // The served document is the same.
    let text = api.openAPI
    try await f.application().test(.router) { client in
      try await client.execute(uri: "/openapi.json", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text == text)
      }
    }
  }

  @Test(arguments: DatabaseKind.available)
  func metricsCountRequestsByRouteAndStatus(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    try await f.application().test(.router) { client in
      try await client.execute(uri: "/api/v1/regions", method: .get, headers: f.headers(.reader))
      try await client.execute(uri: "/api/v1/regions", method: .get)
      try await client.execute(uri: "/metrics", method: .get) { r in
        #expect(r.status == .ok)
        let text = r.text
        #expect(
          text.contains(
            #"hb_requests{http_route="/api/v1/regions",http_request_method="GET",http_response_status_code="200"}"#))
        #expect(text.contains(#"http_response_status_code="401""#))
        #expect(text.contains("http_server_request_duration_bucket"))
        #expect(text.contains("educluster_db_duration_seconds"))
      }
    }
  }

  @Test(arguments: DatabaseKind.available)
  func theDashboardNeedsALoginAndShowsTheClusters(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    try await f.application().test(.router) { client in
      try await client.execute(uri: "/dashboard", method: .get) { r in
        #expect(r.status == .seeOther)
        #expect(r.headers[.location] == "/dashboard/login")
      }
      let (form, nonce) = try await DashboardLogin.form(client)
      try await client.execute(
        uri: "/dashboard/login", method: .post, headers: form, body: .text("nonce=\(nonce)&token=nope")
      ) { r in
        #expect(r.status == .unauthorized)
        #expect(r.text.contains("unknown or revoked"))
      }
      let secret = try #require(f.tokens[.reader])
      let cookie = try await DashboardLogin.signIn(client, secret: secret)
      var h = HTTPFields()
      h[.cookie] = cookie
      try await client.execute(uri: "/dashboard", method: .get, headers: h) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("Andijan"))
        #expect(r.text.contains("<svg"))
        #expect(r.text.contains("Supply and demand"))
        // The dashboard's balance is the gap analysis's, row for row, for every cluster (issue #10).
        let html = r.text
        for overview in (try? f.app.overview()) ?? [] {
          guard let year = overview.year else { continue }
          var options = GapOptions()
          options.fromYear = year
          options.toYear = year
          let rows = (try? f.app.gap(GapRequest(options: options, cluster: overview.code)).rows) ?? []
          #expect(!rows.isEmpty)
          for row in rows {
            let cells =
              "<td>\(row.region)</td><td class=\"n\">\(row.demand)</td><td class=\"n\">\(Int(row.supply.rounded()))</td>"
            #expect(html.contains(cells), "\(overview.code) \(row.specialty) \(row.region)")
          }
        }
      }
    }
  }
}
