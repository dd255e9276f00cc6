import AppCore
import Domain
import Foundation
import HTTPTypes
import Localization
import OpenAPIKit

/// The OpenAPI 3.1 document, built from the same operation list the router is built from, and
/// from the domain's entity schemas: what it says is what the server does. The operations
/// declare their parameters and bodies as `APISchema` (which the router also validates
/// requests against); this file turns them into OpenAPIKit's typed model and encodes it.
enum APIDocument {
  static let version = "0.1.0"

  /// A filter parameter's schema: the field's type, as text in a query.
  static func filterSchema(_ field: Field) -> APISchema {
    switch field.type {
    case .integer: return .integer()
    case .real: return .number()
    case .bool: return .boolean
    case .date: return .string(format: "date")
    case .choice(let values): return .enumeration(values)
    case .text, .reference, .lines: return .string(maxLength: 500)
    }
  }

  static func fieldSchema(_ field: Field) -> APISchema {
    switch field.type {
    case .text, .reference: return .string()
    case .integer: return .integer()
    case .real: return .number()
    case .date: return .string(format: "date")
    case .bool: return .boolean
    case .choice(let values): return .enumeration(values)
    case .lines: return .array(.string())
    }
  }

  static func childSchema(_ child: ChildList, input: Bool) -> APISchema {
    if child.fields.count == 1, let only = child.fields.first {
      return .array(fieldSchema(only))
    }
    let properties = child.fields.map { f in (f.name, input && !f.required ? .nullable(fieldSchema(f)) : fieldSchema(f))
    }
    return .array(
      .object(properties: properties, required: child.fields.filter(\.required).map(\.name), additional: false))
  }

  enum Variant { case output, input, replace, patch }

  /// A required text field must hold something besides spaces.
  static func nonBlank(_ schema: APISchema) -> APISchema {
    if case .string(let format, nil, let maxLength) = schema, format == nil {
      return .string(format: nil, pattern: "\\S", maxLength: maxLength)
    }
    return schema
  }

  static func entitySchema(_ kind: EntityKind, _ variant: Variant) -> APISchema {
    let schema = kind.schema
    var properties = [(String, APISchema)]()
    var required = [String]()
    let codeOptional = kind == .ledger || schema.derivedCode != nil
    for field in schema.fields {
      let base = fieldSchema(field)
      switch variant {
      case .output:
        properties.append((field.name, base))
        if field.required && !field.personal { required.append(field.name) }
      case .input, .replace:
        let present = field.required ? nonBlank(base) : .nullable(base)
        properties.append((field.name, present))
        // A replacement takes its code from the path.
        let codeOptional = codeOptional || variant == .replace
        if field.required && !(field.name == "code" && codeOptional) { required.append(field.name) }
      case .patch:
        properties.append((field.name, field.required ? nonBlank(base) : .nullable(base)))
      }
    }
    for child in schema.children {
      let list = childSchema(child, input: variant != .output)
      properties.append((child.name, variant == .output ? list : .nullable(list)))
    }
    return .object(properties: properties, required: required, additional: false)
  }

  /// The named schemas: each entity's output, input, replacement, patch and page; the
  /// shared bodies; and the reflected schema of every analysis result.
  static func schemas(_ operations: [Operation]) -> OrderedDictionary<String, APISchema> {
    var schemas = OrderedDictionary<String, APISchema>()
    for kind in EntityKind.allCases {
      let name = EntityRoutes.schemaName(kind)
      schemas[name] = entitySchema(kind, .output).described(kind.schema.summary.description)
      schemas[name + "Input"] = entitySchema(kind, .input).described("A new or replacing \(kind.displayName).")
      schemas[name + "Replace"] = entitySchema(kind, .replace).described(
        "A whole \(kind.displayName); the code is the path's.")
      schemas[name + "Patch"] = entitySchema(kind, .patch).described("The fields to change; null clears one.")
      schemas[name + "Page"] = APISchema.object(
        properties: [("items", .array(.ref(name))), ("next_cursor", .nullable(.string()))],
        required: ["items", "next_cursor"], additional: false
      ).described("One page; pass next_cursor as cursor for the next (null: the last page).")
    }
    for (name, schema) in SharedSchemas.all { schemas[name] = schema }
    for op in operations {
      for (name, schema) in op.components { schemas[name] = schema }
    }
    return schemas
  }

  static let reasons: [Int: String] = [
    400: "Bad input: a parameter, a field or a rule (the problem names the field).",
    401: "No token, or an unknown or revoked one.", 403: "The token's role is too low.",
    404: "No such record, or no such route.",
    409: "A conflict: a duplicate, a record still referred to, a bad transition.",
    405: "The path does not answer this method (the Allow header lists those it does).",
    413: "The body is too large.", 414: "The query string is too long.",
    415: "The body's content type is not accepted.",
    503: "The database cannot be used right now.",
  ]

