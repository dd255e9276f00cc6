import AppCore
import Domain
import Foundation
import HTTPTypes

/// The OpenAPI 3.1 document, built from the same operation list the router is built from, and
/// from the domain's entity schemas: what it says is what the server does.
enum OpenAPI {
  static let version = "0.1.0"

  /// A filter parameter's schema: the field's type, as text in a query.
  static func filterSchema(_ field: Field) -> JSONSchema {
    switch field.type {
    case .integer: return .integer()
    case .real: return .number()
    case .bool: return .boolean
    case .date: return .string(format: "date")
    case .choice(let values): return .enumeration(values)
    case .text, .reference, .lines: return .string(maxLength: 500)
    }
  }

  static func fieldSchema(_ field: Field) -> JSONSchema {
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

  static func childSchema(_ child: ChildList, input: Bool) -> JSONSchema {
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
  static func nonBlank(_ schema: JSONSchema) -> JSONSchema {
    if case .string(let format, nil, let maxLength) = schema, format == nil {
      return .string(format: nil, pattern: "\\S", maxLength: maxLength)
    }
    return schema
  }

  static func entitySchema(_ kind: EntityKind, _ variant: Variant) -> JSONSchema {
    let schema = kind.schema
    var properties = [(String, JSONSchema)]()
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

  static func components() -> [String: Any] {
    var schemas = [String: Any]()
    for kind in EntityKind.allCases {
      let name = EntityRoutes.schemaName(kind)
      schemas[name] = json(entitySchema(kind, .output), description: kind.schema.summary)
      schemas[name + "Input"] = json(entitySchema(kind, .input), description: "A new or replacing \(kind.displayName).")
      schemas[name + "Replace"] = json(
        entitySchema(kind, .replace), description: "A whole \(kind.displayName); the code is the path's.")
      schemas[name + "Patch"] = json(entitySchema(kind, .patch), description: "The fields to change; null clears one.")
      schemas[name + "Page"] = json(
        .object(
          properties: [("items", .array(.ref(name))), ("next_cursor", .nullable(.string()))],
          required: ["items", "next_cursor"], additional: false),
        description: "One page; pass next_cursor as cursor for the next (null: the last page).")
    }
    schemas["Problem"] = json(
      .object(
        properties: [
          ("type", .string()), ("title", .string()), ("status", .integer(minimum: 400, maximum: 599)),
          ("detail", .string()), ("fields", .array(.string())), ("errors", .array(.string())),
        ], required: ["type", "title", "status", "detail"], additional: false),
      description:
        "RFC 9457 problem details. `fields` names the request fields at fault; `errors` lists each file:line:column problem of an import."
    )
    schemas["SearchHit"] = json(
      .object(
        properties: [
          ("kind", .enumeration(EntityKind.allCases.map(\.rawValue))), ("code", .string()), ("name", .string()),
        ], required: ["kind", "code", "name"], additional: false))
    let run = JSONSchema.object(
      properties: [
        ("code", .string()), ("created_at", .string()), ("author", .string()),
        ("proposing", .enumeration(["students", "placements"])), ("options", .string()), ("students", .integer()),
        ("placements", .integer()), ("matched", .integer()),
      ], required: ["code", "created_at", "author", "proposing", "options", "students", "placements", "matched"],
      additional: false)
    schemas["MatchRun"] = json(run)
    let states = AssignmentState.allCases.map(\.rawValue)
    schemas["MatchAssignment"] = json(
      .object(
        properties: [
          ("run", .string()), ("student", .string()), ("placement", .string()), ("rank", .integer()),
          ("state", .enumeration(states)), ("changed_at", .string()),
        ], required: ["run", "student", "placement", "rank", "state"], additional: false))
    schemas["MatchRunWithAssignments"] = json(
      .object(
        properties: [("run", .ref("MatchRun")), ("assignments", .array(.ref("MatchAssignment")))],
        required: ["run", "assignments"], additional: false))
    schemas["MatchRequest"] = json(
      .object(
        properties: [
          ("proposing", .enumeration(["students", "placements"])), ("cluster", .string()),
          ("kind", .enumeration(PlacementKind.allCases.map(\.rawValue))), ("explain", .boolean),
          ("on", .string(format: "date")),
        ], required: [], additional: false),
      description:
        "proposing: students (student-optimal, the default) or placements; explain: add every student's explanation; on: the run's day (default today) — placements ended before it are closed."
    )
    schemas["StateChange"] = json(
      .object(properties: [("state", .enumeration(states))], required: ["state"], additional: false))
    let roles = AccessRole.allCases.map(\.rawValue)
    let token = JSONSchema.object(
      properties: [
        ("key", .string()), ("name", .string()), ("role", .enumeration(roles)), ("created_at", .string()),
        ("created_by", .string()), ("revoked_at", .string()),
      ], required: ["key", "name", "role", "created_at", "created_by"], additional: false)
    schemas["Token"] = json(token)
    schemas["TokenRequest"] = json(
      .object(
        properties: [("name", .string(maxLength: 100)), ("role", .enumeration(roles))], required: ["name", "role"],
        additional: false))
    schemas["CreatedToken"] = json(
      .object(
        properties: [("token", .ref("Token")), ("secret", .string())], required: ["token", "secret"], additional: false)
    )
    var responses = [String: Any]()
    for (status, reason) in reasons {
      responses["Problem\(status)"] = [
        "description": reason,
        "content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]],
      ]
    }
    return [
      "schemas": schemas,
      "responses": responses,
      "securitySchemes": [
        "bearer": [
          "type": "http", "scheme": "bearer",
          "description": "A token from `educluster token create --name N --role reader|analyst|coordinator|admin`.",
        ]
      ],
    ]
  }

  static func json(_ schema: JSONSchema, description: String? = nil) -> [String: Any] {
    var out: [String: Any]
    switch schema {
    case .string(let format, let pattern, let maxLength):
      out = ["type": "string"]
      if let format { out["format"] = format }
      if let pattern { out["pattern"] = pattern }
      if let maxLength { out["maxLength"] = maxLength }
    case .enumeration(let values): out = ["type": "string", "enum": values]
    case .integer(let minimum, let maximum):
      out = ["type": "integer", "format": "int64"]
      if let minimum { out["minimum"] = minimum }
      if let maximum { out["maximum"] = maximum }
    case .number(let minimum, let maximum):
      out = ["type": "number"]
      if let minimum { out["minimum"] = minimum }
      if let maximum { out["maximum"] = maximum }
    case .boolean: out = ["type": "boolean"]
    case .array(let items): out = ["type": "array", "items": json(items)]
    case .object(let properties, let required, let additional):
      var props = [String: Any]()
      for (name, schema) in properties { props[name] = json(schema) }
      out = ["type": "object", "properties": props, "additionalProperties": additional]
      if !required.isEmpty { out["required"] = required }
    case .ref(let name): out = ["$ref": "#/components/schemas/\(name)"]
    case .freeObject(let text): out = ["description": text]
    case .nullable(let inner):
      var base = json(inner)
      if let type = base["type"] as? String {
        base["type"] = [type, "null"]
        if var values = base["enum"] as? [Any] {
          values.append(NSNull())
          base["enum"] = values
        }
        out = base
      } else {
        out = ["oneOf": [base, ["type": "null"]]]
      }
    }
    if let description { out["description"] = description }
    return out
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

  static func document(_ operations: [Operation]) -> [String: Any] {
    var paths = [String: [String: Any]]()
    for op in operations {
      var o: [String: Any] = [
        "operationId": op.id, "summary": op.summary, "tags": [op.tag],
      ]
      if let role = op.role {
        o["security"] = [["bearer": [String]()]]
        o["description"] = "Needs the **\(role.rawValue)** role or higher."
        o["x-educluster-role"] = role.rawValue
      } else {
        o["security"] = [[String: Any]]()
      }
      if !op.parameters.isEmpty {
        o["parameters"] = op.parameters.map { p -> [String: Any] in
          [
            "name": p.name, "in": p.location.rawValue, "required": p.required, "description": p.description,
            "schema": json(p.schema),
          ]
        }
      }
      if let body = op.requestBody {
        var content = [String: Any]()
        for (type, schema) in body.mediaTypes { content[type] = ["schema": json(schema)] }
        o["requestBody"] = ["required": true, "content": content, "description": body.description]
      }
      var responses = [String: Any]()
      for (status, body) in op.responses {
        var r: [String: Any] = ["description": body?.description.isEmpty == false ? body?.description ?? "" : "Done."]
        if let body {
          var content = [String: Any]()
          for (type, schema) in body.mediaTypes { content[type] = ["schema": json(schema)] }
          r["content"] = content
        }
        if status == 201 && op.method == .post {
          r["headers"] = ["Location": ["description": "The new resource.", "schema": ["type": "string"]]]
        }
        responses[String(status)] = r
      }
      for status in op.allErrors where !op.responses.contains(where: { $0.0 == status }) {
        responses[String(status)] = ["$ref": "#/components/responses/Problem\(status)"]
      }
      o["responses"] = responses
      paths[op.path, default: [:]][op.method.rawValue.lowercased()] = o
    }
    return [
      "openapi": "3.1.0",
      "info": [
        "title": "EduCluster API", "version": version,
        "description":
          "The registry and analytics of an educational cluster. Every error is RFC 9457 problem+json. Tokens: `educluster token create`.",
      ],
      "paths": paths,
      "components": components(),
      "tags": [
        ["name": "analyses", "description": "The analyses of SPEC §3."],
        ["name": "matching", "description": "Stable placement matching and its runs."],
        ["name": "data", "description": "Import and export."],
      ],
    ]
  }

  static func render(_ operations: [Operation]) -> String {
    let object = document(operations)
    guard
      let data = try? JSONSerialization.data(
        withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    else { return "{}" }
    return String(decoding: data, as: UTF8.self)
  }
}
