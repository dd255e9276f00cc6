import AppCore
import Domain
import Localization

/// Projects & funding: the cluster's projects with their ledger entries, or (`v`) the ledger.
struct ProjectsTab: ClusterTabView {
  let cluster: String

  var alternateName: (main: Phrase, other: Phrase)? { (tr("projects"), tr("ledger")) }

  func load(_ core: EduCluster, alternate: Bool, language: Language) throws(AppError) -> TabContent {
    alternate ? try ledger(core, language) : try projects(core, language)
  }

  func projects(_ core: EduCluster, _ language: Language) throws(AppError) -> TabContent {
    let say = language.say
    var c = try TabContent.entities(
      core, .project, cluster: cluster, fields: ["code", "title", "status", "funding_source", "budget"],
      titles: [tr("code"), tr("title"), tr("status"), tr("funding"), tr("budget")], right: ["budget"],
      language: language)
    let projects = try core.list(.project, cluster: cluster)
    let ledger = try core.ledger()
    let verification = try core.verifyLedger()
    let chain =
      verification.ok
      ? tr("ledger: \(verification.entries) entries, chain verified ✓")
      : tr("ledger: chain BROKEN at \(verification.firstBroken ?? "?"): \(verification.reason ?? "")")
    c.summary = say(tr("\(projects.count) projects · \(chain) (v: ledger)"))
    c.detail = { i in
      let p = projects[i]
      var lines = detailLines(p, language: language)
      let entries = ledger.filter { $0.project == p.code }
      lines += ["", say(tr("ledger entries: \(entries.count)"))]
      for e in entries {
        lines.append(
          "  \(e.date) \(e.from) → \(e.to) \(e.currency == "UZS" ? money(e.amount, in: language) : money(e.amount, currency: e.currency)) \(e.purpose ?? "")"
        )
      }
      let total = entries.reduce(0) { $0 + $1.amount }
      if !entries.isEmpty { lines.append("  " + say(tr("total \(money(total, in: language))"))) }
      return (p.record["title"].plain, lines)
    }
    return c
  }

  func ledger(_ core: EduCluster, _ language: Language) throws(AppError) -> TabContent {
    var c = try TabContent.entities(
      core, .ledger, cluster: cluster, fields: ["code", "date", "from", "to", "amount", "project"],
      titles: [tr("code"), tr("date"), tr("from"), tr("to"), tr("amount"), tr("project")], right: ["amount"],
      language: language)
    let verification = try core.verifyLedger()
    c.summary = language.say(
      verification.ok
        ? tr("ledger of the members: append-only; chain of \(verification.entries) verified ✓ (v: projects)")
        : tr("ledger chain BROKEN at \(verification.firstBroken ?? "?"): \(verification.reason ?? "")"))
    return c
  }
}
