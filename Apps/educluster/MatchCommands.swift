import Analytics
import AppCore
import AppShell
import ArgumentParser
import Domain
import Localization
import Presentation

extension ProposingSide: ExpressibleByArgument {
  public init?(argument: String) {
    switch argument.lowercased() {
    case "student", "students": self = .students
    case "placement", "placements": self = .placements
    default: return nil
    }
  }

  public static var allValueStrings: [String] { ["student", "placement"] }
}

extension PlacementKind: ExpressibleByArgument {}
extension AssignmentState: ExpressibleByArgument {}

struct Match: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: say(tr("Stable placement matching: run one, list runs, review and move assignments.")),
    discussion: """
      `educluster match` runs student-proposing deferred acceptance (student-optimal; \
      --optimal placement for the placement-optimal variant) over students' preferences and \
      placements' rankings — given, or derived: fit to the placement's requirements, then \
      score, then code. A pair is acceptable only when each lists the other. The same run \
      proves the result stable (no blocking pair, capacities respected), saves it with every \
      assignment `proposed`, and explains each student's result. `--format csv` prints \
      student,placement,rank.
      """,
    subcommands: [MatchRunCommand.self, MatchList.self, MatchShow.self, MatchSet.self],
    defaultSubcommand: MatchRunCommand.self)
}

struct MatchRunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: say(tr("Run a matching (the default).")))

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: AnalysisOutput
  @OptionGroup var scope: ClusterOption
  @Option(help: ArgumentHelp(say(tr("student (student-optimal, the default) or placement (placement-optimal)."))))
  var optimal: ProposingSide =
    .students
  @Option(
    help: ArgumentHelp(say(tr("Only placements of this kind (internship, dual_education, target_training, job)."))))
  var kind: PlacementKind?
  @Flag(name: .customLong("no-save"), help: ArgumentHelp(say(tr("Do not save the run.")))) var noSave = false
  @Option(help: ArgumentHelp(say(tr("Explain at most this many students in the table (all in JSON).")))) var explain:
    Int = 10
  @Option(
    help: ArgumentHelp(
      say(tr("The run's day (YYYY-MM-DD; default today): placements that ended before it are closed.")))) var on: Day?

  func validate() throws {
    guard explain >= 0 else { throw ValidationError(say(tr("--explain must be 0 or more"))) }
  }

  func run() throws {
    var options = MatchOptions()
    options.proposing = optimal
    options.cluster = scope.cluster
    options.kind = kind
    options.save = !noSave
    options.explain = output.format == .table || output.format == .json
    options.on = on
    let app = try database.open(intent: noSave ? .read : .write)
    let m = try app.match(options)
    switch output.format {
    case .json: Output.line(try Rendering.json(m))
    case .csv:
      Output.write(
        Rendering.csv(
          header: ["student", "placement", "rank"],
          rows: m.assignments.map { [$0.student, $0.placement, String($0.rank)] }))
    case .xlsx:
      try output.workbook(
        header: ["student", "placement", "rank"],
        rows: m.assignments.map { [$0.student, $0.placement, String($0.rank)] })
    case .table:
      let optimum = m.proposing == "students" ? tr("student-optimal") : tr("placement-optimal")
      let run = m.run.map { "\($0.code) " } ?? ""
      Output.line(
        say(
          tr(
            "Matching \(run)(\(optimum)): \(m.matched) of \(m.students) students placed in \(m.places) places at \(m.placements) placements"
          )))
      Output.line(
        say(
          m.stable
            ? tr("Verified stable: no blocking pair, every capacity respected.")
            : tr("NOT STABLE: \(m.violations.prefix(5).joined(separator: "; "))")))
      let dist = m.rankDistribution.enumerated().filter { $0.element > 0 }.map {
        say(tr("choice \($0.offset + 1): \($0.element)"))
      }
      Output.line(
        say(
          dist.isEmpty
            ? tr("Rank distribution: nobody matched") : tr("Rank distribution: \(dist.joined(separator: ", "))")))
      if !m.derivedRankings.isEmpty {
        let given = m.placements - m.derivedRankings.count
        Output.line(
          say(tr("Rankings derived (fit, score, code) for \(m.derivedRankings.count) placements; given for \(given).")))
      }
      if !m.closedPlacements.isEmpty {
        let closed = m.closedPlacements.joined(separator: ", ")
        Output.line(
          say(tr("Closed (ended before \(m.on)), not offered: \(closed); students' choices of them are skipped.")))
      }
      if !m.unmatched.isEmpty {
        let reasons = Dictionary(grouping: m.unmatched, by: \.reason).map {
          "\($0.value.count) \(say(MatchReasons.phrase($0.key)))"
        }.sorted()
        Output.line(say(tr("Unmatched students: \(m.unmatched.count) (\(reasons.joined(separator: ", ")))")))
      }
      if !m.unfilled.isEmpty {
        Output.line(say(tr("Unfilled places:")))
        Output.write(
          Rendering.table(
            header: ["placement", "free", "why"].map { say(Headings.phrase($0)) },
            rows: m.unfilled.map { [$0.placement, String($0.free), say(MatchReasons.phrase($0.reason))] },
            rightAligned: [1]))
        if m.unfilledIsStructural {
          Output.line(
            say(
              tr(
                "Every stable matching leaves these same places empty (rural hospitals theorem): no algorithm can fill them without breaking stability; change preferences, rankings or requirements instead."
              )))
        }
      }
      let shown = m.explanations.filter { !$0.choices.isEmpty }.prefix(explain)
      if !shown.isEmpty {
        Output.line()
        Output.line(
          say(tr("Why each student got what they got (first \(shown.count); --explain N, or --format json for all):")))
        for e in shown {
          let choices = e.choices.map { "\($0.rank). \($0.placement): \(say(MatchReasons.phrase($0.outcome)))" }
            .joined(separator: "; ")
          let placed = e.placement ?? say(tr("unmatched"))
          Output.line("  \(e.student) → \(placed) — \(choices)")
        }
      }
      if let run = m.run {
        Output.line(
          "Saved as \(run.code): `educluster match show \(run.code)`, `educluster match set \(run.code) STUDENT offered`."
        )
      }
    }
  }
}

