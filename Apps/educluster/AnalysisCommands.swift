import Analytics
import AppCore
import AppShell
import ArgumentParser
import Domain
import Foundation
import Localization
import Presentation

/// Numbers as people read them: whole numbers plain, the rest with one decimal.
/// A number for people, to one decimal, as the interface language writes it (`1 234,5`).
func num(_ x: Double) -> String {
  guard x.isFinite else { return "" }
  let r = (x * 10).rounded() / 10
  if CLI.language != .en {
    return LocalFormat(CLI.language).decimal(r, fraction: r == r.rounded() ? 0 : 1)
  }
  return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : String(r)
}

/// A share as a whole percentage, as the interface language writes it.
func percent(_ x: Double) -> String {
  CLI.language == .en ? Formats.percent(x) : LocalFormat(CLI.language).percent(x, fraction: 0)
}

/// Words of the interface language.
func say(_ phrase: Phrase) -> String { phrase.text(in: CLI.language) }

/// A table for people: its headers in the interface language (CSV keeps the English names).
func table(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
  Rendering.table(header: header.map { say(Headings.phrase($0)) }, rows: rows, rightAligned: rightAligned)
}

/// The words of the CLI's table headers; a field's name has its field title.
enum Headings {
  static func phrase(_ name: String) -> Phrase {
    switch name {
    case "target": tr("target")
    case "employer": tr("employer")
    case "people": tr("people")
    case "fit": tr("fit")
    case "missing": tr("missing")
    case "part": tr("part")
    case "detail": tr("detail")
    case "lower": tr("lower")
    case "higher": tr("higher")
    case "coverage": tr("coverage")
    case "rank": tr("rank")
    case "partner": tr("partner")
    case "where": tr("where")
    case "score": tr("score")
    case "best pairs": tr("best pairs")
    case "qualified": tr("qualified")
    case "due": tr("due")
    case "gaps": tr("gaps")
    case "courses": tr("courses")
    case "still open": tr("still open")
    case "series": tr("series")
    case "history": tr("history")
    case "slope/yr": tr("slope/yr")
    case "forecast (80 % interval)": tr("forecast (80 % interval)")
    case "entity": tr("entity")
    case "index": tr("index")
    case "band": tr("band")
    case "codes": tr("codes")
    case "finding": tr("finding")
    case "needs": tr("needs")
    case "max_level": tr("max level")
    case "table": tr("table")
    case "rows": tr("rows")
    case "placement": tr("placement")
    case "free": tr("free")
    case "why": tr("why")
    case "choice": tr("choice")
    case "state": tr("state")
    case "students": tr("students")
    case "matched": tr("matched")
    case "run": tr("run")
    case "created": tr("created")
    case "author": tr("author")
    case "options": tr("options")
    case "demand": tr("demand")
    case "supply": tr("supply")
    case "gap": tr("gap")
    default: Field.title(of: name)
    }
  }
}

/// A number for machine formats (CSV): plain digits, a dot, up to four decimals, no unit.
func plain(_ x: Double) -> String {
  guard x.isFinite else { return "" }
  let r = (x * 10_000).rounded() / 10_000
  return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : String(r)
}

/// `--by`: only the levels a gap analysis groups by (`GapOptions.groupings`).
extension RegionLevel: ExpressibleByArgument {
  public init?(argument: String) {
    guard let level = RegionLevel(rawValue: argument), GapOptions.groupings.contains(level) else { return nil }
    self = level
  }

  public static var allValueStrings: [String] { GapOptions.groupings.map(\.rawValue) }
}

extension Day: ExpressibleByArgument {
  public init?(argument: String) { self.init(iso: argument) }
}

/// Checks an analysis request for `validate()`: a refusal is a usage error (exit 2) naming the
/// option as the CLI spells it.
func validating(_ check: () throws(AppError) -> Void) throws {
  do { try check() } catch {
    var message = error.message
    if let field = error.fields.first, message.key.hasPrefix("%@ "), message.arguments.first == .text(field) {
      message = message.replacingArgument(0, with: "--" + field.replacing("_", with: "-"))
    }
    throw ValidationError(message.text(in: CLI.language))
  }
}

extension ArgumentHelp {
  /// The help of an analysis setting, as AppCore declares it.
  init<Value>(_ setting: Setting<Value>) { self.init(say(setting.help)) }
}

/// Options shared by the analyses that can be limited to a cluster.
struct ClusterOption: ParsableArguments {
  @Option(help: ArgumentHelp(say(tr("Only this cluster's member organizations.")))) var cluster: String?
}

/// What an analysis prints: a table, JSON, CSV, or an Excel workbook written to --out.
enum AnalysisFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json, csv, xlsx
}

