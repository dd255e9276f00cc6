import DemoData
import Domain
import Foundation
import SQLiteStore

/// What a command means to do with the database. An older schema is upgraded only when it
/// writes; a command that only reads refuses such a file (nothing is written on open), and a
/// copy (a backup) takes it as it is.
public enum Intent: Sendable {
  case write, read, copy

  var upgrade: SchemaUpgrade {
    switch self {
    case .write: return .onOpen
    case .read: return .refuse
    case .copy: return .leave
    }
  }
}

/// Which frontend makes a call; written into the audit trail.
public enum Frontend: String, Sendable { case cli, tui, server, test }

/// The application layer: every use case the CLI, the TUI and the server share, taking and
/// returning domain values. A value of this type is `Sendable` and may be used from
/// concurrent code: the store below is a WAL database pool, and every write is one transaction.
public struct EduCluster: Sendable {
  let store: Store
  public internal(set) var user: String
  public let frontend: Frontend
  /// Entity lists already read, while one composite use case (the report) runs several analyses.
  var cache: EntityListCache?

  var author: Author { Author(name: user, frontend: frontend.rawValue) }

  /// Opens the database at `path`. With `create`, a missing file is created; otherwise a
  /// missing file is an error that says how to create one. `concurrentReads` opens a pool of
  /// reader connections beside the writer (for the server); otherwise one connection.
  /// A write waits for another process's write (a long import) up to `$EDUCLUSTER_WAIT`
  /// seconds (default 120) before it fails; `onBusyWait` is told once a wait has lasted a second.
  ///
  /// `intent` says whether an older schema may be upgraded now (see `Intent`); `onUpgrade` is
  /// told the schema before and after when it is.
  public init(
    path: String, create: Bool = false, frontend: Frontend, user: String? = nil, concurrentReads: Bool = false,
    onBusyWait: (@Sendable () -> Void)? = nil, intent: Intent = .write,
    onUpgrade: (@Sendable (_ from: String, _ to: String) -> Void)? = nil
  ) throws(AppError) {
    let wait = ProcessInfo.processInfo.environment["EDUCLUSTER_WAIT"].flatMap(Double.init).map { max(0, $0) } ?? 120
    store = try mapped {
      try Store(
        path: path, create: create, concurrentReads: concurrentReads, busyTimeout: wait, onBusyWait: onBusyWait,
        upgrade: intent.upgrade, onUpgrade: onUpgrade)
    }
    self.frontend = frontend
    self.user = user ?? ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.userName
  }

