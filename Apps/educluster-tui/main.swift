import AppCore
import AppShell
import ArgumentParser
import Domain
import Foundation
import Localization
import TerminalNCurses
import TerminalUI

/// `educluster-tui [--db PATH]`: the terminal UI for coordinators.
struct EduclusterTUI: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "educluster-tui",
    abstract: chosenLanguage.say(tr("The EduCluster terminal UI for coordinators.")),
    discussion: chosenLanguage.say(
      tr(
        "Keys: arrows or j/k move, Enter opens, Tab switches tabs, / searches, a/e/d add, edit, delete, ? help, q back or quit."
      ))
  )

  @OptionGroup var database: DatabaseOption
  @OptionGroup var language: LanguageOption
  @Option(
    help: ArgumentHelp(
      chosenLanguage.say(
        tr(
          "The day the screens judge by, as the analyses' --on (YYYY-MM-DD; default today, or $EDUCLUSTER_TODAY): projections, due dates, expiry, ended placements."
        )),
      valueName: "day"))
  var on: String?

  func validate() throws {
    if let on, Day(iso: on) == nil {
      throw ValidationError(chosenLanguage.say(tr("--on takes a date YYYY-MM-DD, not '\(on)'")))
    }
  }

  func run() throws {
    // Every date-dependent default of the analyses reads the day from here (EduCluster.today).
    if let on { setenv("EDUCLUSTER_TODAY", on, 1) }
    let path = database.path
    // The TUI edits: an older schema is upgraded before the screen opens, and it says so.
    let core = try EduCluster(
      path: path, frontend: .tui,
      onUpgrade: { from, to in
        try? FileHandle.standardError.write(
          contentsOf: Data(
            ("educluster-tui: " + chosenLanguage.say(tr("upgraded \(path) from schema \(from) to \(to)")) + "\n").utf8))
      })
    let screen = try NCursesScreen()
    TerminalLoop.run(TerminalApp(core: core, loadsInBackground: true, language: chosenLanguage), on: screen)
  }
}

/// The interface language (`--lang`, `EDUCLUSTER_LANG`, the locale), chosen before parsing.
let chosenLanguage = ProgramLanguage.choose(
  Array(CommandLine.arguments.dropFirst()), program: "educluster-tui")

do {
  var command = try EduclusterTUI.parseAsRoot()
  try command.run()
  exit(0)
} catch {
  ProgramExit.report(error, program: "educluster-tui", command: EduclusterTUI.self, language: chosenLanguage)
}
