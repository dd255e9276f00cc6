import Domain
import Storage

extension PGStore {
  public func startDashboardSession(_ session: DashboardSession, now: Int, capacity: Int) throws {
    try write { sql in
      try sql.execute(
        "DELETE FROM dashboard_session WHERE expires_at <= ?", [.integer(Int64(now))])
      try sql.execute(
        """
        DELETE FROM dashboard_session WHERE id_sha256 IN
        (SELECT id_sha256 FROM dashboard_session ORDER BY expires_at DESC OFFSET ?)
        """, [.integer(Int64(max(0, capacity - 1)))])
      try sql.execute(
        "INSERT INTO dashboard_session (id_sha256, token_key, form_token, expires_at) VALUES (?, ?, ?, ?)",
        [
          .text(session.idSHA256), .text(session.tokenKey), .text(session.formToken),
          .integer(Int64(session.expiresAt)),
        ])
    }
  }

  public func dashboardSession(idSHA256: String, now: Int) throws -> DashboardSession? {
    try read { sql in
      try sql.row(
        "SELECT token_key, form_token, expires_at FROM dashboard_session WHERE id_sha256 = ? AND expires_at > ?",
        [.text(idSHA256), .integer(Int64(now))]
      ).map {
        DashboardSession(
          idSHA256: idSHA256, tokenKey: $0[0].plain, formToken: $0[1].plain, expiresAt: Int($0[2].integerValue ?? 0))
      }
    }
  }

  public func endDashboardSession(idSHA256: String) throws {
    try write { sql in
      try sql.execute("DELETE FROM dashboard_session WHERE id_sha256 = ?", [.text(idSHA256)])
    }
  }
}