  /// Where the database is when no path is given: `$EDUCLUSTER_DB`, else `./educluster.sqlite`.
  public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let p = environment["EDUCLUSTER_DB"], !p.isEmpty { return p }
    return "educluster.sqlite"
  }

  public var path: String { store.path }

  // MARK: Entities

  /// Lists entities of a kind. `filters` are field = value (references by code); `cluster`
  /// keeps what belongs to the cluster's member organizations. `after` continues a listing
  /// after the code (the ledger: the entry) where the previous page ended.
  public func list(
    _ kind: EntityKind, filters: [String: String] = [:], cluster: String? = nil, limit: Int? = nil,
    offset: Int = 0, after: String? = nil
  ) throws(AppError) -> [any Entity] {
    try mapped {
      var fs = filters.sorted { $0.key < $1.key }.map { ListFilter.field($0.key, $0.value) }
      if let cluster { fs.append(.cluster(cluster)) }
      let type = SchemaRegistry.entityType(for: kind)
      return try store.list(kind, filters: fs, limit: limit, offset: offset, after: after).map {
        try type.init(record: $0)
      }
    }
  }

  /// Typed listing of every entity of `E`'s kind.
  public func all<E: Entity>(_ type: E.Type, cluster: String? = nil) throws(AppError) -> [E] {
    if cluster == nil, let cached: [E] = cache?.get() { return cached }
    let list = try mapped { try store.all(type, filters: cluster.map { [.cluster($0)] } ?? []) }
    if cluster == nil { cache?.put(list) }
    return list
  }

  /// A copy that reads each entity list once: for use cases that run many analyses over one
  /// consistent view (the report). Writes through it are not seen by its later reads.
  func readingOnce() -> EduCluster {
    var copy = self
    copy.cache = EntityListCache()
    return copy
  }

  public func count(_ kind: EntityKind) throws(AppError) -> Int {
    try mapped { try store.count(kind) }
  }

  public func show(_ kind: EntityKind, code: String) throws(AppError) -> any Entity {
    try mapped {
      guard let record = try store.fetch(kind, code: code) else { throw StoreError.notFound(kind, code: code) }
      return try SchemaRegistry.entityType(for: kind).init(record: record)
    }
  }

  /// Creates a new entity from a record of field values. The code must be new (a derived code
  /// is filled in where the kind has one); everything is validated before anything is written.
  @discardableResult
  public func add(_ record: Record) throws(AppError) -> any Entity {
    let kind = record.kind
    var r = record
    if r.optText("code") == nil, let derive = kind.schema.derivedCode, let code = derive(r) {
      r["code"] = .text(code)
    }
    if kind == .ledger {
      if r.optText("code") == nil { r["code"] = .text("") }
      let input = r
      return try mapped {
        var entry = try LedgerEntry(record: input.overlaid(with: Record(.ledger, ["code": .text("pending")])))
        entry.code = input.optText("code") ?? ""
        // Validated as every record is (the text rule above all: a NUL would be cut off by
        // SQLite and the chain would no longer verify); an empty code is filled in on append.
        var probe = entry
        if probe.code.isEmpty { probe.code = "(new)" }
        try probe.validate()
        if !entry.code.isEmpty, try store.fetch(.ledger, code: entry.code) != nil {
          throw AppError(.conflict, "ledger entry '\(entry.code)' already exists")
        }
        return try store.appendLedger([entry], actor: author)[0]
      }
    }
    let input = r
    return try mapped {
      let entity = try SchemaRegistry.entityType(for: kind).init(record: input)
      try entity.validate()
      // The checks and the insert are one write transaction: two adds of one code cannot both
      // succeed (the second is a conflict), whichever process they come from.
      try store.session(author: author, commit: true) { session in
        try checkNaturalKey(entity.record, in: session)
        guard try session.insertIfNew(entity.record) else {
          throw AppError(.conflict, "\(kind.displayName) '\(entity.code)' already exists: update it instead")
        }
      }
      return entity
    }
  }

  /// Changes the given fields (and child lists) of an existing entity; the rest stays.
  @discardableResult
  public func update(_ kind: EntityKind, code: String, changes: Record) throws(AppError) -> (any Entity, changed: Bool)
  {
    if kind == .ledger { throw AppError.from(StoreError.appendOnly) }
    if let newCode = changes.optText("code"), newCode != code {
      throw AppError(
        .invalid, "the code is the key and cannot change ('\(code)' → '\(newCode)'): add a new record instead")
    }
    return try mapped {
      // Read, merge, check and write in one write transaction, so that concurrent changes to
      // other fields are not lost and a record removed meanwhile is not brought back.
      try store.session(author: author, commit: true) { session in
        guard let existing = try session.fetch(kind, code: code) else { throw StoreError.notFound(kind, code: code) }
        let entity = try SchemaRegistry.entityType(for: kind).init(record: existing.overlaid(with: changes))
        try entity.validate()
        try checkNaturalKey(entity.record, in: session)
        let outcome = try session.upsert(entity.record)
        return (entity, outcome != .unchanged)
      }
    }
  }

  /// Refuses a record whose natural key (a program's cohort of one year) another code holds.
  func checkNaturalKey(_ record: Record, in session: WriteSession) throws {
    let key = record.kind.schema.naturalKey
    guard !key.isEmpty else { return }
    let filters = key.map { ListFilter.field($0, record[$0].plain) }
    let others = try session.codes(record.kind, matching: filters).filter { $0 != record["code"].plain }
    if let other = others.first {
      let what = key.map { "\($0) \(record[$0].plain)" }.joined(separator: ", ")
      throw AppError(.conflict, "\(record.kind.displayName) '\(other)' already has \(what): update it instead")
    }
  }

  public func remove(_ kind: EntityKind, code: String) throws(AppError) {
    try mapped { try store.remove(kind, code: code, actor: author) }
  }

  /// Validates and writes many entities in one transaction: all or nothing.
  public func save(_ entities: [any Entity]) throws(AppError) -> [EntityKind: [WriteOutcome: Int]] {
    try mapped {
      for e in entities { try e.validate() }
      return try store.upsertAll(entities.map(\.record), actor: author)
    }
  }

  // MARK: Search, ledger, audit

  public func search(_ text: String, kinds: Set<EntityKind>? = nil, limit: Int = 50) throws(AppError) -> [SearchHit] {
    try mapped { try store.search(text, kinds: kinds, limit: limit) }
  }

  public func ledger() throws(AppError) -> [LedgerEntry] {
    try mapped { try store.ledger() }
  }

  public func verifyLedger() throws(AppError) -> LedgerChain.Verification {
    try mapped { try store.verifyLedger() }
  }

  public func audit(kind: EntityKind? = nil, code: String? = nil, limit: Int = 100) throws(AppError) -> [AuditEvent] {
    try mapped { try store.auditEvents(kind: kind, code: code, limit: limit) }
  }

  // MARK: Database maintenance

  public func backup(to path: String) throws(AppError) {
    try mapped { try store.backup(to: path) }
  }

  /// Integrity, foreign keys, the ledger chain, and the text rule over every stored record
  /// (databases written before the rule may hold control characters).
  public func check() throws(AppError) -> CheckReport {
    try mapped {
      var report = try store.check()
      var text = [String]()
      for kind in EntityKind.allCases {
        try store.scan(kind) { batch in
          for record in batch {
            for issue in TextRules.issues(in: record) {
              text.append("\(kind.rawValue) \(record["code"].plain) \(issue.field): \(issue.message)")
            }
          }
        }
      }
      report.text = text
      return report
    }
  }

  public func info() throws(AppError) -> DatabaseInfo {
    try mapped { try store.info() }
  }

  // MARK: Demo

  /// Fills the database with the embedded demo cluster. Refuses a database that already holds
  /// data unless `replace` is set, in which case everything in it is replaced — in one
  /// transaction, so a failure leaves it as it was.
  /// `academicDay`: build the demo for the academic year of this day (default today).
  public func loadDemo(replace: Bool, academicDay: Day? = nil) throws(AppError) -> [EntityKind: Int] {
    try mapped {
      let existing = try store.totalRows()
      if existing > 0 && !replace {
        throw AppError(
          .conflict,
          "\(store.path) already holds \(existing) records: use `demo --force` to replace all of them with the demo, or pass another --db"
        )
      }
      // The demo is moved to the academic year of today, so that it never ages.
      let year = DemoDataSet.academicYear(of: academicDay ?? EduCluster.today)
      let entities = DemoDataSet.entities(academicYear: year)
      for e in entities { try e.validate() }
      _ = try store.load(
        entities.map(\.record), ledger: DemoDataSet.ledger(academicYear: year), clearFirst: existing > 0,
        actor: author)
      var counts = [EntityKind: Int]()
      for kind in EntityKind.allCases { counts[kind] = try store.count(kind) }
      return counts
    }
  }
}

/// Entity lists by type, for `EduCluster.readingOnce()`.
final class EntityListCache: @unchecked Sendable {
  private let lock = NSLock()
  private var lists = [ObjectIdentifier: any Sendable]()

  func get<E: Entity>() -> [E]? {
    lock.lock()
    defer { lock.unlock() }
    return lists[ObjectIdentifier(E.self)] as? [E]
  }

  func put<E: Entity>(_ list: [E]) {
    lock.lock()
    defer { lock.unlock() }
    lists[ObjectIdentifier(E.self)] = list
  }
}
