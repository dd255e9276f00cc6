import AppCore
import AppShell
import ArgumentParser
import Domain
import Localization
import Presentation

/// Names an entity kind at the type level, so one generic command group serves every kind.
protocol KindCommand { static var kind: EntityKind { get } }

enum RegionCommand: KindCommand { static let kind = EntityKind.region }
enum OrganizationCommand: KindCommand { static let kind = EntityKind.organization }
enum ClusterCommand: KindCommand { static let kind = EntityKind.cluster }
enum MembershipCommand: KindCommand { static let kind = EntityKind.membership }
enum SpecialtyCommand: KindCommand { static let kind = EntityKind.specialty }
enum CompetencyCommand: KindCommand { static let kind = EntityKind.competency }
enum OccupationCommand: KindCommand { static let kind = EntityKind.occupation }
enum ProgramCommand: KindCommand { static let kind = EntityKind.program }
enum CohortCommand: KindCommand { static let kind = EntityKind.cohort }
enum StudentCommand: KindCommand { static let kind = EntityKind.student }
enum TeacherCommand: KindCommand { static let kind = EntityKind.teacher }
enum CourseCommand: KindCommand { static let kind = EntityKind.course }
enum TrainingCommand: KindCommand { static let kind = EntityKind.training }
enum NeedCommand: KindCommand { static let kind = EntityKind.need }
enum PlacementCommand: KindCommand { static let kind = EntityKind.placement }
enum AgreementCommand: KindCommand { static let kind = EntityKind.agreement }
enum ProjectCommand: KindCommand { static let kind = EntityKind.project }
enum LedgerCommand: KindCommand { static let kind = EntityKind.ledger }
enum SwotCommand: KindCommand { static let kind = EntityKind.swot }

/// `educluster <kind> list|show|add|update|remove`.
struct EntityGroup<K: KindCommand>: ParsableCommand {
  static var configuration: CommandConfiguration {
    CommandConfiguration(
      commandName: K.kind.command,
      abstract: say(K.kind.schema.summary),
      discussion: FieldHelp.text(for: K.kind),
      subcommands: [
        ListEntities<K>.self, ShowEntity<K>.self, AddEntity<K>.self, UpdateEntity<K>.self, RemoveEntity<K>.self,
      ]
    )
  }
}

/// `educluster ledger list|add|verify` — the ledger is append-only.
struct LedgerGroup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ledger",
    abstract: say(tr("The append-only, SHA-256-chained funding ledger.")),
    discussion: """
      Every entry stores the SHA-256 of the previous entry's hash and its own canonical form. \
      Entries are never changed or removed: correct one with a new, reversing entry \
      (a negative --amount). `verify` walks the chain and names the first broken link.

      For funders: the entries' hashes are the leaves of an RFC 9162 Merkle tree. `checkpoint` \
      signs its size and root with an Ed25519 key (`key create`) as a C2SP checkpoint — a small \
      text file a funder keeps; `verify --checkpoint` shows today's ledger still starts with \
      exactly that tree; `prove` and `consistency` print the proofs anyone can check without \
      EduCluster (docs/ledger.md has a standalone verifier).

      Example: educluster ledger key create --out cluster.key --name cluster.example.uz/ledger
               educluster ledger checkpoint --key cluster.key --out 2026-11.checkpoint
               educluster ledger verify --checkpoint 2026-11.checkpoint --public-key cluster.key.pub

      """ + FieldHelp.text(for: .ledger),
    subcommands: [
      ListEntities<LedgerCommand>.self, AddEntity<LedgerCommand>.self, VerifyLedger.self, LedgerKeyGroup.self,
      LedgerCheckpointCommand.self, LedgerProve.self, LedgerConsistency.self,
    ]
  )
}

struct ListEntities<K: KindCommand>: ParsableCommand {
  static var configuration: CommandConfiguration {
    CommandConfiguration(
      commandName: "list",
      abstract: say(tr("List \(K.kind.titlePlural), optionally filtered.")),
      discussion: """
        Filter with --FIELD VALUE for any field (references by code), e.g. \
        `educluster \(K.kind.command) list \(FieldHelp.example(for: K.kind))`. \
        --cluster CODE keeps what belongs to the cluster's member organizations. \
        --sort name lists by name in the interface language's alphabetical order (Uzbek Latin: \
        … x, y, z, oʻ, gʻ, sh, ch; labels where there are any), before --offset and --limit.
        """)
  }

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: FormatOptions
  @Option(help: ArgumentHelp(say(tr("Only what belongs to this cluster.")))) var cluster: String?
  @Option(help: ArgumentHelp(say(tr("At most this many rows.")))) var limit: Int?
  @Option(help: ArgumentHelp(say(tr("Skip this many rows first.")))) var offset: Int = 0
  @Option(help: ArgumentHelp(say(tr("Order: code, or name (alphabetical in the interface language).")))) var sort:
    ListOrder = .code
  @Argument(parsing: .allUnrecognized, help: ArgumentHelp(say(tr("Filters: --FIELD VALUE …")))) var filters: [String] =
    []

  func validate() throws {
    if let limit, limit < 0 { throw ValidationError(say(tr("--limit must be 0 or more"))) }
    if offset < 0 { throw ValidationError(say(tr("--offset must be 0 or more"))) }
  }

