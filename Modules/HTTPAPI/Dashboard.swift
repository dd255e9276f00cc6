import Analytics
import AppCore
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// The read-only HTML dashboard: cluster overview, the supply–demand chart, indicators and
/// the latest matching, rendered on the server with Mustache. A token typed into the login
/// form starts a server-side session (`DashboardSessions`); the browser keeps only the
/// session's random id, in an HttpOnly, SameSite=Strict cookie scoped to /dashboard. Forms
/// carry a token of their own and are refused from another origin; pages may not be framed.
enum Dashboard {
  static let cookieName = "educluster_session"
  /// The login form's one-time value, double-submitted (cookie and hidden field).
  static let loginCookieName = "educluster_login"

  /// No inline script or style anywhere: the stylesheet is a file of its own.
  static let securityHeaders: [(String, String)] = [
    (
      "Content-Security-Policy",
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
  ]

  static let stylesheet = """
    body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#f6f7f9}
    header{background:#1f3b57;color:#fff;padding:.8em 1.5em;display:flex;justify-content:space-between;align-items:center}
    header h1{font-size:1.2em;margin:0} header form{margin:0} header button{background:none;border:1px solid #fff;color:#fff;padding:.2em .8em;cursor:pointer}
    main{padding:1em 1.5em;max-width:1100px}
    section{background:#fff;border:1px solid #dde;border-radius:6px;padding:1em;margin-bottom:1em}
    table{border-collapse:collapse;font-size:14px} td,th{padding:.25em .7em;border-bottom:1px solid #eee;text-align:left}
    td.n,th.n{text-align:right} .cards{display:flex;gap:1em;flex-wrap:wrap}
    .card{background:#eef3f8;padding:.5em 1em;border-radius:4px} .card b{display:block;font-size:22px} .card span{color:#555;font-size:12px}
    .shortage{color:#c0392b} .surplus{color:#2471a3} .error{color:#c0392b}

    """

  static let layout = """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><title>{{title}} · EduCluster</title>
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <link rel="stylesheet" href="/dashboard/style.css"></head><body>
    <header><h1>EduCluster · {{title}}</h1>{{#user}}<form method="post" action="/dashboard/logout"><span>{{user}} ({{role}})</span> <input type="hidden" name="form_token" value="{{formToken}}"> <button>Sign out</button></form>{{/user}}</header>
    <main>{{{body}}}</main></body></html>
    """

  static let login = """
    <section><h2>Sign in</h2>
    <p>Paste an API token (make one with <code>educluster token create --name NAME --role reader</code>).</p>
    {{#error}}<p class="error">{{error}}</p>{{/error}}
    <form method="post" action="/dashboard/login">
    <input type="hidden" name="nonce" value="{{nonce}}">
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
    _ templates: Templates, title: String, body: String, principal: Principal?, formToken: String? = nil,
    status: HTTPResponse.Status = .ok
  )
    -> Response
  {
    var context: [String: Any] = ["title": title, "body": body]
    if let principal {
      context["user"] = principal.name
      context["role"] = principal.role.rawValue
      context["formToken"] = formToken ?? ""
    }
    var response = Reply.text(templates.layout.render(context), contentType: "text/html; charset=utf-8", status: status)
    secure(&response)
    return response
  }

  /// No caching, no framing, no inline code, no sniffing.
  static func secure(_ response: inout Response) {
    response.headers[.cacheControl] = "no-store"
    for (name, value) in securityHeaders {
      if let field = HTTPField.Name(name) { response.headers[field] = value }
    }
  }

  static func redirect(to location: String) -> Response {
    var response = Response(status: .seeOther, headers: [.location: location])
    secure(&response)
    return response
  }

  /// The login form with a fresh one-time value, in the page and in a cookie.
  static func loginPage(_ templates: Templates, error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
    let nonce = DashboardSessions.randomToken()
    var model: [String: Any] = ["nonce": nonce]
    if let error { model["error"] = error }
    var response = page(
      templates, title: "Sign in", body: templates.login.render(model), principal: nil, status: status)
    response.setCookie(
      Cookie(
        name: loginCookieName, value: nonce, maxAge: 1800, path: "/dashboard/login", httpOnly: true, sameSite: .strict))
    return response
  }

  static func forbidden(_ templates: Templates, _ why: String) -> Response {
    page(
      templates, title: "Refused",
      body: "<section><p class=\"error\">\(why)</p><p><a href=\"/dashboard/login\">Sign in</a></p></section>",
      principal: nil, status: .forbidden)
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
      let snapshot = try await services.heavy("dashboard") { app throws(AppError) in
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
              "graduates": b.supply, "status": b.status.words,
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
      return page(
        templates, title: "Clusters", body: templates.overview.render(model), principal: principal,
        formToken: context.session?.formToken)
    }

    registry.add(
      Operation(
        method: .get, path: "/dashboard/login", id: "dashboardLoginForm", summary: "The dashboard's login form (HTML).",
        tag: "dashboard", role: nil, parameters: [], requestBody: nil, responses: [(200, html)], errors: [])
    ) { _, _ in
      loginPage(templates)
    }

    registry.add(
      Operation(
        method: .get, path: "/dashboard/style.css", id: "dashboardStylesheet", summary: "The dashboard's stylesheet.",
        tag: "dashboard", role: nil, parameters: [], requestBody: nil,
        responses: [(200, Body(mediaTypes: [("text/css", .string())], description: "CSS."))], errors: [])
    ) { _, _ in
      var response = Reply.text(stylesheet, contentType: "text/css; charset=utf-8")
      response.headers[.cacheControl] = "max-age=3600"
      return response
    }

    registry.add(
      Operation(
        method: .post, path: "/dashboard/login", id: "dashboardLogin",
        summary: "Checks a token and starts a session (an HttpOnly cookie holds its id); redirects to the dashboard.",
        tag: "dashboard",
        role: nil, parameters: [],
        requestBody: Body(
          mediaTypes: [
            (
              "application/x-www-form-urlencoded",
              .object(
                properties: [("token", .string(maxLength: 200)), ("nonce", .string(maxLength: 200))],
                required: ["token", "nonce"], additional: false)
            )
          ], description: "The token."),
        responses: [
          (303, nil),
          (401, Body(mediaTypes: [("text/html", .string())], description: "The form again, with the error.")),
          (
            403,
            Body(
              mediaTypes: [("text/html", .string())],
              description: "Refused: the form's one-time value is missing or stale, or another site sent it.")
          ),
        ],
        errors: [415])
    ) { request, _ in
      let form = try await request.form()
      // A cross-site page may post this form (login CSRF): it cannot send our origin, nor know
      // the one-time value the form and its cookie share.
      guard request.isSameOrigin else { return forbidden(templates, "The sign-in came from another site.") }
      guard let nonce = form["nonce"], !nonce.isEmpty, request.cookies[loginCookieName]?.value == nonce else {
        return forbidden(templates, "The sign-in form has expired or came from another page; sign in again.")
      }
      let secret = (form["token"] ?? "").trimmingCharacters(in: .whitespaces)
      let authenticator = services.authenticator
      let principal = try await services.run("authenticate") { _ throws(AppError) in
        try authenticator.principal(for: secret)
      }
      guard principal != nil else {
        return loginPage(templates, error: "That token is unknown or revoked.", status: .unauthorized)
      }
      let (id, _) = services.sessions.start(secret: secret)
      var response = redirect(to: "/dashboard")
      response.setCookie(
        Cookie(
          name: cookieName, value: id, maxAge: Int(DashboardSessions.lifetime.components.seconds), path: "/dashboard",
          httpOnly: true, sameSite: .strict))
      response.setCookie(
        Cookie(name: loginCookieName, value: "", maxAge: 0, path: "/dashboard/login", httpOnly: true, sameSite: .strict)
      )
      return response
    }

    registry.add(
      Operation(
        method: .post, path: "/dashboard/logout", id: "dashboardLogout",
        summary: "Ends the session on the server and forgets its cookie.", tag: "dashboard", role: nil,
        parameters: [],
        requestBody: Body(
          mediaTypes: [
            (
              "application/x-www-form-urlencoded",
              .object(
                properties: [("form_token", .string(maxLength: 200))], required: ["form_token"], additional: false)
            )
          ], description: "The session's form token, from the page."),
        responses: [
          (303, nil),
          (403, Body(mediaTypes: [("text/html", .string())], description: "Refused: another site sent the form.")),
        ], errors: [415])
    ) { request, context in
      let form = try await request.form()
      if let session = context.session {
        guard request.isSameOrigin, form["form_token"] == session.formToken else {
          return forbidden(templates, "The sign-out came from another site.")
        }
        services.sessions.end(session.id)
      }
      var response = redirect(to: "/dashboard/login")
      response.setCookie(
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/dashboard", httpOnly: true, sameSite: .strict))
      return response
    }
  }
}