struct AnalysisOutput: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp(say(tr("Output format: table, json, csv or xlsx (with --out).")))) var format:
    AnalysisFormat = .table
  @Option(name: .long, help: ArgumentHelp(say(tr("The workbook to write, for --format xlsx.")))) var out: String?

  func validate() throws {
    if format == .xlsx && out == nil { throw ValidationError(say(tr("--format xlsx needs --out FILE.xlsx"))) }
    if format != .xlsx && out != nil {
      throw ValidationError(say(tr("--out is for --format xlsx; send other formats to a file with >")))
    }
  }

  /// Writes the CSV's table as a workbook of one sheet, named after the file.
  func workbook(header: [String], rows: [[String]]) throws {
    guard let out else { return }
    let sheet = ((out as NSString).lastPathComponent as NSString).deletingPathExtension
    try EduCluster.writeTable(sheet: sheet, header: header, rows: rows, to: out)
    Output.line(say(tr("wrote \(out): \(rows.count) rows")))
  }
}

enum Print {
  static func out(
    _ output: AnalysisOutput, json: () throws -> String, csv: () -> (header: [String], rows: [[String]]),
    table: () -> Void
  )
    throws
  {
    switch output.format {
    case .json: Output.line(try json())
    case .csv:
      let (h, r) = csv()
      Output.write(Rendering.csv(header: h, rows: r))
    case .xlsx:
      let (h, r) = csv()
      try output.workbook(header: h, rows: r)
    case .table: table()
    }
  }
}

