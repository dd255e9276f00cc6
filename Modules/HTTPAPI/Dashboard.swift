import Analytics
import AppCore
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Presentation

/// The read-only HTML dashboard: cluster overview, the supply–demand chart, indicators and
/// the latest matching, rendered on the server with Mustache. A token typed into the login
/// form starts a session kept in the database (`EduCluster.startDashboardSession`: every
/// server behind a proxy knows it, none holds a secret); the browser keeps only the
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

  static func page(
    _ templates: PageTemplates, title: String, body: String, principal: Principal?, formToken: String? = nil,
    status: HTTPResponse.Status = .ok
  ) -> Response {
    let user = principal.map { (name: $0.name, role: $0.role.rawValue, formToken: formToken ?? "") }
    let html = DashboardPages.page(templates, title: title, body: body, user: user)
    var response = Reply.text(html, contentType: "text/html; charset=utf-8", status: status)
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
  static func loginPage(_ templates: PageTemplates, error: String? = nil, status: HTTPResponse.Status = .ok) -> Response
  {
    let nonce = EduCluster.randomToken()
    var response = page(
      templates, title: "Sign in", body: DashboardPages.login(templates, nonce: nonce, error: error), principal: nil,
      status: status)
    response.setCookie(
      Cookie(
        name: loginCookieName, value: nonce, maxAge: 1800, path: "/dashboard/login", httpOnly: true, sameSite: .strict))
    return response
  }

  static func forbidden(_ templates: PageTemplates, _ why: String) -> Response {
    page(
      templates, title: "Refused",
      body: DashboardPages.refused(templates, why: why),
      principal: nil, status: .forbidden)
  }

  static let html = Body(mediaTypes: [("text/html", .string())], description: "An HTML page.")

  static func register(_ registry: OperationRegistry, _ services: Services, _ templates: PageTemplates) {
    dashboardRoute(registry, services, templates)
    dashboardLoginFormRoute(registry, services, templates)
    dashboardStylesheetRoute(registry, services, templates)
    dashboardLoginRoute(registry, services, templates)
    dashboardLogoutRoute(registry, services, templates)
  }

  static func dashboardRoute(_ registry: OperationRegistry, _ services: Services, _ templates: PageTemplates) {
    registry.add(
      Operation(
        method: .get, path: "/dashboard", id: "dashboard",
        summary: "The read-only dashboard (HTML); without a session cookie it redirects to the login form.",
        tag: "dashboard", role: nil, parameters: [], requestBody: nil, responses: [(200, html), (303, nil)],
        errors: [])
    ) { _, context in
      guard let principal = context.principal else { return redirect(to: "/dashboard/login") }
      // The page's body is the same for every reader: it is kept, rendered, until the data
      // changes (rendering a national overview costs about as much as computing it).
      let body = try await services.cached("dashboard", key: "dashboard") { app throws(AppError) in
        let indicators = (try? app.indicators()) ?? []
        return DashboardPages.overview(
          templates, clusters: try app.overview(), indicators: indicators, run: try app.matchRuns().last)
      }
      return page(
        templates, title: "Clusters", body: body, principal: principal,
        formToken: context.session?.formToken)
    }
  }

  static func dashboardLoginFormRoute(_ registry: OperationRegistry, _ services: Services, _ templates: PageTemplates) {
    registry.add(
      Operation(
        method: .get, path: "/dashboard/login", id: "dashboardLoginForm", summary: "The dashboard's login form (HTML).",
        tag: "dashboard", role: nil, parameters: [], requestBody: nil, responses: [(200, html)], errors: [])
    ) { _, _ in
      loginPage(templates)
    }
  }

  static func dashboardStylesheetRoute(_ registry: OperationRegistry, _ services: Services, _ templates: PageTemplates)
  {
    registry.add(
      Operation(
        method: .get, path: "/dashboard/style.css", id: "dashboardStylesheet", summary: "The dashboard's stylesheet.",
        tag: "dashboard", role: nil, parameters: [], requestBody: nil,
        responses: [(200, Body(mediaTypes: [("text/css", .string())], description: "CSS."))], errors: [])
    ) { _, _ in
      var response = Reply.text(PageTemplates.dashboardStylesheet, contentType: "text/css; charset=utf-8")
      response.headers[.cacheControl] = "max-age=3600"
      return response
    }
  }

  static func dashboardLoginRoute(_ registry: OperationRegistry, _ services: Services, _ templates: PageTemplates) {
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
      let started = try await services.run("dashboard-sign-in") { app throws(AppError) in
        try app.startDashboardSession(secret: secret)
      }
      guard let (id, _) = started else {
        return loginPage(templates, error: "That token is unknown or revoked.", status: .unauthorized)
      }
      var response = redirect(to: "/dashboard")
      response.setCookie(
        Cookie(
          name: cookieName, value: id, maxAge: EduCluster.dashboardSessionLifetime, path: "/dashboard",
          httpOnly: true, sameSite: .strict))
      response.setCookie(
        Cookie(name: loginCookieName, value: "", maxAge: 0, path: "/dashboard/login", httpOnly: true, sameSite: .strict)
      )
      return response
    }
  }

  static func dashboardLogoutRoute(_ registry: OperationRegistry, _ services: Services, _ templates: PageTemplates) {
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
        try await services.run("dashboard-sign-out") { app throws(AppError) in
          try app.endDashboardSession(id: session.id)
        }
      }
      var response = redirect(to: "/dashboard/login")
      response.setCookie(
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/dashboard", httpOnly: true, sameSite: .strict))
      return response
    }

  }
}
