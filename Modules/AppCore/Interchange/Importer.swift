import Domain
import Foundation
import Interchange
import Localization
import Storage
import Synchronization

/// What an import did (or, for a dry run, would do).
public struct ImportReport: Sendable, Codable, Hashable {
  public struct FileReport: Sendable, Codable, Hashable {
    public var file: String
    public var holds: String
    public var rows: Int
    public var ignoredColumns: [String]
  }

  public struct KindCounts: Sendable, Codable, Hashable {
    public var kind: String
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    /// Lists (outcomes, preferences …) written from list files.
    public var lists = 0
    /// The first codes that existed and were changed (a merge takes the later import's values).
    public var updatedCodes: [String] = []
  }

  public var dryRun: Bool
  public var files: [FileReport]
  public var counts: [KindCounts]
  public var rows: Int
  /// Workbook sheets that hold no known type (`file.xlsx:notes`), left alone.
  public var skippedSheets: [String] = []
}

/// Progress of a long import: bytes of the current input and rows so far.
public struct ImportProgress: Sendable {
  public var file: String
  public var bytesDone: Int
  public var bytesTotal: Int
  public var rows: Int
}

public struct ImportOptions: Sendable {
  /// What every given file holds, when names and headers do not say (`--type`).
  public var type: String?
  public var dryRun = false
  public var maxErrors = 20
  /// CSV's field separator; nil: found from each file's first line (comma, semicolon or tab).
  public var delimiter: Character?
  /// CSV's encoding when it is not UTF-8 (`windows-1251` …).
  public var encoding: String?

  public init(
    type: String? = nil, dryRun: Bool = false, maxErrors: Int = 20, delimiter: Character? = nil,
    encoding: String? = nil
  ) {
    self.type = type
    self.dryRun = dryRun
    self.maxErrors = maxErrors
    self.delimiter = delimiter
    self.encoding = encoding
  }
}

extension EduCluster {
  /// Imports CSV / JSON files (or folders of them) in dependency order, validating every row
  /// and writing all of it in one transaction: on any error nothing is written and the error
  /// lists `file:line:column: message` for the first `maxErrors` problems.
  public func importFiles(
    _ paths: [String], options: ImportOptions = ImportOptions(),
    progress: (@Sendable (ImportProgress) -> Void)? = nil
  ) throws(AppError) -> ImportReport {
    let (inputs, skipped) = try Importer.resolve(paths, options: options)
    let author = self.author
    do {
      return try store.session(author: author, commit: !options.dryRun) { session in
        var importer = Importer(session: session, options: options, progress: progress, inputs: inputs)
        var report = try importer.run()
        report.skippedSheets = skipped
        return report
      }
    } catch let error as AppError {
      throw error
    } catch {
      throw AppError.from(error)
    }
  }
}

/// One file to import and what it holds.
struct ImportInput {
  var path: String
  var name: String
  var dataFile: DataFile
  var isJSON: Bool
  /// A workbook's sheet: the workbook (opened once for all its sheets) and which sheet.
  var workbook: XLSXWorkbook?
  var sheet: XLSXSheet?

  /// How the input is named in the summary: the file, or `file.xlsx:sheet`.
  var label: String { sheet.map { "\(name):\($0.name)" } ?? name }
}

struct Importer {
  let session: any RegistryWriteSession
  let options: ImportOptions
  let progress: (@Sendable (ImportProgress) -> Void)?
  let inputs: [ImportInput]

  var errors = [InputError]()
  var errorCount = 0
  var counts = [EntityKind: ImportReport.KindCounts]()
  var files = [ImportReport.FileReport]()
  var rows = 0
  /// Child rows of kinds written later in this import (a student's preferences name placements).
  var deferred = [ImportItem]()

  init(
    session: any RegistryWriteSession, options: ImportOptions, progress: (@Sendable (ImportProgress) -> Void)?,
    inputs: [ImportInput]
  ) {
    self.session = session
    self.options = options
    self.progress = progress
    self.inputs = inputs
  }

