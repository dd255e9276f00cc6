import Analytics
import AppCore
import Domain

/// Teachers & training: the teachers with their qualification plans, or (`v`) the training records.
struct TeachersTab: ClusterTabView {
  let cluster: String

  var alternateName: (main: String, other: String)? { ("teachers", "training records") }

  func load(_ core: EduCluster, alternate: Bool) throws(AppError) -> TabContent {
    alternate ? try training(core) : try teachers(core)
  }

  func teachers(_ core: EduCluster) throws(AppError) -> TabContent {
    var c = try TabContent.entities(
      core, .teacher, cluster: cluster, fields: ["code", "name", "organization"],
      titles: ["code", "name", "institution"])
    let teachers = try core.list(.teacher, cluster: cluster)
    let pd = try core.pd(PDRequest(cluster: cluster))
    let plans = Dictionary(pd.plans.map { ($0.teacher, $0) }, uniquingKeysWith: { a, _ in a })
    c.columns += [Column("pd"), Column("due")]
    c.rows = teachers.map { t in
      let plan = plans[t.code]
      return cells(t, ["code", "name", "organization"]) + [
        plan?.status.replacing("_", with: " ") ?? "ok", plan?.dueOn?.description ?? "",
      ]
    }
    let overdue = pd.plans.filter { $0.status == "overdue" }.count
    let never = pd.plans.filter { $0.status == "never_qualified" }.count
    c.summary =
      "\(teachers.count) teachers · due for qualification on \(pd.day): \(pd.plans.count)"
      + " (\(overdue) overdue, \(never) never qualified) (v: training)"
    c.detail = { i in
      let t = teachers[i]
      var lines = detailLines(t)
      if let plan = plans[t.code] {
        lines += ["", "qualification: \(plan.status.replacing("_", with: " "))"]
        if let due = plan.dueOn { lines.append("  due on \(due)") }
        if !plan.gaps.isEmpty {
          lines.append(
            "  gaps: " + plan.gaps.map { "\($0.competency) \($0.held)/\($0.required)" }.joined(separator: ", "))
        }
        lines.append("  courses: " + (plan.courses.isEmpty ? "none found" : plan.courses.joined(separator: ", ")))
      } else {
        lines += ["", "qualification: current"]
      }
      return (t.record["name"].plain, lines)
    }
    return c
  }

  func training(_ core: EduCluster) throws(AppError) -> TabContent {
    var c = try TabContent.entities(
      core, .training, cluster: cluster, fields: ["code", "teacher", "course", "completed_on", "result"],
      titles: ["code", "teacher", "course", "completed", "result"])
    c.summary += " (v: teachers)"
    return c
  }
}