struct Gap: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: say(tr("Supply of graduates against employers' demand, per specialty × region × year.")),
    discussion: """
      Supply is the graduates recorded for the year; else the cohort's enrolment × the \
      completion rate; else, for years from --on's year on, the program's annual intake × the \
      completion rate (projected); a past year with nothing recorded is "no data", not 0. \
      Each row says what its supply rests on (basis). The completion rate is each program's own \
      recorded rate where it has history, else --completion-rate. Demand is the sum of \
      personnel needs. Gap = demand − supply: a shortage \
      when the gap is over --shortage of demand, a surplus when supply exceeds demand by over \
      --surplus. Each shortage gets a recommendation: expand intake where programs of the \
      specialty exist in the region, else open the specialty at the institutions whose programs \
      fit the demand best and could offer the specialty's level, nearest first. --region takes \
      in the region's districts; districts roll up to their region (--by district keeps them \
      apart).

      Example: educluster gap --region UZ-AN --year 2027 --on 2026-11-29
      """)

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: AnalysisOutput
  @OptionGroup var scope: ClusterOption
  @Option(help: ArgumentHelp(say(tr("Only this region, with its districts.")))) var region: String?
  @Option(help: ArgumentHelp(say(tr("Only this specialty.")))) var specialty: String?
  @Option(help: ArgumentHelp(say(tr("Only this year.")))) var year: Int?
  @Option(name: .customLong("from-year"), help: ArgumentHelp(say(tr("First year.")))) var fromYear: Int?
  @Option(name: .customLong("to-year"), help: ArgumentHelp(say(tr("Last year.")))) var toYear: Int?
  @Option(name: .customLong("completion-rate"), help: .init(GapRequest.completionRate))
  var completionRate = GapRequest.completionRate.defaultValue
  @Option(
    help: ArgumentHelp(say(tr("The run's day (YYYY-MM-DD; default today): earlier years without cohorts are no data.")))
  ) var on: Day?
  @Option(help: .init(GapRequest.shortage)) var shortage = GapRequest.shortage.defaultValue
  @Option(help: .init(GapRequest.surplus)) var surplus = GapRequest.surplus.defaultValue
  @Option(help: ArgumentHelp(say(tr("How rows are grouped.")))) var by = GapOptions().regionLevel
  @Flag(name: .customLong("only-gaps"), help: ArgumentHelp(say(tr("Hide balanced rows.")))) var onlyGaps = false

  var request: GapRequest {
    var request = GapRequest(cluster: scope.cluster, on: on)
    request.options.completionRate = completionRate
    request.options.shortageThreshold = shortage
    request.options.surplusThreshold = surplus
    request.options.regionLevel = by
    request.options.region = region
    request.options.specialty = specialty
    request.options.fromYear = year ?? fromYear
    request.options.toYear = year ?? toYear
    request.options.onlyGaps = onlyGaps
    return request
  }

  func validate() throws {
    try validating { () throws(AppError) in
      try AnalysisYears.check(year)
      try request.validate()
    }
  }

  func run() throws {
    let app = try database.open()
    let result = try app.gap(request)
    let marks: [SupplyBasis: String] = [.enrolled: "*", .projected_from_intake: "†", .no_data: "?"]
    let header = [
      tr("specialty"), tr("name"), tr("region"), tr("year"), tr("supply"), tr("demand"), tr("gap"), tr("status"),
      tr("basis"), tr("programs"),
    ].map(say)
    let names = output.format == .table ? try app.names(of: .specialty, in: CLI.language) : [:]
    // The words of a status and a basis, once each (a national table has tens of thousands of rows).
    let statusWords = Dictionary(uniqueKeysWithValues: GapStatus.allCases.map { ($0, say($0.title)) })
    let basisWords = Dictionary(uniqueKeysWithValues: SupplyBasis.allCases.map { ($0, say($0.title)) })
    // The programs of a row as far as the table shows them: a national row can list hundreds,
    // and a cell wider than a column is cut to the same first columns however long it is.
    let shown = TextTable.defaultMaxColumnWidth
    func programs(_ r: GapRow) -> String {
      var cell = ""
      for c in r.contributions {
        if !cell.isEmpty { cell += "; " }
        cell += "\(c.program) \(c.source == .no_data ? "?" : num(c.graduates))\(marks[c.source] ?? "")"
        if r.demand > 0 && c.source != .no_data { cell += " (\(percent(c.shareOfDemand)))" }
        // A cell of at most `shown` bytes is no wider than that: no need to measure it.
        if cell.utf8.count > shown, DisplayWidth.of(cell, upTo: shown) > shown { break }
      }
      return cell
    }
    func rows() -> [[String]] {
      result.rows.map { r in
        [
          r.specialty, names[r.specialty] ?? r.specialtyName, r.region, String(r.year),
          r.status == .no_data ? "?" : num(r.supply), num(Double(r.demand)), r.status == .no_data ? "?" : num(r.gap),
          statusWords[r.status] ?? r.status.rawValue,
          r.basis.map { basisWords[$0] ?? $0.rawValue }.joined(separator: " + "),
          programs(r),
        ]
      }
    }
    let csvHeader = [
      "specialty", "name", "region", "year", "supply", "demand", "gap", "status", "basis", "programs",
    ]
    func csvRows() -> [[String]] {
      result.rows.map { r in
        [
          r.specialty, r.specialtyName, r.region, String(r.year), r.status == .no_data ? "" : plain(r.supply),
          String(r.demand), r.status == .no_data ? "" : plain(r.gap), r.status.rawValue,
          r.basis.map(\.rawValue).joined(separator: "+"),
          r.contributions.map { "\($0.program)=\($0.source == .no_data ? "" : plain($0.graduates))" }.joined(
            separator: " "),
        ]
      }
    }
    try Print.out(output, json: { try Rendering.json(result) }, csv: { (csvHeader, csvRows()) }) {
      if result.rows.isEmpty {
        Output.line(say(tr("no supply or demand recorded for these filters")))
        return
      }
      Output.write(table(header: header, rows: rows(), rightAligned: [3, 4, 5, 6]))
      Output.line(
        say(
          tr(
            "* expected from enrolment × completion rate; † projected from annual intake × completion rate; ? no data; (%) share of demand"
          )))
      if !result.recommendations.isEmpty {
        Output.line()
        Output.line(say(tr("Recommendations:")))
        for r in result.recommendations {
          // The specialty's name (the phrase's first value) in the interface language.
          let phrase = names[r.specialty].map { r.phrase.replacingArgument(0, with: $0) } ?? r.phrase
          Output.line("- " + say(phrase))
        }
      }
      if result.needsWithoutSpecialty > 0 {
        Output.line(
          say(tr("(\(result.needsWithoutSpecialty) needs name an occupation only and are not in the balance)")))
      }
    }
  }
}