  // MARK: Finding the inputs

  static let extensions = [".csv", ".json", ".ndjson", ".jsonl", ".xlsx"]

  static func resolve(_ paths: [String], options: ImportOptions) throws(AppError) -> ([ImportInput], [String]) {
    let type = options.type
    if paths.isEmpty { throw AppError(.invalid, tr("name at least one file or folder to import")) }
    var forced: DataFile?
    if let type {
      guard let f = DataFile.named(type) else {
        throw AppError(
          .invalid,
          tr(
            "unknown --type '\(type)': use a kind (organizations, students …), a list file name (program_outcomes, preferences …) or skills / occupations_esco / occupationSkillRelations"
          )
        )
      }
      forced = f
    }
    var found = [(String, String)]()
    let fm = FileManager.default
    for path in paths {
      var isDir: ObjCBool = false
      guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
        throw AppError(.notFound, tr("\(path): no such file or folder"))
      }
      if isDir.boolValue {
        let names = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted()
        for name in names where extensions.contains(where: { name.lowercased().hasSuffix($0) }) {
          found.append(((path as NSString).appendingPathComponent(name), name))
        }
      } else {
        found.append((path, (path as NSString).lastPathComponent))
      }
    }
    if found.isEmpty {
      throw AppError(.invalid, tr("no .csv, .json or .xlsx files in \(paths.joined(separator: ", "))"))
    }
    var inputs = [ImportInput]()
    var skipped = [String]()
    for (path, name) in found {
      if name.lowercased().hasSuffix(".xlsx") {
        inputs += try workbookInputs(path: path, name: name, forced: forced, skipped: &skipped)
        continue
      }
      let isJSON = !name.lowercased().hasSuffix(".csv")
      var dataFile = forced ?? DataFile.named(name)
      if dataFile == nil && !isJSON {
        let reader = try? CSVReader(
          path: path, displayName: name, delimiter: options.delimiter, encoding: options.encoding)
        if let header = try? reader?.next() { dataFile = DataFile.fromHeader(header.fields) }
      }
      guard let dataFile else {
        throw AppError(.invalid, EduCluster.cannotTell(name, api: false))
      }
      inputs.append(ImportInput(path: path, name: name, dataFile: dataFile, isJSON: isJSON))
    }
    let ordered = inputs.enumerated().sorted { a, b in
      (a.element.dataFile.order, a.offset) < (b.element.dataFile.order, b.offset)
    }.map(\.element)
    return (ordered, skipped)
  }

  /// A workbook's sheets that hold a known type, told by the sheet's name or its header row
  /// (`--type` names what every other sheet holds); the rest are noted as skipped.
  static func workbookInputs(
    path: String, name: String, forced: DataFile?, skipped: inout [String]
  ) throws(AppError) -> [ImportInput] {
    let workbook: XLSXWorkbook
    do { workbook = try XLSXWorkbook(path: path, displayName: name) } catch {
      throw AppError(.invalid, error.phrase)
    }
    var inputs = [ImportInput]()
    for sheet in workbook.sheets {
      var dataFile = DataFile.named(sheet.name)
      if dataFile == nil, let reader = try? workbook.rows(of: sheet) {
        if let header = try? SheetRows(reader).next() { dataFile = DataFile.fromHeader(header.fields) }
        reader.close()
      }
      guard let dataFile = dataFile ?? forced else {
        if !sheet.hidden { skipped.append("\(name):\(sheet.name)") }
        continue
      }
      inputs.append(
        ImportInput(
          path: path, name: name, dataFile: dataFile, isJSON: false, workbook: workbook, sheet: sheet))
    }
    if inputs.isEmpty {
      throw AppError(
        .invalid,
        tr(
          "\(name): no sheet is named after a type (organizations, students, program_outcomes …) or has such a header"
        ))
    }
    return inputs
  }

  // MARK: Running

  mutating func run() throws -> ImportReport {
    // A bulk write follows: SQLite keeps index pages in memory instead of spilling (bounded:
    // 96 MiB); PostgreSQL writes new rows many at a time.
    try session.prepareForBulkWrite(cacheKibibytes: 96 * 1024)
    for input in inputs {
      try importFile(input)
    }
    var group = ChildGroup()
    for item in deferred { try child(item, group: &group) }
    try flush(&group)
    if errorCount > 0 {
      var lines = errors.map(\.phrase)
      if errorCount > errors.count { lines.append(tr("… and \(errorCount - errors.count) more")) }
      throw AppError(
        .invalid,
        errorCount == 1
          ? tr("import failed with 1 error; nothing was written")
          : tr("import failed with \(errorCount) errors; nothing was written"),
        details: lines)
    }
    return ImportReport(
      dryRun: options.dryRun, files: files,
      counts: EntityKind.allCases.compactMap { counts[$0] }, rows: rows)
  }

  mutating func fail(_ error: InputError) {
    errorCount += 1
    if errors.count < options.maxErrors { errors.append(error) }
  }

  mutating func importFile(_ input: ImportInput) throws {
    let before = rows
    var seenCodes = Set<String>()
    let read = input.isJSON ? try importJSON(input, seen: &seenCodes) : try importCSV(input, seen: &seenCodes)
    guard let (fileRows, ignored) = read else { return }
    files.append(
      ImportReport.FileReport(
        file: input.label, holds: input.dataFile.description, rows: fileRows, ignoredColumns: ignored))
    let c = counts[input.dataFile.kind]
    try session.audit(
      action: options.dryRun ? "import-dry-run" : "import", kind: input.dataFile.kind.rawValue, code: "*",
      detail:
        "\(input.label): \(rows - before) rows; totals so far \(c?.inserted ?? 0) inserted, \(c?.updated ?? 0) updated, \(c?.unchanged ?? 0) unchanged"
    )
  }

  func report(_ file: String, _ done: Int, _ total: Int) {
    progress?(ImportProgress(file: file, bytesDone: done, bytesTotal: total, rows: rows))
  }

  /// A JSON file of whole records: its rows and no ignored columns; nil when it cannot be read.
  mutating func importJSON(_ input: ImportInput, seen seenCodes: inout Set<String>) throws -> (Int, [String])? {
    var fileRows = 0
    guard case .entity(let kind) = input.dataFile else {
      fail(
        InputError(
          SourceLocation(file: input.name, line: 1, column: 1),
          tr("JSON files hold whole records (\(input.dataFile.kind.titlePlural)); their lists are nested in them")))
      return nil
    }
    guard let data = FileManager.default.contents(atPath: input.path) else {
      fail(InputError(SourceLocation(file: input.name, line: 0, column: 0), tr("cannot read the file")))
      return nil
    }
    let elements: [JSONElement]
    do { elements = try JSONReader.elements(data: data, file: input.name) } catch {
      fail(error)
      return nil
    }
    var items = [ImportItem]()
    for element in elements {
      rows += 1
      fileRows += 1
      do { items.append(try RecordMapper.item(json: element, kind: kind)) } catch { fail(error) }
    }
    if kind.selfReference != nil { items = Importer.parentsFirst(items) }
    for (i, item) in items.enumerated() {
      try entity(item, mapper: nil, seen: &seenCodes)
      if i % 5000 == 4999 { report(input.name, i + 1, items.count) }
    }
    return (fileRows, [])
  }

  /// A CSV file: its rows and the columns it ignored; nil when it cannot be read.
  mutating func importCSV(_ input: ImportInput, seen seenCodes: inout Set<String>) throws -> (Int, [String])? {
    var fileRows = 0
    var ignored = [String]()
    var group = ChildGroup()
    let reader: any RowSource
    do {
      if let workbook = input.workbook, let sheet = input.sheet {
        reader = SheetRows(try workbook.rows(of: sheet))
      } else {
        reader = try CSVReader(
          path: input.path, displayName: input.name, delimiter: options.delimiter, encoding: options.encoding)
      }
    } catch {
      fail(error)
      return nil
    }
    var mapper = RecordMapper(dataFile: input.dataFile, file: input.name, sheet: input.sheet?.name)
    do {
      guard let header = try reader.next() else {
        fail(
          InputError(
            SourceLocation(file: input.name, sheet: input.sheet?.name, line: 1, column: 1),
            tr("the file is empty: expected a header row (\(input.dataFile.columns.joined(separator: ",")))")))
        return nil
      }
      try mapper.read(header: header.fields, line: header.line)
    } catch {
      fail(error)
      return nil
    }
    ignored = mapper.unknownColumns
    // A large file into a table it would more than double: build the secondary indexes
    // once at the end instead of row by row.
    var deferredIndexes = [String]()
    if case .entity(let kind) = input.dataFile, let size = reader.totalBytes, size > 16 << 20,
      try session.count(kind) < size / 40
    {
      deferredIndexes = try session.deferIndexes(kind)
    }
    // Room for the file's codes (some 40 bytes a row) at once, not by doubling.
    let expectedCodes = (reader.totalBytes ?? 0) / 40

    // Kinds that refer to themselves (region parent, broader competency) are written
    // parents first, so a file may list them in any order.
    var held = [ImportItem]()
    let entityFile = { if case .entity = input.dataFile { return true } else { return false } }()
    let holdsSelfReferences = input.dataFile.kind.selfReference != nil && entityFile
    // Reading, mapping, validating and checking codes for repeats run on the second core
    // (`ReadAhead`) while this thread checks against the database and writes: the reader
    // belongs to that stage from here on. For a large file the store also prepares each new
    // row there (references resolved, values in column order) when it can.
    let selfReferences = holdsSelfReferences
    var preparer: InsertPreparer?
    if case .entity(let kind) = input.dataFile, !selfReferences, expectedCodes > 25_000 {
      preparer = try session.insertPreparer(for: kind)
    }
    if selfReferences { seenCodes.reserveCapacity(seenCodes.count + expectedCodes) }
    // (A list file's rows have no codes of their own: nothing to reserve for them.)
    let codes = FileCodes(capacity: entityFile && !selfReferences ? expectedCodes : 0)
    // (A workbook's sheet is parsed on a thread of its own already: its rows are staged here.)
    let mapped = ReadAhead(reader, ownThread: input.sheet == nil) { [mapper, preparer] record -> Staged in
      if let problem = record.problem { return .problem(problem) }
      do throws(InputError) {
        let item = try mapper.item(csv: record)
        if !selfReferences, let prepared = Importer.prepare(item, insert: preparer) {
          if let problem = codes.problem(prepared, mapper: mapper) { return .problem(problem) }
          return .entity(prepared)
        }
        return .item(item)
      } catch {
        return .problem(error)
      }
    }
    defer { mapped.close() }
    while true {
      let row: Staged?
      do { row = try mapped.next() } catch {
        // A malformed row (unbalanced quote, bad UTF-8) ends reading: what follows cannot be trusted.
        fail(error)
        break
      }
      guard let row else { break }
      rows += 1
      fileRows += 1
      do {
        switch consume row {
        case .problem(let problem): fail(problem)
        case .entity(let prepared): try store(prepared, mapper: mapper)
        case .item(let item):
          switch item {
          case .entity where holdsSelfReferences: held.append(item)
          case .entity: try entity(item, mapper: mapper, seen: &seenCodes)
          case .child: try child(item, group: &group)
          }
        }
      } catch let e as InputError {
        fail(e)
      }
      if fileRows % 10_000 == 0 { report(input.label, mapped.bytesRead, mapped.totalBytes ?? 0) }
    }
    for item in Importer.parentsFirst(held) { try entity(item, mapper: mapper, seen: &seenCodes) }
    try flush(&group)
    // (On an error the transaction rolls back, indexes included.)
    try session.restoreIndexes(deferredIndexes)
    report(input.label, mapped.bytesRead, mapped.totalBytes ?? 0)
    return (fileRows, ignored)
  }

  /// A row as the read-ahead stage hands it over.
  enum Staged: Sendable {
    case problem(InputError)
    /// An entity row, prepared for writing.
    case entity(Prepared)
    /// A list row, or an entity whose kind refers to itself (written parents first).
    case item(ImportItem)
  }

  /// The codes of one file's rows, checked for repeats on the read-ahead thread.
  final class FileCodes: Sendable {
    private let seen: Mutex<Set<String>>

    init(capacity: Int) { seen = Mutex(Set(minimumCapacity: capacity)) }

    /// Why a row cannot be written — its code is empty, or an earlier row had it — else nil.
    func problem(_ prepared: Prepared, mapper: RecordMapper) -> InputError? {
      Importer.codeProblem(prepared, mapper: mapper) { code in seen.withLock { $0.insert(code).inserted } }
    }
  }

  /// Why a row cannot be written — its code is empty, or `isNew` says an earlier row of the file
  /// had it — else nil.
  static func codeProblem(_ prepared: Prepared, mapper: RecordMapper?, isNew: (String) -> Bool) -> InputError? {
    guard let code = prepared.code else {
      return InputError(location("code", prepared.start, mapper: mapper), tr("the code is empty"))
    }
    guard !code.isEmpty, !isNew(code) else { return nil }
    return InputError(
      location("code", prepared.start, mapper: mapper),
      tr("\(prepared.record.kind.title) '\(code)' appears twice in this file"))
  }

  /// Where an error about `field` points: its column in a CSV row, else the record's start.
  static func location(_ field: String?, _ start: SourceLocation, mapper: RecordMapper?) -> SourceLocation {
    guard let field, let mapper else { return start }
    var at = start
    at.column = mapper.column(of: field)
    return at
  }

  /// What can be worked out about a record without the database — its derived code, the
  /// lists that wait for later kinds, and for a whole record its validated form — done on the
  /// read-ahead thread while the writing thread stores the rows before it.
  /// A class: it passes from the read-ahead thread through the handoff to the writer, and a
  /// struct of two records and their lists was copied at each step.
  final class Prepared: Sendable {
    let record: Record
    let start: SourceLocation
    /// nil: the code is empty (for a kind that needs one).
    let code: String?
    let deferred: [ImportItem]
    /// A complete record's validated form (`entity.record`) and its issues; nil when the record
    /// is partial or cannot be built (the slow path works it out against the stored record),
    /// and when `row` holds it.
    let whole: (record: Record, issues: [ValidationIssue])?
    /// A complete, valid record as the store inserts it, when the store prepared it.
    let row: PreparedInsert?

    init(
      record: Record, start: SourceLocation, code: String?, deferred: [ImportItem] = [],
      whole: (record: Record, issues: [ValidationIssue])? = nil, row: PreparedInsert? = nil
    ) {
      self.record = record
      self.start = start
      self.code = code
      self.deferred = deferred
      self.whole = whole
      self.row = row
    }
  }

  static func prepare(_ item: ImportItem, insert preparer: InsertPreparer? = nil) -> Prepared? {
    guard case .entity(var record, let start) = item else { return nil }
    let kind = record.kind
    let schema = kind.schema
    if record.optText("code") == nil, let derive = schema.derivedCode, let code = derive(record) {
      record["code"] = .text(code)
    }
    guard let code = record.optText("code") ?? (kind == .ledger ? "" : nil) else {
      return Prepared(record: record, start: start, code: nil)
    }
    var deferred = [ImportItem]()
    // Lists that name kinds written later (student preferences → placements) wait until the end.
    for child in schema.children {
      guard let rows = record.children[child.name], !rows.isEmpty,
        child.fields.contains(where: { f in
          if case .reference(let target) = f.type { return target.isAfter(kind) }
          return false
        })
      else { continue }
      record.children[child.name] = nil
      for (i, row) in rows.enumerated() {
        deferred.append(.child(owner: kind, list: child.name, ownerCode: code, row: row, rank: i + 1, start))
      }
    }
    var whole: (record: Record, issues: [ValidationIssue])?
    if kind != .ledger, !code.isEmpty, let entity = try? SchemaRegistry.entityType(for: kind).init(record: record) {
      let built = entity.record
      let issues = entity.allIssues(record: built)
      // A natural key is checked against the database first: such rows keep the general path.
      if issues.isEmpty, kind.naturalKey.isEmpty, let row = preparer?(built) {
        return Prepared(record: record, start: start, code: code, deferred: deferred, row: row)
      }
      whole = (built, issues)
    }
    return Prepared(record: record, start: start, code: code, deferred: deferred, whole: whole)
  }

  mutating func entity(_ item: ImportItem, mapper: RecordMapper?, seen: inout Set<String>) throws {
    guard let prepared = Importer.prepare(item) else { return }
    try entity(prepared, mapper: mapper, seen: &seen)
  }

  mutating func entity(_ prepared: Prepared, mapper: RecordMapper?, seen: inout Set<String>) throws {
    if let problem = Importer.codeProblem(prepared, mapper: mapper, isNew: { seen.insert($0).inserted }) {
      fail(problem)
      return
    }
    try store(prepared, mapper: mapper)
  }

  /// Writes a row whose code was checked (not empty, not repeated in its file).
  mutating func store(_ prepared: Prepared, mapper: RecordMapper?) throws {
    let (record, start) = (prepared.record, prepared.start)
    let kind = record.kind
    let code = prepared.code ?? ""
    if !prepared.deferred.isEmpty { deferred += prepared.deferred }
    do {
      // Fastest path: the store prepared the new row on the read-ahead thread.
      if let row = prepared.row, try session.insertIfNew(row) {
        count(kind, code, .inserted)
        return
      }
      // Fast path: a complete, valid record with a new code is inserted directly.
      if let (whole, issues) = prepared.whole {
        if issues.isEmpty, let clash = try naturalKeyClash(whole) {
          fail(InputError(start, clash))
          return
        }
        if issues.isEmpty {
          if try session.insertIfNew(whole, audit: false) {
            count(kind, code, .inserted)
            return
          }
        } else if try !session.exists(kind, code: code) {
          fail(
            InputError(
              Self.location(issues[0].field, start, mapper: mapper),
              DomainError.invalid(kind, code: code, issues: issues).message))
          return
        }
      }
      // The code exists, or the record is partial: what the input does not name stays.
      var full = record
      if !code.isEmpty, kind != .ledger, try session.exists(kind, code: code),
        let existing = try session.fetch(kind, code: code)
      {
        full = existing.overlaid(with: record)
      }
      let entity = try SchemaRegistry.entityType(for: kind).init(record: full)
      let issues = entity.allIssues()
      if let first = issues.first {
        fail(
          InputError(
            Self.location(first.field, start, mapper: mapper),
            DomainError.invalid(kind, code: code, issues: issues).message))
        return
      }
      if let clash = try naturalKeyClash(entity.record) {
        fail(InputError(start, clash))
        return
      }
      var out = entity.record
      // Lists the input did not carry stay as they are.
      for child in kind.schema.children where full.children[child.name] == nil { out.children[child.name] = nil }
      count(kind, code, try session.upsert(out, audit: false))
    } catch let e as DomainError {
      fail(InputError(Self.location(e.field, start, mapper: mapper), e.message))
    } catch let e as StoreError {
      fail(InputError(Self.location(e.field, start, mapper: mapper), e.message))
    }
  }

  /// Consecutive rows of one owner's list, written together.
  struct ChildGroup {
    var owner: EntityKind?
    var list = ""
    var code = ""
    var rows = [(Record, Int?, SourceLocation)]()
    /// Owners already written from this file: more rows for them are appended.
    var written = Set<String>()
  }

  mutating func child(_ item: ImportItem, group: inout ChildGroup) throws {
    guard case .child(let owner, let list, let code, let row, let rank, let at) = item else { return }
    if group.owner != owner || group.list != list || group.code != code {
      try flush(&group)
      group.owner = owner
      group.list = list
      group.code = code
    }
    group.rows.append((row, rank, at))
  }

  mutating func flush(_ group: inout ChildGroup) throws {
    guard let owner = group.owner, let first = group.rows.first else { return }
    defer {
      group.rows.removeAll(keepingCapacity: true)
      group.owner = nil
    }
    let key = "\(owner.rawValue)\u{1F}\(group.list)\u{1F}\(group.code)"
    let start = first.2
    do {
      guard let existing = try session.fetch(owner, code: group.code) else {
        fail(InputError(start, tr("no \(owner.title) with code '\(group.code)' (in the database or this import)")))
        return
      }
      var rows = group.rows
      if rows.contains(where: { $0.1 != nil }) {
        var ranks = Set<Int>()
        for r in rows {
          if let k = r.1, !ranks.insert(k).inserted {
            fail(InputError(r.2, tr("\(owner.title) '\(group.code)' has rank \(k) twice")))
            return
          }
        }
        rows.sort { ($0.1 ?? Int.max) < ($1.1 ?? Int.max) }
      }
      var list = rows.map(\.0)
      if group.written.contains(key) {
        if rows.contains(where: { $0.1 != nil }) {
          // Ranks order one whole list: its rows must come together to be ordered at all.
          fail(
            InputError(
              start,
              tr(
                "the rows of \(owner.title) '\(group.code)' are not together: keep each \(owner.title)'s ranked rows in one block"
              )))
          return
        }
        list = existing.rows(group.list) + list
      }
      var record = existing
      record.children = [group.list: list]
      let entity = try SchemaRegistry.entityType(for: owner).init(record: existing.overlaid(with: record))
      let issues = entity.allIssues()
      if !issues.isEmpty {
        fail(InputError(start, DomainError.invalid(owner, code: group.code, issues: issues).message))
        return
      }
      var out = entity.record
      out.children = [group.list: out.rows(group.list)]
      if try session.upsert(out, audit: false) != .unchanged {
        var c = counts[owner] ?? ImportReport.KindCounts(kind: owner.rawValue)
        c.lists += 1
        counts[owner] = c
      }
      group.written.insert(key)
    } catch let e as DomainError {
      fail(InputError(start, e.message))
    } catch let e as StoreError {
      fail(InputError(start, e.message))
    }
  }

  /// A message when another code already holds the record's natural key (a program's cohort of a year).
  func naturalKeyClash(_ record: Record) throws -> Phrase? {
    let key = record.kind.naturalKey
    guard !key.isEmpty else { return nil }
    let others = try session.codes(record.kind, matching: key.map { ListFilter.field($0, record[$0].plain) })
      .filter { $0 != record["code"].plain }
    guard let other = others.first else { return nil }
    let what = key.map { "\($0) \(record[$0].plain)" }.joined(separator: ", ")
    return tr("\(record.kind.title) '\(other)' already has \(what) (codes differ: '\(record["code"].plain)')")
  }

  mutating func count(_ kind: EntityKind, _ code: String, _ outcome: WriteOutcome) {
    // In place: one lookup, no copy of the counts (a million rows pass here).
    switch outcome {
    case .inserted: counts[kind, default: ImportReport.KindCounts(kind: kind.rawValue)].inserted += 1
    case .updated:
      counts[kind, default: ImportReport.KindCounts(kind: kind.rawValue)].updated += 1
      if counts[kind]?.updatedCodes.count ?? 10 < 10 { counts[kind]?.updatedCodes.append(code) }
    case .unchanged: counts[kind, default: ImportReport.KindCounts(kind: kind.rawValue)].unchanged += 1
    }
  }
}

