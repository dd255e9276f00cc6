import Domain
import Foundation
import Storage

/// A dashboard session as a page sees it: who, and the value its forms must carry.
public struct DashboardSignIn: Sendable, Hashable {
  public var principal: Principal
  public var formToken: String
}

extension EduCluster {
  /// How long a dashboard session lasts.
  public static let dashboardSessionLifetime = 8 * 3600
  /// Sessions kept at most; the oldest go first past it.
  public static let dashboardSessionCapacity = 10_000

  /// Signs in with an API token's secret: a new session's random id (for the browser's cookie)
  /// and its form value, or nil when the secret is unknown or revoked. The database keeps only
  /// the id's SHA-256 and the token's public key, so every server knows the session and none
  /// holds a secret.
  public func startDashboardSession(secret: String) throws(AppError) -> (id: String, formToken: String)? {
    guard try authenticate(secret: secret) != nil else { return nil }
    let key = String(secret.dropFirst(Self.tokenPrefix.count).prefix(12))
    let id = Self.randomToken()
    let formToken = Self.randomToken()
    let now = Int(Date().timeIntervalSince1970)
    let session = DashboardSession(
      idSHA256: Self.hex(Self.sha256(id)), tokenKey: key, formToken: formToken,
      expiresAt: now + Self.dashboardSessionLifetime)
    try mapped { try store.startDashboardSession(session, now: now, capacity: Self.dashboardSessionCapacity) }
    return (id, formToken)
  }

  /// The live session of an id: nil when there is none, it has ended, or its token has been
  /// revoked since (the session ends then).
  public func dashboardSession(id: String) throws(AppError) -> DashboardSignIn? {
    let hash = Self.hex(Self.sha256(id))
    let now = Int(Date().timeIntervalSince1970)
    guard let session = try mapped({ try store.dashboardSession(idSHA256: hash, now: now) }) else { return nil }
    guard let (token, _) = try mapped({ try store.activeToken(key: session.tokenKey) }) else {
      try mapped { try store.endDashboardSession(idSHA256: hash) }
      return nil
    }
    return DashboardSignIn(principal: Principal(name: token.name, role: token.role), formToken: session.formToken)
  }

  public func endDashboardSession(id: String) throws(AppError) {
    let hash = Self.hex(Self.sha256(id))
    try mapped { try store.endDashboardSession(idSHA256: hash) }
  }

  /// 32 random bytes (the system's CSPRNG), URL-safe base64.
  public static func randomToken() -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
  }
}
