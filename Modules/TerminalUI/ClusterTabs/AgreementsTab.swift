import AppCore
import Domain
import Localization

/// Agreements: the cluster's agreements, counted by status, with their open obligations.
struct AgreementsTab: ClusterTabView {
  let cluster: String

  func load(_ core: EduCluster, alternate: Bool, language: Language) throws(AppError) -> TabContent {
    var c = try TabContent.entities(
      core, .agreement, cluster: cluster, fields: ["code", "kind", "customer", "provider", "status", "valid_until"],
      titles: [tr("code"), tr("kind"), tr("customer"), tr("provider"), tr("status"), tr("until")], language: language)
    let agreements = try core.list(.agreement, cluster: cluster)
    let open = agreements.reduce(0) { n, a in
      n + a.record.rows("obligations").filter { $0["status"].plain == "open" }.count
    }
    var byStatus = [String: Int]()
    for a in agreements { byStatus[a.record["status"].plain, default: 0] += 1 }
    let counts = byStatus.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    c.summary = language.say(tr("\(agreements.count) agreements: \(counts) · \(open) open obligations"))
    return c
  }
}
