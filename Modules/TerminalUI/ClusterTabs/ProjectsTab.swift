import AppCore
import Domain

/// Projects & funding: the cluster's projects with their ledger entries, or (`v`) the ledger.
struct ProjectsTab: ClusterTabView {
  let cluster: String

  var alternateName: (main: String, other: String)? { ("projects", "ledger") }

  func load(_ core: EduCluster, alternate: Bool) throws(AppError) -> TabContent {
    alternate ? try ledger(core) : try projects(core)
  }

  func projects(_ core: EduCluster) throws(AppError) -> TabContent {
    var c = try TabContent.entities(
      core, .project, cluster: cluster, fields: ["code", "title", "status", "funding_source", "budget"],
      titles: ["code", "title", "status", "funding", "budget"], right: ["budget"])
    let projects = try core.list(.project, cluster: cluster)
    let ledger = try core.ledger()
    let verification = try core.verifyLedger()
    let chain =
      verification.ok
      ? "ledger: \(verification.entries) entries, chain verified ✓"
      : "ledger: chain BROKEN at \(verification.firstBroken ?? "?"): \(verification.reason ?? "")"
    c.summary = "\(projects.count) projects · \(chain) (v: ledger)"
    c.detail = { i in
      let p = projects[i]
      var lines = detailLines(p)
      let entries = ledger.filter { $0.project == p.code }
      lines += ["", "ledger entries: \(entries.count)"]
      for e in entries {
        lines.append("  \(e.date) \(e.from) → \(e.to) \(money(e.amount, currency: e.currency)) \(e.purpose ?? "")")
      }
      let total = entries.reduce(0) { $0 + $1.amount }
      if !entries.isEmpty { lines.append("  total \(money(total))") }
      return (p.record["title"].plain, lines)
    }
    return c
  }

  func ledger(_ core: EduCluster) throws(AppError) -> TabContent {
    var c = try TabContent.entities(
      core, .ledger, cluster: cluster, fields: ["code", "date", "from", "to", "amount", "project"],
      titles: ["code", "date", "from", "to", "amount", "project"], right: ["amount"])
    let verification = try core.verifyLedger()
    c.summary =
      verification.ok
      ? "ledger of the members: append-only; chain of \(verification.entries) verified ✓ (v: projects)"
      : "ledger chain BROKEN at \(verification.firstBroken ?? "?"): \(verification.reason ?? "")"
    return c
  }
}
