import Analytics
import AppCore
import AppShell
import ArgumentParser
import Domain
import Foundation
import Localization
import Presentation

struct Init: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: say(tr("Create the database, or migrate an existing one to this version's schema.")))

  @OptionGroup var database: DatabaseOptions

  func run() throws {
    let app = try database.open(create: true)
    let info = try app.info()
    Output.line(say(tr("database ready: \(app.path) (schema \(info.appliedMigrations.last ?? "?"))")))
  }
}

struct Demo: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: say(tr("Build the embedded demo cluster data set and print the cluster overview.")),
    discussion: """
      The demo is deterministic: three Uzbek regions with their districts, the universities, \
      colleges, schools, enterprises and centres the source papers name, clusters, programs \
      with outcomes, cohorts, personnel needs, a few hundred fictional students with \
      preferences, placements, agreements, projects with a funding ledger, teachers with \
      training records, and SWOT items.

      A database that already holds data is left alone unless --force is given, which replaces \
      everything in it with the demo (in one transaction).
      """)

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: FormatOptions
  @Flag(help: ArgumentHelp(say(tr("Replace all data in an existing database with the demo.")))) var force = false

  func run() throws {
    let app = try database.open(create: true)
    let counts = try app.loadDemo(replace: force)
    let overview = try app.overview()
    switch output.format {
    case .json:
      Output.line(try Rendering.json(overview))
    case .csv:
      let rows = overview.flatMap { c in
        c.needsVersusGraduates.map {
          [
            c.code, String(c.year ?? 0), $0.specialty, $0.name, $0.region, String($0.demand), String($0.supply),
            String($0.gap), $0.status.rawValue, $0.basis.map(\.rawValue).joined(separator: "+"),
          ]
        }
      }
      Output.write(
        Rendering.csv(
          header: ["cluster", "year", "specialty", "name", "region", "demand", "supply", "gap", "status", "basis"],
          rows: rows))
    case .table:
      let total = counts.values.reduce(0, +)
      let parts = EntityKind.allCases.compactMap { k in counts[k].map { Overview.count($0, of: k) } }
      Output.line(say(tr("Demo data written to \(app.path): \(total) records (\(parts.joined(separator: ", "))).")))
      Output.line()
      try Overview.print(overview, app: app)
      Output.line(
        say(
          tr(
            "Next: `educluster org list`, `educluster search turaqorgon`, `educluster cluster show \(overview.first?.code ?? "CODE")`."
          )))
    }
  }
}

enum Overview {
  static func money(_ minor: Int) -> String {
    CLI.language == .en ? Formats.money(minor: Int64(minor)) : LocalFormat(CLI.language).grouped(minor / 100)
  }

  /// "15 regions" in English; "регионы: 15" where a number before a plural noun would need its case.
  static func count(_ n: Int, of kind: EntityKind) -> String {
    CLI.language == .en ? "\(n) \(n == 1 ? kind.displayName : kind.plural)" : "\(say(kind.titlePlural)): \(n)"
  }

  /// A count of each value of a choice (members by kind, agreements by status), most first:
  /// "4 enterprise" in English, "предприятие: 4" where a noun after a number would need its case.
  static func counts(_ values: [String: Int]) -> String {
    values.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
      .map {
        CLI.language == .en ? "\($0.value) \($0.key)" : "\(Field.valueText($0.key, in: CLI.language)): \($0.value)"
      }
      .joined(separator: ", ")
  }

  static func print(_ overview: [ClusterOverview], app: EduCluster) throws {
    let clusters = try app.names(of: .cluster, in: CLI.language)
    let specialties = try app.names(of: .specialty, in: CLI.language)
    let none = say(tr("none"))
    for c in overview {
      let name = clusters[c.code] ?? c.name
      if let core = c.core {
        Output.line(say(tr("■ \(name) [\(c.code)] — region \(c.region), core \(core)")))
      } else {
        Output.line(say(tr("■ \(name) [\(c.code)] — region \(c.region)")))
      }
      let members = c.membersByKind.values.reduce(0, +)
      Output.line(say(tr("  members     \(members): \(counts(c.membersByKind))")))
      Output.line(say(tr("  programs    \(c.programs)    students \(c.students)    teachers \(c.teachers)")))
      let agreements = c.agreementsByStatus.isEmpty ? none : counts(c.agreementsByStatus)
      Output.line(say(tr("  agreements  \(agreements)")))
      let funding = c.fundingBySource.sorted { $0.key < $1.key }
        .map { "\(Field.valueText($0.key, in: CLI.language)) \(money($0.value))" }
      let budgets = funding.isEmpty ? none : funding.joined(separator: ", ")
      Output.line(
        say(tr("  projects    \(c.projects); budgets (UZS) \(budgets); ledger transfers \(money(c.ledgerTotal))")))
      if let year = c.year, !c.needsVersusGraduates.isEmpty {
        Output.line(
          say(tr("  needs against graduates, \(year) (as `educluster gap --cluster \(c.code) --year \(year)`):")))
        let rows = c.needsVersusGraduates.map { b -> [String] in
          [
            b.specialty, specialties[b.specialty] ?? b.name, b.region, num(Double(b.demand)), num(Double(b.supply)),
            num(Double(b.gap)), say(b.status.title),
          ]
        }
        let table = table(
          header: ["specialty", "name", "region", "demand", "supply", "gap", "status"], rows: rows,
          rightAligned: [3, 4, 5])
        for line in table.split(separator: "\n") { Output.line("    " + line) }
      }
      Output.line()
    }
  }
}