  static func document(_ operations: [Operation]) throws -> OpenAPI.Document {
    var paths = OrderedDictionary<String, OpenAPI.PathItem>()
    for op in operations {
      var item = paths[op.path] ?? OpenAPI.PathItem()
      item[op.method.openAPI] = operation(op)
      paths[op.path] = item
    }
    var problems = OrderedDictionary<OpenAPI.ComponentKey, OpenAPI.Response>()
    for (status, reason) in reasons.sorted(by: { $0.key < $1.key }) {
      problems[try .forceInit(rawValue: "Problem\(status)")] = OpenAPI.Response(
        description: reason,
        content: content(Body(mediaTypes: [("application/problem+json", .ref("Problem"))], description: "")))
    }
    var schemaComponents = OrderedDictionary<OpenAPI.ComponentKey, OpenAPIKit.JSONSchema>()
    for (name, schema) in schemas(operations) { schemaComponents[try .forceInit(rawValue: name)] = schema.openAPI() }
    return OpenAPI.Document(
      openAPIVersion: .v3_1_0,
      info: .init(
        title: "EduCluster API",
        description:
          "The registry and analytics of an educational cluster. Every error is RFC 9457 problem+json. Tokens: `educluster token create`.",
        version: version),
      servers: [],
      paths: pathMap(paths),
      components: .init(
        schemas: schemaComponents, responses: problems.mapValues { .b($0) },
        securitySchemes: [
          "bearer": .b(
            .http(
              scheme: "bearer",
              description:
                "A token from `educluster token create --name N --role reader|analyst|coordinator|admin`."))
        ]),
      tags: [
        .init(name: "analyses", description: "The analyses of SPEC §3."),
        .init(name: "matching", description: "Stable placement matching and its runs."),
        .init(name: "data", description: "Import and export."),
      ])
  }

  static func pathMap(_ items: OrderedDictionary<String, OpenAPI.PathItem>) -> OpenAPI.PathItem.Map {
    var map = OpenAPI.PathItem.Map()
    for (path, item) in items { map[OpenAPI.Path(rawValue: path)] = .b(item) }
    return map
  }

  /// One operation: its parameters, body, success responses and every error it can return.
  static func operation(_ op: Operation) -> OpenAPI.Operation {
    var responses = OpenAPI.Response.Map()
    for (status, body) in op.responses {
      let description = body?.description.isEmpty == false ? body?.description ?? "" : "Done."
      var headers: OpenAPI.Header.Map?
      if status == 201 && op.method == .post {
        headers = ["Location": .b(OpenAPI.Header(schema: .string, description: "The new resource."))]
      }
      responses[.status(code: status)] = .b(
        OpenAPI.Response(description: description, headers: headers, content: body.map(content) ?? [:]))
    }
    for status in op.allErrors where !op.responses.contains(where: { $0.0 == status }) {
      responses[.status(code: status)] = .a(.component(named: "Problem\(status)"))
    }
    let parameters: OpenAPI.Parameter.Array = op.parameters.map { p in
      switch p.location {
      case .path: return .b(.path(name: p.name, schema: p.schema.openAPI(), description: p.description))
      case .query:
        return .b(.query(name: p.name, required: p.required, schema: p.schema.openAPI(), description: p.description))
      }
    }
    var extensions = [String: AnyCodable]()
    if let role = op.role { extensions["x-educluster-role"] = AnyCodable(role.rawValue) }
    return OpenAPI.Operation(
      tags: [op.tag], summary: op.summary, description: op.role.map { "Needs the **\($0.rawValue)** role or higher." },
      operationId: op.id, parameters: parameters,
      requestBody: op.requestBody.map {
        OpenAPI.Request(description: $0.description, content: content($0), required: true)
      },
      responses: responses,
      security: op.role == nil ? [] : [[.component(named: "bearer"): []]],
      vendorExtensions: extensions)
  }

  static func content(_ body: Body) -> OpenAPI.Content.Map {
    var map = OpenAPI.Content.Map()
    for (type, schema) in body.mediaTypes {
      if let contentType = OpenAPI.ContentType(rawValue: type) {
        map[contentType] = .b(.init(schema: schema.openAPI()))
      }
    }
    return map
  }

  /// The document as JSON, keys sorted; throws (and the server does not start) if a component
  /// name is not one OpenAPI allows or the model cannot be encoded.
  static func render(_ operations: [Operation]) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(try document(operations)), as: UTF8.self)
  }
}

extension HTTPRequest.Method {
  fileprivate var openAPI: OpenAPI.HttpMethod {
    switch self {
    case .post: .post
    case .put: .put
    case .patch: .patch
    case .delete: .delete
    case .head: .head
    case .options: .options
    default: .get
    }
  }
}

extension APISchema {
  func described(_ text: String) -> APISchema { .described(self, text) }

