import AppCore
import AppShell
import ArgumentParser
import Domain
import Foundation
import Localization

enum CLI {
  /// The interface language, chosen once before the arguments are parsed (`ProgramLanguage`).
  nonisolated(unsafe) static var language = Language.en

  static func run(_ rawArguments: [String]) -> Never {
    // A closed pipe is an error code from write(2) (handled in Output), not a killing signal.
    signal(SIGPIPE, SIG_IGN)
    language = ProgramLanguage.choose(rawArguments, program: "educluster")
    let arguments = hoistGlobalOptions(ProgramLanguage.take(from: rawArguments).rest)
    do {
      var command = try Educluster.parseAsRoot(arguments)
      try command.run()
      Output.flush()
      exit(0)
    } catch {
      ProgramExit.report(
        error, program: "educluster", command: Educluster.self, language: language, beforeWriting: Output.flush)
    }
  }

  /// `educluster --db X org list` → `educluster org list --db X`: `--db` is accepted before
  /// the command as well as after it.
  static func hoistGlobalOptions(_ args: [String]) -> [String] {
    var args = args
    var hoisted = [String]()
    while let first = args.first, first.hasPrefix("--db") {
      if first == "--db", args.count >= 2 {
        hoisted += [args[0], args[1]]
        args.removeFirst(2)
      } else if first.hasPrefix("--db=") {
        hoisted.append(args.removeFirst())
      } else {
        break
      }
    }
    if hoisted.isEmpty { return args }
    if let dashdash = args.firstIndex(of: "--") {
      args.insert(contentsOf: hoisted, at: dashdash)
      return args
    }
    return args + hoisted
  }
}

/// Buffered standard output, written in large pieces (listings can be long).
enum Output {
  nonisolated(unsafe) static var buffer = ""

  static func write(_ text: String) {
    buffer += text
    if buffer.utf8.count > 1 << 16 { flush() }
  }

  static func line(_ text: String = "") { write(text + "\n") }

  /// Writes the buffer. A closed pipe (`educluster org list | head`) ends the program quietly;
  /// any other failure (a full disk, `> /dev/full`) is one line on stderr and exit status 1 —
  /// never a crash, and never silence that lets a script believe the output was written.
  static func flush() {
    guard !buffer.isEmpty else { return }
    let data = Array(buffer.utf8)
    buffer = ""
    if let failure = writeAll(STDOUT_FILENO, data) {
      if failure == EPIPE { exit(0) }
      error(
        "educluster: the command ran, but its output could not be written (\(String(cString: strerror(failure))))\n")
      exit(1)
    }
  }

  /// Writes to standard error; a failure there cannot be reported anywhere, and is ignored.
  static func error(_ text: String) {
    _ = writeAll(STDERR_FILENO, Array(text.utf8))
  }

  /// `write(2)` until everything is written; the errno of a failure, nil on success.
  static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
    var offset = 0
    while offset < bytes.count {
      let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return errno
      }
      offset += n
    }
    return nil
  }

  static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}

struct Educluster: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "educluster",
    abstract: say(tr("EduCluster: the registry and analytics of an educational cluster.")),
    discussion: [
      say(
        tr(
          "Keeps a cluster's organizations, programs and competencies, students, teachers, employers' personnel needs, placements, agreements, projects and funding in one SQLite file (or a PostgreSQL database, for several servers), and answers the questions the cluster exists for."
        )),
      say(
        tr(
          "The database is --db PATH, else $EDUCLUSTER_DB, else ./educluster.sqlite; a postgres://USER:PASSWORD@HOST:PORT/DATABASE URL there uses PostgreSQL (docs/deploy.md). Start with `educluster demo` to build the demo cluster, then try `educluster org list`, `educluster search turaqorgon` or `educluster program show NamECI-B-CONST`."
        )),
      say(
        tr(
          "The language is --lang uz|uz-Cyrl|ru|en (before or after the command), else $EDUCLUSTER_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG), else English; it changes the words, never CSV or JSON."
        )),
      say(tr("Every listing takes --format table|json|csv. Exit status: 0 ok, 1 failure, 2 usage error.")),
    ].joined(separator: "\n\n"),
    version: "0.1.0",
    subcommands: [
      Init.self, Demo.self, Import.self, Export.self, Template.self, Search.self, Gap.self, Align.self,
      ContinuityCommand.self,
      Match.self, Recommend.self, PD.self, ForecastCommand.self, IndicatorsCommand.self, RankCommand.self,
      QualityCommand.self, ReportCommand.self,
      DbGroup.self, AuditGroup.self, TokenGroup.self,
      EntityGroup<RegionCommand>.self, EntityGroup<OrganizationCommand>.self,
      EntityGroup<ClusterCommand>.self, EntityGroup<MembershipCommand>.self,
      EntityGroup<SpecialtyCommand>.self, EntityGroup<CompetencyCommand>.self,
      EntityGroup<OccupationCommand>.self, EntityGroup<ProgramCommand>.self,
      EntityGroup<CohortCommand>.self, EntityGroup<StudentCommand>.self,
      EntityGroup<TeacherCommand>.self, EntityGroup<CourseCommand>.self,
      EntityGroup<TrainingCommand>.self, EntityGroup<NeedCommand>.self,
      EntityGroup<PlacementCommand>.self, EntityGroup<AgreementCommand>.self,
      EntityGroup<ProjectCommand>.self, LedgerGroup.self, EntityGroup<SwotCommand>.self,
    ]
  )
}

/// `--db PATH` (AppShell's, as all three programs take it), shared by every command that opens
/// the database.
typealias DatabaseOptions = DatabaseOption

extension DatabaseOption {
  /// Opens the database. A command that only reads (`intent: .read`) refuses an older schema
  /// instead of upgrading it; one that writes upgrades it and says so on stderr.
  func open(create: Bool = false, intent: Intent = .read) throws -> EduCluster {
    try DatabaseOption.opening(path, create: create, intent: intent)
  }

  /// Opens the database at `path` (a file or a postgres:// URL) as `open` does.
  static func opening(_ path: String, create: Bool = false, intent: Intent = .read) throws -> EduCluster {
    var note: (@Sendable () -> Void)?
    if isatty(STDERR_FILENO) == 1 {
      note = { Output.error("educluster: another write to the database is running; waiting for it to finish…\n") }
    }
    return try EduCluster(
      // A command that only reads may read lists in parallel (analyses do, on both cores).
      path: path, create: create, frontend: .cli, concurrentReads: intent == .read && !create, onBusyWait: note,
      intent: create ? .write : intent,
      onUpgrade: { from, to in Output.error("educluster: upgraded \(path) from schema \(from) to \(to)\n") })
  }

}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json, csv
}

struct FormatOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp(say(tr("Output format: table, json or csv."))))
  var format: OutputFormat = .table
}
