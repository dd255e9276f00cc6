import AppCore
import ArgumentParser
import Domain
import Foundation
import Localization

// What the three programs share around their own work: how they are told which database to
// use, and how any error ends them — one line on stderr, and the exit status the docs promise.

/// `--db PATH` (a SQLite file or a PostgreSQL URL), as every program takes it.
public struct DatabaseOption: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      ProgramLanguage.chosen.say(tr("The database: a SQLite file, or postgres://USER:PASSWORD@HOST:PORT/DATABASE.")),
      discussion: ProgramLanguage.chosen.say(tr("Default: $EDUCLUSTER_DB, else ./educluster.sqlite.")),
      valueName: "path"))
  public var db: String?

  public init() {}

  /// The file to open: `--db`, else `$EDUCLUSTER_DB`, else `./educluster.sqlite`.
  public var path: String { db ?? EduCluster.defaultPath() }
}

/// The interface language a program speaks: `--lang`, else `EDUCLUSTER_LANG`, else the POSIX
/// locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English. Chosen once, before the arguments
/// are parsed, so that even a parsing error is reported in it.
public enum ProgramLanguage {
  /// The language `choose` chose (English until then): what the options' help is written in.
  /// Set once, before parsing, on the main thread.
  nonisolated(unsafe) public private(set) static var chosen = Language.en

  /// The `--lang` value in `arguments` (`--lang ru` or `--lang=ru`, before any `--`), and the
  /// arguments without it.
  public static func take(from arguments: [String]) -> (value: String?, rest: [String]) {
    var rest: [String] = []
    var value: String?
    var i = 0
    while i < arguments.count {
      let a = arguments[i]
      if a == "--" {
        rest += arguments[i...]
        break
      }
      if a == "--lang", i + 1 < arguments.count {
        value = arguments[i + 1]
        i += 2
        continue
      }
      if a.hasPrefix("--lang=") {
        value = String(a.dropFirst("--lang=".count))
        i += 1
        continue
      }
      rest.append(a)
      i += 1
    }
    return (value, rest)
  }

  /// The language for these arguments and this environment; a `--lang` or `EDUCLUSTER_LANG`
  /// naming no language of ours ends the program with a usage error (in English).
  public static func choose(
    _ arguments: [String], program: String, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> Language {
    do {
      chosen = try Language.resolve(option: take(from: arguments).value, environment: environment)
      return chosen
    } catch {
      ProgramExit.fail(program, error.description + " (see --help)", code: 2)
    }
  }
}

/// `--lang LANGUAGE`, for a program with one command (the TUI, the server): parsed for its
/// help and its check; the language itself is chosen before parsing (`ProgramLanguage`).
public struct LanguageOption: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      ProgramLanguage.chosen.say(
        tr("The interface language: uz (Uzbek, Latin), uz-Cyrl (Uzbek, Cyrillic), ru or en.")),
      discussion: ProgramLanguage.chosen.say(
        tr("Default: $EDUCLUSTER_LANG, else the locale ($LC_ALL, $LC_MESSAGES, $LANG), else English.")),
      valueName: "language"))
  public var lang: String?

  public init() {}
}

/// A mistake in how a program was called that its own checks find after parsing (an unknown
/// field, a missing value): exit status 2, with a pointer to `--help`.
public struct UsageError: Error, CustomStringConvertible {
  public var message: Phrase
  public init(_ message: Phrase) { self.message = message }
  public var description: String { message.description }
}

/// The end of a program that failed.
public enum ProgramExit {
  /// Reports `error` and exits: `--help` and `--version` print on stdout and exit 0; a usage
  /// mistake is one line on stderr and exit 2; an `ExitCode` exits with its status; anything
  /// else (a database that cannot be opened, a failed write) is one line and exit 1. The line
  /// is `program: message`, flattened to one line, with nothing that can act on the terminal.
  /// `beforeWriting` runs first (a program that buffers its output flushes it).
  public static func report<Command: ParsableCommand>(
    _ error: any Error, program: String, command: Command.Type, language: Language = .en,
    beforeWriting: () -> Void = {}
  ) -> Never {
    beforeWriting()
    switch error {
    case let error as AppError: fail(program, error.message.text(in: language), code: 1)
    case let error as UsageError:
      fail(program, tr("\(error.message) (see --help)").text(in: language), code: 2)
    case let error as ExitCode: exit(error.rawValue)
    default:
      let code = Command.exitCode(for: error)
      if code == .success {
        try? FileHandle.standardOutput.write(contentsOf: Data((Command.fullMessage(for: error) + "\n").utf8))
        exit(0)
      }
      let message = Command.message(for: error)
      if code == .validationFailure { fail(program, message.replacing("Error: ", with: "") + " (see --help)", code: 2) }
      fail(program, message, code: 1)
    }
  }

  /// `program: message` on stderr, one line, and exit with `code`.
  public static func fail(_ program: String, _ message: String, code: Int32) -> Never {
    let flat = message.split(separator: "\n").joined(separator: " ")
    try? FileHandle.standardError.write(contentsOf: Data("\(program): \(TextRules.visible(flat))\n".utf8))
    exit(code)
  }
}
