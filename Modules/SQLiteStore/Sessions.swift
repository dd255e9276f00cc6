import Domain
import GRDB
import Storage

extension Store {
  public func startDashboardSession(_ session: DashboardSession, now: Int, capacity: Int) throws {
    try write { db in
      try db.execute(sql: "DELETE FROM dashboard_session WHERE expires_at <= ?", arguments: [now])
      try db.execute(
        sql: """
          DELETE FROM dashboard_session WHERE id_sha256 IN
          (SELECT id_sha256 FROM dashboard_session ORDER BY expires_at DESC LIMIT -1 OFFSET ?)
          """, arguments: [max(0, capacity - 1)])
      try db.execute(
        sql: "INSERT INTO dashboard_session (id_sha256, token_key, form_token, expires_at) VALUES (?, ?, ?, ?)",
        arguments: [session.idSHA256, session.tokenKey, session.formToken, session.expiresAt])
    }
  }

  public func dashboardSession(idSHA256: String, now: Int) throws -> DashboardSession? {
    try read { db in
      try Row.fetchOne(
        db,
        sql: "SELECT token_key, form_token, expires_at FROM dashboard_session WHERE id_sha256 = ? AND expires_at > ?",
        arguments: [idSHA256, now]
      ).map { DashboardSession(idSHA256: idSHA256, tokenKey: $0[0], formToken: $0[1], expiresAt: $0[2]) }
    }
  }

  public func endDashboardSession(idSHA256: String) throws {
    try write { db in
      try db.execute(sql: "DELETE FROM dashboard_session WHERE id_sha256 = ?", arguments: [idSHA256])
    }
  }
}