extension Importer {
  /// Orders records so that each comes after the record its self-reference names, when that
  /// record is in the same list; otherwise file order. Cycles keep file order (and fail as
  /// unknown references, which names them).
  static func parentsFirst(_ items: [ImportItem]) -> [ImportItem] {
    guard case .entity(let first, _)? = items.first, let field = first.kind.selfReference else { return items }
    var index = [String: Int]()
    for (i, item) in items.enumerated() {
      if case .entity(let r, _) = item, let code = r.optText("code") { index[code] = i }
    }
    var state = [Int](repeating: 0, count: items.count)  // 0 new, 1 visiting, 2 done
    var out = [ImportItem]()
    out.reserveCapacity(items.count)
    for start in items.indices where state[start] == 0 {
      // Walk up the chain of parents, then emit from the top down.
      var chain = [Int]()
      var i: Int? = start
      while let at = i, state[at] == 0 {
        state[at] = 1
        chain.append(at)
        if case .entity(let r, _) = items[at], let parent = r.optText(field), let p = index[parent] {
          i = p
        } else {
          i = nil
        }
      }
      for at in chain.reversed() {
        state[at] = 2
        out.append(items[at])
      }
    }
    return out
  }
}

extension EntityKind {
  /// The field through which records of this kind refer to another of the same kind.
  var selfReference: String? {
    schema.fields.first { f in
      if case .reference(let k) = f.type { return k == self }
      return false
    }?.name
  }

