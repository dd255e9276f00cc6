import Analytics
import AppCore
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// The read-only HTML dashboard: cluster overview, the supply–demand chart, indicators and
/// the latest matching, rendered on the server with Mustache. A token typed into the login
/// form is kept in an HttpOnly, SameSite=Strict cookie scoped to /dashboard.
enum Dashboard {
  static let cookieName = "educluster_token"

  static let layout = """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><title>{{title}} · EduCluster</title>
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <style>
    body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#f6f7f9}
    header{background:#1f3b57;color:#fff;padding:.8em 1.5em;display:flex;justify-content:space-between;align-items:center}
    header h1{font-size:1.2em;margin:0} header form{margin:0} header button{background:none;border:1px solid #fff;color:#fff;padding:.2em .8em;cursor:pointer}
    main{padding:1em 1.5em;max-width:1100px}
    section{background:#fff;border:1px solid #dde;border-radius:6px;padding:1em;margin-bottom:1em}
    table{border-collapse:collapse;font-size:14px} td,th{padding:.25em .7em;border-bottom:1px solid #eee;text-align:left}
    td.n,th.n{text-align:right} .cards{display:flex;gap:1em;flex-wrap:wrap}
    .card{background:#eef3f8;padding:.5em 1em;border-radius:4px} .card b{display:block;font-size:22px} .card span{color:#555;font-size:12px}
    .shortage{color:#c0392b} .surplus{color:#2471a3} .error{color:#c0392b}
    </style></head><body>
    <header><h1>EduCluster · {{title}}</h1>{{#user}}<form method="post" action="/dashboard/logout"><span>{{user}} ({{role}})</span> <button>Sign out</button></form>{{/user}}</header>
    <main>{{{body}}}</main></body></html>
    """

  static let login = """
    <section><h2>Sign in</h2>
    <p>Paste an API token (make one with <code>educluster token create --name NAME --role reader</code>).</p>
    {{#error}}<p class="error">{{error}}</p>{{/error}}
    <form method="post" action="/dashboard/login">
    <input name="token" type="password" size="70" autocomplete="off" aria-label="token" required>
    <button type="submit">Sign in</button></form></section>
    """

  static let overview = """
    {{#clusters}}
    <section class="cluster" id="{{code}}"><h2>{{name}} <small>({{code}}, {{region}})</small></h2>
    <div class="cards">
    <div class="card"><b>{{members}}</b><span>members</span></div>
    <div class="card"><b>{{programs}}</b><span>programs</span></div>
    <div class="card"><b>{{students}}</b><span>students</span></div>
    <div class="card"><b>{{teachers}}</b><span>teachers</span></div>
    <div class="card"><b>{{projects}}</b><span>projects</span></div>
    </div>
    <h3>Supply and demand{{#year}}, {{year}}{{/year}}</h3>
    {{#hasBalance}}{{{chart}}}
    <table><tr><th>specialty</th><th>region</th><th class="n">demand</th><th class="n">graduates</th><th>status</th></tr>
    {{#balance}}<tr><td>{{specialty}} {{name}}</td><td>{{region}}</td><td class="n">{{demand}}</td><td class="n">{{graduates}}</td><td class="{{status}}">{{status}}</td></tr>{{/balance}}
    </table>{{/hasBalance}}{{^hasBalance}}<p>No needs or graduates recorded.</p>{{/hasBalance}}
    <h3>Indicators</h3>
    <table>{{#indicators}}<tr><td>{{key}}</td><td class="n">{{value}}</td></tr>{{/indicators}}</table>
    </section>
    {{/clusters}}
    <section id="matching"><h2>Latest matching</h2>
    {{#run}}<p>Run <b>{{code}}</b> of {{createdAt}} by {{author}} (proposing: {{proposing}}): <b>{{matched}}</b> of {{students}} students matched to {{placements}} placements.</p>{{/run}}
    {{^run}}<p>No matching has been run yet.</p>{{/run}}
    </section>
    """

  struct Templates: Sendable {
    let layout: MustacheTemplate
    let login: MustacheTemplate
    let overview: MustacheTemplate

    init() throws {
      layout = try MustacheTemplate(string: Dashboard.layout)
      login = try MustacheTemplate(string: Dashboard.login)
      overview = try MustacheTemplate(string: Dashboard.overview)
    }
  }

  static func page(
    _ templates: Templates, title: String, body: String, principal: Principal?, status: HTTPResponse.Status = .ok
  )
    -> Response
  {
    var context: [String: Any] = ["title": title, "body": body]
    if let principal {
      context["user"] = principal.name
      context["role"] = principal.role.rawValue
    }
    var response = Reply.text(templates.layout.render(context), contentType: "text/html; charset=utf-8", status: status)
    response.headers[.cacheControl] = "no-store"
    if let csp = HTTPField.Name("Content-Security-Policy") {
      response.headers[csp] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'"
    }
    return response
  }

  static func redirect(to location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
  }

  static func number(_ x: Double?) -> String {
    guard let x, x.isFinite else { return "–" }
    if x == x.rounded() && abs(x) >= 1, let n = Int64(exactly: x) { return String(n) }
    return String(format: "%.2f", x)
  }

  /// An amount in minor units as whole currency units with thousands separated (UZS).
  static func money(_ minor: Double?) -> String {
    guard let minor, let units = Int64(exactly: (minor / 100).rounded()) else { return "–" }
    var digits = String(abs(units))
    var groups = [String]()
    while digits.count > 3 {
      groups.insert(String(digits.suffix(3)), at: 0)
      digits.removeLast(3)
    }
    groups.insert(digits, at: 0)
    return (units < 0 ? "−" : "") + groups.joined(separator: "\u{202F}") + " UZS"
  }

