import AppCore
import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport

/// A demo database (a file in a temp folder, or a PostgreSQL database), with one token per
/// role, and the API over it.
struct Fixture {
  let dir: URL
  let app: EduCluster
  let tokens: [AccessRole: String]

  /// The database file, or the PostgreSQL database's URL.
  let path: String

  init(_ kind: DatabaseKind = .sqlite) throws {
    let database = try TestDatabase("educluster-api", on: kind)
    dir = database.dir
    path = database.path
    let setup = database.app
    var tokens = [AccessRole: String]()
    for role in AccessRole.allCases {
      tokens[role] = try setup.createToken(name: "\(role.rawValue)-token", role: role).secret
    }
    self.tokens = tokens
    app = try EduCluster(path: path, frontend: .server, user: "server", concurrentReads: true)
  }

  func application() throws -> some ApplicationProtocol {
    let api = try buildAPI(app: app)
    return Application(router: api.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
  }

  func headers(_ role: AccessRole?, json: Bool = false) -> HTTPFields {
    var h = HTTPFields()
    if let role, let token = tokens[role] { h[.authorization] = "Bearer \(token)" }
    if json { h[.contentType] = "application/json" }
    return h
  }
}

extension TestResponse {
  var text: String { String(buffer: body) }

  func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

  func object() throws -> [String: Any] { (try json() as? [String: Any]) ?? [:] }
}

extension ByteBuffer {
  static func text(_ s: String) -> ByteBuffer { ByteBuffer(string: s) }
}
