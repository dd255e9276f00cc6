import Domain
import GRDB
import Localization
import Storage

extension Store {
  /// Saves a run and its assignments (state `proposed`) in one transaction; returns the run
  /// with its new code (`MR-0001` …).
  public func saveMatchRun(
    _ run: MatchRun, assignments: [(student: String, placement: String, rank: Int)], author: Author
  )
    throws -> MatchRun
  {
    try write { db in
      let next = (try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM match_run") ?? 1)
      var saved = run
      saved.code = "MR-" + String(next).leftPadded(to: 4)
      try db.execute(
        sql: """
          INSERT INTO match_run (code, created_at, author, proposing, options, students, placements, matched)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          saved.code, saved.createdAt, saved.author, saved.proposing, saved.options, saved.students, saved.placements,
          saved.matched,
        ])
      let id = db.lastInsertedRowID
      let statement = try db.makeStatement(
        sql: "INSERT INTO match_assignment (run_id, student, placement, rank, state) VALUES (?, ?, ?, ?, 'proposed')")
      for a in assignments {
        try Binder.execute(
          statement, [id.databaseValue, a.student.databaseValue, a.placement.databaseValue, a.rank.databaseValue],
          in: db)
      }
      try Writer.audit(
        db, actor: author, action: "match", kind: "match_run", code: saved.code,
        detail: "\(saved.matched) of \(saved.students) students matched, proposing: \(saved.proposing)")
      return saved
    }
  }

  static func run(_ row: Row) -> MatchRun {
    MatchRun(
      code: row["code"], createdAt: row["created_at"], author: row["author"], proposing: row["proposing"],
      options: row["options"], students: row["students"], placements: row["placements"], matched: row["matched"])
  }

  public func matchRuns() throws -> [MatchRun] {
    try read { db in try Row.fetchAll(db, sql: "SELECT * FROM match_run ORDER BY id").map(Store.run) }
  }

  /// A run by code; `latest` for the newest.
  public func matchRun(_ code: String) throws -> MatchRun {
    try read { db in
      let row =
        code == "latest"
        ? try Row.fetchOne(db, sql: "SELECT * FROM match_run ORDER BY id DESC LIMIT 1")
        : try Row.fetchOne(db, sql: "SELECT * FROM match_run WHERE code = ?", arguments: [code])
      guard let row else {
        throw StoreError.noMatchRun(code)
      }
      return Store.run(row)
    }
  }

  public func assignments(run code: String) throws -> [MatchAssignment] {
    let run = try matchRun(code)
    return try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT a.student, a.placement, a.rank, a.state, a.changed_at FROM match_assignment a
          JOIN match_run r ON r.id = a.run_id WHERE r.code = ? ORDER BY a.student
          """, arguments: [run.code]
      ).map {
        MatchAssignment(
          run: run.code, student: $0[0], placement: $0[1], rank: $0[2],
          state: AssignmentState(rawValue: $0[3]) ?? .proposed, changedAt: $0[4])
      }
    }
  }

  /// Moves one assignment to `state`, if that is a move its current state allows.
  public func setAssignment(
    run code: String, student: String, to state: AssignmentState, author: Author
  ) throws
    -> MatchAssignment
  {
    let run = try matchRun(code)
    return try write { db in
      guard
        let row = try Row.fetchOne(
          db,
          sql:
            "SELECT a.rowid, a.placement, a.rank, a.state FROM match_assignment a JOIN match_run r ON r.id = a.run_id WHERE r.code = ? AND a.student = ?",
          arguments: [run.code, student])
      else {
        throw StoreError.missing(tr("student '\(student)' has no assignment in run \(run.code)"))
      }
      let current = AssignmentState(rawValue: row[3]) ?? .proposed
      guard current.next.contains(state) else {
        let allowed = current.next.map(\.rawValue).joined(separator: " or ")
        throw StoreError.badTransition(
          tr(
            "\(student) in \(run.code) is \(current.rawValue): it can move to \(allowed.isEmpty ? "nothing (final)" : allowed), not \(state.rawValue)"
          )
        )
      }
      let now = Writer.now()
      try db.execute(
        sql: "UPDATE match_assignment SET state = ?, changed_at = ? WHERE rowid = ?",
        arguments: [state.rawValue, now, row[0] as Int64])
      try Writer.audit(
        db, actor: author, action: state.rawValue, kind: "match_assignment", code: "\(run.code)/\(student)",
        detail: "\(current.rawValue) → \(state.rawValue)")
      return MatchAssignment(
        run: run.code, student: student, placement: row[1], rank: row[2], state: state, changedAt: now)
    }
  }
}