struct Align: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: say(tr("Fit of programs to personnel needs and placements, and the curriculum update list.")),
    discussion: """
      Fit = Σ w·min(1, level/required) ÷ Σ w, essential competencies weighing 2. Programs are \
      compared with needs and placements of the same specialty or region. --view list (best \
      fits first), matrix (programs × needs/placements), curriculum (the competencies most \
      often missing, weighted by the people demanded — for the whole set and per program).
      """)

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: AnalysisOutput
  @OptionGroup var scope: ClusterOption
  @Option(help: ArgumentHelp(say(tr("Only needs of this year.")))) var year: Int?
  /// What `align` shows of the analysis.
  enum View: String, CaseIterable, ExpressibleByArgument { case list, matrix, curriculum }
  @Option(help: ArgumentHelp(say(tr("What to show.")))) var view = View.list
  @Option(help: ArgumentHelp(say(tr("At most this many rows (list, curriculum).")))) var limit: Int = 30
  @Flag(
    name: .customLong("by-region"),
    help: ArgumentHelp(say(tr("Also compare programs with needs of the same region (on by default with --cluster)."))))
  var byRegion = false

  /// The analysis keeps at least its default number of pairs, so the curriculum counts are
  /// the same whatever is shown.
  var request: AlignRequest {
    AlignRequest(
      cluster: scope.cluster, year: year, byRegion: byRegion ? true : nil,
      limit: max(limit, AlignRequest.limit.defaultValue))
  }

  func validate() throws {
    try validating { () throws(AppError) in
      try AlignRequest.limit.check(limit)
      try request.validate()
    }
  }

  func run() throws {
    let app = try database.open()
    let result = try app.align(request)
    switch view {
    case .matrix:
      if result.matrix.programs.isEmpty {
        throw AppError(
          .invalid, tr("the matrix is too large to show (over 250,000 cells): narrow it with --cluster or --year"))
      }
      let header = ["program"] + result.matrix.targets
      lazy var rows = zip(result.matrix.programs, result.matrix.fit).map { p, fits in
        [p] + fits.map { $0.map(percent) ?? "" }
      }
      lazy var csvRows = zip(result.matrix.programs, result.matrix.fit).map { p, fits in
        [p] + fits.map { $0.map(plain) ?? "" }
      }
      try Print.out(output, json: { try Rendering.json(result.matrix) }, csv: { (header, csvRows) }) {
        Output.write(table(header: header, rows: rows))
      }
    case .curriculum:
      let header = ["program", "competency", "name", "people", "needs", "max_level"]
      var rows = result.clusterUpdates.prefix(limit).map {
        ["(all)", $0.competency, $0.name, String($0.people), String($0.needs), String($0.maxLevel)]
      }
      for p in result.programUpdates {
        rows += p.items.prefix(5).map {
          [p.program, $0.competency, $0.name, String($0.people), String($0.needs), String($0.maxLevel)]
        }
      }
      try Print.out(
        output,
        json: {
          try Rendering.json(["cluster": result.clusterUpdates]) + "\n" + (try Rendering.json(result.programUpdates))
        },
        csv: { (header, rows) }
      ) {
        Output.line(say(tr("Curriculum update list: competencies missing for the people demanded")))
        Output.write(table(header: header, rows: rows, rightAligned: [3, 4, 5]))
      }
    case .list:
      let header = ["program", "target", "kind", "employer", "people", "fit", "missing"]
      lazy var rows = result.pairs.prefix(limit).map { p in
        [
          p.program, p.target, p.targetKind, p.employer, String(p.people), percent(p.fit.score),
          p.fit.gaps.prefix(4).map { "\($0.competency) \($0.held)→\($0.required)" }.joined(separator: ", "),
        ]
      }
      lazy var csvRows = result.pairs.prefix(limit).map { p in
        [
          p.program, p.target, p.targetKind, p.employer, String(p.people), plain(p.fit.score),
          p.fit.gaps.map { "\($0.competency):\($0.held):\($0.required)" }.joined(separator: " "),
        ]
      }
      try Print.out(output, json: { try Rendering.json(result.pairs) }, csv: { (header, csvRows) }) {
        Output.write(table(header: header, rows: rows, rightAligned: [4, 5]))
        if result.pairs.count > limit { Output.line(say(tr("(more pairs: --limit N)"))) }
      }
    }
  }
}