struct Search: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: say(
      tr("Full-text search over regions, organizations, specialties, competencies, occupations and programs.")),
    discussion: """
      Case, diacritics and the Uzbek apostrophe letters are ignored, and each word matches as a \
      prefix: `educluster search turaqorgon` finds Turaqo‘rg‘on, `search weld` finds welding.
      """)

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: FormatOptions
  @Option(help: ArgumentHelp(say(tr("Only this kind (region, org, competency, program, …); repeatable.")))) var kind:
    [String] = []
  @Option(help: ArgumentHelp(say(tr("At most this many hits.")))) var limit: Int = 50
  @Argument(help: ArgumentHelp(say(tr("Words to look for.")))) var words: [String]

  func validate() throws {
    guard (1...10_000).contains(limit) else { throw ValidationError(say(tr("--limit is 1 to 10000"))) }
  }

  func run() throws {
    var kinds: Set<EntityKind>?
    if !kind.isEmpty {
      kinds = Set(
        try kind.map { k in
          guard let ek = EntityKind.named(k) else { throw UsageError(tr("unknown kind '\(k)'")) }
          return ek
        })
    }
    let app = try database.open()
    let hits = try app.search(words.joined(separator: " "), kinds: kinds, limit: limit)
    switch output.format {
    case .json: Output.line(try Rendering.json(hits))
    case .csv:
      Output.write(
        Rendering.csv(header: ["kind", "code", "name"], rows: hits.map { [$0.kind.rawValue, $0.code, $0.name] }))
    case .table:
      if hits.isEmpty {
        let query = words.joined(separator: " ")
        Output.line(say(tr("nothing found for '\(query)'")))
        let closest = try app.suggestions(for: query, kinds: kinds, in: CLI.language)
        if !closest.isEmpty {
          Output.line(say(tr("did you mean:")))
          for hit in closest {
            // Names from the database are shown as text, never as terminal control.
            Output.line("  \(TextRules.visible(hit.code))  \(TextRules.visible(hit.name))  (\(say(hit.kind.title)))")
          }
        }
      } else {
        Output.write(
          table(header: ["kind", "code", "name"], rows: hits.map { [$0.kind.rawValue, $0.code, $0.name] }))
      }
    }
  }
}

struct DbGroup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "db", abstract: say(tr("Database maintenance: backup, copy, check, info.")),
    subcommands: [DbBackup.self, DbCopy.self, DbCheck.self, DbInfo.self])
}

struct DbCopy: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "copy",
    abstract: say(tr("Copy a whole database into a new SQLite file or an empty PostgreSQL database.")),
    discussion: """
      SOURCE and TARGET are each a SQLite file or a postgres://USER:PASSWORD@HOST:PORT/DATABASE URL, so
      this moves a registry from a laptop's file to the ministry's server and back:

        educluster db copy educluster.sqlite postgres://educluster@db.example.uz/cluster
        educluster db copy postgres://educluster@db.example.uz/cluster snapshot.sqlite

      Everything is copied: every record and list (personal data included), the ledger on the same
      hashes, matching runs with their assignments' states, API tokens (their hashes), signed checkpoints
      and the audit trail, with one event naming the source. Afterwards `export all` of both is identical.
      The target must be new or empty; the source is only read.
      """)

  @Argument(help: ArgumentHelp(say(tr("The database to copy (a file or a postgres:// URL).")))) var source: String
  @Argument(help: ArgumentHelp(say(tr("Where to copy it: a new file, or an empty PostgreSQL database.")))) var target:
    String

  func run() throws {
    let app = try DatabaseOptions.opening(source, intent: .copy)
    let bar = ProgressBar(enabled: isatty(STDERR_FILENO) == 1)
    let report: CopyReport
    do {
      report = try app.copy(to: target, progress: { bar.show($0) })
    } catch {
      bar.clear()
      throw error
    }
    bar.clear()
    Output.line(
      "copied \(report.source) to \(report.target): \(report.records) records, \(report.matchingRuns) matching runs, \(report.tokens) tokens, \(report.checkpoints) checkpoints, \(report.auditEvents) audit events"
    )
  }
}

