import Analytics
import DemoData
import Dispatch
import Domain
import Foundation
import Localization
import Storage

/// The registry: reading, adding, changing and removing entities; search, the funding ledger and
/// the audit trail.
extension EduCluster {
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

  /// Code → name in a language, for a kind with labels: the label there, else the name.
  /// Analyses carry names as entered; a frontend shows these.
  public func names(of kind: EntityKind, in language: Language) throws(AppError) -> [String: String] {
    guard kind.schema.children.contains(where: { $0.name == "labels" }) else { return [:] }
    var names: [String: String] = [:]
    for case let entity as any Entity & Labelled in try list(kind) { names[entity.code] = entity.name(in: language) }
    return names
  }

  /// Typed listing of every entity of `E`'s kind.
  public func all<E: Entity>(_ type: E.Type, cluster: String? = nil) throws(AppError) -> [E] {
    var readAt: Int?
    if cluster == nil, let cache, cache.tracksVersion { readAt = cache.validate(try dataVersion()) }
    if cluster == nil, let cached: [E] = cache?.get() { return cached }
    let list = try mapped { try store.all(type, filters: cluster.map { [.cluster($0)] } ?? []) }
    if cluster == nil { cache?.put(list, readAt: readAt) }
    return list
  }

  /// Runs `reads` (each fills this copy's cache with the lists it reads) on parallel threads,
  /// the machine's cores sharing them out — where the store reads in parallel (PostgreSQL; SQLite
  /// opened with `concurrentReads`; otherwise they take turns). Errors are left for the read
  /// that needs the list to meet again. Without a cache, does nothing.
  func prefetch(_ reads: [@Sendable (EduCluster) throws -> Void]) {
    guard cache != nil, reads.count > 1 else { return }
    let copy = self
    DispatchQueue.concurrentPerform(iterations: reads.count) { i in try? reads[i](copy) }
  }

  /// `prefetch` of whole entity lists (largest first, so the threads finish together), and of
  /// what `lookup()` reads when `lookup` is set.
  func prefetch(_ types: [any Entity.Type], lookup: Bool = false, also: [@Sendable (EduCluster) throws -> Void] = []) {
    var all = types
    if lookup {
      for t in EduCluster.lookupTypes where !all.contains(where: { $0 == t }) { all.append(t) }
    }
    prefetch(all.map { type in { db in try db.load(type) } } + also)
  }

  private func load<E: Entity>(_ type: E.Type) throws { _ = try all(type) }

  /// `first` on this thread and `second` on another core, both results returned; the first
  /// one's error wins when both fail. For composite runs (the report) over lists already read.
  func inParallel<A: Sendable, B: Sendable>(
    _ first: @Sendable () throws(AppError) -> A, _ second: @Sendable () throws(AppError) -> B
  ) throws(AppError) -> (A, B) {
    let results = ParallelPair<A, B>()
    DispatchQueue.concurrentPerform(iterations: 2) { i in
      if i == 0 { results.setFirst(Result(catching: first)) } else { results.setSecond(Result(catching: second)) }
    }
    // Both are set once concurrentPerform returns; a missing one is run here (it cannot be).
    let (a, b) = results.both
    return (try (a ?? Result(catching: first)).get(), try (b ?? Result(catching: second)).get())
  }

  /// A copy that keeps every entity list it reads until the database's data version moves (a
  /// write by this or any other process): for a frontend that shows analyses again and again —
  /// the TUI's tabs — so that only the first one reads the registry. Holds the lists in memory.
  public func cachingWhileUnchanged() -> EduCluster {
    var copy = self
    copy.cache = EntityListCache(tracksVersion: true)
    return copy
  }

  /// Every entity of `E`'s kind with its child lists left empty (or filled, where the whole
  /// list is already at hand): for analyses that look only at the entities' own fields.
  func withoutLists<E: Entity>(_ type: E.Type) throws(AppError) -> [E] {
    // Already read whole (the report reads placements for several analyses): those will do.
    if cache?.tracksVersion == false, let whole: [E] = cache?.get() { return whole }
    return try remembered("\(E.kind.rawValue) without lists") { try store.scalars(E.kind).map { try E(record: $0) } }
  }

