import AppCore
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Localization
import Presentation

/// list / get / create / replace / patch / delete for every kind (the ledger: list, get, append).
enum EntityRoutes {
  static func register(_ registry: OperationRegistry, _ services: Services) {
    for kind in EntityKind.allCases { register(kind, registry, services) }
  }

  static func collectionPath(_ kind: EntityKind) -> String { "/api/v1/\(kind.plural)" }

  static func schemaName(_ kind: EntityKind) -> String {
    kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst()
  }

  /// Names are personal data: only coordinators and admins (who write them) read them.
  static func personal(_ context: APIContext) -> Bool { (context.principal?.role ?? .reader) >= .coordinator }

  /// The names every route of a kind uses.
  struct Names {
    var kind: EntityKind
    var collection: String
    var item: String
    var name: String
    var tag: String
    var display: String
    var codeParameter: Parameter

    init(_ kind: EntityKind) {
      self.kind = kind
      collection = EntityRoutes.collectionPath(kind)
      item = collection + "/{code}"
      name = EntityRoutes.schemaName(kind)
      tag = kind.plural
      display = kind.displayName
      codeParameter = Parameter.path("code", "The \(display)'s code.")
    }
  }

  static func register(_ kind: EntityKind, _ registry: OperationRegistry, _ services: Services) {
    let names = Names(kind)
    list(names, registry, services)
    get(names, registry, services)
    create(names, registry, services)
    guard kind != .ledger else { return }  // append-only
    write(names, registry, services)
    delete(names, registry, services)
  }

  /// A page of a kind, filtered by any scalar field.
  static func list(_ r: Names, _ registry: OperationRegistry, _ services: Services) {
    let kind = r.kind, collection = r.collection, name = r.name, tag = r.tag
    var listParameters: [Parameter] = [
      .query(
        "limit", .integer(minimum: 1, maximum: Int64(Limits.maxPage)), "Page size (default \(Limits.defaultPage))."),
      .query("cursor", .string(maxLength: 200), "The `next_cursor` of the previous page."),
    ]
    let hasClusterField = kind.schema.field("cluster") != nil
    if kind.belongsToCluster && !hasClusterField {
      listParameters.append(.query("cluster", .string(maxLength: 200), "Only what belongs to this cluster's members."))
    }
    let filterable = kind.schema.fields.filter { $0.name != "code" && $0.type != .lines }
    for field in filterable {
      listParameters.append(
        .query(field.name, APIDocument.filterSchema(field), "Only \(kind.plural) whose \(field.name) is this."))
    }
    registry.add(
      Operation(
        method: .get, path: collection, id: "list\(name)",
        summary: "List \(kind.plural), in code order, a page at a time.",
        tag: tag, role: .reader, parameters: listParameters, requestBody: nil,
        responses: [(200, .json(.ref(name + "Page")))], errors: [])
    ) { request, context in
      let query = Query(request)
      let limit = try query.int("limit", in: 1...Limits.maxPage) ?? Limits.defaultPage
      let cursor = query.text("cursor")
      let cluster = kind.belongsToCluster && !hasClusterField ? query.text("cluster") : nil
      var filters = [String: String]()
      for field in filterable { if let v = query[field.name] { filters[field.name] = v } }
      let personal = personal(context)
      // Filtering by a name would look a person up without reading the name: the same rule.
      if !personal, let field = EduCluster.personalFieldNames(kind).first(where: { filters[$0] != nil }) {
        throw Problem(
          status: .forbidden,
          detail: tr("\(field) of \(kind.titlePlural) is personal data: filtering by it needs the coordinator role"),
          fields: [field])
      }
      let chosen = filters
      let (page, next) = try await services.run("list") { app throws(AppError) in
        let found = try app.list(kind, filters: chosen, cluster: cluster, limit: limit + 1, after: cursor)
        let page = Array(found.prefix(limit))
        let next = found.count > limit ? page.last.map(\.code) : nil
        return (page.map { EduCluster.json($0, includePersonal: personal) }, next)
      }
      let cursorJSON = next.map { try? Rendering.json($0) } ?? nil
      return Reply.json("{\"items\":[\(page.joined(separator: ","))],\"next_cursor\":\(cursorJSON ?? "null")}")
    }
  }

