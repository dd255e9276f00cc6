import Analytics
import AppCore
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Localization
import Presentation

/// The keys of a JSON object, whatever their values.
private struct ObjectKeys: Decodable {
  struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }
  var keys: [String]
  init(from decoder: any Decoder) throws { keys = try decoder.container(keyedBy: Key.self).allKeys.map(\.stringValue) }
}

/// Decodes a small JSON body into `T`, refusing keys it does not know (named in the problem):
/// the keys `T` reads, as the schema reflection finds them.
func decodeStrict<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
  let body = data.isEmpty ? Data("{}".utf8) : data
  guard let object = try? JSONDecoder().decode(ObjectKeys.self, from: body) else {
    throw Problem(status: .badRequest, detail: tr("the body must be one JSON object"))
  }
  guard case .object(let properties, _, _) = try SchemaReflection.properties(of: T.self) else {
    throw Problem(status: .internalServerError, detail: tr("\(T.self) is not an object"))
  }
  let allowed = Set(properties.map(\.0))
  if let twice = EduCluster.duplicateKey(inJSON: body) {
    throw Problem(
      status: .badRequest, detail: tr("the key '\(twice)' appears twice in the body: give each field once"),
      fields: [twice])
  }
  if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
    throw Problem(
      status: .badRequest,
      detail: tr("unknown field '\(unknown)' (fields: \(allowed.sorted().joined(separator: ", ")))"),
      fields: [unknown])
  }
  do {
    return try JSONDecoder().decode(T.self, from: body)
  } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
    DecodingError.dataCorrupted(let context)
  {
    let field = context.codingPath.map(\.stringValue).joined(separator: ".")
    throw Problem(
      status: .badRequest, detail: Phrase(verbatim: "\(field.isEmpty ? "body" : field): \(context.debugDescription)"),
      fields: field.isEmpty ? [] : [field])
  } catch DecodingError.keyNotFound(let key, _) {
    throw Problem(status: .badRequest, detail: tr("\(key.stringValue) is required"), fields: [key.stringValue])
  } catch {
    throw Problem(status: .badRequest, detail: tr("the body cannot be read: \(error)"))
  }
}

struct MatchRequest: Decodable {
  var proposing: ProposingSide?
  var cluster: String?
  var kind: PlacementKind?
  var explain: Bool?
  var on: Day?
}

struct StateChange: Decodable {
  var state: AssignmentState
}

struct RunWithAssignments: Encodable {
  var run: MatchRun
  var assignments: [MatchAssignment]
}

enum MatchingRoutes {
  static func register(_ registry: OperationRegistry, _ services: Services) {
    let runs = "/api/v1/matching/runs"
    registry.add(
      Operation(
        method: .post, path: runs, id: "runMatching",
        summary:
          "Run the stable placement matching, verify it, explain it, and save it (assignments start as proposed).",
        tag: "matching", role: .analyst, parameters: [],
        requestBody: .json(.ref("MatchRequest"), "Options; an empty object runs the student-optimal matching."),
        responses: [
          (
            201,
            .json(.ref("MatchOutcome"))
          )
        ],
        errors: [404, 415],
        components: [
          SchemaReflection.component(
            "MatchOutcome", MatchOutcome.self,
            "The matching: assignments, unmatched students with reasons, unfilled places, stability proof.")
        ])
    ) { request, context in
      let data = try await request.jsonBody()
      let body = try decodeStrict(MatchRequest.self, data)
      var options = MatchOptions()
      options.proposing = body.proposing ?? .students
      options.cluster = body.cluster.flatMap { $0.isEmpty ? nil : $0 }
      options.kind = body.kind
      options.explain = body.explain ?? false
      options.on = body.on
      options.save = true
      let chosen = options
      let (json, code) = try await services.heavy("match", as: context.principal) { app throws(AppError) in
        let outcome = try app.match(chosen)
        return (try Rendering.json(outcome), outcome.run?.code ?? "latest")
      }
      return Reply.json(json, status: .created, headers: [.location: runs + "/" + code.pathSegment])
    }

    registry.add(
      Operation(
        method: .get, path: runs, id: "listMatchingRuns", summary: "Saved matching runs, oldest first.",
        tag: "matching", role: .reader, parameters: [], requestBody: nil,
        responses: [(200, .json(.array(.ref("MatchRun"))))], errors: [])
    ) { _, _ in
      try Reply.encoded(try await services.run("match-runs") { app throws(AppError) in try app.matchRuns() })
    }

    registry.add(
      Operation(
        method: .get, path: runs + "/{run}", id: "getMatchingRun",
        summary: "A saved run and its assignments (`latest` for the newest).", tag: "matching", role: .reader,
        parameters: [.path("run", "The run's code (MR-0001 …) or `latest`.")], requestBody: nil,
        responses: [(200, .json(.ref("MatchRunWithAssignments")))], errors: [])
    ) { _, context in
      let run = try context.path("run")
      let (r, a) = try await services.run("match-run") { app throws(AppError) in try app.matchAssignments(run: run) }
      return try Reply.encoded(RunWithAssignments(run: r, assignments: a))
    }

    registry.add(
      Operation(
        method: .patch, path: runs + "/{run}/assignments/{student}", id: "setAssignmentState",
        summary:
          "Move an assignment on: proposed → offered → confirmed → completed, or to withdrawn.",
        tag: "matching", role: .coordinator,
        parameters: [
          .path("run", "The run's code or `latest`."), .path("student", "The student's code."),
        ], requestBody: .json(.ref("StateChange")), responses: [(200, .json(.ref("MatchAssignment")))],
        errors: [409, 415])
    ) { request, context in
      let run = try context.path("run")
      let student = try context.path("student")
      let change = try decodeStrict(StateChange.self, try await request.jsonBody())
      let assignment = try await services.run("assignment", as: context.principal) { app throws(AppError) in
        try app.setAssignment(run: run, student: student, to: change.state)
      }
      return try Reply.encoded(assignment)
    }
  }
}
