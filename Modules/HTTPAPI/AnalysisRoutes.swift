import Analytics
import AppCore
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Localization
import Presentation

/// One analysis as the API serves it: a GET whose parameters are declared once (the router
/// validates them, the document lists them, the plan reads them with their declared
/// defaults) and whose result is a typed value — its schema in the document is reflected from
/// the result type, so what the document promises is what the encoder writes.
struct AnalysisEndpoint: Sendable {
  typealias Run = @Sendable (EduCluster) throws(AppError) -> String
  var operation: Operation
  /// Reads the request into a typed run; `personal`: the caller may see people's names.
  var plan: @Sendable (Query, _ personal: Bool) throws -> Run

  init<Result: Codable & Sendable>(
    _ name: String, _ summary: String, role: AccessRole = .analyst, path: String? = nil,
    parameters: [Parameter], result: Result.Type, _ describe: String,
    plan: @escaping @Sendable (Query, _ personal: Bool) throws -> @Sendable (EduCluster) throws(AppError) -> Result
  ) {
    let component = name.camelCased.prefix(1).uppercased() + name.camelCased.dropFirst() + "Result"
    operation = Operation(
      method: .get, path: path ?? "/api/v1/analyses/\(name)", id: name.camelCased, summary: summary, tag: "analyses",
      role: role, parameters: parameters, requestBody: nil, responses: [(200, .json(.ref(component), describe))],
      errors: [404], components: [SchemaReflection.component(component, Result.self, describe)])
    self.plan = { query, personal in
      let typed = try plan(query, personal)
      return { app throws(AppError) in try Rendering.json(try typed(app)) }
    }
  }
}

/// Every analysis of SPEC §3 as a GET with query parameters; the overview and search.
enum AnalysisRoutes {
  static func register(_ registry: OperationRegistry, _ services: Services) {
    for endpoint in endpoints {
      let name = endpoint.operation.id
      registry.add(endpoint.operation) { request, context in
        // Names of people are personal data: only roles that may read them get them in findings.
        let personal = EntityRoutes.personal(context)
        let run = try endpoint.plan(Query(request), personal)
        let key = "\(name)?\(request.uri.query ?? "")|\(personal)"
        return Reply.json(try await services.cached(name, key: key, run))
      }
    }
    registry.add(search.operation, search.handler(services))
  }

  static let endpoints: [AnalysisEndpoint] = [
    overview, gap, align, continuity, pathways, recommend, pd, forecast, indicators, rank, quality, report,
    ledgerVerification, ledgerCheckpoint, ledgerInclusionProof, ledgerConsistencyProof,
  ]

  // MARK: Parameters, declared once

  static let year = Parameter.query("year", .years, "The year.")
  static let fromYear = Parameter.query("from_year", .years, "First year.")
  static let toYear = Parameter.query("to_year", .years, "Last year.")
  static let cluster = Parameter.query("cluster", .string(maxLength: 200), "Only this cluster's member organizations.")
  static let on = Parameter.query("on", .string(format: "date"), "The day to judge by (default today).")
  static let region = Parameter.query("region", .string(maxLength: 200), "Only this region, with its districts.")
  static let specialty = Parameter.query("specialty", .string(maxLength: 200), "Only this specialty.")
  static let institutions = Parameter.query(
    "institutions", .boolean, "Per educational institution instead of per cluster.", default: "false")

  static let weightsPattern: String = {
    let key = "(" + IndicatorCatalog.definitions.map(\.key).joined(separator: "|") + ")=[0-9]{1,6}(\\.[0-9]{1,6})?"
    return "^\(key)(,\(key))*$"
  }()

  // MARK: The analyses

  static let overview = AnalysisEndpoint(
    "overview", "Every cluster: members, programs, students, needs, balance, matching.", role: .reader,
    path: "/api/v1/overview", parameters: [on], result: [ClusterOverview].self, "An array of cluster overviews."
  ) { q, _ in
    let day = q.day(on)
    return { app throws(AppError) in try app.overview(on: day) }
  }

