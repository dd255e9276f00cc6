import AppCore
import Foundation
import HTTPTypes
import Hummingbird
import Localization
import Logging

/// An RFC 9457 problem: every error the API returns is one, as `application/problem+json`.
struct Problem: HTTPResponseError, Encodable {
  var status: HTTPResponse.Status
  var type: String
  var title: Phrase
  var detail: Phrase
  /// The request fields at fault (body fields, query or path parameters), when known.
  var fields: [String]
  /// Further lines, e.g. each `file:line:column: message` of a refused import.
  var errors: [Phrase]
  /// Headers the response carries besides the content type (Allow on a 405).
  var headers: HTTPFields = [:]

  init(
    status: HTTPResponse.Status, detail: Phrase, fields: [String] = [], errors: [Phrase] = [], type: String? = nil
  ) {
    self.status = status
    self.title = Problem.title(status)
    self.detail = detail
    self.fields = fields
    self.errors = errors
    self.type = type ?? "urn:educluster:problem:\(status.code)"
  }

  enum CodingKeys: String, CodingKey { case type, title, status, detail, fields, errors }

  /// The language the problem is written in (the request's `Accept-Language`); `title` and
  /// `detail` are in it, everything else stays as it is.
  var language = Language.en

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(type, forKey: .type)
    try c.encode(title.text(in: language), forKey: .title)
    try c.encode(Int(status.code), forKey: .status)
    try c.encode(detail.text(in: language), forKey: .detail)
    if !fields.isEmpty { try c.encode(fields, forKey: .fields) }
    if !errors.isEmpty { try c.encode(errors.map { $0.text(in: language) }, forKey: .errors) }
  }

  func response(from request: Request, context: some RequestContext) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var problem = self
    problem.language = request.language
    let data = (try? encoder.encode(problem)) ?? Data("{}".utf8)
    var headers = self.headers
    headers[.contentType] = "application/problem+json"
    headers[.contentLanguage] = problem.language.rawValue
    if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"educluster\"" }
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }

  static func unauthorized() -> Problem {
    Problem(
      status: .unauthorized,
      detail:
        tr(
          "send a token as 'Authorization: Bearer <secret>' (make one with `educluster token create --name N --role reader`)"
        )
    )
  }

  static func badParameter(_ name: String, _ detail: Phrase) -> Problem {
    Problem(
      status: .badRequest, detail: Phrase.joined([Phrase(verbatim: name), detail], separator: ": "), fields: [name])
  }

  /// "expected a number from 0 to 1", with the bounds there are.
  static func expected<T>(_ what: Phrase, _ minimum: T?, _ maximum: T?) -> Phrase {
    switch (minimum, maximum) {
    case (let low?, let high?): tr("expected \(what) from \(low) to \(high)")
    case (let low?, nil): tr("expected \(what) from \(low)")
    case (nil, let high?): tr("expected \(what) up to \(high)")
    case (nil, nil): tr("expected \(what)")
    }
  }

  /// The status's reason phrase, in the problem's language.
  static func title(_ status: HTTPResponse.Status) -> Phrase {
    switch status.code {
    case 400: tr("Bad Request")
    case 401: tr("Unauthorized")
    case 403: tr("Forbidden")
    case 404: tr("Not Found")
    case 405: tr("Method Not Allowed")
    case 406: tr("Not Acceptable")
    case 409: tr("Conflict")
    case 413: tr("Content Too Large")
    case 415: tr("Unsupported Media Type")
    case 422: tr("Unprocessable Content")
    case 429: tr("Too Many Requests")
    case 500: tr("Internal Server Error")
    case 503: tr("Service Unavailable")
    default: Phrase(verbatim: status.reasonPhrase)
    }
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
      let detail: Phrase
      switch status {
      case .notFound:
        let allowed = methods.index.methods(for: request.uri.path)
        if !allowed.isEmpty {
          var problem = Problem(
            status: .methodNotAllowed,
            detail: tr("\(request.uri.path) answers \(allowed.joined(separator: ", ")), not \(request.method)"))
          problem.headers[.allow] = allowed.joined(separator: ", ")
          throw problem
        }
        detail = tr("no such resource: \(request.method) \(request.uri.path) (see /openapi.json)")
      case .contentTooLarge: detail = tr("the body is too large (see the limits in /openapi.json)")
      default: detail = Problem.title(status)
      }
      throw Problem(status: status, detail: detail)
    } catch {
      context.logger.error("unexpected error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
      throw Problem(status: .internalServerError, detail: tr("an unexpected error; it has been logged"))
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
      throw Problem(status: .uriTooLong, detail: tr("the query string is over \(query) bytes"))
    }
  }
}

extension Request {
  /// The language the client asks for (`Accept-Language`), else English.
  var language: Language {
    headers[.acceptLanguage].flatMap { Language.preferred(acceptLanguage: $0) } ?? .en
  }
}