  /// The OpenAPIKit schema; `nullable` adds `null` to the type (and to an enumeration's
  /// values), as JSON Schema 2020-12 spells it.
  func openAPI(nullable: Bool = false, description: String? = nil) -> OpenAPIKit.JSONSchema {
    switch self {
    case .string(let format, let pattern, let maxLength):
      return .string(
        format: format == "date" ? .date : .unspecified, nullable: nullable, description: description,
        maxLength: maxLength, pattern: pattern)
    case .enumeration(let values):
      let allowed = values.map { AnyCodable($0) } + (nullable ? [nil] : [])
      return .string(nullable: nullable, description: description, allowedValues: allowed)
    case .integer(let minimum, let maximum):
      return .integer(
        format: .int64, nullable: nullable, description: description,
        maximum: maximum.map { (Int($0), exclusive: false) },
        minimum: minimum.map { (Int($0), exclusive: false) })
    case .number(let minimum, let maximum):
      return .number(
        nullable: nullable, description: description, maximum: maximum.map { ($0, exclusive: false) },
        minimum: minimum.map { ($0, exclusive: false) })
    case .boolean: return .boolean(nullable: nullable, description: description)
    case .array(let items): return .array(nullable: nullable, description: description, items: items.openAPI())
    case .object(let properties, let required, let additional):
      var props = OrderedDictionary<String, OpenAPIKit.JSONSchema>()
      for (name, schema) in properties {
        props[name] = required.contains(name) ? schema.openAPI() : schema.openAPI().optionalSchemaObject()
      }
      return .object(
        nullable: nullable, description: description, properties: props, additionalProperties: .a(additional))
    case .map(let values):
      return .object(nullable: nullable, description: description, additionalProperties: .b(values.openAPI()))
    case .ref(let name):
      let reference = OpenAPIKit.JSONSchema.reference(.component(named: name), description: description)
      return nullable ? .one(of: [reference, .null()]) : reference
    case .freeObject(let text): return .fragment(description: description ?? text)
    case .nullable(let inner): return inner.openAPI(nullable: true, description: description)
    case .described(let inner, let text): return inner.openAPI(nullable: nullable, description: text)
    }
  }
}

/// The bodies several operations share, described by hand where they are not a Swift type the
/// reflection can read.
enum SharedSchemas {
  static var all: [(String, APISchema)] {
    let states = AssignmentState.allCases.map(\.rawValue)
    let roles = AccessRole.allCases.map(\.rawValue)
    let sides = APISchema.enumeration(["students", "placements"])
    return [
      (
        "Problem",
        APISchema.object(
          properties: [
            ("type", .string()), ("title", .string()), ("status", .integer(minimum: 400, maximum: 599)),
            ("detail", .string()), ("fields", .array(.string())), ("errors", .array(.string())),
          ], required: ["type", "title", "status", "detail"], additional: false
        ).described(
          "RFC 9457 problem details. `fields` names the request fields at fault; `errors` lists each file:line:column problem of an import."
        )
      ),
      (
        "SearchHit",
        .object(
          properties: [
            ("kind", .enumeration(EntityKind.allCases.map(\.rawValue))), ("code", .string()), ("name", .string()),
          ], required: ["kind", "code", "name"], additional: false)
      ),
      (
        "MatchRun",
        .object(
          properties: [
            ("code", .string()), ("created_at", .string()), ("author", .string()), ("proposing", sides),
            ("options", .string()), ("students", .integer()), ("placements", .integer()), ("matched", .integer()),
          ],
          required: ["code", "created_at", "author", "proposing", "options", "students", "placements", "matched"],
          additional: false)
      ),
      (
        "MatchAssignment",
        .object(
          properties: [
            ("run", .string()), ("student", .string()), ("placement", .string()), ("rank", .integer()),
            ("state", .enumeration(states)), ("changed_at", .string()),
          ], required: ["run", "student", "placement", "rank", "state"], additional: false)
      ),
      (
        "MatchRunWithAssignments",
        .object(
          properties: [("run", .ref("MatchRun")), ("assignments", .array(.ref("MatchAssignment")))],
          required: ["run", "assignments"], additional: false)
      ),
      (
        "MatchRequest",
        APISchema.object(
          properties: [
            ("proposing", sides), ("cluster", .string()),
            ("kind", .enumeration(PlacementKind.allCases.map(\.rawValue))), ("explain", .boolean),
            ("on", .string(format: "date")),
          ], required: [], additional: false
        ).described(
          "proposing: students (student-optimal, the default) or placements; explain: add every student's explanation; on: the run's day (default today) — placements ended before it are closed."
        )
      ),
      ("StateChange", .object(properties: [("state", .enumeration(states))], required: ["state"], additional: false)),
      (
        "Token",
        .object(
          properties: [
            ("key", .string()), ("name", .string()), ("role", .enumeration(roles)), ("created_at", .string()),
            ("created_by", .string()), ("revoked_at", .string()),
          ], required: ["key", "name", "role", "created_at", "created_by"], additional: false)
      ),
      (
        "TokenRequest",
        .object(
          properties: [("name", .string(maxLength: 100)), ("role", .enumeration(roles))], required: ["name", "role"],
          additional: false)
      ),
      (
        "CreatedToken",
        .object(
          properties: [("token", .ref("Token")), ("secret", .string())], required: ["token", "secret"],
          additional: false)
      ),
    ]
  }
}
