import AppCore
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// A JSON Schema fragment, as the OpenAPI document holds it.
public indirect enum JSONSchema: Sendable {
  case string(format: String? = nil, pattern: String? = nil, maxLength: Int? = nil)
  case enumeration([String])
  case integer(minimum: Int64? = nil, maximum: Int64? = nil)
  case number
  case boolean
  case array(JSONSchema)
  case object(properties: [(String, JSONSchema)], required: [String], additional: Bool)
  /// A reference to `#/components/schemas/<name>`.
  case ref(String)
  /// Any JSON value of this type: an analysis result, described in words.
  case freeObject(String)
  case nullable(JSONSchema)
}

/// Where a parameter goes.
public enum ParameterLocation: String, Sendable { case path, query }

public struct Parameter: Sendable {
  public var name: String
  public var location: ParameterLocation
  public var schema: JSONSchema
  public var required: Bool
  public var description: String

  static func path(_ name: String, _ description: String) -> Parameter {
    Parameter(name: name, location: .path, schema: .string(maxLength: 200), required: true, description: description)
  }

  static func query(_ name: String, _ schema: JSONSchema, _ description: String, required: Bool = false) -> Parameter {
    Parameter(name: name, location: .query, schema: schema, required: required, description: description)
  }
}

/// A request or response body: a media type and its schema.
public struct Body: Sendable {
  public var mediaTypes: [(String, JSONSchema)]
  public var description: String

  static func json(_ schema: JSONSchema, _ description: String = "") -> Body {
    Body(mediaTypes: [("application/json", schema)], description: description)
  }
}

/// One operation of the API: how it is routed, who may call it, and how the OpenAPI document
/// describes it. The router and the document are both built from the same list of these, so
/// the document cannot name an operation the server lacks, or miss one it has.
public struct Operation: Sendable {
  public var method: HTTPRequest.Method
  /// The OpenAPI path, with `{name}` parameters.
  public var path: String
  public var id: String
  public var summary: String
  public var tag: String
  /// The least role that may call it; nil for public operations.
  public var role: AccessRole?
  public var parameters: [Parameter]
  public var requestBody: Body?
  /// Success responses by status code; error responses are added from `errors`.
  public var responses: [(Int, Body?)]
  /// Error statuses this operation can return (besides 401 / 403 for protected ones).
  public var errors: [Int]

  /// The path in Hummingbird's syntax (`:name`).
  var routerPath: String {
    path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
  }

  /// Every error status the document lists for this operation.
  var allErrors: [Int] {
    var statuses = Set(errors + [400, 413, 414])
    if role != nil { statuses.formUnion([401, 403]) }
    if path.hasPrefix("/dashboard") { statuses.insert(401) }
    if parameters.contains(where: { $0.location == .path }) { statuses.insert(404) }
    statuses.insert(503)
    return statuses.sorted()
  }
}

/// The handler of an operation: the request, its context, and the principal (checked against
/// the operation's role already).
typealias Handler = @Sendable (Request, APIContext) async throws -> Response

/// Collects operations and registers them on a router with their role check.
final class OperationRegistry: @unchecked Sendable {
  private(set) var operations = [Operation]()
  let router: Router<APIContext>

  init(router: Router<APIContext>) { self.router = router }

  func add(_ operation: Operation, _ handler: @escaping Handler) {
    operations.append(operation)
    let role = operation.role
    router.on(RouterPath(operation.routerPath), method: operation.method) { request, context -> Response in
      if let role {
        guard let principal = context.principal else { throw Problem.unauthorized() }
        guard principal.role >= role else {
          throw Problem(
            status: .forbidden,
            detail:
              "this needs the \(role.rawValue) role; the token '\(principal.name)' is \(principal.role.rawValue)")
        }
      }
      try Limits.checkQuery(request)
      return try await handler(request, context)
    }
  }
}