struct MatchList: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: say(tr("Saved matching runs.")))
  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: AnalysisOutput

  func run() throws {
    let runs = try database.open().matchRuns()
    let header = ["code", "created", "author", "proposing", "students", "placements", "matched", "options"]
    let rows = runs.map {
      [
        $0.code, $0.createdAt, $0.author, $0.proposing, String($0.students), String($0.placements), String($0.matched),
        $0.options,
      ]
    }
    try Print.out(output, json: { try Rendering.json(runs) }, csv: { (header, rows) }) {
      if rows.isEmpty {
        Output.line(say(tr("no matching runs yet: `educluster match`")))
      } else {
        Output.write(table(header: header, rows: rows, rightAligned: [4, 5, 6]))
      }
    }
  }
}

struct MatchShow: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: say(tr("A saved run's assignments and their states.")))
  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: AnalysisOutput
  @Option(help: ArgumentHelp(say(tr("Only assignments in this state.")))) var state: AssignmentState?
  @Argument(help: ArgumentHelp(say(tr("The run's code, or latest.")))) var code: String = "latest"

  func run() throws {
    let (info, all) = try database.open().matchAssignments(run: code)
    let list = all.filter { a in state.map { a.state == $0 } ?? true }
    let header = ["student", "placement", "rank", "state", "changed"]
    let rows = list.map { [$0.student, $0.placement, String($0.rank), $0.state.rawValue, $0.changedAt ?? ""] }
    try Print.out(output, json: { try Rendering.json(list) }, csv: { (header, rows) }) {
      let counts = Dictionary(grouping: all, by: \.state).map { "\($0.value.count) \($0.key.rawValue)" }.sorted()
      Output.line(
        "\(info.code) (\(info.createdAt), \(info.options)): \(all.count) assignments — \(counts.joined(separator: ", "))"
      )
      Output.write(table(header: header, rows: rows, rightAligned: [2]))
    }
  }
}

struct MatchSet: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "set",
    abstract: say(tr("Move an assignment: proposed → offered → confirmed → completed, or withdrawn.")))
  @OptionGroup var database: DatabaseOptions
  @Argument(help: ArgumentHelp(say(tr("The run's code, or latest.")))) var code: String
  @Argument(help: ArgumentHelp(say(tr("The student's code.")))) var student: String
  @Argument(help: ArgumentHelp(say(tr("offered, confirmed, completed or withdrawn.")))) var state: AssignmentState

  func run() throws {
    let a = try database.open(intent: .write).setAssignment(run: code, student: student, to: state)
    Output.line(say(tr("\(a.run): \(a.student) at \(a.placement) is now \(a.state.rawValue)")))
  }
}
