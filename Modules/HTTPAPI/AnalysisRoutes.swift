import Analytics
import AppCore
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// Every analysis of SPEC §3 as a GET with query parameters; the overview and search.
enum AnalysisRoutes {
  static let year = Parameter.query("year", .integer(minimum: 1900, maximum: 2200), "The year.")
  static let cluster = Parameter.query("cluster", .string(maxLength: 200), "Only this cluster's member organizations.")
  static let on = Parameter.query("on", .string(format: "date"), "The day to judge by (default today).")

  static let weightsPattern: String = {
    let key = "(" + IndicatorCatalog.definitions.map(\.key).joined(separator: "|") + ")=[0-9]{1,6}(\\.[0-9]{1,6})?"
    return "^\(key)(,\(key))*$"
  }()

  static func years(_ q: Query, _ name: String = "year") throws -> Int? { try q.int(name, in: 1900...2200) }

  static func register(_ registry: OperationRegistry, _ services: Services) {
    func analysis(
      _ name: String, _ summary: String, _ parameters: [Parameter], schema: String, role: AccessRole = .analyst,
      path: String? = nil,
      _ body: @escaping @Sendable (Query, _ personal: Bool) throws -> @Sendable (EduCluster) throws(AppError) -> String
    ) {
      registry.add(
        Operation(
          method: .get, path: path ?? "/api/v1/analyses/\(name)", id: name.camelCased, summary: summary,
          tag: "analyses", role: role, parameters: parameters, requestBody: nil,
          responses: [(200, .json(.freeObject(schema)))], errors: [404])
      ) { request, context in
        // Names of people are personal data: only roles that may read them get them in findings.
        let call = try body(Query(request), EntityRoutes.personal(context))
        return Reply.json(try await services.heavy(name, call))
      }
    }

    analysis(
      "overview", "Every cluster: members, programs, students, needs, balance, matching.", [on],
      schema: "An array of cluster overviews.", role: .reader, path: "/api/v1/overview"
    ) { q, _ in
      let day = try q.day("on")
      return { app throws(AppError) in try Rendering.json(try app.overview(on: day)) }
    }

    analysis(
      "gap", "Supply of graduates against personnel demand, by specialty, region and year, with recommendations.",
      [
        cluster, year,
        .query("from_year", .integer(minimum: 1900, maximum: 2200), "First year."),
        .query("to_year", .integer(minimum: 1900, maximum: 2200), "Last year."),
        .query("region", .string(maxLength: 200), "Only this region, with its districts."),
        .query("specialty", .string(maxLength: 200), "Only this specialty."),
        .query("by", .enumeration(["region", "district"]), "Group by region (default) or district."), on,
        .query(
          "completion_rate", .number(minimum: 0.01, maximum: 1),
          "Expected share of enrolled who graduate (default 0.85)."),
        .query("shortage", .number(minimum: 0, maximum: 1000), "Shortage threshold, a share of demand (default 0.10)."),
        .query("surplus", .number(minimum: 0, maximum: 1000), "Surplus threshold, a share of demand (default 0.10)."),
        .query("only_gaps", .boolean, "Hide balanced rows."),
      ], schema: "A gap analysis: rows, recommendations."
    ) { q, _ in
      var options = GapOptions()
      options.completionRate = try q.number("completion_rate", in: 0.01...1) ?? 0.85
      options.shortageThreshold = try q.number("shortage", in: 0...1000) ?? 0.10
      options.surplusThreshold = try q.number("surplus", in: 0...1000) ?? 0.10
      switch q.text("by") ?? "region" {
      case "region": options.regionLevel = .region
      case "district": options.regionLevel = .district
      default: throw Problem.badParameter("by", "expected region or district")
      }
      options.region = q.text("region")
      options.specialty = q.text("specialty")
      let year = try years(q)
      options.fromYear = try year ?? years(q, "from_year")
      options.toYear = try year ?? years(q, "to_year")
      options.onlyGaps = try q.bool("only_gaps") ?? false
      let clusterCode = q.text("cluster")
      let day = try q.day("on")
      let chosen = options
      return { app throws(AppError) in
        try Rendering.json(try app.gap(options: chosen, cluster: clusterCode, on: day))
      }
    }

    analysis(
      "align", "How well programs' outcomes cover what employers' needs and placements require.",
      [
        cluster, year,
        .query("by_region", .boolean, "Compare programs with needs of the same region (default: with a cluster)."),
        .query("limit", .integer(minimum: 1, maximum: 100_000), "At most this many pairs (default 500)."),
      ], schema: "An alignment analysis: pairs, matrix, curricula."
    ) { q, _ in
      let y = try years(q)
      let byRegion = try q.bool("by_region")
      let limit = try q.int("limit", in: 1...100_000) ?? 500
      let c = q.text("cluster")
      return { app throws(AppError) in
        try Rendering.json(try app.align(cluster: c, year: y, byRegion: byRegion, limit: limit))
      }
    }

    analysis(
      "continuity", "Whether a vocational program leads into a higher one: coverage and missing competencies.",
      [
        .query("lower", .string(maxLength: 200), "The vocational (lower) program.", required: true),
        .query("higher", .string(maxLength: 200), "The higher program.", required: true),
      ], schema: "A continuity result."
    ) { q, _ in
      guard let lower = q.text("lower") else { throw Problem.badParameter("lower", "is required") }
      guard let higher = q.text("higher") else { throw Problem.badParameter("higher", "is required") }
      return { app throws(AppError) in try Rendering.json(try app.continuity(lower: lower, higher: higher)) }
    }

    analysis(
      "pathways", "The graph of programs that lead into others, and programs that lead nowhere.",
      [
        cluster,
        .query(
          "min_coverage", .number(minimum: 0, maximum: 1),
          "Coverage that makes an edge between unrelated specialties (default 0.6)."),
      ], schema: "A pathway graph."
    ) { q, _ in
      let minimum = try q.number("min_coverage", in: 0...1) ?? 0.6
      let c = q.text("cluster")
      return { app throws(AppError) in try Rendering.json(try app.pathways(cluster: c, minimumCoverage: minimum)) }
    }

    analysis(
      "recommend", "Partners to approach: enterprises for an institution, institutions for an enterprise.",
      [
        .query("organization", .string(maxLength: 200), "The institution or enterprise.", required: true),
        year, on, .query("limit", .integer(minimum: 1, maximum: 1000), "At most this many (default 10)."),
      ], schema: "An array of partner suggestions."
    ) { q, _ in
      guard let org = q.text("organization") else { throw Problem.badParameter("organization", "is required") }
      let y = try years(q)
      let day = try q.day("on")
      let limit = try q.int("limit", in: 1...1000) ?? 10
      return { app throws(AppError) in try Rendering.json(try app.recommend(for: org, year: y, on: day, limit: limit)) }
    }

    analysis(
      "pd", "Teachers due for qualification, and the courses that close their gaps.",
      [
        cluster, on, .query("years", .integer(minimum: 1, maximum: 50), "Years between qualifications (default 3)."),
        .query("horizon_days", .integer(minimum: 0, maximum: 3650), "Also list those due within this many days."),
      ], schema: "A professional-development plan."
    ) { q, _ in
      var options = PDOptions()
      options.years = try q.int("years", in: 1...50) ?? 3
      options.horizonDays = try q.int("horizon_days", in: 0...3650) ?? 180
      let day = try q.day("on")
      let c = q.text("cluster")
      let chosen = options
      return { app throws(AppError) in try Rendering.json(try app.pd(cluster: c, on: day, options: chosen)) }
    }

    analysis(
      "forecast", "Personnel demand and supply trends with an 80 % interval.",
      [
        cluster, .query("specialty", .string(maxLength: 200), "Only this specialty."),
        .query("region", .string(maxLength: 200), "Only this region, with its districts."),
        .query("horizon", .integer(minimum: 1, maximum: 20), "Years to project (default 3)."), on,
      ], schema: "An array of trend forecasts."
    ) { q, _ in
      let day = try q.day("on")
      var options = GapOptions()
      options.specialty = q.text("specialty")
      options.region = q.text("region")
      let horizon = try q.int("horizon", in: 1...20) ?? 3
      let c = q.text("cluster")
      let chosen = options
      return { app throws(AppError) in
        try Rendering.json(try app.forecast(cluster: c, options: chosen, horizon: horizon, on: day))
      }
    }

    analysis(
      "indicators", "The cluster (or institution) indicators of a year.",
      [cluster, year, .query("institutions", .boolean, "Per educational institution instead of per cluster.")],
      schema: "An array of indicator sets."
    ) { q, _ in
      let y = try years(q)
      let institutions = try q.bool("institutions") ?? false
      let c = q.text("cluster")
      return { app throws(AppError) in
        try Rendering.json(try app.indicators(year: y, institutions: institutions, cluster: c))
      }
    }

    analysis(
      "rank", "A composite index over the indicators (min–max normalised, weighted), with bands.",
      [
        cluster, year, .query("institutions", .boolean, "Rank educational institutions instead of clusters."),
        .query(
          "weights", .string(pattern: weightsPattern, maxLength: 1000),
          "Indicator weights as key=value pairs separated by commas, e.g. graduate_employment=2,funding=0.5."),
      ], schema: "An array of ranked entities."
    ) { q, _ in
      let y = try years(q)
      let institutions = try q.bool("institutions") ?? false
      let c = q.text("cluster")
      guard let chosen = EduCluster.rankWeights((q.text("weights") ?? "").split(separator: ",")) else {
        throw Problem.badParameter("weights", "expected key=value pairs with numbers of 0 or more")
      }
      return { app throws(AppError) in
        try Rendering.json(try app.rank(year: y, institutions: institutions, cluster: c, weights: chosen))
      }
    }

    analysis(
      "quality", "Data-quality findings: duplicates, outliers, expired records.", [on],
      schema: "An array of findings."
    ) { q, personal in
      let day = try q.day("on")
      return { app throws(AppError) in try Rendering.json(try app.quality(on: day, names: personal)) }
    }

    analysis(
      "report", "Everything about one cluster in one document (the JSON of `educluster report`).",
      [.query("cluster", .string(maxLength: 200), "The cluster.", required: true), year, on],
      schema: "A cluster report."
    ) { q, personal in
      guard let c = q.text("cluster") else { throw Problem.badParameter("cluster", "is required") }
      let y = try years(q)
      let day = try q.day("on")
      return { app throws(AppError) in try Rendering.json(try app.report(cluster: c, year: y, on: day, names: personal))
      }
    }

    analysis(
      "ledger_verification", "Walks the ledger's SHA-256 chain.", [], schema: "The verification result.",
      role: .reader, path: "/api/v1/ledger-verification"
    ) { _, _ in { app throws(AppError) in try Rendering.json(try app.verifyLedger()) } }

    // MARK: search
    registry.add(
      Operation(
        method: .get, path: "/api/v1/search", id: "search",
        summary: "Full-text search over names, labels and descriptions (case, diacritics and apostrophes folded).",
        tag: "search", role: .reader,
        parameters: [
          .query("q", .string(maxLength: 500), "The words to find (each as a prefix).", required: true),
          .query("kind", .enumeration(EntityKind.allCases.map(\.rawValue)), "Only this kind."),
          .query("limit", .integer(minimum: 1, maximum: 1000), "At most this many hits (default 50)."),
        ], requestBody: nil, responses: [(200, .json(.array(.ref("SearchHit"))))], errors: [])
    ) { request, _ in
      let q = Query(request)
      guard let text = q.text("q") else { throw Problem.badParameter("q", "is required") }
      let kind = try q.choice("kind", EntityKind.self)
      let limit = try q.int("limit", in: 1...1000) ?? 50
      let hits = try await services.run("search") { app throws(AppError) in
        try app.search(text, kinds: kind.map { [$0] }, limit: limit)
      }
      return try Reply.encoded(hits)
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
