import Domain
import Foundation
import Localization
import RelationalSchema
import Storage

/// Writes inside one transaction opened by `PGStore.session`.
final class PGWriteSession: RegistryWriteSession {
  let sql: SQL
  let author: Author
  var refs = PGReferences()
  /// Set by `prepareForBulkWrite`: new records are buffered and written many at a time.
  var bulk: PGBulk?
  /// The record `fetch` just returned, until anything else happens: an import reads an owner
  /// and then writes it with a new list; the write need not read it again.
  var lastFetched: Domain.Record?

  init(sql: SQL, author: Author) {
    self.sql = sql
    self.author = author
  }

  /// Runs `body` after writing what the bulk buffer holds, so it sees every earlier write.
  func flushed<T>(_ body: () throws -> T) throws -> T {
    lastFetched = nil
    return try PGStore.mapped {
      try bulk?.flush(sql)
      return try body()
    }
  }

  /// Writes what is still buffered; the session's transaction commits after.
  func finish() throws { try flushed {} }

  func upsert(_ record: Domain.Record, audit: Bool) throws -> WriteOutcome {
    let known = lastFetched.flatMap { $0.kind == record.kind && $0["code"] == record["code"] ? $0 : nil }
    return try flushed {
      try PGWriter.upsert(sql, record, actor: author, refs: &refs, audit: audit, known: known)
    }
  }

  func insertIfNew(_ record: Domain.Record, audit: Bool) throws -> Bool {
    if record.kind != .ledger, bulk != nil {
      lastFetched = nil
      return try PGStore.mapped {
        guard try bulk?.insert(sql, record, refs: &refs) == true else { return false }
        if audit {
          try PGWriter.audit(
            sql, actor: author, action: "create", kind: record.kind.rawValue, code: record["code"].plain, detail: nil)
        }
        return true
      }
    }
    return try flushed {
      if record.kind == .ledger {
        if try refs.id(sql, .ledger, code: record["code"].plain) != nil { return false }
        return try PGWriter.upsert(sql, record, actor: author, refs: &refs, audit: audit) == .inserted
      }
      return try PGWriter.insert(sql, record, actor: author, refs: &refs, audit: audit)
    }
  }

  /// Many inserts follow: buffer new records (PostgreSQL's memory is the server's to set).
  func prepareForBulkWrite(cacheKibibytes: Int) throws {
    if bulk == nil { bulk = PGBulk() }
  }

  /// Keeps the indexes: a bulk load into a shared database must not take them away from the
  /// other servers reading it.
  func deferIndexes(_ kind: EntityKind) throws -> [String] { [] }
  func restoreIndexes(_ statements: [String]) throws {}

  func count(_ kind: EntityKind) throws -> Int {
    try flushed { Int(try sql.int("SELECT COUNT(*) FROM \"\(kind.rawValue)\"") ?? 0) }
  }

  func codes(_ kind: EntityKind, matching filters: [ListFilter]) throws -> [String] {
    try flushed {
      try PGReader.list(sql, kind, filters: filters, limit: 10, offset: 0, children: false).map { $0["code"].plain }
    }
  }

  func fetch(_ kind: EntityKind, code: String) throws -> Domain.Record? {
    let found = try flushed { try PGReader.fetch(sql, kind, code: code) }
    lastFetched = found
    return found
  }

  func exists(_ kind: EntityKind, code: String) throws -> Bool {
    try flushed { try refs.id(sql, kind, code: code) != nil }
  }

  func audit(action: String, kind: String, code: String, detail: String?) throws {
    try flushed { try PGWriter.audit(sql, actor: author, action: action, kind: kind, code: code, detail: detail) }
  }
}

// MARK: Ledger checkpoints and guards