  /// Everything the overview shows, read in one go.
  struct Snapshot: Sendable {
    var clusters: [ClusterOverview]
    var indicators: [IndicatorSet]
    var run: MatchRun?
  }

  static func register(_ registry: OperationRegistry, _ services: Services, _ templates: Templates) {
    let html = Body(mediaTypes: [("text/html", .string())], description: "An HTML page.")
    registry.add(
      Operation(
        method: .get, path: "/dashboard", id: "dashboard",
        summary: "The read-only dashboard (HTML); without a session cookie it redirects to the login form.",
        tag: "dashboard", role: nil, parameters: [], requestBody: nil, responses: [(200, html), (303, nil)],
        errors: [])
    ) { _, context in
      guard let principal = context.principal else { return redirect(to: "/dashboard/login") }
      let snapshot = try await services.run("dashboard") { app throws(AppError) in
        let indicators = (try? app.indicators()) ?? []
        return Snapshot(clusters: try app.overview(), indicators: indicators, run: try app.matchRuns().last)
      }
      var clusters = [[String: Any]]()
      for c in snapshot.clusters {
        let values = snapshot.indicators.first { $0.entity == c.code }?.values ?? [:]
        clusters.append([
          "code": c.code, "name": c.name, "region": c.region, "members": c.membersByKind.values.reduce(0, +),
          "programs": c.programs, "students": c.students, "teachers": c.teachers, "projects": c.projects,
          "year": c.year.map(String.init) ?? "", "hasBalance": !c.needsVersusGraduates.isEmpty,
          "chart": ReportRenderer.balanceChart(c),
          "balance": c.needsVersusGraduates.map { b -> [String: Any] in
            [
              "specialty": b.specialty, "name": b.name, "region": b.region, "demand": b.demand,
              "graduates": b.supply, "status": b.status.replacing("_", with: " "),
            ]
          },
          "indicators": IndicatorCatalog.definitions.map { d -> [String: Any] in
            [
              "key": d.key.replacingOccurrences(of: "_", with: " "),
              "value": d.key == "funding" ? money(values[d.key] ?? nil) : number(values[d.key] ?? nil),
            ]
          },
        ])
      }
      var model: [String: Any] = ["clusters": clusters]
      if let run = snapshot.run {
        model["run"] = [
          "code": run.code, "createdAt": run.createdAt, "author": run.author, "proposing": run.proposing,
          "matched": run.matched, "students": run.students, "placements": run.placements,
        ]
      }
      return page(templates, title: "Clusters", body: templates.overview.render(model), principal: principal)
    }

    registry.add(
      Operation(
        method: .get, path: "/dashboard/login", id: "dashboardLoginForm", summary: "The dashboard's login form (HTML).",
        tag: "dashboard", role: nil, parameters: [], requestBody: nil, responses: [(200, html)], errors: [])
    ) { _, context in
      page(templates, title: "Sign in", body: templates.login.render([String: Any]()), principal: nil)
    }

    registry.add(
      Operation(
        method: .post, path: "/dashboard/login", id: "dashboardLogin",
        summary: "Checks a token and keeps it in an HttpOnly cookie; redirects to the dashboard.", tag: "dashboard",
        role: nil, parameters: [],
        requestBody: Body(
          mediaTypes: [
            (
              "application/x-www-form-urlencoded",
              .object(properties: [("token", .string(maxLength: 200))], required: ["token"], additional: false)
            )
          ], description: "The token."),
        responses: [
          (303, nil),
          (401, Body(mediaTypes: [("text/html", .string())], description: "The form again, with the error.")),
        ],
        errors: [415])
    ) { request, _ in
      guard (request.headers[.contentType] ?? "").lowercased().hasPrefix("application/x-www-form-urlencoded") else {
        throw Problem(status: .unsupportedMediaType, detail: "send the login form as application/x-www-form-urlencoded")
      }
      let form = String(decoding: try await request.bytes(limit: 4096), as: UTF8.self)
      var token = ""
      for pair in form.split(separator: "&") {
        let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
        if kv.first == "token", kv.count == 2 {
          token = kv[1].replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
        }
      }
      let secret = token.trimmingCharacters(in: .whitespaces)
      let authenticator = services.authenticator
      let principal = try await services.run("authenticate") { _ throws(AppError) in
        try authenticator.principal(for: secret)
      }
      guard principal != nil else {
        let body = templates.login.render(["error": "That token is unknown or revoked."])
        return page(templates, title: "Sign in", body: body, principal: nil, status: .unauthorized)
      }
      var response = redirect(to: "/dashboard")
      response.setCookie(
        Cookie(name: cookieName, value: secret, maxAge: 8 * 3600, path: "/dashboard", httpOnly: true, sameSite: .strict)
      )
      return response
    }

    registry.add(
      Operation(
        method: .post, path: "/dashboard/logout", id: "dashboardLogout", summary: "Forgets the session cookie.",
        tag: "dashboard", role: nil, parameters: [], requestBody: nil, responses: [(303, nil)], errors: [])
    ) { _, _ in
      var response = redirect(to: "/dashboard/login")
      response.setCookie(
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/dashboard", httpOnly: true, sameSite: .strict))
      return response
    }
  }
}