struct ContinuityCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "continuity",
    abstract: say(tr("Does a lower program lead into a higher one? Or, for a cluster, the pathway graph.")),
    discussion: """
      `continuity LOWER HIGHER`: coverage of HIGHER's entry requirements by LOWER's outcomes, \
      the outcomes LOWER already teaches at HIGHER's level (credit recognition, with hours) and \
      the gaps (bridging modules). `continuity --cluster C` (or no argument): every onward path \
      vocational → bachelor → master → in-service, and the programs that lead nowhere; --dot \
      prints Graphviz DOT.
      """)

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: AnalysisOutput
  @OptionGroup var scope: ClusterOption
  @Flag(help: ArgumentHelp(say(tr("Print the pathway graph as Graphviz DOT.")))) var dot = false
  @Option(name: .customLong("min-coverage"), help: .init(PathwaysRequest.minimumCoverage))
  var minCoverage = PathwaysRequest.minimumCoverage.defaultValue
  @Argument(help: ArgumentHelp(say(tr("LOWER HIGHER program codes.")))) var programs: [String] = []

  func validate() throws {
    guard programs.isEmpty || programs.count == 2 else {
      throw ValidationError(say(tr("give two program codes: LOWER HIGHER")))
    }
    try validating { () throws(AppError) in try request.validate() }
  }

  var request: PathwaysRequest { PathwaysRequest(cluster: scope.cluster, minimumCoverage: minCoverage) }

  func run() throws {
    let app = try database.open()
    if programs.count == 2 {
      let r = try app.continuity(lower: programs[0], higher: programs[1])
      let header = ["part", "competency", "level", "detail"]
      var rows = r.overlaps.map { ["recognize", $0.competency, String($0.level), "\($0.hours) h"] }
      rows += r.bridging.map { ["bridge", $0.competency, String($0.required), "held \($0.held)"] }
      try Print.out(output, json: { try Rendering.json(r) }, csv: { (header, rows) }) {
        Output.line(say(tr("\(r.lower) → \(r.higher): entry requirements covered \(percent(r.coverage.score))")))
        Output.line(
          "credit recognition: \(r.overlaps.count) outcomes, \(r.recognizableHours) hours; bridging: \(r.bridging.count) competencies"
        )
        if !rows.isEmpty { Output.write(table(header: header, rows: rows, rightAligned: [2])) }
      }
      return
    }
    let graph = try app.pathways(request)
    if dot {
      Output.write(graph.dot)
      return
    }
    let header = ["lower", "higher", "coverage"]
    lazy var rows = graph.edges.map { [$0.lower, $0.higher, percent($0.coverage)] }
    lazy var csvRows = graph.edges.map { [$0.lower, $0.higher, plain($0.coverage)] }
    try Print.out(output, json: { try Rendering.json(graph) }, csv: { (header, csvRows) }) {
      Output.line(say(tr("Pathways (\(graph.edges.count) onward paths among \(graph.programs.count) programs):")))
      Output.write(table(header: header, rows: rows, rightAligned: [2]))
      Output.line(
        say(tr("Leading nowhere: \(graph.deadEnds.isEmpty ? "none" : graph.deadEnds.joined(separator: ", "))")))
    }
  }
}

struct Recommend: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: say(tr("Partners to approach: enterprises for an institution, institutions for an enterprise.")),
    discussion: """
      Needs of one year count: --year, else the first year from --on's year on that has needs, \
      else the latest. Partners in the same district come first, then the same region, then \
      the rest; within each, by Σ (best fit of the institution's programs to each need × people \
      needed). Pairs with an agreement active on --on are left out.
      """)

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: AnalysisOutput
  @Option(help: ArgumentHelp(say(tr("Only needs of this year.")))) var year: Int?
  @Option(help: ArgumentHelp(say(tr("The day agreements must be active on (YYYY-MM-DD; default today).")))) var on: Day?
  @Option(help: .init(RecommendRequest.limit)) var limit = RecommendRequest.limit.defaultValue
  @Argument(help: ArgumentHelp(say(tr("An institution's or an enterprise's code.")))) var organization: String

  var request: RecommendRequest { RecommendRequest(for: organization, year: year, on: on, limit: limit) }

  func validate() throws { try validating { () throws(AppError) in try request.validate() } }

  func run() throws {
    let app = try database.open()
    let list = try app.recommend(request)
    let near = ["same district", "same region", "elsewhere"]
    let header = ["rank", "partner", "name", "where", "year", "score", "people", "fit", "best pairs"]
    lazy var rows = list.enumerated().map { i, s in
      [
        String(i + 1), s.partner, s.name, near[min(2, s.nearness)], String(s.year), num((s.score * 10).rounded() / 10),
        String(s.people), percent(s.fit),
        s.pairs.prefix(3).map { "\($0.need)←\($0.program) \(percent($0.fit))" }.joined(separator: "; "),
      ]
    }
    let csvHeader = ["rank", "partner", "name", "nearness", "year", "score", "people", "fit", "pairs"]
    lazy var csvRows = list.enumerated().map { i, s in
      [
        String(i + 1), s.partner, s.name, String(s.nearness), String(s.year), plain(s.score), String(s.people),
        plain(s.fit), s.pairs.map { "\($0.need):\($0.program):\(plain($0.fit))" }.joined(separator: " "),
      ]
    }
    try Print.out(output, json: { try Rendering.json(list) }, csv: { (csvHeader, csvRows) }) {
      if rows.isEmpty {
        Output.line(say(tr("no partners to suggest (no needs, no programs, or agreements with all)")))
      } else {
        Output.line(say(tr("Needs of \(list.first.map { String($0.year) } ?? "") counted; nearest partners first.")))
        Output.write(table(header: header, rows: rows, rightAligned: [0, 3, 4, 5]))
      }
    }
  }
}

