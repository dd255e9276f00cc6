import AppCore
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Localization
import Presentation

/// A request's query parameters, read with types; a bad value is a 400 naming the parameter.
struct Query {
  private var values = [String: String]()

  init(_ request: Request) {
    guard let query = request.uri.query, !query.isEmpty else { return }
    for (key, value) in request.uri.queryParameters { values[String(key)] = String(value) }
  }

  subscript(name: String) -> String? { values[name] }

  var names: Dictionary<String, String>.Keys { values.keys }

  func text(_ name: String) -> String? {
    guard let v = values[name], !v.isEmpty else { return nil }
    return v
  }

  func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
    guard let raw = text(name) else { return nil }
    guard let n = Int(raw), range.contains(n) else {
      throw Problem.badParameter(name, tr("expected a whole number from \(range.lowerBound) to \(range.upperBound)"))
    }
    return n
  }

  func number(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
    guard let raw = text(name) else { return nil }
    guard let x = Double(raw), x.isFinite, range.contains(x) else {
      throw Problem.badParameter(name, tr("expected a number from \(range.lowerBound) to \(range.upperBound)"))
    }
    return x
  }

  func bool(_ name: String) throws -> Bool? {
    guard let raw = text(name) else { return nil }
    switch raw.lowercased() {
    case "true", "1", "yes": return true
    case "false", "0", "no": return false
    default: throw Problem.badParameter(name, tr("expected true or false"))
    }
  }

  func choice<E: RawRepresentable & CaseIterable>(_ name: String, _: E.Type) throws -> E? where E.RawValue == String {
    guard let raw = text(name) else { return nil }
    guard let e = E(rawValue: raw) else {
      throw Problem.badParameter(name, tr("expected one of \(E.allCases.map(\.rawValue).joined(separator: ", "))"))
    }
    return e
  }

  func day(_ name: String) throws -> Day? {
    guard let raw = text(name) else { return nil }
    guard let d = Day(iso: raw) else { throw Problem.badParameter(name, tr("expected a date YYYY-MM-DD")) }
    return d
  }
}

/// A declared parameter's value, read after `Operation.validate` has checked it against its
/// schema: absent means the declared default, and a value that does not parse is absent.
extension Query {
  func text(_ p: Parameter) -> String? { text(p.name) ?? p.defaultValue }
  func int(_ p: Parameter) -> Int? { text(p).flatMap { Int($0) } }
  func number(_ p: Parameter) -> Double? { text(p).flatMap { Double($0) } }
  func bool(_ p: Parameter) -> Bool? { text(p).flatMap { Bool($0) } }
  func day(_ p: Parameter) -> Day? { text(p).flatMap { Day(iso: $0) } }

  /// A setting's value (already checked against its range), else its declared default.
  func value(_ setting: Setting<Int>) -> Int { text(setting.name).flatMap { Int($0) } ?? setting.defaultValue }
  func value(_ setting: Setting<Double>) -> Double {
    text(setting.name).flatMap { Double($0) } ?? setting.defaultValue
  }

  func choice<E: RawRepresentable>(_ p: Parameter, _: E.Type) -> E? where E.RawValue == String {
    text(p).flatMap { E(rawValue: $0) }
  }

  /// A required parameter's value (validation has already answered 400 when it is missing).
  func required(_ p: Parameter) throws -> String {
    guard let value = text(p) else { throw Problem.badParameter(p.name, tr("is required")) }
    return value
  }
}

enum Reply {
  static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
    var h = headers
    h[.contentType] = "application/json; charset=utf-8"
    return Response(status: status, headers: h, body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  static func encoded<T: Encodable>(
    _ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
  ) throws
    -> Response
  {
    json(try Rendering.json(value), status: status, headers: headers)
  }

  static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(
      status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  static func noContent() -> Response { Response(status: .noContent) }
}

extension Request {
  /// The body, up to `limit` bytes (413 beyond).
  func bytes(limit: Int) async throws -> Data {
    do {
      let buffer = try await body.collect(upTo: limit)
      return Data(buffer.readableBytesView)
    } catch let error as any HTTPResponseError {
      throw Problem(status: error.status, detail: tr("the body is over \(limit) bytes"))
    }
  }

  /// The body as one JSON object; the content type must say JSON.
  func jsonBody(limit: Int = Limits.body) async throws -> Data {
    let type = headers[.contentType]?.lowercased() ?? ""
    guard type.hasPrefix("application/json") else {
      throw Problem(status: .unsupportedMediaType, detail: tr("send the body as application/json"))
    }
    return try await bytes(limit: limit)
  }
}

extension APIContext {
  /// A path parameter, percent-decoded (`/tokens/ops%20bot` names the token `ops bot`).
  func path(_ name: String) throws -> String {
    let raw = try parameters.require(name)
    return raw.removingPercentEncoding ?? raw
  }
}

extension String {
  /// The string as one path segment: everything but unreserved characters percent-encoded.
  var pathSegment: String {
    addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#")))
      ?? self
  }
}