  static let gapParameters = (
    by: Parameter.query(
      "by", .enumeration(GapOptions.groupings.map(\.rawValue)), "Group by region or district.",
      default: GapOptions().regionLevel.rawValue),
    completion: Parameter.query(GapRequest.completionRate),
    shortage: Parameter.query(GapRequest.shortage),
    surplus: Parameter.query(GapRequest.surplus),
    onlyGaps: Parameter.query("only_gaps", .boolean, "Hide balanced rows.", default: "false")
  )

  static let gap = AnalysisEndpoint(
    "gap", "Supply of graduates against personnel demand, by specialty, region and year, with recommendations.",
    parameters: [
      cluster, year, fromYear, toYear, region, specialty, gapParameters.by, on, gapParameters.completion,
      gapParameters.shortage, gapParameters.surplus, gapParameters.onlyGaps,
    ], result: GapAnalysis.self, "A gap analysis: rows, recommendations."
  ) { q, _ in
    var request = GapRequest(cluster: q.text(cluster), on: q.day(on))
    request.options.completionRate = q.value(GapRequest.completionRate)
    request.options.shortageThreshold = q.value(GapRequest.shortage)
    request.options.surplusThreshold = q.value(GapRequest.surplus)
    request.options.regionLevel = q.choice(gapParameters.by, RegionLevel.self) ?? request.options.regionLevel
    request.options.region = q.text(region)
    request.options.specialty = q.text(specialty)
    let single = q.int(year)
    request.options.fromYear = single ?? q.int(fromYear)
    request.options.toYear = single ?? q.int(toYear)
    request.options.onlyGaps = q.bool(gapParameters.onlyGaps) ?? false
    return { [request] app throws(AppError) in try app.gap(request) }
  }

  static let alignParameters = (
    byRegion: Parameter.query(
      "by_region", .boolean, "Compare programs with needs of the same region (default: with a cluster)."),
    limit: Parameter.query(AlignRequest.limit)
  )

  static let align = AnalysisEndpoint(
    "align", "How well programs' outcomes cover what employers' needs and placements require.",
    parameters: [cluster, year, alignParameters.byRegion, alignParameters.limit], result: AlignmentAnalysis.self,
    "An alignment analysis: pairs, matrix, curricula."
  ) { q, _ in
    let request = AlignRequest(
      cluster: q.text(cluster), year: q.int(year), byRegion: q.bool(alignParameters.byRegion),
      limit: q.value(AlignRequest.limit))
    return { app throws(AppError) in try app.align(request) }
  }

  static let continuityParameters = (
    lower: Parameter.query("lower", .string(maxLength: 200), "The vocational (lower) program.", required: true),
    higher: Parameter.query("higher", .string(maxLength: 200), "The higher program.", required: true)
  )

  static let continuity = AnalysisEndpoint(
    "continuity", "Whether a vocational program leads into a higher one: coverage and missing competencies.",
    parameters: [continuityParameters.lower, continuityParameters.higher], result: ContinuityResult.self,
    "A continuity result."
  ) { q, _ in
    let lower = try q.required(continuityParameters.lower)
    let higher = try q.required(continuityParameters.higher)
    return { app throws(AppError) in try app.continuity(lower: lower, higher: higher) }
  }

  static let pathways = AnalysisEndpoint(
    "pathways", "The graph of programs that lead into others, and programs that lead nowhere.",
    parameters: [cluster, .query(PathwaysRequest.minimumCoverage)], result: PathwayGraph.self, "A pathway graph."
  ) { q, _ in
    let request = PathwaysRequest(cluster: q.text(cluster), minimumCoverage: q.value(PathwaysRequest.minimumCoverage))
    return { app throws(AppError) in try app.pathways(request) }
  }

  static let organization = Parameter.query(
    "organization", .string(maxLength: 200), "The institution or enterprise.", required: true)

