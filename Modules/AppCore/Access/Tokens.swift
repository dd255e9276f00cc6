import Crypto
import Domain
import Foundation
import Localization
import Storage

/// A token just made: the only time its secret exists outside the client that keeps it.
public struct CreatedToken: Sendable, Codable {
  public var token: APIToken
  /// `ect_<key>_<secret>`: shown once, stored nowhere (only its SHA-256 is kept).
  public var secret: String
}

/// Who a request is: the token that authenticated it.
public struct Principal: Sendable, Hashable {
  public var name: String
  public var role: AccessRole
  public init(name: String, role: AccessRole) {
    self.name = name
    self.role = role
  }
}

extension EduCluster {
  static let tokenPrefix = "ect_"

  /// Makes a token with a role. The secret is 32 random bytes; only its SHA-256 is stored.
  public func createToken(name: String, role: AccessRole) throws(AppError) -> CreatedToken {
    let trimmed = name.trimmed
    guard !trimmed.isEmpty, trimmed.count <= 100, !trimmed.contains(where: \.isNewline) else {
      throw AppError(.invalid, tr("a token needs a name of 1 to 100 characters on one line (--name)"), fields: ["name"])
    }
    var rng = SystemRandomNumberGenerator()
    let key = Self.hex((0..<6).map { _ in UInt8.random(in: 0...255, using: &rng) })
    let secret = Self.hex((0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) })
    let full = Self.tokenPrefix + key + "_" + secret
    let token = APIToken(
      key: key, name: trimmed, role: role, createdAt: Self.timestamp(), createdBy: user)
    try mapped { try store.insertToken(token, secretSHA256: Self.sha256(full), actor: author) }
    return CreatedToken(token: token, secret: full)
  }

  public func tokens() throws(AppError) -> [APIToken] {
    try mapped { try store.tokens() }
  }

  public func revokeToken(name: String) throws(AppError) {
    let revoked = try mapped { try store.revokeToken(name: name, at: Self.timestamp(), actor: author) }
    if !revoked { throw AppError(.notFound, tr("no active token named '\(name)': see `educluster token list`")) }
  }

  /// The principal a presented secret stands for, or nil when it is unknown, malformed or
  /// revoked. The stored hash is compared in constant time.
  public func authenticate(secret: String) throws(AppError) -> Principal? {
    guard secret.hasPrefix(Self.tokenPrefix), secret.utf8.count == 4 + 12 + 1 + 64 else { return nil }
    let key = String(secret.dropFirst(4).prefix(12))
    guard let (token, stored) = try mapped({ try store.activeToken(key: key) }) else { return nil }
    guard Self.constantTimeEqual(Self.sha256(secret), stored) else { return nil }
    return Principal(name: token.name, role: token.role)
  }

  /// The same application layer, acting for someone else (the audit trail names them).
  public func acting(as user: String) -> EduCluster {
    var copy = self
    copy.user = user
    return copy
  }

  static func sha256(_ text: String) -> [UInt8] { Array(SHA256.hash(data: Data(text.utf8))) }

  static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for i in a.indices { difference |= a[i] ^ b[i] }
    return difference == 0
  }

  static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    var out = ""
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 0x0f)])
    }
    return out
  }

  static func timestamp() -> String {
    Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false))
  }
}

/// Authenticates bearer secrets, remembering a good one for `ttl` seconds so that a busy
/// server does not read the token table on every request. A revoked token is refused by
/// the next lookup, at most `ttl` seconds later (1.5 s: every server refuses a revoked token
/// within 2 s of its revocation, request time included).
public final class Authenticator: @unchecked Sendable {
  private let app: EduCluster
  private let ttl: TimeInterval
  private let lock = NSLock()
  private var known = [String: (Principal, expires: Date)]()

  public init(app: EduCluster, ttl: TimeInterval = 1.5) {
    self.app = app
    self.ttl = ttl
  }

  /// The principal of a secret seen in the last `ttl` seconds, without touching the
  /// database (nil: not known recently; ask `principal(for:)`).
  public func remembered(_ secret: String) -> Principal? {
    let digest = EduCluster.hex(EduCluster.sha256(secret))
    lock.lock()
    defer { lock.unlock() }
    if let hit = known[digest], hit.expires > Date() { return hit.0 }
    return nil
  }

  public func principal(for secret: String) throws(AppError) -> Principal? {
    let digest = EduCluster.hex(EduCluster.sha256(secret))
    let now = Date()
    lock.lock()
    let hit = known[digest]
    lock.unlock()
    if let hit, hit.expires > now { return hit.0 }
    guard let principal = try app.authenticate(secret: secret) else {
      lock.lock()
      known[digest] = nil
      lock.unlock()
      return nil
    }
    lock.lock()
    if known.count > 10_000 { known.removeAll() }
    known[digest] = (principal, now.addingTimeInterval(ttl))
    lock.unlock()
    return principal
  }
}