  func run() throws {
    let filterValues = try FieldArguments.filters(filters, kind: K.kind)
    let app = try database.open()
    switch sort {
    case .code:
      let items = try app.list(K.kind, filters: filterValues, cluster: cluster, limit: limit, offset: offset)
      Render.entities(items, kind: K.kind, format: output.format)
    case .name:
      // Every match, in the language's order, then the page: an order by code would page differently.
      let all = try app.list(K.kind, filters: filterValues, cluster: cluster, limit: nil, offset: 0)
      let sorted = ListOrder.byName(all, in: CLI.language)
      let page = sorted.dropFirst(offset).prefix(limit ?? sorted.count)
      Render.entities(Array(page), kind: K.kind, format: output.format)
    }
  }
}

/// `list --sort`: by code (the store's order, the default) or by name in a language's alphabet.
enum ListOrder: String, ExpressibleByArgument, CaseIterable {
  case code, name

  /// Entities by the name people read in the language (a label, else the name; a person's or a
  /// title's field otherwise), ties by code.
  static func byName(_ items: [any Entity], in language: Language) -> [any Entity] {
    let local = LocalFormat(language)
    let keyed = items.map { e -> (String, String, any Entity) in
      let record = e.record
      let name = (e as? any Labelled)?.name(in: language) ?? record["name"].plain
      // «Olmaliq KMK» AJ sorts under O: quotes and signs before the first letter do not count.
      let shown = name.isEmpty ? record["title"].plain : name
      return (String(shown.drop { !$0.isLetter && !$0.isNumber }), record["code"].plain, e)
    }
    return keyed.sorted { a, b in
      if a.0 != b.0 { return local.precedes(a.0, b.0) || (!local.precedes(b.0, a.0) && a.1 < b.1) }
      return a.1 < b.1
    }.map(\.2)
  }
}

struct ShowEntity<K: KindCommand>: ParsableCommand {
  static var configuration: CommandConfiguration {
    CommandConfiguration(
      commandName: "show", abstract: say(tr("Show one \(K.kind.title) with all its fields and lists.")))
  }

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: FormatOptions
  @Argument(help: ArgumentHelp(say(tr("The code.")))) var code: String

  func run() throws {
    let app = try database.open()
    Render.entity(try app.show(K.kind, code: code), format: output.format)
  }
}

struct AddEntity<K: KindCommand>: ParsableCommand {
  static var configuration: CommandConfiguration {
    CommandConfiguration(
      commandName: "add",
      abstract: say(tr("Add \(K.kind.indefinite).")),
      discussion: "Example: educluster \(K.kind.command) add \(FieldHelp.addExample(for: K.kind))\n\n"
        + FieldHelp.text(for: K.kind))
  }

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: FormatOptions
  @Argument(parsing: .allUnrecognized, help: ArgumentHelp(say(tr("Fields: --FIELD VALUE … (see below)")))) var fields:
    [String] = []

  func run() throws {
    let record = try FieldArguments.record(fields, kind: K.kind)
    let app = try database.open(intent: .write)
    let entity = try app.add(record)
    if output.format == .table {
      Output.line(say(tr("added \(K.kind.title) \(entity.code)")))
    } else {
      Render.entity(entity, format: output.format)
    }
  }
}

struct UpdateEntity<K: KindCommand>: ParsableCommand {
  static var configuration: CommandConfiguration {
    CommandConfiguration(
      commandName: "update",
      abstract: say(tr("Change fields of \(K.kind.indefinite); what you do not name stays.")),
      discussion:
        "A list option (e.g. --outcome) replaces the whole list; give an empty value (--outcome '') to clear it.\n\n"
        + FieldHelp.text(for: K.kind))
  }

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: FormatOptions
  @Argument(help: ArgumentHelp(say(tr("The code of the record to change.")))) var code: String
  @Argument(parsing: .allUnrecognized, help: ArgumentHelp(say(tr("Fields: --FIELD VALUE …")))) var fields: [String] = []

  func run() throws {
    let changes = try FieldArguments.record(fields, kind: K.kind, partial: true)
    if changes.values.isEmpty && changes.children.isEmpty {
      throw UsageError(tr("name at least one field to change, e.g. --name \"New name\""))
    }
    let app = try database.open(intent: .write)
    let (entity, changed) = try app.update(K.kind, code: code, changes: changes)
    if output.format == .table {
      Output.line(
        changed ? "updated \(K.kind.displayName) \(entity.code)" : "\(K.kind.displayName) \(entity.code) unchanged")
    } else {
      Render.entity(entity, format: output.format)
    }
  }
}

struct RemoveEntity<K: KindCommand>: ParsableCommand {
  static var configuration: CommandConfiguration {
    CommandConfiguration(
      commandName: "remove",
      abstract: say(tr("Remove \(K.kind.indefinite) (refused while other records refer to it).")))
  }

  @OptionGroup var database: DatabaseOptions
  @Argument(help: ArgumentHelp(say(tr("The code.")))) var code: String

  func run() throws {
    let app = try database.open(intent: .write)
    try app.remove(K.kind, code: code)
    Output.line(say(tr("removed \(K.kind.title) \(code)")))
  }
}
