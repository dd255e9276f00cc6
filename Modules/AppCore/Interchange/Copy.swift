import Domain
import Foundation
import Localization
import PostgresStore
import Storage

/// What `db copy` moved.
public struct CopyReport: Sendable, Codable, Hashable {
  public var source: String
  public var target: String
  /// Registry records (the ledger's entries included), list rows not counted.
  public var records: Int
  public var matchingRuns: Int
  public var tokens: Int
  public var checkpoints: Int
  public var auditEvents: Int
}

extension EduCluster {
  /// Copies this whole database into `target` — a new SQLite file or an empty PostgreSQL
  /// database, either way — after which `export all` of both is identical: the records through
  /// the import formats (every kind and list, personal data included, the ledger re-sealed onto
  /// the same hashes), then matching runs with their states, tokens (hashes only), checkpoints
  /// and the audit trail as they are, and one event saying where the copy came from. A target
  /// that holds anything is refused; a new SQLite file is removed again when the copy fails.
  public func copy(
    to target: String, progress: (@Sendable (ImportProgress) -> Void)? = nil
  ) throws(AppError) -> CopyReport {
    let newFile = !PostgresURL.isURL(target) && !FileManager.default.fileExists(atPath: target)
    do {
      return try copyChecked(to: target, progress: progress)
    } catch {
      if newFile {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
      }
      throw error
    }
  }

  private func copyChecked(
    to target: String, progress: (@Sendable (ImportProgress) -> Void)?
  ) throws(AppError) -> CopyReport {
    let destination = try EduCluster(path: target, create: true, frontend: frontend, user: user)
    let occupied = try mapped {
      try destination.store.totalRows() > 0 || !destination.store.matchRuns().isEmpty
        || !destination.store.tokens().isEmpty
    }
    if occupied {
      throw AppError(
        .conflict,
        tr(
          "\(destination.path) is not empty: copy into a new SQLite file or an empty PostgreSQL database (nothing was changed)"
        )
      )
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("educluster-copy-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    _ = try export(to: folder.path, format: .csv, includePersonal: true)
    let imported = try destination.importFiles([folder.path], progress: progress)
    let history = try mapped { try store.history() }
    try mapped {
      try destination.store.restore(history)
      try destination.store.session(author: author, commit: true) { session in
        try session.audit(
          action: "copy", kind: "all", code: "*", detail: "copied from \(path): \(imported.rows) records")
      }
    }
    return CopyReport(
      source: path, target: destination.path, records: imported.rows, matchingRuns: history.runs.count,
      tokens: history.tokens.count, checkpoints: history.checkpoints.count, auditEvents: history.audit.count)
  }
}
