import AppCore
import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// Signing in to the dashboard as a browser does: fetch the form (a one-time value in a hidden
/// field and in a cookie), post it back with the token.
enum DashboardLogin {
  /// Headers for posting the login form (its cookie, the form content type) and the value.
  static func form(_ client: some TestClientProtocol) async throws -> (HTTPFields, String) {
    try await client.execute(uri: "/dashboard/login", method: .get) { r in
      let setCookie = r.headers[.setCookie] ?? ""
      let cookie = String(setCookie.split(separator: ";").first ?? "")
      let nonce = r.text.firstMatch(of: /name="nonce" value="([^"]+)"/).map { String($0.1) } ?? ""
      var h = HTTPFields()
      h[.contentType] = "application/x-www-form-urlencoded"
      h[.cookie] = cookie
      return (h, nonce)
    }
  }

  /// Signs in; returns the session cookie (`name=value`).
  static func signIn(_ client: some TestClientProtocol, secret: String) async throws -> String {
    let (form, nonce) = try await form(client)
    return try await client.execute(
      uri: "/dashboard/login", method: .post, headers: form, body: .text("nonce=\(nonce)&token=\(secret)")
    ) { r in
      #expect(r.status == .seeOther)
      let set = r.headers[values: .setCookie].first { $0.hasPrefix("educluster_session=") } ?? ""
      #expect(set.contains("HttpOnly"))
      #expect(set.contains("SameSite=Strict"))
      return String(set.split(separator: ";").first ?? "")
    }
  }

  static func formToken(_ html: String) -> String? {
    html.firstMatch(of: /name="form_token" value="([^"]+)"/).map { String($0.1) }
  }
}

/// Issue #11, finding 10: the dashboard against cross-site requests, framing and stolen or
/// stale cookies.
@Suite struct DashboardSecurityTests {
  @Test func aCrossSiteLoginIsRefused() async throws {
    let f = try Fixture()
    let secret = try #require(f.tokens[.reader])
    try await f.application().test(.router) { client in
      // Before: a POST from any page with just `token=…` signed the browser in.
      var plain = HTTPFields()
      plain[.contentType] = "application/x-www-form-urlencoded"
      try await client.execute(uri: "/dashboard/login", method: .post, headers: plain, body: .text("token=\(secret)")) {
        r in
        #expect(r.status == .forbidden)
        #expect(r.headers[values: .setCookie].allSatisfy { !$0.hasPrefix("educluster_session=") })
      }
      // The right form value but another site's Origin: refused too.
      var (form, nonce) = try await DashboardLogin.form(client)
      form[.origin] = "https://evil.example"
      try await client.execute(
        uri: "/dashboard/login", method: .post, headers: form, body: .text("nonce=\(nonce)&token=\(secret)")
      ) { r in
        #expect(r.status == .forbidden)
        #expect(r.text.contains("another site"))
      }
      // The same origin is fine.
      form[.origin] = "http://localhost"
      try await client.execute(
        uri: "/dashboard/login", method: .post, headers: form, body: .text("nonce=\(nonce)&token=\(secret)")
      ) { r in
        #expect(r.status == .seeOther)
      }
    }
  }