  /// Whether this kind is written after `other` in an import.
  func isAfter(_ other: EntityKind) -> Bool {
    (EntityKind.allCases.firstIndex(of: self) ?? 0) > (EntityKind.allCases.firstIndex(of: other) ?? 0)
  }
}

extension DomainError {
  /// The field an error is about, to point at its column.
  var field: String? {
    switch self {
    case .missingField(_, let f), .badValue(_, let f, _, _), .unknownField(_, let f): return f
    case .invalid(_, _, let issues): return issues.first?.field
    }
  }
}

extension StoreError {
  var field: String? {
    if case .unknownReference(_, let f, _, _) = self { return f }
    return nil
  }
}

extension EduCluster {
  /// A file whose type neither its name nor its header tells; `api`: the upload's words.
  static func cannotTell(_ name: String, api: Bool) -> Phrase {
    api
      ? tr(
        "\(name): cannot tell what it holds; name it after its type (organizations.csv, students.json, program_outcomes.csv …) or give the type parameter"
      )
      : tr(
        "\(name): cannot tell what it holds; name it after its type (organizations.csv, students.json, program_outcomes.csv …) or pass --type"
      )
  }

  /// Imports one body (an HTTP upload): the same validation, all-or-nothing write and
  /// `body.csv:line:column` errors as a file. Without a type, a CSV body is recognized by
  /// its header.
  public func importBody(
    _ data: Data, json: Bool, options: ImportOptions = ImportOptions()
  ) throws(AppError)
    -> ImportReport
  {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("educluster-import-\(UUID().uuidString)")
    let file = folder.appendingPathComponent(json ? "body.json" : "body.csv")
    do {
      // Uploads may hold personal data: the staging folder is the server user's alone.
      try FileManager.default.createDirectory(
        at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      try data.write(to: file)
    } catch {
      throw AppError(.unavailable, tr("cannot stage the upload: \(error.localizedDescription)"))
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
      return try importFiles([file.path], options: options)
    } catch {
      var e = error
      if e.message.key == EduCluster.cannotTell("", api: false).key, case .text(let name)? = e.message.arguments.first {
        e.message = EduCluster.cannotTell(name, api: true)
      }
      throw e
    }
  }
}
