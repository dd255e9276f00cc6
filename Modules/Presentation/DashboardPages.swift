import Analytics
import AppCore
import Domain
import Localization

/// The dashboard's pages as view models; the markup is `Templates/dashboard-*.mustache`.
/// The HTTP module decides who sees which page; this decides what a page shows.
public enum DashboardPages {
  struct Layout: Sendable {
    struct User: Sendable { var name, role, formToken: String }
    /// One entry of the language switch: a link, or the current language's name.
    struct Choice: Sendable { var tag, name: String; var current: Bool }
    var title, body, lang, signOut, languageLabel: String
    var user: User?
    var languages: [Choice]
  }

  /// A whole page in a language: the header (with the language switch, links to the same page
  /// with `?lang=`, and sign-out when someone is signed in) around a body.
  public static func page(
    _ templates: PageTemplates, title: String, body: String, user: (name: String, role: String, formToken: String)?,
    language: Language = .en
  ) -> String {
    let signedIn = user.map { Layout.User(name: $0.name, role: $0.role, formToken: $0.formToken) }
    let choices = Language.allCases.map {
      Layout.Choice(tag: $0.rawValue, name: $0.nativeName, current: $0 == language)
    }
    return templates.render(
      Layout(
        title: title, body: body, lang: language.rawValue, signOut: language.say(tr("Sign out")),
        languageLabel: language.say(tr("Language")), user: signedIn, languages: choices),
      "dashboard-layout")
  }

  struct Login: Sendable {
    var nonce: String
    var error: String?
    var heading, howTo, button: String
  }

  public static func login(
    _ templates: PageTemplates, nonce: String, error: String?, language: Language = .en
  ) -> String {
    let say = language.say
    return templates.render(
      Login(
        nonce: nonce, error: error, heading: say(tr("Sign in")),
        howTo: say(tr("Paste an API token (make one with `educluster token create --name NAME --role reader`).")),
        button: say(tr("Sign in"))),
      "dashboard-login")
  }

  struct Refused: Sendable { var why, signIn: String }

  public static func refused(_ templates: PageTemplates, why: String, language: Language = .en) -> String {
    templates.render(Refused(why: why, signIn: language.say(tr("Sign in"))), "dashboard-refused")
  }

  struct Overview: Sendable {
    struct Card: Sendable { var value: Int; var label: String }
    struct Balance: Sendable { var specialty, name, region, graduates, status, statusClass: String; var demand: Int }
    struct Indicator: Sendable { var key, value: String }
    struct Cluster: Sendable {
      var code, name, region, year: String
      var cards: [Card]
      var hasBalance: Bool
      var chart: BarChart
      var balance: [Balance]
      var indicators: [Indicator]
    }
    /// The page's fixed words in the interface language.
    struct Words: Sendable {
      var supplyDemand, specialty, region, demand, graduates, status, noBalance, indicators, latestMatching: String
      var noMatching: String
    }
    var clusters: [Cluster]
    var run: MatchRun?
    var runText: String
    var words: Words
  }

  /// Every cluster's cards, balance (chart and table) and indicators, and the latest matching,
  /// in a language (`names`: code → name there, for the clusters and specialties).
  public static func overview(
    _ templates: PageTemplates, clusters: [ClusterOverview], indicators: [IndicatorSet], run: MatchRun?,
    language: Language = .en, names: [String: String] = [:]
  ) -> String {
    let say = language.say
    let shown = clusters.map { c in
      let values = indicators.first { $0.entity == c.code }?.values ?? [:]
      return Overview.Cluster(
        code: c.code, name: names[c.code] ?? c.name, region: c.region, year: c.year.map(String.init) ?? "",
        cards: [
          (tr("members"), c.membersByKind.values.reduce(0, +)), (tr("programs"), c.programs),
          (tr("students"), c.students), (tr("teachers"), c.teachers), (tr("projects"), c.projects),
        ].map { Overview.Card(value: $0.1, label: say($0.0)) },
        hasBalance: !c.needsVersusGraduates.isEmpty,
        chart: ReportRenderer.balanceChart(c, language: language, names: names),
        balance: c.needsVersusGraduates.map { b in
          Overview.Balance(
            specialty: b.specialty, name: names[b.specialty] ?? b.name, region: b.region,
            graduates: String(b.supply), status: say(b.status.title), statusClass: b.status.words, demand: b.demand)
        },
        indicators: IndicatorCatalog.definitions.map { d in
          let value = values[d.key] ?? nil
          return Overview.Indicator(
            key: say(IndicatorCatalog.title(d.key)),
            value: d.key == "funding"
              ? Formats.pageMoney(value)
              : (language == .en || value == nil
                ? Formats.value(value) : LocalFormat(language).decimal(value ?? 0, fraction: 2)))
        })
    }
    let words = Overview.Words(
      supplyDemand: say(tr("Supply and demand")), specialty: say(tr("specialty")), region: say(tr("region")),
      demand: say(tr("demand")), graduates: say(tr("graduates")), status: say(tr("status")),
      noBalance: say(tr("No needs or graduates recorded.")), indicators: say(tr("Indicators")),
      latestMatching: say(tr("Latest matching")), noMatching: say(tr("No matching has been run yet.")))
    let runText = run.map {
      say(
        tr(
          "Run \($0.code) of \($0.createdAt) by \($0.author) (proposing: \($0.proposing)): \($0.matched) of \($0.students) students matched to \($0.placements) placements."
        ))
    }
    return templates.render(
      Overview(clusters: shown, run: run, runText: runText ?? "", words: words), "dashboard-overview")
  }
}