struct PD: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pd",
    abstract: say(tr("Teacher professional development: who is due, their gaps, which courses close them.")),
    discussion: """
      Due: qualified more than --years ago (or never), or due within --horizon-days. The \
      qualification date is the later of the recorded one and the latest training that counts \
      (passed, or attended where the course is formal); a counted course also raises the \
      competencies it teaches (shown as derived). Gaps are measured against the outcomes of \
      the programs each teacher teaches that belong to the teacher's specialty (all of them \
      when no specialty is recorded). Courses are assigned most overdue first, only courses \
      starting between --on and the horizon (or undated) and not ended, within capacities.
      """)

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: AnalysisOutput
  @OptionGroup var scope: ClusterOption
  @Option(help: ArgumentHelp(say(tr("The day to judge by (YYYY-MM-DD; default today).")))) var on: Day?
  @Option(help: .init(PDRequest.years)) var years = PDRequest.years.defaultValue
  @Option(name: .customLong("horizon-days"), help: .init(PDRequest.horizonDays))
  var horizonDays = PDRequest.horizonDays.defaultValue

  var request: PDRequest {
    var request = PDRequest(cluster: scope.cluster, on: on)
    request.options.years = years
    request.options.horizonDays = horizonDays
    return request
  }

  func validate() throws { try validating { () throws(AppError) in try request.validate() } }

  func run() throws {
    let app = try database.open()
    let result = try app.pd(request)
    let header = ["teacher", "organization", "qualified", "due", "status", "gaps", "courses", "still open"]
    lazy var rows = result.plans.map { p in
      [
        p.teacher, p.organization, (p.qualifiedOn?.description ?? "never") + (p.qualifiedBy == nil ? "" : " (trained)"),
        p.dueOn?.description ?? "now", p.status.replacing("_", with: " "),
        p.gaps.map { "\($0.competency) \($0.held)→\($0.required)" }.joined(separator: ", "),
        p.courses.joined(separator: ", "), p.remaining.joined(separator: ", "),
      ]
    }
    let csvHeader = [
      "teacher", "organization", "last_qualified_on", "qualified_on", "qualified_by", "due_on", "status",
      "measured_against", "gaps", "courses", "remaining",
    ]
    lazy var csvRows = result.plans.map { p in
      [
        p.teacher, p.organization, p.lastQualifiedOn?.description ?? "", p.qualifiedOn?.description ?? "",
        p.qualifiedBy ?? "", p.dueOn?.description ?? "", p.status, p.measuredAgainst,
        p.gaps.map { "\($0.competency):\($0.held):\($0.required)" }.joined(separator: " "),
        p.courses.joined(separator: " "), p.remaining.joined(separator: " "),
      ]
    }
    try Print.out(output, json: { try Rendering.json(result) }, csv: { (csvHeader, csvRows) }) {
      Output.line(
        "Teachers due for qualification on \(result.day) (every \(years) years, horizon \(horizonDays) days): \(rows.count)"
      )
      if !rows.isEmpty { Output.write(table(header: header, rows: rows)) }
      let seats = result.seats.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
      if !seats.isEmpty { Output.line("Seats assigned: " + seats.joined(separator: ", ")) }
    }
  }
}

struct ForecastCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "forecast",
    abstract: say(tr("Linear trend of personnel need and supply per specialty and region, with an 80 % interval.")))

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: AnalysisOutput
  @OptionGroup var scope: ClusterOption
  @Option(help: ArgumentHelp(say(tr("Only this specialty.")))) var specialty: String?
  @Option(help: ArgumentHelp(say(tr("Only this region, with its districts.")))) var region: String?
  @Option(help: .init(ForecastRequest.horizon)) var horizon = ForecastRequest.horizon.defaultValue
  @Option(help: ArgumentHelp(say(tr("The run's day (YYYY-MM-DD; default today): projections start in its year."))))
  var on: Day?

  var request: ForecastRequest {
    ForecastRequest(cluster: scope.cluster, specialty: specialty, region: region, horizon: horizon, on: on)
  }

  func validate() throws { try validating { () throws(AppError) in try request.validate() } }

  func run() throws {
    let app = try database.open()
    let result = try app.forecast(request)
    let header = ["series", "history", "slope/yr", "forecast (80 % interval)"]
    lazy var rows = result.map { f in
      [
        f.series, f.history.map { "\($0.year):\(num($0.value))" }.joined(separator: " "),
        f.slope.map { num(($0 * 10).rounded() / 10) } ?? "",
        f.note.map(say)
          ?? f.forecast.map {
            "\($0.year): \(num($0.value.rounded())) [\(num($0.low.rounded()))–\(num($0.high.rounded()))]"
          }
          .joined(separator: "; "),
      ]
    }
    // CSV: one row per projected year (or one row with the note), numbers plain.
    let csvHeader = ["series", "history_years", "last_year", "slope_per_year", "year", "value", "low", "high", "note"]
    lazy var csvRows = result.flatMap { f -> [[String]] in
      let common = [
        f.series, String(f.history.count), f.history.last.map { String($0.year) } ?? "", f.slope.map(plain) ?? "",
      ]
      if f.forecast.isEmpty { return [common + ["", "", "", "", f.note?.description ?? ""]] }
      return f.forecast.map { common + [String($0.year), plain($0.value), plain($0.low), plain($0.high), ""] }
    }
    try Print.out(output, json: { try Rendering.json(result) }, csv: { (csvHeader, csvRows) }) {
      if rows.isEmpty {
        Output.line(say(tr("no series for these filters")))
      } else {
        Output.write(table(header: header, rows: rows))
      }
    }
  }
}

