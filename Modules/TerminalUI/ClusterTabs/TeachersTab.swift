import Analytics
import AppCore
import Domain
import Localization
import Presentation

/// Teachers & training: the teachers with their qualification plans, or (`v`) the training records.
struct TeachersTab: ClusterTabView {
  let cluster: String

  var alternateName: (main: Phrase, other: Phrase)? { (tr("teachers"), tr("training records")) }

  func load(_ core: EduCluster, alternate: Bool, language: Language) throws(AppError) -> TabContent {
    alternate ? try training(core, language) : try teachers(core, language)
  }

  func teachers(_ core: EduCluster, _ language: Language) throws(AppError) -> TabContent {
    let say = language.say
    var c = try TabContent.entities(
      core, .teacher, cluster: cluster, fields: ["code", "name", "organization"],
      titles: [tr("code"), tr("name"), tr("institution")], language: language)
    let teachers = try core.list(.teacher, cluster: cluster)
    let pd = try core.pd(PDRequest(cluster: cluster))
    let plans = Dictionary(pd.plans.map { ($0.teacher, $0) }, uniquingKeysWith: { a, _ in a })
    c.columns += [Column(say(tr("pd"))), Column(say(tr("due")))]
    c.rows = teachers.map { t in
      let plan = plans[t.code]
      return cells(t, ["code", "name", "organization"], language: language) + [
        plan.map { say(MatchReasons.planStatus($0.status)) } ?? say(tr("ok")), plan?.dueOn?.description ?? "",
      ]
    }
    let overdue = pd.plans.filter { $0.status == "overdue" }.count
    let never = pd.plans.filter { $0.status == "never_qualified" }.count
    c.summary = say(
      tr(
        "\(teachers.count) teachers · due for qualification on \(pd.day): \(pd.plans.count) (\(overdue) overdue, \(never) never qualified) (v: training)"
      ))
    c.detail = { i in
      let t = teachers[i]
      var lines = detailLines(t, language: language)
      if let plan = plans[t.code] {
        lines += ["", say(tr("qualification: \(MatchReasons.planStatus(plan.status))"))]
        if let due = plan.dueOn { lines.append("  " + say(tr("due on \(due)"))) }
        if !plan.gaps.isEmpty {
          let gaps = plan.gaps.map { "\($0.competency) \($0.held)/\($0.required)" }.joined(separator: ", ")
          lines.append("  " + say(tr("gaps: \(gaps)")))
        }
        let courses = plan.courses.joined(separator: ", ")
        lines.append("  " + say(plan.courses.isEmpty ? tr("courses: none found") : tr("courses: \(courses)")))
      } else {
        lines += ["", say(tr("qualification: current"))]
      }
      return (t.record["name"].plain, lines)
    }
    return c
  }

  func training(_ core: EduCluster, _ language: Language) throws(AppError) -> TabContent {
    var c = try TabContent.entities(
      core, .training, cluster: cluster, fields: ["code", "teacher", "course", "completed_on", "result"],
      titles: [tr("code"), tr("teacher"), tr("course"), tr("completed"), tr("result")], language: language)
    c.summary += " " + language.say(tr("(v: teachers)"))
    return c
  }
}