extension PGStore {
  public func addLedgerCheckpoint(note: String, size: Int, at: Date) throws {
    try write { sql in
      try sql.execute(
        "INSERT INTO ledger_checkpoint (created_at, size, note) VALUES (?, ?, ?)",
        [.text(ISO8601DateFormatter().string(from: at)), .integer(Int64(size)), .text(note)])
    }
  }

  public func ledgerCheckpoints() throws -> [String] {
    try read { sql in try sql.texts("SELECT note FROM ledger_checkpoint ORDER BY id") }
  }

  /// The triggers on the ledger and the function they run, against what the schema made.
  public func ledgerGuardProblems() throws -> [String] {
    let (triggers, body) = try read { sql -> ([String: String], String?) in
      var triggers = [String: String]()
      for row in try sql.rows(
        """
        SELECT t.tgname, p.proname, t.tgenabled FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE t.tgrelid = 'ledger'::regclass AND NOT t.tgisinternal
        """)
      {
        triggers[row[0].plain] = row[2].plain == "D" ? "disabled" : row[1].plain
      }
      let body = try sql.text("SELECT prosrc FROM pg_proc WHERE proname = 'educluster_ledger_append_only'")
      return (triggers, body)
    }
    var problems = [String]()
    let expected = ["ledger_no_delete", "ledger_no_truncate", "ledger_no_update"]
    for name in expected {
      switch triggers[name] {
      case nil: problems.append("the trigger \(name) is missing: the ledger can be changed in place")
      case "disabled": problems.append("the trigger \(name) is disabled: the ledger can be changed in place")
      case "educluster_ledger_append_only": break
      default: problems.append("the trigger \(name) was changed: it no longer refuses every change to the ledger")
      }
    }
    if let body, body.trimmingCharacters(in: .whitespacesAndNewlines) != PGSchema.guardBody {
      problems.append(
        "the function educluster_ledger_append_only was changed: it no longer refuses every change to the ledger")
    }
    for name in triggers.keys.sorted() where !expected.contains(name) {
      problems.append("an unexpected trigger \(name) acts on the ledger")
    }
    return problems
  }
}

// MARK: Matching runs

extension PGStore {
  public func saveMatchRun(
    _ run: MatchRun, assignments: [(student: String, placement: String, rank: Int)], author: Author
  ) throws -> MatchRun {
    try write { sql in
      let next = (try sql.int("SELECT COALESCE(MAX(id), 0) + 1 FROM match_run") ?? 1)
      var saved = run
      saved.code = "MR-" + String(next).leftPadded(to: 4)
      guard
        let id = try sql.int(
          """
          INSERT INTO match_run (id, code, created_at, author, proposing, options, students, placements, matched)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
          """,
          [
            .integer(next), .text(saved.code), .text(saved.createdAt), .text(saved.author), .text(saved.proposing),
            .text(saved.options), .integer(Int64(saved.students)), .integer(Int64(saved.placements)),
            .integer(Int64(saved.matched)),
          ])
      else { throw StoreError.database("the matching run was not saved") }
      var start = 0
      while start < assignments.count {
        let end = min(assignments.count, start + 5000)
        var args = [FieldValue]()
        for a in assignments[start..<end] {
          args += [.integer(id), .text(a.student), .text(a.placement), .integer(Int64(a.rank))]
        }
        try sql.execute(
          "INSERT INTO match_assignment (run_id, student, placement, rank, state) VALUES "
            + Array(repeating: "(?, ?, ?, ?, 'proposed')", count: end - start).joined(separator: ", "), args)
        start = end
      }
      try PGWriter.audit(
        sql, actor: author, action: "match", kind: "match_run", code: saved.code,
        detail: "\(saved.matched) of \(saved.students) students matched, proposing: \(saved.proposing)")
      return saved
    }
  }

  static let runColumns = "code, created_at, author, proposing, options, students, placements, matched"