  /// One record by code.
  static func get(_ r: Names, _ registry: OperationRegistry, _ services: Services) {
    let kind = r.kind, item = r.item, name = r.name, tag = r.tag, display = r.display, codeParameter = r.codeParameter
    registry.add(
      Operation(
        method: .get, path: item, id: "get\(name)", summary: "One \(display) by code.", tag: tag, role: .reader,
        parameters: [codeParameter], requestBody: nil, responses: [(200, .json(.ref(name)))], errors: [])
    ) { request, context in
      let code = try context.path("code")
      let personal = personal(context)
      let json = try await services.run("get") { app throws(AppError) in
        EduCluster.json(try app.show(kind, code: code), includePersonal: personal)
      }
      return Reply.json(json)
    }
  }

  /// Create one (the ledger: append).
  static func create(_ r: Names, _ registry: OperationRegistry, _ services: Services) {
    let kind = r.kind, collection = r.collection, name = r.name, tag = r.tag, display = r.display
    registry.add(
      Operation(
        method: .post, path: collection, id: "create\(name)",
        summary: kind == .ledger
          ? "Append a ledger entry (its code, hash and chain are filled in)." : "Create a \(display).",
        tag: tag, role: .coordinator, parameters: [],
        requestBody: .json(.ref(name + "Input"), "The new \(display)."),
        responses: [(201, .json(.ref(name)))], errors: [409, 415])
    ) { request, context in
      let record = try EduCluster.record(json: try await request.jsonBody(), kind: kind)
      let personal = personal(context)
      let (code, json) = try await services.run("create", as: context.principal) { app throws(AppError) in
        let entity = try app.add(record)
        return (entity.code, EduCluster.json(entity, includePersonal: personal))
      }
      let location = collection + "/" + code.pathSegment
      return Reply.json(json, status: .created, headers: [.location: location])
    }
  }

  /// Replace (PUT) or patch (PATCH) one.
  static func write(_ r: Names, _ registry: OperationRegistry, _ services: Services) {
    let kind = r.kind, item = r.item, name = r.name, tag = r.tag, display = r.display, codeParameter = r.codeParameter
    for method in [HTTPRequest.Method.put, .patch] {
      let replace = method == .put
      registry.add(
        Operation(
          method: method, path: item, id: (replace ? "replace" : "update") + name,
          summary: replace
            ? "Replace a \(display): fields and lists left out become empty."
            : "Change the given fields and lists of a \(display); the rest stays.",
          tag: tag, role: .coordinator, parameters: [codeParameter],
          requestBody: .json(.ref(name + (replace ? "Replace" : "Patch"))),
          responses: [(200, .json(.ref(name)))], errors: [409, 415])
      ) { request, context in
        let code = try context.path("code")
        var record = try EduCluster.record(json: try await request.jsonBody(), kind: kind)
        if replace { record = EduCluster.completed(record) }
        record["code"] = .text(code)
        let changes = record
        let personal = personal(context)
        let json = try await services.run(replace ? "replace" : "update", as: context.principal) {
          app throws(AppError) in
          EduCluster.json(try app.update(kind, code: code, changes: changes).0, includePersonal: personal)
        }
        return Reply.json(json)
      }
    }
  }

  /// Delete one nothing refers to.
  static func delete(_ r: Names, _ registry: OperationRegistry, _ services: Services) {
    let kind = r.kind, item = r.item, name = r.name, tag = r.tag, display = r.display, codeParameter = r.codeParameter
    registry.add(
      Operation(
        method: .delete, path: item, id: "delete\(name)", summary: "Delete a \(display) nothing refers to.", tag: tag,
        role: .admin, parameters: [codeParameter], requestBody: nil, responses: [(204, nil)], errors: [409])
    ) { request, context in
      let code = try context.path("code")
      try await services.run("delete", as: context.principal) { app throws(AppError) in
        try app.remove(kind, code: code)
      }
      return Reply.noContent()
    }
  }
}

extension EntityKind {
  /// Kinds a `cluster` filter applies to.
  var belongsToCluster: Bool {
    switch self {
    case .region, .specialty, .competency, .occupation: return false
    default: return true
    }
  }
}
