import AppCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// An RFC 9457 problem: every error the API returns is one, as `application/problem+json`.
struct Problem: HTTPResponseError, Encodable {
  var status: HTTPResponse.Status
  var type: String
  var title: String
  var detail: String
  /// The request fields at fault (body fields, query or path parameters), when known.
  var fields: [String]
  /// Further lines, e.g. each `file:line:column: message` of a refused import.
  var errors: [String]
  /// Headers the response carries besides the content type (Allow on a 405).
  var headers: HTTPFields = [:]

  init(
    status: HTTPResponse.Status, detail: String, fields: [String] = [], errors: [String] = [], type: String? = nil
  ) {
    self.status = status
    self.title = status.reasonPhrase
    self.detail = detail
    self.fields = fields
    self.errors = errors
    self.type = type ?? "urn:educluster:problem:\(status.code)"
  }

  enum CodingKeys: String, CodingKey { case type, title, status, detail, fields, errors }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(type, forKey: .type)
    try c.encode(title, forKey: .title)
    try c.encode(Int(status.code), forKey: .status)
    try c.encode(detail, forKey: .detail)
    if !fields.isEmpty { try c.encode(fields, forKey: .fields) }
    if !errors.isEmpty { try c.encode(errors, forKey: .errors) }
  }

  func response(from request: Request, context: some RequestContext) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
    var headers = self.headers
    headers[.contentType] = "application/problem+json"
    if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"educluster\"" }
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }

  static func unauthorized() -> Problem {
    Problem(
      status: .unauthorized,
      detail:
        "send a token as 'Authorization: Bearer <secret>' (make one with `educluster token create --name N --role reader`)"
    )
  }

  static func badParameter(_ name: String, _ detail: String) -> Problem {
    Problem(status: .badRequest, detail: "\(name): \(detail)", fields: [name])
  }

  /// The problem an application error is reported as.
  init(_ error: AppError) {
    let status: HTTPResponse.Status
    switch error.category {
    case .invalid: status = .badRequest
    case .notFound: status = .notFound
    case .conflict: status = .conflict
    case .unavailable: status = .serviceUnavailable
    }
    self.init(
      status: status, detail: error.message, fields: error.fields, errors: error.details,
      type: "urn:educluster:problem:\(error.category.rawValue)")
  }
}

/// Turns every error into a problem: application errors by category, Hummingbird's own
/// (unknown route, body too large) by their status, anything else a logged 500.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
  let methods: MethodIndexBox

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws
    -> Response
  {
    do {
      return try await next(request, context)
    } catch let problem as Problem {
      throw problem
    } catch let error as AppError {
      throw Problem(error)
    } catch let error as any HTTPResponseError {
      let status = error.status
      let detail: String
      switch status {
      case .notFound:
        let allowed = methods.index.methods(for: request.uri.path)
        if !allowed.isEmpty {
          var problem = Problem(
            status: .methodNotAllowed,
            detail: "\(request.uri.path) answers \(allowed.joined(separator: ", ")), not \(request.method)")
          problem.headers[.allow] = allowed.joined(separator: ", ")
          throw problem
        }
        detail = "no such resource: \(request.method) \(request.uri.path) (see /openapi.json)"
      case .contentTooLarge: detail = "the body is too large (see the limits in /openapi.json)"
      default: detail = status.reasonPhrase
      }
      throw Problem(status: status, detail: detail)
    } catch {
      context.logger.error("unexpected error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
      throw Problem(status: .internalServerError, detail: "an unexpected error; it has been logged")
    }
  }
}

/// The method index, filled in once every route is registered.
final class MethodIndexBox: @unchecked Sendable {
  var index = MethodIndex([])
}

/// Limits on what a request may send.
enum Limits {
  /// A JSON body of a create or update.
  static let body = 1 << 20
  /// An import body.
  static let importBody = 256 << 20
  /// The query string.
  static let query = 4096
  /// Page sizes.
  static let maxPage = 1000
  static let defaultPage = 100

  static func checkQuery(_ request: Request) throws {
    if (request.uri.query?.utf8.count ?? 0) > query {
      throw Problem(status: .uriTooLong, detail: "the query string is over \(query) bytes")
    }
  }
}
