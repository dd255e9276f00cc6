import AppCore
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Localization

/// Import, export and tokens.
enum DataRoutes {
  static let exportTypes = EduCluster.exportableTypes

  static func register(_ registry: OperationRegistry, _ services: Services) {
    importDataRoute(registry, services)
    exportDataRoute(registry, services)
    listTokensRoute(registry, services)
    createTokenRoute(registry, services)
    revokeTokenRoute(registry, services)
  }

  static func importDataRoute(_ registry: OperationRegistry, _ services: Services) {
    registry.add(
      Operation(
        method: .post, path: "/api/v1/import", id: "importData",
        summary:
          "Import one CSV or JSON body, all or nothing: every row is validated first, and any error writes nothing.",
        tag: "data", role: .admin,
        parameters: [
          .query(
            "type", .string(maxLength: 100),
            "What the body holds (organizations, students, program_outcomes, skills …); a CSV body is recognized by its header without it."
          ),
          .query("dry_run", .boolean, "Validate and count, write nothing."),
          .query("dryRun", .boolean, "The same as dry_run."),
          .query("max_errors", .integer(minimum: 1, maximum: 10_000), "Report at most this many errors (default 20)."),
        ],
        requestBody: Body(
          mediaTypes: [
            ("text/csv", .string()), ("application/json", .freeObject("An array of records, or one record.")),
            ("application/x-ndjson", .string()),
          ], description: "The data, in the formats of docs/formats.md."),
        responses: [
          (200, .json(.ref("ImportReport")))
        ],
        errors: [415],
        components: [
          SchemaReflection.component(
            "ImportReport", ImportReport.self,
            "The import report: files, rows, inserted / updated / unchanged per kind.")
        ])
    ) { request, context in
      let q = Query(request)
      let type = request.headers[.contentType]?.lowercased() ?? ""
      let json: Bool
      if type.hasPrefix("text/csv") {
        json = false
      } else if type.hasPrefix("application/json") || type.hasPrefix("application/x-ndjson") {
        json = true
      } else {
        throw Problem(
          status: .unsupportedMediaType, detail: tr("send text/csv, application/json or application/x-ndjson"))
      }
      var options = ImportOptions()
      options.type = q.text("type")
      options.dryRun = try q.bool("dry_run") ?? q.bool("dryRun") ?? false
      options.maxErrors = try q.int("max_errors", in: 1...10_000) ?? 20
      if json && options.type == nil {
        throw Problem.badParameter("type", tr("is required for a JSON body (organizations, students …)"))
      }
      let chosen = options
      // The gate is taken before the body is read: waiting imports hold no body in memory.
      let report = try await services.gate.run {
        let data = try await request.bytes(limit: Limits.importBody)
        return try await services.run("import", as: context.principal) { app throws(AppError) in
          try app.importBody(data, json: json, options: chosen)
        }
      }
      return try Reply.encoded(report)
    }
  }

  static func exportDataRoute(_ registry: OperationRegistry, _ services: Services) {
    registry.add(
      Operation(
        method: .get, path: "/api/v1/export/{type}", id: "exportData",
        summary: "Export one type in the import formats (CSV, or JSON with lists nested).", tag: "data",
        role: .reader,
        parameters: [
          Parameter(
            name: "type", location: .path, schema: .enumeration(exportTypes), required: true,
            description: "A kind (organizations …) or, in CSV, a list (program_outcomes, preferences …)."),
          .query("format", .enumeration(["csv", "json"]), "csv (default) or json."),
          .query(
            "include_personal", .boolean, "Include student and teacher names (coordinator or admin role)."),
        ], requestBody: nil,
        responses: [
          (
            200,
            Body(
              mediaTypes: [("text/csv", .string()), ("application/json", .array(.freeObject("A record.")))],
              description: "The file.")
          )
        ], errors: [])
    ) { request, context in
      let q = Query(request)
      let type = try context.path("type")
      let format = try q.choice("format", ExportFormat.self) ?? .csv
      let personal = try q.bool("include_personal") ?? false
      if personal, (context.principal?.role ?? .reader) < .coordinator {
        throw Problem(
          status: .forbidden, detail: tr("names are personal data: include_personal needs the coordinator role"))
      }
      let file = try EduCluster.exportable(named: type, format: format)
      return try await services.stream(
        "export", contentType: format == .csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8"
      ) { app, write throws(AppError) in
        _ = try app.exportFile(file, format: format, includePersonal: personal, write: write)
      }
    }
  }

  static func listTokensRoute(_ registry: OperationRegistry, _ services: Services) {
    registry.add(
      Operation(
        method: .get, path: "/api/v1/tokens", id: "listTokens", summary: "Every token (never a secret).",
        tag: "tokens", role: .admin, parameters: [], requestBody: nil,
        responses: [(200, .json(.array(.ref("Token"))))], errors: [])
    ) { _, _ in
      try Reply.encoded(try await services.run("tokens") { app throws(AppError) in try app.tokens() })
    }
  }

  static func createTokenRoute(_ registry: OperationRegistry, _ services: Services) {
    registry.add(
      Operation(
        method: .post, path: "/api/v1/tokens", id: "createToken",
        summary: "Create a token; the response holds its secret, the only time it is shown.", tag: "tokens",
        role: .admin, parameters: [], requestBody: .json(.ref("TokenRequest")),
        responses: [(201, .json(.ref("CreatedToken")))], errors: [409, 415])
    ) { request, context in
      struct TokenRequest: Decodable {
        var name: String
        var role: AccessRole
      }
      let body = try decodeStrict(TokenRequest.self, try await request.jsonBody())
      let created = try await services.run("token-create", as: context.principal) { app throws(AppError) in
        try app.createToken(name: body.name, role: body.role)
      }
      return try Reply.encoded(created, status: .created)
    }
  }

  static func revokeTokenRoute(_ registry: OperationRegistry, _ services: Services) {
    registry.add(
      Operation(
        method: .delete, path: "/api/v1/tokens/{name}", id: "revokeToken",
        summary: "Revoke the active token of a name.",
        tag: "tokens", role: .admin, parameters: [.path("name", "The token's name.")], requestBody: nil,
        responses: [(204, nil)], errors: [])
    ) { _, context in
      let name = try context.path("name")
      try await services.run("token-revoke", as: context.principal) { app throws(AppError) in
        try app.revokeToken(name: name)
      }
      return Reply.noContent()
    }

  }
}
