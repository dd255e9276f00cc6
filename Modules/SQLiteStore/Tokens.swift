import Domain
import Foundation
import GRDB
import Localization
import Storage

extension Store {
  /// Stores a new token (its key and the SHA-256 of its secret), with an audit event.
  /// A second active token with the same name is refused.
  public func insertToken(_ token: APIToken, secretSHA256: [UInt8], actor: Author) throws {
    try write { db in
      let taken =
        try Bool.fetchOne(
          db, sql: "SELECT 1 FROM api_token WHERE name = ? AND revoked_at IS NULL", arguments: [token.name]) ?? false
      if taken {
        throw StoreError.badTransition(
          tr("a token named '\(token.name)' exists: revoke it first (`educluster token revoke \(token.name)`)"))
      }
      try db.execute(
        sql: """
          INSERT INTO api_token (key, name, role, secret_sha256, created_at, created_by)
          VALUES (?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          token.key, token.name, token.role.rawValue, Data(secretSHA256), token.createdAt, token.createdBy,
        ])
      try Writer.audit(
        db, actor: actor, action: "token-create", kind: "api_token", code: token.name, detail: token.role.rawValue)
    }
  }

  static func token(_ row: Row) -> APIToken {
    APIToken(
      key: row["key"], name: row["name"], role: AccessRole(rawValue: row["role"]) ?? .reader,
      createdAt: row["created_at"], createdBy: row["created_by"], revokedAt: row["revoked_at"])
  }

  /// Every token, oldest first, revoked ones included.
  public func tokens() throws -> [APIToken] {
    try read { db in try Row.fetchAll(db, sql: "SELECT * FROM api_token ORDER BY id").map(Store.token) }
  }

  /// The active token with this key and the SHA-256 of its secret; nil when there is none.
  public func activeToken(key: String) throws -> (APIToken, secretSHA256: [UInt8])? {
    try read { db in
      guard
        let row = try Row.fetchOne(
          db, sql: "SELECT * FROM api_token WHERE key = ? AND revoked_at IS NULL", arguments: [key])
      else { return nil }
      let hash: Data = row["secret_sha256"]
      return (Store.token(row), [UInt8](hash))
    }
  }

  /// Revokes the active token with this name; returns false when there is none.
  public func revokeToken(name: String, at: String, actor: Author) throws -> Bool {
    try write { db in
      try db.execute(
        sql: "UPDATE api_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", arguments: [at, name])
      guard db.changesCount > 0 else { return false }
      try Writer.audit(db, actor: actor, action: "token-revoke", kind: "api_token", code: name, detail: nil)
      return true
    }
  }
}
