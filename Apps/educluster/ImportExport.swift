import AppCore
import AppShell
import ArgumentParser
import Domain
import Foundation
import Localization
import Presentation

struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: say(tr("Import CSV, JSON or Excel files (or folders of them) — all or nothing.")),
    discussion: """
      Each file holds one type, told by its name (organizations.csv, students.json, \
      program_outcomes.csv, preferences.csv, rankings.csv, ESCO's skills_en.csv …) or, for \
      CSV, its header; --type says it for every file given. A folder's files are read in \
      dependency order. References may point into the database or into the same import.

      An Excel workbook (.xlsx) is read sheet by sheet: every sheet named after a type (or \
      whose header row is a type's) is imported, the others are skipped and named; errors \
      point at the cell, as students.xlsx:students!C3. CSV saved by Excel is read as it is: \
      the delimiter (comma, semicolon or tab) is found from the first line unless \
      --delimiter gives it, and a file in a legacy encoding is read with --encoding \
      (windows-1251, koi8-r, cp866, windows-1252 …).

      Everything is validated and written in one transaction: on any error nothing is \
      written, the exit status is 1 and each problem is printed as file:line:column: message \
      (column = the field's position in a CSV row, the character column in JSON). A code \
      that is already in the database updates that record (columns the file lacks keep \
      their values), so merging regional exports gives their union; the summary names the \
      records a later import changed. See docs/formats.md for every type's columns.
      """)

  @OptionGroup var database: DatabaseOptions
  @Option(help: ArgumentHelp(say(tr("What every given file holds (e.g. students, program_outcomes, skills)."))))
  var type: String?
  @Flag(name: .customLong("dry-run"), help: ArgumentHelp(say(tr("Validate only; write nothing.")))) var dryRun = false
  @Option(name: .customLong("max-errors"), help: ArgumentHelp(say(tr("Print at most this many errors."))))
  var maxErrors = 20
  @Option(
    help: ArgumentHelp(
      say(tr("CSV field separator: comma, semicolon, tab or the character (default: found from the first line)."))))
  var delimiter: String?
  @Option(help: ArgumentHelp(say(tr("CSV encoding when not UTF-8: windows-1251, koi8-r, cp866, windows-1252 …"))))
  var encoding: String?
  @Option(help: ArgumentHelp(say(tr("Summary format: table or json.")))) var format: OutputFormat = .table
  @Argument(help: ArgumentHelp(say(tr("Files or folders.")))) var paths: [String]

  func validate() throws {
    if maxErrors < 1 { throw ValidationError(say(tr("--max-errors must be 1 or more"))) }
    if let delimiter, Import.separator(delimiter) == nil {
      throw ValidationError(say(tr("--delimiter takes comma, semicolon, tab or one character, not '\(delimiter)'")))
    }
  }

  /// The separator a --delimiter value names.
  static func separator(_ value: String) -> Character? {
    switch value.lowercased() {
    case "comma", ",": return ","
    case "semicolon", ";": return ";"
    case "tab", "\\t", "\t": return "\t"
    default: return value.count == 1 && value.first?.isASCII == true ? value.first : nil
    }
  }

  func run() throws {
    // A new database is created only for a real import, and removed again if it fails.
    let existed = FileManager.default.fileExists(atPath: database.path)
    let app = try database.open(create: !dryRun, intent: dryRun ? .read : .write)
    func removeIfNew() {
      guard !existed else { return }
      for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
    }
    let bar = ProgressBar(enabled: isatty(STDERR_FILENO) == 1)
    let report: ImportReport
    do {
      report = try app.importFiles(
        paths,
        options: ImportOptions(
          type: type, dryRun: dryRun, maxErrors: maxErrors, delimiter: delimiter.flatMap(Import.separator),
          encoding: encoding),
        progress: { bar.show($0) })
    } catch {
      bar.clear()
      removeIfNew()
      for line in error.details { Output.error(TextRules.visible(say(line)) + "\n") }
      throw error
    }
    bar.clear()
    if format == .json {
      Output.line(try Rendering.json(report))
      return
    }
    for f in report.files {
      var line = "read \(f.file) (\(f.holds)): \(f.rows) rows"
      if !f.ignoredColumns.isEmpty { line += "; ignored columns: \(f.ignoredColumns.joined(separator: ", "))" }
      Output.line(line)
    }
    for sheet in report.skippedSheets { Output.line(say(tr("skipped \(sheet): not a type this project imports"))) }
    let rows = report.counts.map { c in
      [
        c.kind, String(c.inserted), String(c.updated), String(c.unchanged), String(c.lists),
        c.updatedCodes.joined(separator: " "),
      ]
    }
    Output.write(
      Rendering.table(
        header: ["type", "inserted", "updated", "unchanged", "lists written", "updated codes (first 10)"], rows: rows,
        rightAligned: [1, 2, 3, 4]))
    Output.line(report.dryRun ? "dry run: nothing was written" : "imported \(report.rows) rows")
  }
}

struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: say(tr("Export one type or everything as CSV, JSON or an Excel workbook, in the formats import reads.")),
    discussion: """
      `export all --out DIR` writes every type (CSV: one file per type and one per list, \
      e.g. program_outcomes.csv, preferences.csv; JSON: one array per type with lists \
      nested), which imports into an empty database and exports again byte-identically. \
      `export TYPE` without --out prints that type's file to standard output. Student and \
      teacher names are personal data: they are left out unless --include-personal is given \
      (an export without them cannot create those records elsewhere).

      The CSV is exact: a value starting with =, +, - or @ is written as it is, so that it \
      re-imports unchanged. A file meant to be opened in Excel or LibreOffice should be written \
      with --spreadsheet-safe: text cells that a spreadsheet would run as a formula get a \
      leading ' (numbers stay numbers); such a file does not re-import byte for byte.

      --format xlsx writes one workbook (--out FILE.xlsx): a sheet per type and per list, \
      header frozen, numbers as numbers, dates as dates, text as text (never a formula). It \
      imports back as it is: `export all --format xlsx --out all.xlsx`, then `import all.xlsx`.
      """)

  @OptionGroup var database: DatabaseOptions
  @Option(
    help: ArgumentHelp(
      say(tr("Folder to write into (required for all; a kind writes its lists too); for xlsx, the workbook."))))
  var out: String?
  @Option(help: ArgumentHelp(say(tr("csv, json or xlsx.")))) var format: ExportChoice = .csv
  @Flag(name: .customLong("include-personal"), help: ArgumentHelp(say(tr("Include student and teacher names."))))
  var includePersonal = false
  @Flag(
    name: .customLong("spreadsheet-safe"),
    help: ArgumentHelp(
      say(tr("CSV to open in a spreadsheet: cells starting with = + - @ become text ('), never formulas."))))
  var spreadsheetSafe = false
  @Argument(help: ArgumentHelp(say(tr("A type (organizations, students, program_outcomes, preferences …) or all."))))
  var type: String

  func run() throws {
    let app = try database.open()
    guard let format = format.file else {
      guard let out else { throw UsageError(tr("an Excel export needs --out FILE.xlsx")) }
      let files =
        try app.exportWorkbook(
          type == "all" ? nil : EduCluster.workbookFiles(named: type), to: out, includePersonal: includePersonal)
      let total = files.reduce(0) { $0 + $1.rows }
      Output.line(
        say(tr("wrote \(out): \(files.count) sheets, \(total) rows"))
          + (includePersonal ? "" : say(tr(" (without personal names)"))))
      return
    }
    if type == "all" {
      guard let out else { throw UsageError(tr("export all needs --out DIR")) }
      let files = try app.export(
        to: out, format: format, includePersonal: includePersonal, spreadsheetSafe: spreadsheetSafe)
      let total = files.reduce(0) { $0 + $1.rows }
      Output.line(
        "wrote \(files.count) files, \(total) rows, to \(out)\(includePersonal ? "" : " (without personal names)")")
      return
    }
    if let out {
      // A kind writes its file and, in CSV, its lists' files; a list name writes that list.
      let files =
        if let kind = EntityKind.named(type) {
          try app.export(
            kinds: [kind], to: out, format: format, includePersonal: includePersonal,
            spreadsheetSafe: spreadsheetSafe)
        } else {
          [
            try app.export(
              named: type, to: out, format: format, includePersonal: includePersonal,
              spreadsheetSafe: spreadsheetSafe)
          ]
        }
      for f in files { Output.line(say(tr("wrote \(f.file): \(f.rows) rows"))) }
    } else {
      _ = try app.exportFile(
        named: type, format: format, includePersonal: includePersonal, spreadsheetSafe: spreadsheetSafe
      ) { Output.write($0) }
    }
  }
}

