import AppCore
import ArgumentParser
import Foundation
import TerminalNCurses
import TerminalUI

/// `educluster-tui [--db PATH]`: the terminal UI for coordinators.
struct EduclusterTUI: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "educluster-tui",
    abstract: "The EduCluster terminal UI for coordinators.",
    discussion:
      "Keys: arrows or j/k move, Enter opens, Tab switches tabs, / searches, a/e/d add, edit, delete, ? help, q back or quit."
  )

  @Option(name: .long, help: "The database file (default: $EDUCLUSTER_DB, else ./educluster.sqlite).")
  var db: String?

  func run() throws {
    let path = db ?? EduCluster.defaultPath()
    let screen: NCursesScreen
    let core: EduCluster
    do {
      // The TUI edits: an older schema is upgraded before the screen opens, and it says so.
      core = try EduCluster(
        path: path, frontend: .tui,
        onUpgrade: { from, to in
          try? FileHandle.standardError.write(
            contentsOf: Data("educluster-tui: upgraded \(path) from schema \(from) to \(to)\n".utf8))
        })
      screen = try NCursesScreen()
    } catch let error as AppError {
      throw Failure(message: error.message)
    } catch {
      throw Failure(message: "\(error)")
    }
    TerminalLoop.run(TerminalApp(core: core), on: screen)
  }
}

/// A failure reported as one line on stderr, exit status 1.
struct Failure: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

do {
  var command = try EduclusterTUI.parseAsRoot()
  try command.run()
  exit(0)
} catch let failure as Failure {
  try? FileHandle.standardError.write(contentsOf: Data("educluster-tui: \(failure.message)\n".utf8))
  exit(1)
} catch {
  // Usage errors exit 2, as the CLI's do; --help exits 0.
  if EduclusterTUI.exitCode(for: error) == .validationFailure {
    let message = EduclusterTUI.message(for: error).replacing("Error: ", with: "")
    try? FileHandle.standardError.write(contentsOf: Data("educluster-tui: \(message) (see --help)\n".utf8))
    exit(2)
  }
  EduclusterTUI.exit(withError: error)
}
