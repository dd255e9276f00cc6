import AppCore
import Domain

/// Members: the cluster's memberships, each with its organization.
struct MembersTab: ClusterTabView {
  let cluster: String

  func load(_ core: EduCluster, alternate: Bool) throws(AppError) -> TabContent {
    let memberships = try core.list(.membership, filters: ["cluster": cluster])
    let organizations = Dictionary(
      try core.list(.organization).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    var c = TabContent()
    c.kind = .membership
    c.columns = [
      Column("organization", maxWidth: 16), Column("name", maxWidth: 36, minWidth: 18), Column("kind"), Column("role"),
    ]
    c.rows = memberships.map { m in
      let org = m.record["organization"].plain
      let o = organizations[org]
      return [
        org, o.map { $0.record["name"].plain } ?? "?", o.map { $0.record["kind"].plain } ?? "", m.record["role"].plain,
      ]
    }
    c.codes = memberships.map(\.code)
    let active = memberships.filter { $0.record["left"].isNull }.count
    c.summary = "\(memberships.count) memberships, \(active) active"
    c.detail = { i in
      let m = memberships[i]
      let org = m.record["organization"].plain
      var lines = ["membership \(m.code)", "role      \(m.record["role"].plain)"]
      lines.append("joined    \(m.record["joined"].plain.isEmpty ? "—" : m.record["joined"].plain)")
      if !m.record["left"].isNull { lines.append("left      \(m.record["left"].plain)") }
      if let o = organizations[org] { lines += [""] + detailLines(o) }
      return (organizations[org].map { $0.record["name"].plain }, lines)
    }
    return c
  }
}