struct DbBackup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backup",
    abstract: say(tr("Write a consistent copy of the database (SQLite online backup), safe while others use it.")))

  @OptionGroup var database: DatabaseOptions
  @Argument(help: ArgumentHelp(say(tr("Where to write the copy (must not exist).")))) var destination: String

  func run() throws {
    let app = try database.open(intent: .copy)
    try app.backup(to: destination)
    Output.line(say(tr("backed up \(app.path) to \(destination)")))
  }
}

struct DbCheck: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: say(
      tr("Check integrity, foreign keys, the ledger chain and its append-only guards; exit 1 on any problem.")))

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: FormatOptions

  func run() throws {
    let app = try database.open()
    let report = try app.check()
    if output.format == .json {
      Output.line(try Rendering.json(report))
    } else {
      Output.line(say(tr("integrity     \(report.integrity.joined(separator: "; "))")))
      Output.line(
        "foreign keys  \(report.foreignKeyViolations.isEmpty ? "ok" : report.foreignKeyViolations.joined(separator: "; "))"
      )
      let l = report.ledger
      Output.line(
        "ledger        \(l.ok ? "ok (\(l.entries) entries)" : "broken at \(l.firstBroken ?? "?"): \(l.reason ?? "")")")
      Output.line(
        say(tr("text          \(report.text.isEmpty ? "ok" : "\(report.text.count) values break the text rule")")))
      for line in report.text.prefix(50) { Output.line("  " + TextRules.visible(line)) }
      Output.line(
        "ledger guards \(report.ledgerGuards.isEmpty ? "ok (append-only triggers in place, text reads as hashed)" : "")"
      )
      for line in report.ledgerGuards.prefix(50) { Output.line("  " + TextRules.visible(line)) }
    }
    if !report.ok { throw ExitCode(1) }
  }
}

struct DbInfo: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info", abstract: say(tr("Where the database is, its schema version and what it holds.")))

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: FormatOptions

  func run() throws {
    let app = try database.open()
    let info = try app.info()
    if output.format == .json {
      Output.line(try Rendering.json(info))
      return
    }
    Output.line(say(tr("path        \(info.path)")))
    Output.line(say(tr("size        \(info.sizeBytes) bytes")))
    if info.sqliteVersion.hasPrefix("PostgreSQL") {
      Output.line(say(tr("engine      \(info.sqliteVersion)")))
    } else {
      Output.line(say(tr("engine      SQLite \(info.sqliteVersion), journal \(info.journalMode)")))
    }
    Output.line(
      "schema      \(info.appliedMigrations.joined(separator: ", ")) (this build knows \(info.knownMigrations.count))")
    Output.line(say(tr("audit       \(info.auditEvents) events")))
    let rows = EntityKind.allCases.map { [$0.rawValue, String(info.counts[$0.rawValue] ?? 0)] }
    Output.write(table(header: ["table", "rows"], rows: rows, rightAligned: [1]))
  }
}

struct AuditGroup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit", abstract: say(tr("The audit trail: who changed what, when, through which frontend.")),
    subcommands: [AuditList.self])
}

struct AuditList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: say(tr("List audit events, newest first.")))

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: FormatOptions
  @Option(help: ArgumentHelp(say(tr("Only events about this kind.")))) var kind: String?
  @Option(help: ArgumentHelp(say(tr("Only events about this code.")))) var code: String?
  @Option(help: ArgumentHelp(say(tr("At most this many events.")))) var limit: Int = 50

  func validate() throws {
    guard (1...1_000_000).contains(limit) else { throw ValidationError(say(tr("--limit is 1 to 1000000"))) }
  }

  func run() throws {
    var ek: EntityKind?
    if let kind {
      guard let k = EntityKind.named(kind) else { throw UsageError(tr("unknown kind '\(kind)'")) }
      ek = k
    }
    let app = try database.open()
    let events = try app.audit(kind: ek, code: code, limit: limit)
    let header = ["at", "actor", "frontend", "action", "kind", "code", "detail"]
    let rows = events.map { [$0.at, $0.actor, $0.frontend, $0.action, $0.kind, $0.code, $0.detail ?? ""] }
    switch output.format {
    case .json: Output.line(try Rendering.json(events))
    case .csv: Output.write(Rendering.csv(header: header, rows: rows))
    case .table: Output.write(table(header: header, rows: rows))
    }
  }
}