  static let recommend = AnalysisEndpoint(
    "recommend", "Partners to approach: enterprises for an institution, institutions for an enterprise.",
    parameters: [organization, year, on, .query(RecommendRequest.limit)],
    result: [PartnerSuggestion].self, "An array of partner suggestions."
  ) { q, _ in
    let request = RecommendRequest(
      for: try q.required(organization), year: q.int(year), on: q.day(on), limit: q.value(RecommendRequest.limit))
    return { app throws(AppError) in try app.recommend(request) }
  }

  static let pd = AnalysisEndpoint(
    "pd", "Teachers due for qualification, and the courses that close their gaps.",
    parameters: [cluster, on, .query(PDRequest.years), .query(PDRequest.horizonDays)], result: PDAnalysis.self,
    "A professional-development plan."
  ) { q, _ in
    var request = PDRequest(cluster: q.text(cluster), on: q.day(on))
    request.options.years = q.value(PDRequest.years)
    request.options.horizonDays = q.value(PDRequest.horizonDays)
    return { [request] app throws(AppError) in try app.pd(request) }
  }

  static let forecast = AnalysisEndpoint(
    "forecast", "Personnel demand and supply trends with an 80 % interval.",
    parameters: [cluster, specialty, region, .query(ForecastRequest.horizon), on], result: [TrendForecast].self,
    "An array of trend forecasts."
  ) { q, _ in
    let request = ForecastRequest(
      cluster: q.text(cluster), specialty: q.text(specialty), region: q.text(region),
      horizon: q.value(ForecastRequest.horizon), on: q.day(on))
    return { app throws(AppError) in try app.forecast(request) }
  }

  static let indicators = AnalysisEndpoint(
    "indicators", "The cluster (or institution) indicators of a year.", parameters: [cluster, year, institutions],
    result: [IndicatorSet].self, "An array of indicator sets."
  ) { q, _ in
    let request = IndicatorRequest(
      year: q.int(year), institutions: q.bool(institutions) ?? false, cluster: q.text(cluster))
    return { app throws(AppError) in try app.indicators(request) }
  }

  static let weights = Parameter.query(
    "weights", .string(pattern: weightsPattern, maxLength: 1000),
    "Indicator weights as key=value pairs separated by commas, e.g. graduate_employment=2,funding=0.5.")

  static let rank = AnalysisEndpoint(
    "rank", "A composite index over the indicators (min–max normalised, weighted), with bands.",
    parameters: [cluster, year, institutions, weights], result: [RankedEntity].self, "An array of ranked entities."
  ) { q, _ in
    guard let chosen = IndicatorRequest.weights((q.text(weights) ?? "").split(separator: ",")) else {
      throw Problem.badParameter("weights", tr("expected key=value pairs with numbers of 0 or more"))
    }
    let request = IndicatorRequest(
      year: q.int(year), institutions: q.bool(institutions) ?? false, cluster: q.text(cluster), weights: chosen)
    return { app throws(AppError) in try app.rank(request) }
  }

  static let quality = AnalysisEndpoint(
    "quality", "Data-quality findings: duplicates, outliers, expired records.", parameters: [on],
    result: [QualityFinding].self, "An array of findings."
  ) { q, personal in
    let request = QualityRequest(on: q.day(on), names: personal)
    return { app throws(AppError) in try app.quality(request) }
  }

  static let reportCluster = Parameter.query("cluster", .string(maxLength: 200), "The cluster.", required: true)

  static let report = AnalysisEndpoint(
    "report", "Everything about one cluster in one document (the JSON of `educluster report`).",
    parameters: [reportCluster, year, on], result: ClusterReport.self, "A cluster report."
  ) { q, personal in
    let (c, y, day) = (try q.required(reportCluster), q.int(year), q.day(on))
    return { app throws(AppError) in try app.report(cluster: c, year: y, on: day, names: personal) }
  }