  static func run(_ row: [FieldValue]) -> MatchRun {
    MatchRun(
      code: row[0].plain, createdAt: row[1].plain, author: row[2].plain, proposing: row[3].plain,
      options: row[4].plain, students: Int(row[5].integerValue ?? 0), placements: Int(row[6].integerValue ?? 0),
      matched: Int(row[7].integerValue ?? 0))
  }

  public func matchRuns() throws -> [MatchRun] {
    try read { sql in try sql.rows("SELECT \(PGStore.runColumns) FROM match_run ORDER BY id").map(PGStore.run) }
  }

  public func matchRun(_ code: String) throws -> MatchRun {
    try read { sql in
      let row =
        code == "latest"
        ? try sql.row("SELECT \(PGStore.runColumns) FROM match_run ORDER BY id DESC LIMIT 1")
        : try sql.row("SELECT \(PGStore.runColumns) FROM match_run WHERE code = ?", [.text(code)])
      guard let row else {
        throw StoreError.noMatchRun(code)
      }
      return PGStore.run(row)
    }
  }

  public func assignments(run code: String) throws -> [MatchAssignment] {
    let run = try matchRun(code)
    return try read { sql in
      try sql.rows(
        """
        SELECT a.student, a.placement, a.rank, a.state, a.changed_at FROM match_assignment a
        JOIN match_run r ON r.id = a.run_id WHERE r.code = ? ORDER BY a.student
        """, [.text(run.code)]
      ).map {
        MatchAssignment(
          run: run.code, student: $0[0].plain, placement: $0[1].plain, rank: Int($0[2].integerValue ?? 0),
          state: AssignmentState(rawValue: $0[3].plain) ?? .proposed, changedAt: $0[4].isNull ? nil : $0[4].plain)
      }
    }
  }

  public func setAssignment(
    run code: String, student: String, to state: AssignmentState, author: Author
  ) throws -> MatchAssignment {
    let run = try matchRun(code)
    return try write { sql in
      guard
        let row = try sql.row(
          """
          SELECT a.run_id, a.placement, a.rank, a.state FROM match_assignment a JOIN match_run r ON r.id = a.run_id
          WHERE r.code = ? AND a.student = ?
          """, [.text(run.code), .text(student)])
      else {
        throw StoreError.missing(tr("student '\(student)' has no assignment in run \(run.code)"))
      }
      let current = AssignmentState(rawValue: row[3].plain) ?? .proposed
      guard current.next.contains(state) else {
        let allowed = current.next.map(\.rawValue).joined(separator: " or ")
        throw StoreError.badTransition(
          tr(
            "\(student) in \(run.code) is \(current.rawValue): it can move to \(allowed.isEmpty ? "nothing (final)" : allowed), not \(state.rawValue)"
          )
        )
      }
      let now = PGWriter.now()
      try sql.execute(
        "UPDATE match_assignment SET state = ?, changed_at = ? WHERE run_id = ? AND student = ?",
        [.text(state.rawValue), .text(now), row[0], .text(student)])
      try PGWriter.audit(
        sql, actor: author, action: state.rawValue, kind: "match_assignment", code: "\(run.code)/\(student)",
        detail: "\(current.rawValue) → \(state.rawValue)")
      return MatchAssignment(
        run: run.code, student: student, placement: row[1].plain, rank: Int(row[2].integerValue ?? 0), state: state,
        changedAt: now)
    }
  }
}

// MARK: API tokens

extension PGStore {
  public func insertToken(_ token: APIToken, secretSHA256: [UInt8], actor: Author) throws {
    try write { sql in
      if try sql.int("SELECT 1 FROM api_token WHERE name = ? AND revoked_at IS NULL", [.text(token.name)]) != nil {
        throw StoreError.badTransition(
          tr("a token named '\(token.name)' exists: revoke it first (`educluster token revoke \(token.name)`)"))
      }
      // The hash is kept as hex text in a BYTEA column (`decode(…, 'hex')`).
      try sql.execute(
        """
        INSERT INTO api_token (key, name, role, secret_sha256, created_at, created_by)
        VALUES (?, ?, ?, decode(?, 'hex'), ?, ?)
        """,
        [
          .text(token.key), .text(token.name), .text(token.role.rawValue), .text(PGStore.hex(secretSHA256)),
          .text(token.createdAt), .text(token.createdBy),
        ])
      try PGWriter.audit(
        sql, actor: actor, action: "token-create", kind: "api_token", code: token.name, detail: token.role.rawValue)
    }
  }

