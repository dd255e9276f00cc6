import Domain
import Foundation
import GRDB
import Storage

/// Signed ledger checkpoints, and the append-only guards `db check` inspects.
extension Store {
  /// Keeps a signed checkpoint of the ledger's first `size` entries.
  public func addLedgerCheckpoint(note: String, size: Int, at: Date = Date()) throws {
    try write { db in
      try db.execute(
        sql: "INSERT INTO ledger_checkpoint (created_at, size, note) VALUES (?, ?, ?)",
        arguments: [ISO8601DateFormatter().string(from: at), size, note])
    }
  }

  /// Every checkpoint kept, oldest first.
  public func ledgerCheckpoints() throws -> [String] {
    try read { db in try String.fetchAll(db, sql: "SELECT note FROM ledger_checkpoint ORDER BY id") }
  }

  /// The append-only triggers that are missing or whose SQL was changed, as sentences.
  public func ledgerGuardProblems() throws -> [String] {
    let found = try read { db in
      try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ledger'")
        .reduce(into: [String: String]()) { $0[$1["name"]] = ($1["sql"] as String?) ?? "" }
    }
    func collapsed(_ sql: String) -> String {
      sql.split(whereSeparator: \.isWhitespace).joined(separator: " ").trimmingCharacters(
        in: CharacterSet(charactersIn: ";"))
    }
    var problems = [String]()
    for (name, sql) in Migrations.ledgerGuards.sorted(by: { $0.key < $1.key }) {
      guard let actual = found[name] else {
        problems.append("the trigger \(name) is missing: the ledger can be changed in place")
        continue
      }
      if collapsed(actual) != collapsed(sql) {
        problems.append("the trigger \(name) was changed: it no longer refuses every change to the ledger")
      }
    }
    for name in found.keys.sorted() where Migrations.ledgerGuards[name] == nil {
      problems.append("an unexpected trigger \(name) acts on the ledger")
    }
    return problems
  }
}