  static let ledgerVerification = AnalysisEndpoint(
    "ledger_verification", "Walks the ledger's SHA-256 chain.", role: .reader, path: "/api/v1/ledger-verification",
    parameters: [], result: LedgerChain.Verification.self, "The verification result."
  ) { _, _ in { app throws(AppError) in try app.verifyLedger() } }

  // MARK: Ledger transparency: checkpoints and proofs, for any role (no personal data)

  static let ledgerCheckpoint = AnalysisEndpoint(
    "ledger_checkpoint", "The latest signed checkpoint of the ledger's Merkle tree (C2SP tlog-checkpoint).",
    role: .reader, path: "/api/v1/ledger-checkpoint", parameters: [], result: LedgerCheckpoint.self,
    "The checkpoint: origin, size, root and the signed note."
  ) { _, _ in { app throws(AppError) in try app.latestLedgerCheckpoint() } }

  static let proofParameters = (
    code: Parameter.query("code", .string(maxLength: 200), "The ledger entry's code.", required: true),
    treeSize: Parameter.query(
      "tree_size", .integer(minimum: 1, maximum: 100_000_000), "The checkpoint's size (default: the whole ledger)."),
    first: Parameter.query(
      "first", .integer(minimum: 1, maximum: 100_000_000), "The earlier checkpoint's size.", required: true),
    second: Parameter.query(
      "second", .integer(minimum: 1, maximum: 100_000_000), "The later checkpoint's size.", required: true)
  )

  static let ledgerInclusionProof = AnalysisEndpoint(
    "ledger_inclusion_proof", "The RFC 9162 inclusion proof of one ledger entry in a tree of the first entries.",
    role: .reader, path: "/api/v1/ledger-inclusion-proof",
    parameters: [proofParameters.code, proofParameters.treeSize],
    result: LedgerInclusionProof.self, "The inclusion proof."
  ) { q, _ in
    let (code, size) = (try q.required(proofParameters.code), q.int(proofParameters.treeSize))
    return { app throws(AppError) in try app.ledgerInclusionProof(code: code, treeSize: size) }
  }

  static let ledgerConsistencyProof = AnalysisEndpoint(
    "ledger_consistency_proof", "The RFC 9162 consistency proof between two sizes of the ledger's tree.",
    role: .reader, path: "/api/v1/ledger-consistency-proof",
    parameters: [proofParameters.first, proofParameters.second],
    result: LedgerConsistencyProof.self, "The consistency proof."
  ) { q, _ in
    let (first, second) = (q.int(proofParameters.first) ?? 1, q.int(proofParameters.second) ?? 1)
    return { app throws(AppError) in try app.ledgerConsistencyProof(from: first, to: second) }
  }

  // MARK: Search

  enum search {
    static let text = Parameter.query(
      "q", .string(maxLength: 500), "The words to find (each as a prefix).", required: true)
    static let kind = Parameter.query("kind", .enumeration(EntityKind.allCases.map(\.rawValue)), "Only this kind.")
    static let limit = Parameter.query(
      "limit", .integer(minimum: 1, maximum: 1000), "At most this many hits.", default: "50")

    static let operation = Operation(
      method: .get, path: "/api/v1/search", id: "search",
      summary: "Full-text search over names, labels and descriptions (case, diacritics and apostrophes folded).",
      tag: "search", role: .reader, parameters: [text, kind, limit], requestBody: nil,
      responses: [(200, .json(.array(.ref("SearchHit"))))], errors: [])

    static func handler(_ services: Services) -> Handler {
      { request, _ in
        let q = Query(request)
        let (words, only, most) = (try q.required(text), q.choice(kind, EntityKind.self), q.int(limit) ?? 50)
        let hits = try await services.run("search") { app throws(AppError) in
          try app.search(words, kinds: only.map { [$0] }, limit: most)
        }
        return try Reply.encoded(hits)
      }
    }
  }
}

extension String {
  /// `ledger_verification` → `ledgerVerification`.
  var camelCased: String {
    let parts = split(separator: "_")
    return (parts.first.map(String.init) ?? "")
      + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }
      .joined()
  }
}