extension ExportFormat: ExpressibleByArgument {}

/// What `export --format` takes: the import formats, and an Excel workbook.
enum ExportChoice: String, ExpressibleByArgument, CaseIterable {
  case csv, json, xlsx

  /// The file format of a CSV or JSON export; nil for a workbook.
  var file: ExportFormat? { ExportFormat(rawValue: rawValue) }
}

struct Template: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "template",
    abstract: say(tr("Write an Excel workbook for colleges or employers to fill in, which imports back as it is.")),
    discussion: """
      One sheet per type named (students, programs, personnel_needs, program_outcomes, \
      preferences …), its header the columns import reads. Each header cell has a comment \
      saying what the column means and whether it is required (required headers are shaded); \
      choice columns (kinds, levels, states …) and references whose codes this database holds \
      (regions, specialties, organizations … up to 2,000 codes) have drop-down lists; dates and \
      numbers are checked as they are typed; code columns are text, so 0105 stays 0105.

      Example: educluster template students preferences --out intake-2027.xlsx
      Filled in: educluster import intake-2027.xlsx
      """)

  @OptionGroup var database: DatabaseOptions
  @Option(help: ArgumentHelp(say(tr("The workbook to write (.xlsx).")))) var out: String
  @Argument(help: ArgumentHelp(say(tr("Types or lists, one sheet each (students, program_outcomes …)."))))
  var types: [String]

  func run() throws {
    let app = try database.open()
    let sheets = try app.template(types, to: out, language: CLI.language)
    Output.line(say(tr("wrote \(out): sheets \(sheets.joined(separator: ", "))")))
  }
}

/// A one-line progress bar on stderr — rows/s and ETA — shown only on a terminal.
final class ProgressBar: @unchecked Sendable {
  let enabled: Bool
  let started = Date()
  var shown = false

  init(enabled: Bool) { self.enabled = enabled }

  func show(_ p: ImportProgress) {
    guard enabled else { return }
    let elapsed = max(0.001, Date().timeIntervalSince(started))
    let rate = Double(p.rows) / elapsed
    let fraction = p.bytesTotal > 0 ? min(1, Double(p.bytesDone) / Double(p.bytesTotal)) : 0
    let width = 24
    let filled = Int(fraction * Double(width))
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    var eta = ""
    if fraction > 0.01 && fraction < 1 {
      let fileElapsed = elapsed
      eta = " ETA \(Int(fileElapsed / fraction - fileElapsed))s"
    }
    let line =
      "\r[\(bar)] \(Int(fraction * 100))% \(TextRules.visible(p.file)) \(p.rows) rows \(Int(rate)) rows/s\(eta)  "
    Output.error(line)
    shown = true
  }

  func clear() {
    guard enabled, shown else { return }
    Output.error("\r" + String(repeating: " ", count: 100) + "\r")
  }
}
