import AppCore
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Localization

/// A JSON Schema fragment, as the OpenAPI document holds it.
public indirect enum APISchema: Sendable {
  case string(format: String? = nil, pattern: String? = nil, maxLength: Int? = nil)
  case enumeration([String])
  case integer(minimum: Int64? = nil, maximum: Int64? = nil)
  case number(minimum: Double? = nil, maximum: Double? = nil)
  case boolean
  case array(APISchema)
  case object(properties: [(String, APISchema)], required: [String], additional: Bool)
  /// An object whose keys are data (a dictionary), each value of this schema.
  case map(APISchema)
  /// A reference to `#/components/schemas/<name>`.
  case ref(String)
  /// Any JSON value of this type: an analysis result, described in words.
  case freeObject(String)
  case nullable(APISchema)
  /// The schema with a description for the document.
  case described(APISchema, String)
}

/// Where a parameter goes.
public enum ParameterLocation: String, Sendable { case path, query }

public struct Parameter: Sendable {
  public var name: String
  public var location: ParameterLocation
  public var schema: APISchema
  public var required: Bool
  public var description: String
  /// The value a handler uses when the parameter is absent; the document states it.
  public var defaultValue: String?

  static func path(_ name: String, _ description: String) -> Parameter {
    Parameter(name: name, location: .path, schema: .string(maxLength: 200), required: true, description: description)
  }

  static func query(
    _ name: String, _ schema: APISchema, _ description: String, required: Bool = false, default value: String? = nil
  ) -> Parameter {
    Parameter(
      name: name, location: .query, schema: schema, required: required,
      description: description + (value.map { " Default: \($0)." } ?? ""), defaultValue: value)
  }
}

extension Parameter {
  /// A query parameter from an analysis setting: name, range, meaning and default as AppCore
  /// declares them, so the router's check and the document agree with the CLI.
  static func query(_ setting: Setting<Int>) -> Parameter {
    query(
      setting.name,
      .integer(minimum: Int64(setting.range.lowerBound), maximum: Int64(setting.range.upperBound)),
      setting.help.description,
      default: String(setting.defaultValue))
  }

  static func query(_ setting: Setting<Double>) -> Parameter {
    query(
      setting.name, .number(minimum: setting.range.lowerBound, maximum: setting.range.upperBound),
      setting.help.description,
      default: String(setting.defaultValue))
  }
}

extension APISchema {
  /// The years an analysis can be limited to (`AnalysisYears.range`).
  static let years = APISchema.integer(
    minimum: Int64(AnalysisYears.range.lowerBound), maximum: Int64(AnalysisYears.range.upperBound))
}

/// A request or response body: a media type and its schema.
public struct Body: Sendable {
  public var mediaTypes: [(String, APISchema)]
  public var description: String

  static func json(_ schema: APISchema, _ description: String = "") -> Body {
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
  /// Named schemas this operation's bodies refer to (`#/components/schemas/<name>`).
  public var components: [(String, APISchema)] = []

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

extension Operation {
  /// Checks every parameter against its documented schema before the handler runs, so the
  /// server accepts exactly what the document describes: a missing required parameter, an
  /// empty or out-of-range value, a string over its length, a bad enum, date or boolean are
  /// 400s naming the parameter.
  func validate(_ query: Query, path: Parameters) throws {
    for p in parameters {
      let value: String?
      switch p.location {
      case .query: value = query[p.name]
      case .path: value = path.get(p.name).map { $0.removingPercentEncoding ?? $0 }
      }
      guard let value else {
        if p.required { throw Problem.badParameter(p.name, tr("is required")) }
        continue
      }
      try Operation.check(value, against: p.schema, name: p.name)
    }
  }

  static func check(_ value: String, against schema: APISchema, name: String) throws {
    switch schema {
    case .string(let format, let pattern, let maxLength):
      if let maxLength, value.count > maxLength {
        throw Problem.badParameter(name, tr("is at most \(maxLength) characters"))
      }
      if format == "date", Day(iso: value) == nil { throw Problem.badParameter(name, tr("expected a date YYYY-MM-DD")) }
      if let pattern, value.range(of: pattern, options: .regularExpression) == nil {
        throw Problem.badParameter(name, tr("does not have the expected form \(pattern)"))
      }
    case .enumeration(let values):
      if !values.contains(value) {
        throw Problem.badParameter(name, tr("expected one of \(values.joined(separator: ", "))"))
      }
    case .integer(let minimum, let maximum):
      guard let n = Int64(value), n >= (minimum ?? .min), n <= (maximum ?? .max) else {
        throw Problem.badParameter(name, Problem.expected(tr("a whole number"), minimum, maximum))
      }
    case .number(let minimum, let maximum):
      guard let x = Double(value), x.isFinite, x >= (minimum ?? -.infinity), x <= (maximum ?? .infinity) else {
        throw Problem.badParameter(name, Problem.expected(tr("a number"), minimum, maximum))
      }
    case .boolean:
      if value != "true" && value != "false" { throw Problem.badParameter(name, tr("expected true or false")) }
    case .nullable(let inner), .described(let inner, _):
      try check(value, against: inner, name: name)
    case .array, .object, .map, .ref, .freeObject:
      break
    }
  }
}

/// The methods each documented path answers, for 405 Method Not Allowed with an Allow header.
struct MethodIndex: Sendable {
  private var templates = [(segments: [Substring], methods: [String])]()

  init(_ operations: [Operation]) {
    var byPath = [String: [String]]()
    var order = [String]()
    for op in operations {
      if byPath[op.path] == nil { order.append(op.path) }
      byPath[op.path, default: []].append(op.method.rawValue)
    }
    templates = order.map { (Substring($0).split(separator: "/"), byPath[$0] ?? []) }
  }

  /// The methods allowed on a concrete path; empty when no documented path matches.
  func methods(for path: String) -> [String] {
    let parts = Substring(path).split(separator: "/")
    var allowed = Set<String>()
    for t in templates where t.segments.count == parts.count {
      let matches = zip(t.segments, parts).allSatisfy { template, part in template.hasPrefix("{") || template == part }
      if matches { allowed.formUnion(t.methods) }
    }
    return allowed.sorted()
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
              tr("this needs the \(role.rawValue) role; the token '\(principal.name)' is \(principal.role.rawValue)"))
        }
      }
      try Limits.checkQuery(request)
      try operation.validate(Query(request), path: context.parameters)
      return try await handler(request, context)
    }
  }
}
