import Domain
import Foundation
import GRDB
import Storage

extension Store {
  public func history() throws -> StoreHistory {
    let runs = try matchRuns().map { StoreHistory.Run(run: $0, assignments: try assignments(run: $0.code)) }
    return try read { db in
      let tokens = try Row.fetchAll(db, sql: "SELECT * FROM api_token ORDER BY id").map { row in
        StoreHistory.Token(token: Store.token(row), secretSHA256: [UInt8]((row["secret_sha256"] as Data?) ?? Data()))
      }
      let checkpoints = try Row.fetchAll(db, sql: "SELECT created_at, size, note FROM ledger_checkpoint ORDER BY id")
        .map { StoreHistory.Checkpoint(createdAt: $0[0], size: $0[1], note: $0[2]) }
      let audit = try Row.fetchAll(
        db, sql: "SELECT id, at, actor, frontend, action, kind, code, detail FROM audit_event ORDER BY id"
      ).map {
        AuditEvent(
          id: $0[0], at: $0[1], actor: $0[2], frontend: $0[3], action: $0[4], kind: $0[5], code: $0[6],
          detail: $0[7])
      }
      return StoreHistory(runs: runs, tokens: tokens, checkpoints: checkpoints, audit: audit)
    }
  }

  public func restore(_ history: StoreHistory) throws {
    try write { db in
      try db.execute(sql: "DELETE FROM audit_event")
      let event = try db.makeStatement(
        sql:
          "INSERT INTO audit_event (id, at, actor, frontend, action, kind, code, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
      )
      for e in history.audit {
        try event.execute(arguments: [e.id, e.at, e.actor, e.frontend, e.action, e.kind, e.code, e.detail])
      }
      for r in history.runs {
        try db.execute(
          sql: """
            INSERT INTO match_run (code, created_at, author, proposing, options, students, placements, matched)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [
            r.run.code, r.run.createdAt, r.run.author, r.run.proposing, r.run.options, r.run.students,
            r.run.placements, r.run.matched,
          ])
        let id = db.lastInsertedRowID
        let statement = try db.makeStatement(
          sql:
            "INSERT INTO match_assignment (run_id, student, placement, rank, state, changed_at) VALUES (?, ?, ?, ?, ?, ?)"
        )
        for a in r.assignments {
          try statement.execute(arguments: [id, a.student, a.placement, a.rank, a.state.rawValue, a.changedAt])
        }
      }
      for t in history.tokens {
        try db.execute(
          sql: """
            INSERT INTO api_token (key, name, role, secret_sha256, created_at, created_by, revoked_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [
            t.token.key, t.token.name, t.token.role.rawValue, Data(t.secretSHA256), t.token.createdAt,
            t.token.createdBy, t.token.revokedAt,
          ])
      }
      for c in history.checkpoints {
        try db.execute(
          sql: "INSERT INTO ledger_checkpoint (created_at, size, note) VALUES (?, ?, ?)",
          arguments: [c.createdAt, c.size, c.note])
      }
    }
  }
}
