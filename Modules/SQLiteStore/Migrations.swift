import Domain
import GRDB
import RelationalSchema
import Storage

/// Versioned schema migrations. Each migration is frozen SQL: table and column names are
/// written out here, never derived from app types, so an old database always migrates the same.
enum Migrations {
  static let v1 = SchemaSQL.versions[0]
  static let v2 = SchemaSQL.versions[1]
  static let v3 = SchemaSQL.versions[2]
  static let v4 = SchemaSQL.versions[3]
  static let v5 = SchemaSQL.versions[4]
  static let v6 = SchemaSQL.versions[5]
  static let v7 = SchemaSQL.versions[6]
  static let v8 = SchemaSQL.versions[7]
  static let v9 = SchemaSQL.versions[8]
  static let v10 = SchemaSQL.versions[9]

  /// The triggers that make the ledger append-only, as SQLite keeps their SQL (whitespace
  /// collapsed): `db check` reports one missing or changed.
  static let ledgerGuards = [
    "ledger_no_update": """
    CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN SELECT RAISE(ABORT, \
    'the ledger is append-only: add a reversing entry instead'); END
    """,
    "ledger_no_delete": """
    CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN SELECT RAISE(ABORT, \
    'the ledger is append-only: add a reversing entry instead'); END
    """,
  ]

  /// SQLite's `application_id` of an EduCluster database: "EDCU" in ASCII. A file carrying
  /// another id, or another application's tables, is not ours and is never changed.
  static let applicationID: Int32 = 0x4544_4355

  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    m.registerMigration(v1) { db in try db.execute(sql: SchemaSQL.registry) }
    m.registerMigration(v2) { db in
      try db.execute(sql: searchAuditSQL)
      try SearchIndex.rebuild(db, labels: false)
    }
    m.registerMigration(v3) { db in
      try db.execute(
        sql: SchemaSQL.placementOccupation)
    }
    m.registerMigration(v4) { db in
      // Runs are snapshots: they keep codes, not foreign keys, so history survives later edits.
      try db.execute(
        sql: SchemaSQL.matchRuns)
    }
    m.registerMigration(v5) { db in
      // Only the SHA-256 of a token's secret is kept; `key` is the public part a request names.
      try db.execute(
        sql: SchemaSQL.apiTokens)
    }
    m.registerMigration(v6) { db in
      // Marks the file as EduCluster's (older databases get the mark when they migrate).
      try db.execute(sql: "PRAGMA application_id = \(applicationID)")
    }
    m.registerMigration(v7) { db in
      // Signed checkpoints of the ledger's Merkle tree, as `ledger checkpoint` made them: the
      // note text is what a funder holds; the API serves the latest.
      try db.execute(
        sql: SchemaSQL.ledgerCheckpoints)
    }
    m.registerMigration(v8) { db in try db.execute(sql: SchemaSQL.dashboardSessions) }
    m.registerMigration(v9) { db in try clusterLists(db) }
    m.registerMigration(v10) { db in
      try db.execute(sql: SchemaSQL.labels)
      try clusterLists(db)
      try SearchIndex.rebuild(db, labels: true)
    }
    return m
  }

  /// v9: every list table (primary key `(owner_id, position)`) becomes a `WITHOUT ROWID` table,
  /// stored in the order of its key. A list is then read in owner and position order by walking
  /// the table instead of its key's index plus a lookup per row: 4 million preferences in
  /// 0.43 s instead of 0.66 s, and an owner's rows are next to each other for `IN (…)` reads.
  /// PostgreSQL has no row ids; nothing changes there. A table already rebuilt is left alone.
  static func clusterLists(_ db: Database) throws {
    let tables = try Row.fetchAll(
      db,
      sql: """
        SELECT name, sql FROM sqlite_master WHERE type = 'table'
        AND sql LIKE '%PRIMARY KEY (owner_id, position))' ORDER BY name
        """)
    for table in tables {
      let name: String = table["name"]
      let create: String = table["sql"]
      let indexes = try String.fetchAll(
        db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        arguments: [name])
      let prefix = "CREATE TABLE \(name) ("
      guard create.hasPrefix(prefix) else { continue }
      let rebuilt = "CREATE TABLE \(name)_v9 (" + create.dropFirst(prefix.count) + " WITHOUT ROWID"
      try db.execute(sql: rebuilt)
      try db.execute(sql: "INSERT INTO \(name)_v9 SELECT * FROM \(name) ORDER BY owner_id, position")
      try db.execute(sql: "DROP TABLE \(name)")
      try db.execute(sql: "ALTER TABLE \(name)_v9 RENAME TO \(name)")
      for index in indexes { try db.execute(sql: index) }
    }
  }

  /// Full-text search over folded text (see `TextFolding`) and the audit trail.
  static let searchAuditSQL = """
    CREATE TABLE search_doc (
      id INTEGER PRIMARY KEY, kind TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,
      UNIQUE (kind, code));
    CREATE VIRTUAL TABLE search_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');

    CREATE TABLE audit_event (
      id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, frontend TEXT NOT NULL,
      action TEXT NOT NULL, kind TEXT NOT NULL, code TEXT NOT NULL, detail TEXT);
    CREATE INDEX audit_event_entity ON audit_event(kind, code);
    """
}
