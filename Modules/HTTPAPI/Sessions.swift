import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// The dashboard's server-side sessions. The browser holds only a random session id; the
/// token behind it stays in this process. A session ends on sign-out, at its expiry, and as
/// soon as its token is found revoked (every page checks the token).
final class DashboardSessions: Sendable {
  struct Session: Sendable {
    /// The API token the user signed in with.
    let secret: String
    /// Sent back in the sign-out form: a cross-site page cannot know it.
    let formToken: String
    let expires: ContinuousClock.Instant
  }

  static let lifetime = Duration.seconds(8 * 3600)
  /// Sessions kept at most; the oldest go first past it.
  static let capacity = 10_000

  private let sessions = Mutex<[String: Session]>([:])

  /// Starts a session for a checked token; returns its id.
  func start(secret: String) -> (id: String, session: Session) {
    let id = DashboardSessions.randomToken()
    let session = Session(
      secret: secret, formToken: DashboardSessions.randomToken(), expires: .now.advanced(by: DashboardSessions.lifetime)
    )
    sessions.withLock { all in
      let now = ContinuousClock.now
      all = all.filter { $0.value.expires > now }
      if all.count >= DashboardSessions.capacity, let oldest = all.min(by: { $0.value.expires < $1.value.expires }) {
        all.removeValue(forKey: oldest.key)
      }
      all[id] = session
    }
    return (id, session)
  }

  /// The live session of an id (an expired one is ended here).
  func session(_ id: String) -> Session? {
    sessions.withLock { all in
      guard let s = all[id] else { return nil }
      if s.expires <= .now {
        all.removeValue(forKey: id)
        return nil
      }
      return s
    }
  }

  func end(_ id: String) { _ = sessions.withLock { $0.removeValue(forKey: id) } }

  var count: Int { sessions.withLock { $0.count } }

  /// 32 random bytes (the system's CSPRNG), URL-safe base64.
  static func randomToken() -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
  }
}

extension Request {
  /// False when the request says it comes from another site: an `Origin` (or, without one, a
  /// `Referer`) whose host and port are not the `Host` this request was sent to. Browsers send
  /// `Origin` on every cross-site POST; a request with neither header is not from a browser page.
  var isSameOrigin: Bool {
    guard let host = head.authority else { return false }
    let claimed = headers[.origin] ?? headers[.referer]
    guard let claimed else { return true }
    guard let url = URL(string: claimed), let claimedHost = url.host else { return false }
    let claimedAuthority = url.port.map { "\(claimedHost):\($0)" } ?? claimedHost
    return claimedAuthority.lowercased() == host.lowercased()
  }

  /// The fields of an `application/x-www-form-urlencoded` body.
  func form(limit: Int = 4096) async throws -> [String: String] {
    guard (headers[.contentType] ?? "").lowercased().hasPrefix("application/x-www-form-urlencoded") else {
      throw Problem(status: .unsupportedMediaType, detail: "send the form as application/x-www-form-urlencoded")
    }
    let text = String(decoding: try await bytes(limit: limit), as: UTF8.self)
    var fields = [String: String]()
    for pair in text.split(separator: "&") {
      let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
      guard let key = kv.first?.removingPercentEncoding, fields[key] == nil else { continue }
      fields[key] = kv.count == 2 ? (kv[1].replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "") : ""
    }
    return fields
  }
}
