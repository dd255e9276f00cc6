import Analytics
import AppCore
import Domain

/// The dashboard's pages as view models; the markup is `Templates/dashboard-*.mustache`.
/// The HTTP module decides who sees which page; this decides what a page shows.
public enum DashboardPages {
  struct Layout: Sendable {
    struct User: Sendable { var name, role, formToken: String }
    var title, body: String
    var user: User?
  }

  /// A whole page: the header (with sign-out when someone is signed in) around a body.
  public static func page(
    _ templates: PageTemplates, title: String, body: String, user: (name: String, role: String, formToken: String)?
  ) -> String {
    let signedIn = user.map { Layout.User(name: $0.name, role: $0.role, formToken: $0.formToken) }
    return templates.render(Layout(title: title, body: body, user: signedIn), "dashboard-layout")
  }

  struct Login: Sendable { var nonce: String; var error: String? }

  public static func login(_ templates: PageTemplates, nonce: String, error: String?) -> String {
    templates.render(Login(nonce: nonce, error: error), "dashboard-login")
  }

  struct Refused: Sendable { var why: String }

  public static func refused(_ templates: PageTemplates, why: String) -> String {
    templates.render(Refused(why: why), "dashboard-refused")
  }

  struct Overview: Sendable {
    struct Card: Sendable { var value: Int; var label: String }
    struct Balance: Sendable { var specialty, name, region, graduates, status: String; var demand: Int }
    struct Indicator: Sendable { var key, value: String }
    struct Cluster: Sendable {
      var code, name, region, year: String
      var cards: [Card]
      var hasBalance: Bool
      var chart: BarChart
      var balance: [Balance]
      var indicators: [Indicator]
    }
    var clusters: [Cluster]
    var run: MatchRun?
  }

  /// Every cluster's cards, balance (chart and table) and indicators, and the latest matching.
  public static func overview(
    _ templates: PageTemplates, clusters: [ClusterOverview], indicators: [IndicatorSet], run: MatchRun?
  ) -> String {
    let shown = clusters.map { c in
      let values = indicators.first { $0.entity == c.code }?.values ?? [:]
      return Overview.Cluster(
        code: c.code, name: c.name, region: c.region, year: c.year.map(String.init) ?? "",
        cards: [
          ("members", c.membersByKind.values.reduce(0, +)), ("programs", c.programs), ("students", c.students),
          ("teachers", c.teachers), ("projects", c.projects),
        ].map { Overview.Card(value: $0.1, label: $0.0) },
        hasBalance: !c.needsVersusGraduates.isEmpty, chart: ReportRenderer.balanceChart(c),
        balance: c.needsVersusGraduates.map { b in
          Overview.Balance(
            specialty: b.specialty, name: b.name, region: b.region, graduates: String(b.supply),
            status: b.status.words, demand: b.demand)
        },
        indicators: IndicatorCatalog.definitions.map { d in
          let value = values[d.key] ?? nil
          return Overview.Indicator(
            key: d.key.replacing("_", with: " "),
            value: d.key == "funding" ? Formats.pageMoney(value) : Formats.value(value))
        })
    }
    return templates.render(Overview(clusters: shown, run: run), "dashboard-overview")
  }
}
