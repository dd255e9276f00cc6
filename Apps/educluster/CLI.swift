import AppCore
import ArgumentParser
import Foundation

/// A usage mistake found after ArgumentParser's own parsing (an unknown field, a missing value).
struct UsageError: Error, CustomStringConvertible {
  var description: String
  init(_ message: String) { description = message }
}

enum CLI {
  static func run(_ rawArguments: [String]) -> Never {
    let arguments = hoistGlobalOptions(rawArguments)
    do {
      var command = try Educluster.parseAsRoot(arguments)
      try command.run()
      Output.flush()
      exit(0)
    } catch let error as AppError {
      fail(error.message, code: 1)
    } catch let error as UsageError {
      fail(error.description + " (see --help)", code: 2)
    } catch let error as ExitCode {
      Output.flush()
      exit(error.rawValue)
    } catch {
      let code = Educluster.exitCode(for: error)
      if code == .success {
        Output.write(Educluster.fullMessage(for: error) + "\n")
        Output.flush()
        exit(0)
      }
      let message = Educluster.message(for: error)
      if code == .validationFailure {
        fail(message.replacing("Error: ", with: "") + " (see --help)", code: 2)
      }
      fail(message, code: 1)
    }
  }

  static func fail(_ message: String, code: Int32) -> Never {
    Output.flush()
    let line = "educluster: " + message.split(separator: "\n").joined(separator: " ") + "\n"
    FileHandle.standardError.write(Data(line.utf8))
    exit(code)
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

  static func flush() {
    guard !buffer.isEmpty else { return }
    FileHandle.standardOutput.write(Data(buffer.utf8))
    buffer = ""
  }

  static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}

struct Educluster: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "educluster",
    abstract: "EduCluster: the registry and analytics of an educational cluster.",
    discussion: """
      Keeps a cluster's organizations, programs and competencies, students, teachers, employers' \
      personnel needs, placements, agreements, projects and funding in one SQLite file, and \
      answers the questions the cluster exists for.

      The database is --db PATH, else $EDUCLUSTER_DB, else ./educluster.sqlite.
      Start with `educluster demo` to build the demo cluster, then try
      `educluster org list`, `educluster search turaqorgon` or `educluster program show NamECI-B-CONST`.
      Every listing takes --format table|json|csv. Exit status: 0 ok, 1 failure, 2 usage error.
      """,
    version: "0.1.0",
    subcommands: [
      Init.self, Demo.self, Import.self, Export.self, Search.self, Gap.self, Align.self, ContinuityCommand.self,
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

/// `--db PATH`, shared by every command that opens the database.
struct DatabaseOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "The database file.", discussion: "Default: $EDUCLUSTER_DB, else ./educluster.sqlite.", valueName: "path"))
  var db: String?

  var path: String { db ?? EduCluster.defaultPath() }

  func open(create: Bool = false) throws -> EduCluster {
    try EduCluster(path: path, create: create, frontend: .cli)
  }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json, csv
}

struct FormatOptions: ParsableArguments {
  @Option(name: .long, help: "Output format: table, json or csv.")
  var format: OutputFormat = .table
}