struct IndicatorsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "indicators",
    abstract: say(tr("Cluster (or institution) indicators for a year.")),
    discussion: IndicatorCatalog.definitions.map { "\($0.key): \(say($0.meaning))" }.joined(separator: "\n"))

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: AnalysisOutput
  @OptionGroup var scope: ClusterOption
  @Option(help: ArgumentHelp(say(tr("The year (default: the latest with graduates).")))) var year: Int?
  @Flag(help: ArgumentHelp(say(tr("Per educational institution instead of per cluster.")))) var institutions = false

  func run() throws {
    let app = try database.open()
    let sets = try app.indicators(IndicatorRequest(year: year, institutions: institutions, cluster: scope.cluster))
    let keys = IndicatorCatalog.definitions.map(\.key)
    let header = ["entity", "year"] + keys
    lazy var rows = sets.map { s in
      [s.entity, String(s.year)]
        + keys.map { k in
          guard let v = s.values[k] ?? nil else { return "—" }
          return ["active_agreements", "funding", "innovation_outputs"].contains(k)
            ? num(k == "funding" ? v / 100 : v) : percent(v)
        }
    }
    lazy var csvRows = sets.map { s in
      [s.entity, String(s.year)] + keys.map { k in (s.values[k] ?? nil).map(plain) ?? "" }
    }
    try Print.out(output, json: { try Rendering.json(sets) }, csv: { (header, csvRows) }) {
      Output.write(table(header: header, rows: rows, rightAligned: Set(2..<header.count)))
      Output.line(say(tr("(funding in major units; — = no data)")))
    }
  }
}

struct RankCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rank",
    abstract: say(tr("Composite index, ranks and green / yellow / red bands of clusters or institutions.")),
    discussion: """
      Entities with data for fewer than two thirds of the indicators are not ranked (band "no \
      data", with their coverage shown). For the rest, each indicator is normalised (min–max \
      across the entities ranked), weighted (--weight key=value, default 1 each) and averaged \
      over the indicators with data. Bands: green ≥ 2/3, yellow ≥ 1/3, red below.
      """)

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: AnalysisOutput
  @OptionGroup var scope: ClusterOption
  @Option(help: ArgumentHelp(say(tr("The year (default: the latest with graduates).")))) var year: Int?
  @Flag(help: ArgumentHelp(say(tr("Rank educational institutions instead of clusters.")))) var institutions = false
  @Option(help: ArgumentHelp(say(tr("An indicator's weight, as key=value; repeatable.")))) var weight: [String] = []

  func run() throws {
    guard let weights = IndicatorRequest.weights(weight) else {
      throw UsageError(tr("--weight takes key=value with a number 0 or more, e.g. --weight graduate_employment=2"))
    }
    let app = try database.open()
    let ranked = try app.rank(
      IndicatorRequest(year: year, institutions: institutions, cluster: scope.cluster, weights: weights))
    let header = ["rank", "entity", "name", "index", "band", "coverage"]
    lazy var rows = ranked.map {
      [
        $0.rank.map(String.init) ?? "—", $0.entity, $0.name, $0.composite.map(format3) ?? "no data",
        $0.band.words, percent($0.coverage),
      ]
    }
    lazy var csvRows = ranked.map {
      [
        $0.rank.map(String.init) ?? "", $0.entity, $0.name, $0.composite.map(plain) ?? "", $0.band.rawValue,
        plain($0.coverage),
      ]
    }
    try Print.out(output, json: { try Rendering.json(ranked) }, csv: { (header, csvRows) }) {
      Output.write(table(header: header, rows: rows, rightAligned: [0, 3, 5]))
      if ranked.contains(where: { $0.rank == nil }) {
        Output.line(say(tr("(not ranked: data for under two thirds of the indicators)")))
      }
    }
  }

  func format3(_ x: Double) -> String { String((x * 1000).rounded() / 1000) }
}

