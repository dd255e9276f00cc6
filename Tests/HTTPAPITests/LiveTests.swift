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

/// The CLI binary, found beside the test bundle.
enum CLIBinary {
  static let url = builtBinary("educluster", environment: "EDUCLUSTER_BIN")

  /// Runs the CLI; returns its exit status and standard error.
  static func run(_ arguments: [String], in dir: URL) throws -> (Int32, String) {
    let outcome = try runProcess(url, arguments, in: dir)
    return (outcome.status, outcome.stderr)
  }
}

@Suite struct LiveServerTests {
  @Test func aRealSocketServesTheAPI() async throws {
    let f = try Fixture()
    try await f.application().test(.live) { client in
      #expect(client.port != nil)
      try await client.execute(uri: "/api/v1/clusters", method: .get, headers: f.headers(.reader)) { r in
        #expect(r.status == .ok)
        let items = try r.object()["items"] as? [[String: Any]] ?? []
        #expect(Set(items.compactMap { $0["code"] as? String }) == ["CL-AN-MACH", "CL-NG-BUILD", "CL-TO-ENERGY"])
      }
      try await client.execute(uri: "/api/v1/clusters", method: .get) { #expect($0.status == .unauthorized) }
    }
  }

  /// SPEC §6: the CLI and the server write one file at once; nothing is lost and no
  /// "database is locked" reaches anyone.
  @Test func theCLIAndTheServerWriteTheSameFileAtOnce() async throws {
    let f = try Fixture()
    let before = try f.app.count(.organization)
    let perSide = 25
    let dir = f.dir
    let path = f.path
    try await f.application().test(.live) { client in
      async let cli: [(Int32, String)] = Task.detached {
        var results = [(Int32, String)]()
        for i in 0..<perSide {
          results.append(
            try CLIBinary.run(
              [
                "--db", path, "org", "add", "--code", "CLI-\(i)", "--name", "CLI school \(i)", "--kind", "school",
                "--region", "UZ-AN-AND",
              ], in: dir))
        }
        return results
      }.value
      var statuses = [HTTPResponse.Status]()
      for i in 0..<perSide {
        let body = #"{"code":"API-\#(i)","name":"API school \#(i)","kind":"school","region":"UZ-AN-AND"}"#
        let status = try await client.execute(
          uri: "/api/v1/organizations", method: .post, headers: f.headers(.coordinator, json: true),
          body: ByteBuffer(string: body)
        ) { $0.status }
        statuses.append(status)
      }
      let cliResults = try await cli
      #expect(statuses.allSatisfy { $0 == .created })
      #expect(cliResults.allSatisfy { $0.0 == 0 }, "\(cliResults.filter { $0.0 != 0 }.map(\.1))")
      #expect(cliResults.allSatisfy { !$0.1.contains("locked") })
    }
    let after = try f.app.count(.organization)
    #expect(after == before + 2 * perSide)
    let check = try f.app.check()
    #expect(check.ok)
  }
}
