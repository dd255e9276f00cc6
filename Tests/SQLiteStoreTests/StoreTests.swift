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

@Test func everyDemoEntityRoundTripsThroughSQLite() throws {
  let (store, _) = try tempStore()
  let entities = DemoDataSet.entities()
  _ = try store.load(entities.map(\.record), ledger: DemoDataSet.ledger(), clearFirst: false, actor: tester)
  // The last write of each code wins (placements are written twice: without, then with rankings).
  var expected = [EntityKind: [String: Domain.Record]]()
  for e in entities { expected[type(of: e).kind, default: [:]][e.code] = e.record }
  for (kind, byCode) in expected {
    #expect(try store.count(kind) == byCode.count, "\(kind)")
    for (code, record) in byCode {
      let stored = try #require(try store.fetch(kind, code: code))
      let back = try SchemaRegistry.entityType(for: kind).init(record: stored)
      #expect(back.record == record, "\(kind) \(code)")
    }
  }
  #expect(try store.verifyLedger().ok)
  #expect(try store.check().ok)
}

@Test func upsertIsIdempotentAndAudited() throws {
  let (store, _) = try tempStore()
  try seedBasics(store)
  let org = Organization(code: "C1", name: "Uchqo‘rg‘on kolleji", kind: .vocational_college, region: "UZ-NG")
  #expect(try store.upsert(org.record, actor: tester) == .inserted)
  #expect(try store.upsert(org.record, actor: tester) == .unchanged)
  var changed = org
  changed.rating = .yellow
  #expect(try store.upsert(changed.record, actor: tester) == .updated)
  let events = try store.auditEvents(kind: .organization, code: "C1")
  #expect(events.map(\.action) == ["update", "create"])
  #expect(events.first?.detail == "changed: rating")
  #expect(events.allSatisfy { $0.actor == "tester" && $0.frontend == "test" })
}

@Test func childListsAreReplacedWhenGivenAndKeptWhenNot() throws {
  let (store, _) = try tempStore()
  try seedBasics(store)
  _ = try store.upsertAll(
    [
      Competency(code: "C-A", name: "A").record, Competency(code: "C-B", name: "B").record,
      Program(
        code: "P", name: "P", organization: "NamECI", level: .bachelor, outcomes: [.init(competency: "C-A", level: 3)]
      ).record,
    ], actor: tester)
  var record = Program(code: "P", name: "P2", organization: "NamECI", level: .bachelor).record
  record.children = [:]
  try store.upsert(record, actor: tester)
  #expect(try store.fetch(.program, code: "P")?.rows("outcomes").count == 1)
  try store.upsert(
    Program(
      code: "P", name: "P2", organization: "NamECI", level: .bachelor,
      outcomes: [.init(competency: "C-B", level: 2, hours: 10)]
    ).record,
    actor: tester)
  let rows = try #require(try store.fetch(.program, code: "P")).rows("outcomes")
  #expect(rows.map { $0["competency"] } == [.text("C-B")])
}

@Test func unknownReferenceIsNamedAndNothingIsWritten() throws {
  let (store, _) = try tempStore()
  try seedBasics(store)
  let before = try store.count(.organization)
  let good = Organization(code: "OK", name: "Fine", kind: .school, region: "UZ-NG")
  let bad = Organization(code: "BAD", name: "Bad", kind: .school, region: "NO-SUCH")
  #expect(throws: StoreError.unknownReference(.organization, field: "region", code: "NO-SUCH", target: .region)) {
    try store.upsertAll([good.record, bad.record], actor: tester)
  }
  #expect(try store.count(.organization) == before)
  #expect(try store.fetch(.organization, code: "OK") == nil)
}

@Test func removingSomethingReferencedIsRefusedWithReasons() throws {
  let (store, _) = try tempStore()
  try seedBasics(store)
  #expect(throws: StoreError.referenced(.region, code: "UZ-NG", by: ["1 organization (region)", "1 region (parent)"])) {
    try store.remove(.region, code: "UZ-NG", actor: tester)
  }
  try store.remove(.organization, code: "ALM", actor: tester)
  #expect(try store.fetch(.organization, code: "ALM") == nil)
  #expect(throws: StoreError.notFound(.organization, code: "ALM")) {
    try store.remove(.organization, code: "ALM", actor: tester)
  }
}

