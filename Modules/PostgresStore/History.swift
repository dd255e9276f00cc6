import Domain
import Foundation
import Storage

extension PGStore {
  public func history() throws -> StoreHistory {
    let runs = try matchRuns().map { StoreHistory.Run(run: $0, assignments: try assignments(run: $0.code)) }
    return try read { sql in
      let tokens = try sql.rows("SELECT \(PGStore.tokenColumns) FROM api_token ORDER BY id").map { row in
        StoreHistory.Token(token: PGStore.token(row), secretSHA256: PGStore.bytes(hex: row[6].plain))
      }
      let checkpoints = try sql.rows("SELECT created_at, size, note FROM ledger_checkpoint ORDER BY id").map {
        StoreHistory.Checkpoint(createdAt: $0[0].plain, size: Int($0[1].integerValue ?? 0), note: $0[2].plain)
      }
      let audit = try sql.rows(
        "SELECT id, at, actor, frontend, action, kind, code, detail FROM audit_event ORDER BY id"
      ).map(PGStore.event)
      return StoreHistory(runs: runs, tokens: tokens, checkpoints: checkpoints, audit: audit)
    }
  }

  static func event(_ row: [FieldValue]) -> AuditEvent {
    AuditEvent(
      id: row[0].integerValue ?? 0, at: row[1].plain, actor: row[2].plain, frontend: row[3].plain,
      action: row[4].plain, kind: row[5].plain, code: row[6].plain, detail: row[7].isNull ? nil : row[7].plain)
  }

  public func restore(_ history: StoreHistory) throws {
    try write { sql in
      try sql.execute("DELETE FROM audit_event")
      var start = 0
      while start < history.audit.count {
        let end = min(history.audit.count, start + 3000)
        var args = [FieldValue]()
        for e in history.audit[start..<end] {
          args += [
            .integer(e.id), .text(e.at), .text(e.actor), .text(e.frontend), .text(e.action), .text(e.kind),
            .text(e.code), e.detail.map(FieldValue.text) ?? .null,
          ]
        }
        try sql.execute(
          "INSERT INTO audit_event (id, at, actor, frontend, action, kind, code, detail) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?)", count: end - start).joined(separator: ", "), args)
        start = end
      }
      // Later events continue after the copied ids.
      try sql.execute(
        "SELECT setval(pg_get_serial_sequence('audit_event', 'id'), GREATEST((SELECT MAX(id) FROM audit_event), 1))")
      for r in history.runs {
        let next = (try sql.int("SELECT COALESCE(MAX(id), 0) + 1 FROM match_run") ?? 1)
        try sql.execute(
          """
          INSERT INTO match_run (id, code, created_at, author, proposing, options, students, placements, matched)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
          [
            .integer(next), .text(r.run.code), .text(r.run.createdAt), .text(r.run.author), .text(r.run.proposing),
            .text(r.run.options), .integer(Int64(r.run.students)), .integer(Int64(r.run.placements)),
            .integer(Int64(r.run.matched)),
          ])
        var start = 0
        while start < r.assignments.count {
          let end = min(r.assignments.count, start + 4000)
          var args = [FieldValue]()
          for a in r.assignments[start..<end] {
            args += [
              .integer(next), .text(a.student), .text(a.placement), .integer(Int64(a.rank)), .text(a.state.rawValue),
              a.changedAt.map(FieldValue.text) ?? .null,
            ]
          }
          try sql.execute(
            "INSERT INTO match_assignment (run_id, student, placement, rank, state, changed_at) VALUES "
              + Array(repeating: "(?, ?, ?, ?, ?, ?)", count: end - start).joined(separator: ", "), args)
          start = end
        }
      }
      for t in history.tokens {
        try sql.execute(
          """
          INSERT INTO api_token (key, name, role, secret_sha256, created_at, created_by, revoked_at)
          VALUES (?, ?, ?, decode(?, 'hex'), ?, ?, ?)
          """,
          [
            .text(t.token.key), .text(t.token.name), .text(t.token.role.rawValue), .text(PGStore.hex(t.secretSHA256)),
            .text(t.token.createdAt), .text(t.token.createdBy), t.token.revokedAt.map(FieldValue.text) ?? .null,
          ])
      }
      for c in history.checkpoints {
        try sql.execute(
          "INSERT INTO ledger_checkpoint (created_at, size, note) VALUES (?, ?, ?)",
          [.text(c.createdAt), .integer(Int64(c.size)), .text(c.note)])
      }
    }
  }
}
