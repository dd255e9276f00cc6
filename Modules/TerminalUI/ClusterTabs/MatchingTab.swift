import Analytics
import AppCore
import Domain
import Localization
import Presentation

/// Placements & matching: the assignments of one of the cluster's matching runs, or (`v`) its
/// placements. It owns which run is shown, and its keys run the matching (`m`), move the
/// selected assignment (`o c w f`), page through the runs (`[ ]`), filter by state (`s`),
/// open the review (`u`): who was not placed and why, which places stayed free and why, and
/// each student's choices with what became of them — and try changed capacities (`i`, what-if).
final class MatchingTab: ClusterTabView {
  let cluster: String
  /// Which of the cluster's runs is shown (0 = the newest).
  var runIndex = 0
  var runs = [MatchRun]()
  /// Only assignments in this state (`s` cycles); nil for all.
  var stateFilter: AssignmentState?
  /// The review is shown instead of the assignments.
  var reviewing = false
  /// The matching the review explains: the run made with `m` here, else a dry run (not saved).
  var outcome: MatchOutcome?

  init(cluster: String) { self.cluster = cluster }

  var alternateName: (main: Phrase, other: Phrase)? { (tr("assignments"), tr("placements")) }

  func load(_ core: EduCluster, alternate: Bool, language: Language) throws(AppError) -> TabContent {
    if alternate { return try placements(core, language) }
    return reviewing ? try review(core, language) : try assignments(core, language)
  }

  func hints(alternate: Bool) -> [(key: String, action: Phrase)] {
    if alternate { return [] }
    if reviewing { return [("u", tr("back to assignments")), ("m", tr("run matching"))] }
    return [
      ("m", tr("run matching")), ("u", tr("review")), ("i", tr("what if")), ("o c w", tr("offer confirm withdraw")),
      ("[ ]", tr("runs")), ("s", tr("state")),
    ]
  }

  func help(alternate: Bool) -> [(key: String, action: Phrase)] {
    guard !alternate else { return [] }
    return [
      ("m", tr("run the stable matching for this cluster (saved as a run)")),
      ("o  c  w", tr("move the assignment to offered, confirmed, withdrawn")),
      ("f", tr("mark a confirmed assignment completed (finished)")), ("[  ]", tr("older / newer run")),
      ("s", tr("show only one state: proposed, offered, confirmed … (again: the next; past the last: all)")),
      ("u", tr("review: students not placed and why, places left free and why, each student's choices")),
      ("i", tr("what if: change placements' places in a scratch copy and see the matching change; s saves")),
    ]
  }

  func handle(_ key: Key, alternate: Bool, page: ClusterPage, app: TerminalApp) -> Bool {
    guard !alternate else { return false }
    switch key {
    case .character("m"): runMatching(page: page, app: app)
    case .character("o"): move(to: .offered, page: page, app: app)
    case .character("c"): move(to: .confirmed, page: page, app: app)
    case .character("w"): move(to: .withdrawn, page: page, app: app)
    case .character("f"): move(to: .completed, page: page, app: app)
    case .character("["):
      runIndex = min(runIndex + 1, max(0, runs.count - 1))
      page.reloadFromTop(app: app)
    case .character("]"):
      runIndex = max(0, runIndex - 1)
      page.reloadFromTop(app: app)
    case .character("s") where !reviewing:
      let all = [nil] + AssignmentState.allCases.map { Optional($0) }
      stateFilter = all[((all.firstIndex(of: stateFilter) ?? 0) + 1) % all.count]
      page.reloadFromTop(app: app)
    case .character("u"):
      reviewing.toggle()
      page.reloadFromTop(app: app)
    case .character("i"):
      app.push(
        WhatIfPage(app: app, cluster: cluster) { [weak self, weak page] app, outcome in
          guard let self, let page else { return }
          self.outcome = outcome
          self.runIndex = 0
          page.reloadFromTop(app: app)
        })
    default: return false
    }
    return true
  }

  // MARK: Loading

