import DemoData
import Domain
import Foundation
import GRDB
import SQLiteStore
import Storage
import Testing

let tester = Author(name: "tester", frontend: "test")

/// A fresh database file in its own temp folder.
func tempStore(migrateUpTo: String? = nil) throws -> (Store, String) {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("educluster-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  let path = dir.appendingPathComponent("test.sqlite").path
  return (try Store(path: path, create: true, migrateUpTo: migrateUpTo), path)
}

func seedBasics(_ store: Store) throws {
  _ = try store.upsertAll(
    [
      Region(code: "UZ", name: "Oʻzbekiston", level: .country).record,
      Region(code: "UZ-NG", name: "Namangan viloyati", level: .region, parent: "UZ").record,
      Region(code: "UZ-NG-TUR", name: "Turaqo‘rg‘on tumani", level: .district, parent: "UZ-NG").record,
      Organization(
        code: "NamECI", name: "Namangan Engineering and Construction Institute", kind: .university, region: "UZ-NG"
      ).record,
      Organization(code: "ALM", name: "АО «Алмалыкский ГМК»", kind: .enterprise, region: "UZ-NG-TUR").record,
    ], actor: tester)
}

@Test func newDatabaseHasEveryMigration() throws {
  let (store, _) = try tempStore()
  let info = try store.info()
  #expect(info.appliedMigrations == Store.migrations)
  #expect(info.journalMode == "wal")
}

@Test func firstSchemaVersionMigratesAndIndexesItsRows() throws {
  let (old, path) = try tempStore(migrateUpTo: Store.migrations[0])
  #expect(try old.info().appliedMigrations == [Store.migrations[0]])
  // Rows written by a v1 build (plain SQL, as that build would have).
  let queue = try DatabaseQueue(path: path)
  try queue.write { db in
    try db.execute(sql: "INSERT INTO region (code, name, level) VALUES ('UZ-NG-TUR', 'Turaqo‘rg‘on', 'district')")
  }
  try queue.close()
  let store = try Store(path: path)
  #expect(try store.info().appliedMigrations == Store.migrations)
  #expect(try store.search("turaqorgon").map(\.code) == ["UZ-NG-TUR"])
}

/// v9 rebuilds every list table as a `WITHOUT ROWID` table in key order; the rows, their order,
/// the lists' indexes and the records read through them stay as they were.
@Test func theListsOfAnOlderDatabaseAreClusteredAndKept() throws {
  let (_, path) = try tempStore(migrateUpTo: "v8-dashboard-sessions")
  let program = Program(
    code: "P1", name: "Payvandlash", organization: "NamECI", level: .vocational,
    outcomes: [.init(competency: "C-WELD", level: 3, hours: 120), .init(competency: "C-SAFE", level: 2)])
  let queue = try DatabaseQueue(path: path)
  // Rows as a v8 build wrote them (plain SQL: this build's writer also writes v10's labels).
  try queue.write { db in
    try db.execute(
      sql: """
        INSERT INTO region (id, code, name, level) VALUES (1, 'UZ-NG', 'Namangan viloyati', 'region');
        INSERT INTO organization (id, code, name, kind, region_id) VALUES (1, 'NamECI', 'NamECI', 'university', 1);
        INSERT INTO competency (id, code, name) VALUES (1, 'C-WELD', 'payvandlash'), (2, 'C-SAFE', 'xavfsizlik');
        INSERT INTO program (id, code, name, organization_id, level, form) VALUES
          (1, 'P1', 'Payvandlash', 1, 'vocational', 'full_time');
        INSERT INTO program_outcomes (owner_id, position, competency_id, level, hours) VALUES
          (1, 0, 1, 3, 120), (1, 1, 2, 2, NULL);
        """)
  }
  let listTables = try queue.read { db in
    try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%owner_id%'")
  }
  #expect(listTables.count == 14)
  try queue.close()
  let store = try Store(path: path)
  #expect(try store.info().appliedMigrations == Store.migrations)
  let after = try DatabaseQueue(path: path)
  try after.read { db in
    for table in listTables {
      let sql = try #require(
        try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [table]))
      #expect(sql.hasSuffix("WITHOUT ROWID"), "\(table)")
    }
    #expect(
      try String.fetchAll(
        db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'program_outcomes_competency'") == [
          "program_outcomes_competency"
        ])
    #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM program_outcomes") == 2)
  }
  try after.close()
  #expect(try Program(record: #require(try store.fetch(.program, code: "P1"))) == program)
  #expect(try store.check().ok)
}

@Test func newerDatabaseIsRefused() throws {
  let (_, path) = try tempStore()
  let queue = try DatabaseQueue(path: path)
  try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
  try queue.close()
  #expect(throws: StoreError.newerDatabase(path: path, unknownMigrations: ["v99-future"])) { try Store(path: path) }
}

@Test func missingDatabaseIsNotCreatedByReaders() throws {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("none-\(UUID()).sqlite").path
  #expect(throws: StoreError.missingDatabase(path: path)) { try Store(path: path) }
  #expect(!FileManager.default.fileExists(atPath: path))
}

@Test func notADatabaseIsReported() throws {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("text-\(UUID()).sqlite").path
  try Data(String(repeating: "not a database\n", count: 200).utf8).write(to: URL(fileURLWithPath: path))
  #expect(throws: StoreError.notADatabase(path: path)) { try Store(path: path) }
}

@Test func backupIsACompleteCopy() throws {
  let (store, path) = try tempStore()
  try seedBasics(store)
  let copy = path + ".backup"
  try store.backup(to: copy)
  let restored = try Store(path: copy)
  #expect(try restored.count(.organization) == 2)
  #expect(try restored.check().ok)
  #expect(throws: StoreError.fileExists(path: copy)) { try store.backup(to: copy) }
}

/// The server's point reader (raw SQLite, its own read-only connections) reads every record
/// exactly as the GRDB reader does, lists and all, sees writes committed by another
/// connection, and answers nil for an unknown code.
@Test func thePointReaderReadsWhatTheGRDBReaderReads() throws {
  let (store, path) = try tempStore()
  _ = try store.load(
    DemoDataSet.entities().map(\.record), ledger: DemoDataSet.ledger(), clearFirst: false, actor: tester)
  let server = try Store(path: path, concurrentReads: true)
  var compared = 0
  for kind in EntityKind.allCases {
    for record in try store.list(kind) {
      let code = record["code"].plain
      let fast = try server.fetch(kind, code: code)
      #expect(fast == record, "\(kind) \(code)")
      compared += 1
    }
    #expect(try server.fetch(kind, code: "NO-SUCH-CODE") == nil)
  }
  #expect(compared > 900)
  try seedBasics(store)
  try store.upsert(
    Organization(code: "NEW-ORG", name: "Yangi maktab", kind: .school, region: "UZ-NG-TUR").record, actor: tester)
  #expect(try server.fetch(.organization, code: "NEW-ORG")?["name"] == .text("Yangi maktab"))
}
