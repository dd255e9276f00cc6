import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// The server in the interface languages (issue #14): problem+json's title and detail follow
/// `Accept-Language`; the dashboard too, and its language switch (`?lang=`) is remembered in a
/// cookie. Machine fields (type, status, fields) do not change.
@Suite struct LanguageTests {
  @Test(arguments: DatabaseKind.available)
  func problemsFollowAcceptLanguage(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    try await f.application().test(.router) { client in
      var h = f.headers(.reader)
      h[.acceptLanguage] = "ru-RU,ru;q=0.9,en;q=0.8"
      try await client.execute(uri: "/api/v1/organizations/NOPE", method: .get, headers: h) { r in
        #expect(r.status == .notFound)
        #expect(r.headers[.contentLanguage] == "ru")
        let problem = try r.object()
        #expect(problem["title"] as? String == "Не найдено")
        #expect(problem["detail"] as? String == "не найдено: организация с кодом «NOPE»")
        #expect(problem["type"] as? String == "urn:educluster:problem:notFound")
        #expect(problem["status"] as? Int == 404)
      }
      h[.acceptLanguage] = "uz-Cyrl"
      try await client.execute(uri: "/api/v1/organizations/NOPE", method: .get, headers: h) { r in
        try #expect(r.object()["detail"] as? String == "«NOPE» кодли ташкилот топилмади")
      }
      // No header, or one naming no language of ours: English, as before.
      h[.acceptLanguage] = "de-DE"
      try await client.execute(uri: "/api/v1/organizations/NOPE", method: .get, headers: h) { r in
        #expect(r.headers[.contentLanguage] == "en")
        try #expect(r.object()["detail"] as? String == "no organization with code 'NOPE'")
      }
    }
  }

  @Test(arguments: DatabaseKind.available)
  func theDashboardSpeaksTheBrowsersLanguageAndRemembersTheSwitch(_ kind: DatabaseKind) async throws {
    let f = try Fixture(kind)
    try await f.application().test(.router) { client in
      let cookie = try await DashboardLogin.signIn(client, secret: try #require(f.tokens[.reader]))
      var h = HTTPFields()
      h[.cookie] = cookie
      h[.acceptLanguage] = "ru"
      try await client.execute(uri: "/dashboard", method: .get, headers: h) { r in
        #expect(r.status == .ok)
        #expect(r.headers[.contentLanguage] == "ru")
        let html = r.text
        #expect(html.contains("<html lang=\"ru\">"))
        #expect(html.contains("Выпуск и потребность"))
        #expect(html.contains("Андижанский машиностроительный образовательный кластер"))
        #expect(html.contains("Последнее распределение"))
        #expect(html.contains("<button>Выйти</button>"))
        #expect(html.contains("href=\"?lang=uz-Cyrl\""))
      }
      // The switch: ?lang=uz answers in Uzbek and sets the cookie that keeps it.
      var remembered = ""
      try await client.execute(uri: "/dashboard?lang=uz", method: .get, headers: h) { r in
        #expect(r.text.contains("<html lang=\"uz\">"))
        #expect(r.text.contains("Taklif va ehtiyoj"))
        let setCookie = r.headers[values: .setCookie].first { $0.hasPrefix("educluster_lang=") } ?? ""
        #expect(setCookie.hasPrefix("educluster_lang=uz;"))
        remembered = String(setCookie.split(separator: ";").first ?? "")
      }
      h[.cookie] = cookie + "; " + remembered
      try await client.execute(uri: "/dashboard", method: .get, headers: h) { r in
        #expect(r.text.contains("<html lang=\"uz\">"), "the cookie wins over Accept-Language")
      }
      // The login form too, and an unknown ?lang= is a 400 naming it.
      try await client.execute(uri: "/dashboard/login?lang=uz-Cyrl", method: .get) { r in
        #expect(r.text.contains("Кириш"))
      }
      try await client.execute(uri: "/dashboard?lang=de", method: .get, headers: h) { r in
        #expect(r.status == .badRequest)
      }
    }
  }
}
