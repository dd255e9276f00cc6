import AppCore
import Domain
import Localization

/// Members: the cluster's memberships, each with its organization.
struct MembersTab: ClusterTabView {
  let cluster: String

  func load(_ core: EduCluster, alternate: Bool, language: Language) throws(AppError) -> TabContent {
    let memberships = try core.list(.membership, filters: ["cluster": cluster])
    let organizations = Dictionary(
      try core.list(.organization).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    var c = TabContent()
    c.kind = .membership
    let say = language.say
    c.columns = [
      Column(say(tr("organization")), maxWidth: 16), Column(say(tr("name")), maxWidth: 36, minWidth: 18),
      Column(say(tr("kind")), priority: -1), Column(say(tr("role"))),
    ]
    func name(_ o: (any Entity)?) -> String? {
      (o as? any Labelled)?.name(in: language) ?? o.map { $0.record["name"].plain }
    }
    c.rows = memberships.map { m in
      let org = m.record["organization"].plain
      let o = organizations[org]
      return [
        org, name(o) ?? "?", o.map { cells($0, ["kind"], language: language)[0] } ?? "",
        cells(m, ["role"], language: language)[0],
      ]
    }
    c.codes = memberships.map(\.code)
    let active = memberships.filter { $0.record["left"].isNull }.count
    c.summary = say(tr("\(memberships.count) memberships, \(active) active"))
    c.empty = say(tr("(nothing here yet)"))
    c.detail = { i in
      let m = memberships[i]
      let org = m.record["organization"].plain
      let joined = m.record["joined"].plain.isEmpty ? "—" : m.record["joined"].plain
      var lines = [
        say(tr("membership \(m.code)")), say(tr("role: \(m.record["role"].plain)")), say(tr("joined: \(joined)")),
      ]
      if !m.record["left"].isNull { lines.append(say(tr("left: \(m.record["left"].plain)"))) }
      if let o = organizations[org] { lines += [""] + detailLines(o, language: language) }
      return (name(organizations[org]), lines)
    }
    return c
  }
}