struct QualityCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quality",
    abstract: say(tr("Data quality: likely duplicates, outliers, dangling or expired records.")))

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: AnalysisOutput
  @Option(help: ArgumentHelp(say(tr("The day to judge expiry by (default today).")))) var on: Day?

  func run() throws {
    let app = try database.open()
    let findings = try app.quality(QualityRequest(on: on))
    let header = ["category", "kind", "codes", "finding"]
    lazy var csvRows = findings.map { [$0.category, $0.kind, $0.codes.joined(separator: " "), $0.message.description] }
    try Print.out(output, json: { try Rendering.json(findings) }, csv: { (header, csvRows) }) {
      if findings.isEmpty {
        Output.line(say(tr("no findings")))
      } else {
        let rows = findings.map {
          [
            say(QualityWords.category($0.category)), EntityKind.named($0.kind).map { say($0.title) } ?? $0.kind,
            $0.codes.joined(separator: " "), say($0.message),
          ]
        }
        Output.write(table(header: header, rows: rows))
        let counts = Dictionary(grouping: findings, by: \.category)
          .map { say(tr("\($0.value.count) \(QualityWords.category($0.key))")) }.sorted()
        Output.line(counts.joined(separator: ", "))
      }
    }
  }
}

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: say(
      tr("The story of one cluster and year: every analysis, as text, JSON, or a self-contained HTML file.")),
    discussion: """
      HTML (--format html --out FILE) has SVG charts — supply against demand by specialty, the \
      matching's rank distribution, indicator trends over five years — and no external files, \
      so it can be sent as it is. The matching in the report is computed for the cluster and \
      not saved. The HTML prints cleanly (File → Print, or chromium --print-to-pdf): a section \
      a page, tables that keep their header, charts told apart in grey.

      --organization CODE instead gives one institution's page: its programs, their cohorts, \
      the supply and demand of its specialties in its region, its teachers due for \
      qualification and its agreements.
      """)

  enum Format: String, ExpressibleByArgument { case text, html, json }

  @OptionGroup var database: DatabaseOptions
  @Option(help: ArgumentHelp(say(tr("The cluster.")))) var cluster: String?
  @Option(help: ArgumentHelp(say(tr("One organization's page instead of a cluster's.")))) var organization: String?
  @Option(help: ArgumentHelp(say(tr("The year (default: the latest with graduates).")))) var year: Int?
  @Option(help: ArgumentHelp(say(tr("The day to judge due dates by (default today).")))) var on: Day?
  @Option(help: ArgumentHelp(say(tr("text, html or json.")))) var format: Format = .text
  @Option(help: ArgumentHelp(say(tr("Write to this file instead of standard output.")))) var out: String?

  func validate() throws {
    try validating { () throws(AppError) in try AnalysisYears.check(year) }
    if (cluster == nil) == (organization == nil) {
      throw ValidationError(say(tr("give --cluster CODE or --organization CODE (one of them)")))
    }
  }

  func run() throws {
    let app = try database.open()
    let content: String
    if let organization {
      let report = try app.organizationReport(code: organization, year: year, on: on)
      switch format {
      case .text: content = OrganizationPage(report, language: CLI.language).text
      case .html: content = OrganizationPage(report, language: CLI.language).html(try PageTemplates())
      case .json: content = try Rendering.json(report) + "\n"
      }
      try write(content)
      return
    }
    let report = try app.report(cluster: cluster ?? "", year: year, on: on)
    switch format {
    case .text, .html:
      // The names of specialties, clusters and competencies in the interface language.
      var names = [String: String]()
      for kind in [EntityKind.specialty, .cluster, .competency] {
        names.merge(try app.names(of: kind, in: CLI.language)) { a, _ in a }
      }
      content =
        format == .text
        ? ReportRenderer.text(report, language: CLI.language, names: names)
        : ReportRenderer.html(report, templates: try PageTemplates(), language: CLI.language, names: names)
    case .json: content = try Rendering.json(report) + "\n"
    }
    try write(content)
  }

  func write(_ content: String) throws {
    if let out {
      do {
        try content.write(toFile: out, atomically: true, encoding: .utf8)
      } catch {
        throw AppError(.unavailable, tr("cannot write \(out): \(error.localizedDescription)"))
      }
      Output.line(say(tr("wrote \(out) (\(content.utf8.count) bytes)")))
    } else {
      Output.write(content)
    }
  }
}