  func placements(_ core: EduCluster, _ language: Language) throws(AppError) -> TabContent {
    var c = try TabContent.entities(
      core, .placement, cluster: cluster, fields: ["code", "title", "organization", "kind", "capacity"],
      titles: [tr("code"), tr("title"), tr("employer"), tr("kind"), tr("places")], right: ["capacity"],
      language: language)
    c.summary += " " + language.say(tr("(v: matching runs)"))
    return c
  }

  /// The cluster's matching runs, newest first.
  func clusterRuns(_ core: EduCluster) throws(AppError) -> [MatchRun] {
    try core.matchRuns().filter { $0.options.split(separator: " ").contains("cluster=\(cluster)") }.reversed()
  }

  func assignments(_ core: EduCluster, _ language: Language) throws(AppError) -> TabContent {
    let say = language.say
    runs = try clusterRuns(core)
    var c = TabContent()
    c.columns = [
      Column(say(tr("student")), maxWidth: 16), Column(say(tr("name")), maxWidth: 28, minWidth: 14),
      Column(say(tr("placement")), maxWidth: 16), Column(say(tr("rank")), alignRight: true, priority: -1),
      Column(say(tr("state"))),
    ]
    c.empty = say(tr("no matching run for this cluster yet: press m to run one"))
    guard !runs.isEmpty else {
      c.summary = say(tr("no matching runs yet — m runs the stable matching for \(cluster)"))
      return c
    }
    runIndex = min(runIndex, runs.count - 1)
    let (run, all) = try core.matchAssignments(run: runs[runIndex].code)
    let assignments = all.filter { stateFilter == nil || $0.state == stateFilter }
    let students = Dictionary(
      try core.list(.student, cluster: cluster).map { ($0.code, $0.record["name"].plain) },
      uniquingKeysWith: { a, _ in a })
    let placements = Dictionary(
      try core.list(.placement, cluster: cluster).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    c.rows = assignments.map {
      [$0.student, students[$0.student] ?? "", $0.placement, String($0.rank), $0.state.rawValue]
    }
    c.codes = assignments.map(\.student)
    var states = [String: Int]()
    for a in all { states[a.state.rawValue, default: 0] += 1 }
    let stateText = AssignmentState.allCases.compactMap { s in states[s.rawValue].map { "\($0) \(s.rawValue)" } }
    c.summary =
      say(
        tr(
          "run \(run.code) (\(runIndex + 1) of \(runs.count)): \(run.matched) of \(run.students) matched · \(stateText.joined(separator: ", "))"
        ))
      + (stateFilter.map { " · " + say(tr("showing \($0.rawValue) (s)")) } ?? "")
    c.detail = { i in
      let a = assignments[i]
      return (
        students[a.student],
        Self.detail(a, name: students[a.student], placement: placements[a.placement], run: run, language: language)
      )
    }
    return c
  }

  /// An assignment's detail: its state and where it can move, its placement, its run.
  static func detail(
    _ a: MatchAssignment, name: String?, placement: (any Entity)?, run: MatchRun, language: Language = .en
  ) -> [String] {
    let say = language.say
    var lines = [
      say(tr("student: \(a.student) \(name ?? "")")), say(tr("placement: \(a.placement)")),
      say(tr("choice: \(a.rank)")), say(tr("state: \(a.state.rawValue)")),
    ]
    if let at = a.changedAt { lines.append(say(tr("changed: \(at)"))) }
    let keys: [AssignmentState: String] = [.offered: "o", .confirmed: "c", .completed: "f", .withdrawn: "w"]
    let next = a.state.next.map { s in keys[s].map { "\(s.rawValue) (\($0))" } ?? s.rawValue }
    lines.append(
      say(next.isEmpty ? tr("can move: nowhere: final") : tr("can move: \(next.joined(separator: ", "))")))
    if let p = placement {
      lines += ["", say(tr("placement:"))] + detailLines(p, language: language).map { "  " + $0 }
    }
    lines += [
      "", say(tr("run \(run.code) by \(run.author), \(run.createdAt)")), say(tr("options: \(run.options)")),
    ]
    return lines
  }

  // MARK: Actions

  func runMatching(page: ClusterPage, app: TerminalApp) {
    var options = MatchOptions()
    options.cluster = cluster
    do {
      let outcome = try app.core.match(options)
      self.outcome = outcome
      runIndex = 0
      page.reloadFromTop(app: app)
      app.info(
        outcome.stable
          ? tr(
            "matching \(outcome.run?.code ?? "") saved: \(outcome.matched) of \(outcome.students) students placed, stable"
          )
          : tr(
            "matching \(outcome.run?.code ?? "") saved: \(outcome.matched) of \(outcome.students) students placed, NOT stable"
          ))
    } catch {
      app.report(error)
    }
  }

  func move(to state: AssignmentState, page: ClusterPage, app: TerminalApp) {
    guard runIndex < runs.count, let student = page.selectedCode else {
      app.refuse(tr("no assignment selected: run a matching with m"))
      return
    }
    do {
      let a = try app.core.setAssignment(run: runs[runIndex].code, student: student, to: state)
      page.reload(app: app)
      app.info(Phrase(verbatim: "\(a.student) → \(a.placement): \(a.state.rawValue)"))
    } catch {
      app.report(error)
    }
  }

  // MARK: Review

  /// Students not placed (with why) and placements with free places (with why); a student's
  /// detail lists every choice and what became of it.
  func review(_ core: EduCluster, _ language: Language) throws(AppError) -> TabContent {
    let say = language.say
    var dryRun = false
    if outcome == nil {
      var options = MatchOptions()
      options.cluster = cluster
      options.save = false
      outcome = try core.match(options)
      dryRun = true
    }
    guard let m = outcome else { return TabContent() }
    var c = TabContent()
    c.columns = [
      Column(say(tr("code")), maxWidth: 16, minWidth: 8), Column(say(tr("what")), maxWidth: 12, minWidth: 8),
      Column(say(tr("why")), maxWidth: 40, minWidth: 12),
    ]
    c.rows =
      m.unmatched.map { [$0.student, say(tr("unplaced")), say(MatchReasons.phrase($0.reason))] }
      + m.unfilled.map { [$0.placement, say(tr("\($0.free) free")), say(MatchReasons.phrase($0.reason))] }
    c.codes = m.unmatched.map(\.student) + m.unfilled.map(\.placement)
    c.empty = say(tr("everyone placed and every place filled"))
    let free = m.unfilled.reduce(0) { $0 + $1.free }
    let which = m.run.map { tr("run \($0.code)") } ?? (dryRun ? tr("a dry run (not saved)") : tr("the run"))
    let stable = m.stable ? tr("stable") : tr("NOT stable")
    c.summary = say(
      tr(
        "review of \(which): \(m.matched) of \(m.students) placed, \(m.unmatched.count) not, \(free) of \(m.places) places free · \(stable) (u: back)"
      ))
    let explanations = Dictionary(m.explanations.map { ($0.student, $0) }, uniquingKeysWith: { a, _ in a })
    let unmatched = m.unmatched.count
    c.detail = { i in
      if i < unmatched {
        let s = m.unmatched[i]
        var lines = [say(tr("\(s.student): not placed — \(MatchReasons.phrase(s.reason))")), "", say(tr("choices:"))]
        let choices = explanations[s.student]?.choices ?? []
        lines +=
          choices.isEmpty
          ? ["  " + say(tr("none listed"))]
          : choices.map { "  \($0.rank). \($0.placement): \(say(MatchReasons.phrase($0.outcome)))" }
        return (s.student, lines)
      }
      let u = m.unfilled[i - unmatched]
      var lines = [say(tr("\(u.placement): \(u.free) places free — \(MatchReasons.phrase(u.reason))"))]
      if m.unfilledIsStructural {
        lines += ["", say(tr("every stable matching leaves the same places free (rural hospitals theorem)"))]
      }
      return (u.placement, lines)
    }
    return c
  }
}