  static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

  static func bytes(hex text: String) -> [UInt8] {
    let hex = Array(text.utf8)
    var bytes = [UInt8]()
    var i = 0
    while i + 1 < hex.count {
      bytes.append(UInt8(String(decoding: hex[i...i + 1], as: UTF8.self), radix: 16) ?? 0)
      i += 2
    }
    return bytes
  }

  static let tokenColumns = "key, name, role, created_at, created_by, revoked_at, encode(secret_sha256, 'hex')"

  static func token(_ row: [FieldValue]) -> APIToken {
    APIToken(
      key: row[0].plain, name: row[1].plain, role: AccessRole(rawValue: row[2].plain) ?? .reader,
      createdAt: row[3].plain, createdBy: row[4].plain, revokedAt: row[5].isNull ? nil : row[5].plain)
  }

  public func tokens() throws -> [APIToken] {
    try read { sql in try sql.rows("SELECT \(PGStore.tokenColumns) FROM api_token ORDER BY id").map(PGStore.token) }
  }

  public func activeToken(key: String) throws -> (APIToken, secretSHA256: [UInt8])? {
    try read { sql in
      guard
        let row = try sql.row(
          "SELECT \(PGStore.tokenColumns) FROM api_token WHERE key = ? AND revoked_at IS NULL", [.text(key)])
      else { return nil }
      return (PGStore.token(row), PGStore.bytes(hex: row[6].plain))
    }
  }

  public func revokeToken(name: String, at: String, actor: Author) throws -> Bool {
    try write { sql in
      let changed = try sql.execute(
        "UPDATE api_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", [.text(at), .text(name)])
      guard changed > 0 else { return false }
      try PGWriter.audit(sql, actor: actor, action: "token-revoke", kind: "api_token", code: name, detail: nil)
      return true
    }
  }
}

// MARK: The database itself

extension PGStore {
  /// A PostgreSQL database is backed up by PostgreSQL's own tools.
  public func backup(to destination: String) throws {
    throw StoreError.badTransition(
      tr(
        "\(path) is a PostgreSQL database: back it up with `pg_dump` (see docs/deploy.md), or copy it into a SQLite file with `educluster db copy \(path) \(destination)`"
      )
    )
  }

  /// Foreign keys are the database's to keep (it refuses a violation); this checks the ledger's
  /// chain and its guards.
  public func check() throws -> CheckReport {
    CheckReport(
      integrity: ["ok"], foreignKeyViolations: [], ledger: try verifyLedger(), ledgerGuards: try ledgerGuardProblems())
  }

  public func info() throws -> DatabaseInfo {
    try read { sql in
      var counts = [String: Int]()
      for kind in EntityKind.allCases {
        counts[kind.rawValue] = Int(try sql.int("SELECT COUNT(*) FROM \"\(kind.rawValue)\"") ?? 0)
      }
      return DatabaseInfo(
        path: path, sizeBytes: try sql.int("SELECT pg_database_size(current_database())") ?? 0,
        sqliteVersion: try sql.text("SHOW server_version").map { "PostgreSQL " + $0 } ?? "?",
        journalMode: "postgresql",
        appliedMigrations: try sql.texts("SELECT version FROM educluster_schema ORDER BY version"),
        knownMigrations: SchemaSQL.versions, counts: counts,
        auditEvents: Int(try sql.int("SELECT COUNT(*) FROM audit_event") ?? 0))
    }
  }
}
