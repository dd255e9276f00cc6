import Foundation
import HTTPTypes
import Hummingbird
import Localization

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
      throw Problem(status: .unsupportedMediaType, detail: tr("send the form as application/x-www-form-urlencoded"))
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