@Test(
  "search folds case, diacritics and apostrophes",
  arguments: [
    ("turaqorgon", "UZ-NG-TUR"), ("Turaqo‘rg‘on", "UZ-NG-TUR"), ("TURAQO'RG'ON", "UZ-NG-TUR"), ("turaq", "UZ-NG-TUR"),
    ("алмалыкский", "ALM"), ("АЛМАЛЫКСКИЙ", "ALM"), ("engineering construction", "NamECI"), ("ozbekiston", "UZ"),
  ])
func searchFolds(_ query: String, _ code: String) throws {
  let (store, _) = try tempStore()
  try seedBasics(store)
  #expect(try store.search(query).map(\.code).contains(code))
}

@Test func searchFollowsUpdatesAndRemovals() throws {
  let (store, _) = try tempStore()
  try seedBasics(store)
  try store.upsert(
    Organization(code: "ALM", name: "Olmaliq kon-metallurgiya kombinati", kind: .enterprise, region: "UZ-NG").record,
    actor: tester)
  #expect(try store.search("алмалыкский").isEmpty)
  #expect(try store.search("olmaliq").map(\.code) == ["ALM"])
  try store.remove(.organization, code: "ALM", actor: tester)
  #expect(try store.search("olmaliq").isEmpty)
  #expect(try store.search("\" OR * \"").isEmpty)
}

@Test func ledgerIsChainedAppendOnlyAndTamperEvident() throws {
  let (store, path) = try tempStore()
  try seedBasics(store)
  let d = try #require(Day(iso: "2025-02-01"))
  let sealed = try store.appendLedger(
    [
      LedgerEntry(code: "", date: d, from: "ALM", to: "NamECI", amount: 1_000_00),
      LedgerEntry(code: "", date: d, from: "ALM", to: "NamECI", amount: 2_000_00),
      LedgerEntry(code: "", date: d, from: "NamECI", to: "ALM", amount: -500_00, purpose: "correction"),
    ], actor: tester)
  #expect(sealed.map(\.code) == ["LE-000001", "LE-000002", "LE-000003"])
  #expect(try store.verifyLedger().ok)
  #expect(throws: StoreError.appendOnly) { try store.remove(.ledger, code: "LE-000001", actor: tester) }
  var changed = sealed[1]
  changed.amount = 9
  #expect(throws: StoreError.appendOnly) { try store.upsert(changed.record, actor: tester) }

  // Someone edits the file behind the application's back.
  let queue = try DatabaseQueue(path: path)
  try queue.write { db in
    try db.execute(sql: "DROP TRIGGER ledger_no_update")
    try db.execute(sql: "UPDATE ledger SET amount = 999999 WHERE code = 'LE-000002'")
  }
  try queue.close()
  let v = try store.verifyLedger()
  #expect(!v.ok)
  #expect(v.firstBroken == "LE-000002")
  #expect(try !store.check().ok)
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

@Test func filtersNarrowListings() throws {
  let (store, _) = try tempStore()
  try seedBasics(store)
  #expect(
    try store.list(.organization, filters: [.field("kind", "university")]).map { $0["code"] } == [.text("NamECI")])
  #expect(try store.list(.organization, filters: [.field("region", "UZ-NG-TUR")]).count == 1)
  #expect(try store.list(.region, filters: [.field("parent", "UZ")]).count == 1)
  #expect(throws: StoreError.self) { try store.list(.organization, filters: [.field("colour", "red")]) }
}

@Test func twoProcessesWorthOfWritersLoseNothing() async throws {
  let (store, path) = try tempStore()
  try seedBasics(store)
  let other = try Store(path: path)
  await withTaskGroup(of: Void.self) { group in
    for (w, s) in [store, other].enumerated() {
      group.addTask {
        for i in 0..<50 {
          _ = try? s.upsert(
            Organization(code: "W\(w)-\(i)", name: "Writer \(w) #\(i)", kind: .business, region: "UZ-NG").record,
            actor: tester)
        }
      }
    }
  }
  #expect(try store.count(.organization) == 2 + 100)
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