  @Test func pagesCannotBeFramedAndRunNoInlineCode() async throws {
    let f = try Fixture()
    try await f.application().test(.router) { client in
      let cookie = try await DashboardLogin.signIn(client, secret: try #require(f.tokens[.reader]))
      var h = HTTPFields()
      h[.cookie] = cookie
      for uri in ["/dashboard/login", "/dashboard"] {
        try await client.execute(uri: uri, method: .get, headers: uri == "/dashboard" ? h : [:]) { r in
          #expect(r.status == .ok)
          let csp = r.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
          #expect(csp.contains("frame-ancestors 'none'"))
          #expect(!csp.contains("unsafe-inline"))
          #expect(r.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
          #expect(!r.text.contains("<style"))
          #expect(!r.text.contains("<script"))
        }
      }
      try await client.execute(uri: "/dashboard/style.css", method: .get) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("font-family"))
      }
    }
  }

  @Test func theCookieHoldsASessionNotTheTokenAndSignOutEndsIt() async throws {
    let f = try Fixture()
    let secret = try #require(f.tokens[.reader])
    try await f.application().test(.router) { client in
      let cookie = try await DashboardLogin.signIn(client, secret: secret)
      #expect(!cookie.contains(secret))
      var h = HTTPFields()
      h[.cookie] = cookie
      let page = try await client.execute(uri: "/dashboard", method: .get, headers: h) { r in
        #expect(r.status == .ok)
        return r.text
      }
      let formToken = try #require(DashboardLogin.formToken(page))
      var post = h
      post[.contentType] = "application/x-www-form-urlencoded"
      // A cross-site sign-out (no form token) is refused and the session lives on.
      try await client.execute(uri: "/dashboard/logout", method: .post, headers: post, body: .text("")) { r in
        #expect(r.status == .forbidden)
      }
      try await client.execute(uri: "/dashboard", method: .get, headers: h) { #expect($0.status == .ok) }
      // Sign-out ends the session on the server: the old cookie, replayed, no longer works.
      try await client.execute(
        uri: "/dashboard/logout", method: .post, headers: post, body: .text("form_token=\(formToken)")
      ) { r in
        #expect(r.status == .seeOther)
      }
      try await client.execute(uri: "/dashboard", method: .get, headers: h) { r in
        #expect(r.status == .seeOther)
        #expect(r.headers[.location] == "/dashboard/login")
      }
    }
  }

  @Test func revokingTheTokenEndsItsSessions() async throws {
    let f = try Fixture()
    let secret = try #require(f.tokens[.reader])
    try await f.application().test(.router) { client in
      let cookie = try await DashboardLogin.signIn(client, secret: secret)
      var h = HTTPFields()
      h[.cookie] = cookie
      try await client.execute(uri: "/dashboard", method: .get, headers: h) { #expect($0.status == .ok) }
      try f.app.revokeToken(name: "reader-token")
      // The server remembers a good token for up to 2 s.
      try await Task.sleep(for: .milliseconds(2200))
      try await client.execute(uri: "/dashboard", method: .get, headers: h) { r in
        #expect(r.status == .seeOther)
      }
    }
  }
}

/// Issue #13: servers keep no state another needs. Two servers (two application layers, their
/// own connections) on one database: a dashboard session started on one is known by the
/// other, signing out on the other ends it for both, and the database holds no secret.
@Suite struct SharedDashboardSessionTests {
  @Test(arguments: DatabaseKind.available)
  func aSessionStartedOnOneServerWorksOnAnotherUntilSignedOut(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    let secret = try #require(f.tokens[.reader])
    let second = try EduCluster(path: f.path, frontend: .server, user: "server-2", concurrentReads: true)
    let other = Application(
      router: try buildAPI(app: second).router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    let cookie = try await f.application().test(.router) { client in
      try await DashboardLogin.signIn(client, secret: secret)
    }
    #expect(cookie.hasPrefix("educluster_session="))
    let formToken: String = try await other.test(.router) { client in
      var h = HTTPFields()
      h[.cookie] = cookie
      return try await client.execute(uri: "/dashboard", method: .get, headers: h) { r in
        #expect(r.status == .ok)
        #expect(r.text.contains("reader-token"))
        return DashboardLogin.formToken(r.text) ?? ""
      }
    }
    #expect(!formToken.isEmpty)
    // Signing out on the second server ends the session on the first too.
    try await other.test(.router) { client in
      var h = HTTPFields()
      h[.cookie] = cookie
      h[.contentType] = "application/x-www-form-urlencoded"
      try await client.execute(
        uri: "/dashboard/logout", method: .post, headers: h, body: .text("form_token=\(formToken)")
      ) { r in #expect(r.status == .seeOther) }
    }
    try await f.application().test(.router) { client in
      var h = HTTPFields()
      h[.cookie] = cookie
      try await client.execute(uri: "/dashboard", method: .get, headers: h) { r in
        #expect(r.status == .seeOther)
        #expect(r.headers[.location] == "/dashboard/login")
      }
    }
  }
}
