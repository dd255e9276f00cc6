import AppCore
import Foundation
import Presentation
import TestSupport
import Testing

@Suite struct PageTests {
  @Test func theTemplatesParse() throws {
    _ = try PageTemplates()
  }

  /// The report page keeps every section, chart and table the string-built page had.
  @Test func theReportPageHasEverySectionAndChart() throws {
    let db = try TestDatabase("pages")
    let report = try db.app.report(cluster: "CL-AN-MACH")
    let html = ReportRenderer.html(report, templates: try PageTemplates())
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("<title>Andijan Machine-Building Educational Cluster — \(report.year)</title>"))
    for n in 1...8 { #expect(html.contains("<h2>\(n). "), "section \(n)") }
    // Supply, rank distribution (bars) and indicator trends (lines).
    #expect(html.components(separatedBy: "<svg").count - 1 == 3)
    #expect(html.contains("<polyline"))
    // One table row per gap row, cells escaped by the template.
    let gapRows = report.gaps.count
    #expect(gapRows > 0)
    #expect(html.contains("<th>specialty</th><th>region</th><th>demand</th>"))
    #expect(!html.contains("{{"))
  }

  @Test func pagesEscapeWhatTheDataSays() throws {
    let templates = try PageTemplates()
    let body = DashboardPages.refused(templates, why: "<script>alert(1)</script>")
    #expect(body.contains("&lt;script&gt;"))
    #expect(!body.contains("<script>"))
    let page = DashboardPages.page(
      templates, title: "T", body: body, user: (name: "<b>x</b>", role: "reader", formToken: "F"))
    #expect(page.contains("&lt;b&gt;x&lt;/b&gt; (reader)"))
    #expect(page.contains("value=\"F\""))
    #expect(page.contains(body))
  }

  @Test func oneFormatterForNumbersSharesAndMoney() {
    #expect(Formats.count(12) == "12")
    #expect(Formats.count(12.46) == "12.5")
    #expect(Formats.percent(0.425) == "43 %")
    #expect(Formats.percent(0.425, precise: true) == "42.5 %")
    #expect(Formats.percent(0.42, precise: true) == "42 %")
    #expect(Formats.value(nil) == "–")
    #expect(Formats.value(0.5) == "0.50")
    #expect(Formats.money(minor: 123_456_789) == "1 234 567")
    #expect(Formats.money(minor: -500_000, currency: "UZS") == "-5 000 UZS")
    #expect(Formats.pageMoney(123_456_789) == "1\u{202F}234\u{202F}568 UZS")
  }
}
