import Analytics
import AppCore
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Localization
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
  /// The language chosen with the page's switch (`?lang=`), remembered for a year.
  static let languageCookieName = "educluster_lang"

  /// The query parameter of the language switch.
  static let languageParameter = Parameter.query(
    "lang", .enumeration(Language.allCases.map(\.rawValue)),
    "The page's language, remembered in a cookie. Without it: the cookie's, else Accept-Language's, else English.")

  /// A page's language: `?lang=` (then remembered), else the remembered one, else the
  /// browser's `Accept-Language`, else English.
  static func language(_ request: Request) -> (language: Language, chosen: Bool) {
    if let tag = Query(request)["lang"], let language = Language(tag: tag) { return (language, true) }
    if let tag = request.cookies[languageCookieName]?.value, let language = Language(tag: tag) {
      return (language, false)
    }
    return (request.language, false)
  }

  /// Remembers a language chosen with `?lang=`.
  static func remember(_ language: (language: Language, chosen: Bool), in response: inout Response) {
    guard language.chosen else { return }
    response.setCookie(
      Cookie(
        name: languageCookieName, value: language.language.rawValue, maxAge: 365 * 24 * 3600, path: "/dashboard",
        httpOnly: true, sameSite: .lax))
  }

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
    _ templates: PageTemplates, title: Phrase, body: String, principal: Principal?, formToken: String? = nil,
    status: HTTPResponse.Status = .ok, language: Language = .en
  ) -> Response {
    let user = principal.map { (name: $0.name, role: $0.role.rawValue, formToken: formToken ?? "") }
    let html = DashboardPages.page(templates, title: language.say(title), body: body, user: user, language: language)
    var response = Reply.text(html, contentType: "text/html; charset=utf-8", status: status)
    response.headers[.contentLanguage] = language.rawValue
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
  static func loginPage(
    _ templates: PageTemplates, error: Phrase? = nil, status: HTTPResponse.Status = .ok, language: Language = .en
  ) -> Response {
    let nonce = EduCluster.randomToken()
    var response = page(
      templates, title: tr("Sign in"),
      body: DashboardPages.login(templates, nonce: nonce, error: error.map(language.say), language: language),
      principal: nil, status: status, language: language)
    response.setCookie(
      Cookie(
        name: loginCookieName, value: nonce, maxAge: 1800, path: "/dashboard/login", httpOnly: true, sameSite: .strict))
    return response
  }

  static func forbidden(_ templates: PageTemplates, _ why: Phrase, language: Language = .en) -> Response {
    page(
      templates, title: tr("Refused"),
      body: DashboardPages.refused(templates, why: language.say(why), language: language),
      principal: nil, status: .forbidden, language: language)
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
        tag: "dashboard", role: nil, parameters: [languageParameter], requestBody: nil,
        responses: [(200, html), (303, nil)], errors: [])
    ) { request, context in
      let chosen = language(request)
      guard let principal = context.principal else {
        var response = redirect(to: "/dashboard/login")
        remember(chosen, in: &response)
        return response
      }
      let language = chosen.language
      // The page's body is the same for every reader of a language: it is kept, rendered,
      // until the data changes (rendering a national overview costs about as much as computing it).
      let body = try await services.cached("dashboard", key: "dashboard-" + language.rawValue) {
        app throws(AppError) in
        let indicators = (try? app.indicators()) ?? []
        var names = try app.names(of: .cluster, in: language)
        names.merge(try app.names(of: .specialty, in: language)) { a, _ in a }
        return DashboardPages.overview(
          templates, clusters: try app.overview(), indicators: indicators, run: try app.matchRuns().last,
          language: language, names: names)
      }
      var response = page(
        templates, title: tr("Clusters"), body: body, principal: principal,
        formToken: context.session?.formToken, language: language)
      remember(chosen, in: &response)
      return response
    }
  }

  static func dashboardLoginFormRoute(_ registry: OperationRegistry, _ services: Services, _ templates: PageTemplates) {
    registry.add(
      Operation(
        method: .get, path: "/dashboard/login", id: "dashboardLoginForm", summary: "The dashboard's login form (HTML).",
        tag: "dashboard", role: nil, parameters: [languageParameter], requestBody: nil, responses: [(200, html)],
        errors: [])
    ) { request, _ in
      let chosen = language(request)
      var response = loginPage(templates, language: chosen.language)
      remember(chosen, in: &response)
      return response
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
      let language = language(request).language
      // A cross-site page may post this form (login CSRF): it cannot send our origin, nor know
      // the one-time value the form and its cookie share.
      guard request.isSameOrigin else {
        return forbidden(templates, tr("The sign-in came from another site."), language: language)
      }
      guard let nonce = form["nonce"], !nonce.isEmpty, request.cookies[loginCookieName]?.value == nonce else {
        return forbidden(
          templates, tr("The sign-in form has expired or came from another page; sign in again."), language: language)
      }
      let secret = (form["token"] ?? "").trimmingCharacters(in: .whitespaces)
      let started = try await services.run("dashboard-sign-in") { app throws(AppError) in
        try app.startDashboardSession(secret: secret)
      }
      guard let (id, _) = started else {
        return loginPage(
          templates, error: tr("That token is unknown or revoked."), status: .unauthorized, language: language)
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
          return forbidden(templates, tr("The sign-out came from another site."), language: language(request).language)
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