  /// A value read from the store, kept in the cache (if any) like the entity lists.
  func remembered<T: Sendable>(_ key: String, _ read: () throws -> T) throws(AppError) -> T {
    var readAt: Int?
    if let cache, cache.tracksVersion { readAt = cache.validate(try dataVersion()) }
    if let kept: T = cache?.value(key) { return kept }
    let value = try mapped { try read() }
    cache?.put(value, for: key, readAt: readAt)
    return value
  }

  /// A copy that reads each entity list once: for use cases that run many analyses over one
  /// consistent view (the report), and for each analysis (lookups re-read lists it already
  /// has). On such a copy, itself. Writes through it are not seen by its later reads.
  func readingOnce() -> EduCluster {
    if cache != nil { return self }
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
          throw AppError(.conflict, tr("ledger entry '\(entry.code)' already exists"))
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
          throw AppError(.conflict, tr("\(kind.title) '\(entity.code)' already exists: update it instead"))
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
        .invalid, tr("the code is the key and cannot change ('\(code)' → '\(newCode)'): add a new record instead"))
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
  func checkNaturalKey(_ record: Record, in session: any RegistryWriteSession) throws {
    let key = record.kind.schema.naturalKey
    guard !key.isEmpty else { return }
    let filters = key.map { ListFilter.field($0, record[$0].plain) }
    let others = try session.codes(record.kind, matching: filters).filter { $0 != record["code"].plain }
    if let other = others.first {
      let what = key.map { "\($0) \(record[$0].plain)" }.joined(separator: ", ")
      throw AppError(.conflict, tr("\(record.kind.title) '\(other)' already has \(what): update it instead"))
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

  /// "Did you mean": the records whose name or label comes closest to a search that found
  /// nothing — each word of the query against each word of the names, folded as search folds
  /// them, by edit distance (`Andijan` → Andijon, `Namangn` → Namangan); the best first, at
  /// most `limit`, none below `threshold`; each named in `language` (its label there).
  public func suggestions(
    for text: String, kinds: Set<EntityKind>? = nil, limit: Int = 5, threshold: Double = 0.7,
    in language: Language = .en
  ) throws(AppError) -> [SearchHit] {
    let wanted = TextFolding.tokens(text)
    guard !wanted.isEmpty else { return [] }
    var scored = [(score: Double, hit: SearchHit)]()
    for kind in EntityKind.allCases where kind.schema.searchable && (kinds?.contains(kind) ?? true) {
      for entity in try list(kind) {
        let record = entity.record
        let name = record.optText("name") ?? record.optText("title") ?? entity.code
        let labels = (entity as? any Labelled)?.labels.map(\.name) ?? []
        let words = TextFolding.tokens(([entity.code, name] + labels).joined(separator: " "))
        guard !words.isEmpty else { continue }
        // Each query word's best match: the whole word, or the word's start as long as it.
        let score =
          wanted.map { w in
            words.map { word in
              max(DataQuality.similarity(w, word), DataQuality.similarity(w, String(word.prefix(w.count))))
            }.max() ?? 0
          }.reduce(0, +) / Double(wanted.count)
        guard score >= threshold else { continue }
        let shown = (entity as? any Labelled)?.name(in: language) ?? name
        scored.append((score, SearchHit(kind: kind, code: entity.code, name: shown)))
      }
    }
    scored.sort { ($0.score, $1.hit.kind.rawValue, $1.hit.code) > ($1.score, $0.hit.kind.rawValue, $0.hit.code) }
    return scored.prefix(limit).map(\.hit)
  }

  /// Changes whenever the database does, whoever wrote (nil: unknown — do not cache).
  public func dataVersion() throws(AppError) -> Int? {
    try mapped { try store.dataVersion() }
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
}

/// The two results of `inParallel`, each set once by its own thread.
final class ParallelPair<A: Sendable, B: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var first: Result<A, AppError>?
  private var second: Result<B, AppError>?

  func setFirst(_ r: Result<A, AppError>) {
    lock.lock()
    first = r
    lock.unlock()
  }

  func setSecond(_ r: Result<B, AppError>) {
    lock.lock()
    second = r
    lock.unlock()
  }

  var both: (Result<A, AppError>?, Result<B, AppError>?) {
    lock.lock()
    defer { lock.unlock() }
    return (first, second)
  }
}
