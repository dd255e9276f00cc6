import AppCore
import Domain

/// Agreements: the cluster's agreements, counted by status, with their open obligations.
struct AgreementsTab: ClusterTabView {
  let cluster: String

  func load(_ core: EduCluster, alternate: Bool) throws(AppError) -> TabContent {
    var c = try TabContent.entities(
      core, .agreement, cluster: cluster, fields: ["code", "kind", "customer", "provider", "status", "valid_until"],
      titles: ["code", "kind", "customer", "provider", "status", "until"])
    let agreements = try core.list(.agreement, cluster: cluster)
    let open = agreements.reduce(0) { n, a in
      n + a.record.rows("obligations").filter { $0["status"].plain == "open" }.count
    }
    var byStatus = [String: Int]()
    for a in agreements { byStatus[a.record["status"].plain, default: 0] += 1 }
    c.summary =
      "\(agreements.count) agreements: "
      + byStatus.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
      + " · \(open) open obligations"
    return c
  }
}
