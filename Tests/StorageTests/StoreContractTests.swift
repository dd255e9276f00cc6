import DemoData
import Domain
import Foundation
import GRDB
import Storage
import TestSupport
import Testing

// The storage interface's contract, checked on every store: each test runs once on a SQLite
// file and once on a PostgreSQL database (when `EDUCLUSTER_TEST_PG` names a server; see
// `Tools/test.sh`). "Two processes" are two store values on one database: separate
// connections, as two processes or two servers have.

let tester = Author(name: "tester", frontend: "test")

/// A new, empty database of `kind`, and where it is.
func newStore(_ kind: DatabaseKind) throws -> (any RegistryStore, String) {
  let location = try kind.newLocation(in: try temporaryFolder("educluster-store"), file: "test.sqlite")
  return (try DatabaseKind.open(location, create: true), location)
}

func seedBasics(_ store: any RegistryStore) throws {
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

@Test(arguments: DatabaseKind.available)
func everyDemoEntityRoundTrips(_ kind: DatabaseKind) throws {
  let (store, _) = try newStore(kind)
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

@Test(arguments: DatabaseKind.available)
func upsertIsIdempotentAndAudited(_ kind: DatabaseKind) throws {
  let (store, _) = try newStore(kind)
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

@Test(arguments: DatabaseKind.available)
func childListsAreReplacedWhenGivenAndKeptWhenNot(_ kind: DatabaseKind) throws {
  let (store, _) = try newStore(kind)
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

@Test(arguments: DatabaseKind.available)
func unknownReferenceIsNamedAndNothingIsWritten(_ kind: DatabaseKind) throws {
  let (store, _) = try newStore(kind)
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

@Test(arguments: DatabaseKind.available)
func removingSomethingReferencedIsRefusedWithReasons(_ kind: DatabaseKind) throws {
  let (store, _) = try newStore(kind)
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
  arguments: DatabaseKind.available,
  [
    ("turaqorgon", "UZ-NG-TUR"), ("Turaqo‘rg‘on", "UZ-NG-TUR"), ("TURAQO'RG'ON", "UZ-NG-TUR"), ("turaq", "UZ-NG-TUR"),
    ("алмалыкский", "ALM"), ("АЛМАЛЫКСКИЙ", "ALM"), ("engineering construction", "NamECI"), ("ozbekiston", "UZ"),
  ])
func searchFolds(_ kind: DatabaseKind, _ example: (query: String, code: String)) throws {
  let (query, code) = example
  let (store, _) = try newStore(kind)
  try seedBasics(store)
  #expect(try store.search(query).map(\.code).contains(code))
}

@Test(arguments: DatabaseKind.available)
func searchFollowsUpdatesAndRemovals(_ kind: DatabaseKind) throws {
  let (store, _) = try newStore(kind)
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

@Test(arguments: DatabaseKind.available)
func filtersNarrowListings(_ kind: DatabaseKind) throws {
  let (store, _) = try newStore(kind)
  try seedBasics(store)
  #expect(
    try store.list(.organization, filters: [.field("kind", "university")]).map { $0["code"] } == [.text("NamECI")])
  #expect(try store.list(.organization, filters: [.field("region", "UZ-NG-TUR")]).count == 1)
  #expect(try store.list(.region, filters: [.field("parent", "UZ")]).count == 1)
  #expect(throws: StoreError.self) { try store.list(.organization, filters: [.field("colour", "red")]) }
}

@Test(arguments: DatabaseKind.available)
func twoProcessesWorthOfWritersLoseNothing(_ kind: DatabaseKind) async throws {
  let (store, path) = try newStore(kind)
  try seedBasics(store)
  let other = try DatabaseKind.open(path)
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

/// SQL run behind the application's back, as someone with the database's password would:
/// through GRDB on a file, through `psql` on PostgreSQL.
func behindTheBack(_ location: String, _ statements: [String]) throws {
  if location.hasPrefix("postgres") {
    try DatabaseKind.psql(location, statements.joined(separator: "; "))
  } else {
    let queue = try DatabaseQueue(path: location)
    defer { try? queue.close() }
    try queue.write { db in for s in statements { try db.execute(sql: s) } }
  }
}

@Test(arguments: DatabaseKind.available)
func ledgerIsChainedAppendOnlyAndTamperEvident(_ kind: DatabaseKind) throws {
  let (store, location) = try newStore(kind)
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
  #expect(try store.ledgerGuardProblems().isEmpty)

  // The database itself refuses a change made past the application.
  #expect(throws: (any Error).self) {
    try behindTheBack(location, ["UPDATE ledger SET amount = 1 WHERE code = 'LE-000001'"])
  }
  #expect(throws: (any Error).self) { try behindTheBack(location, ["DELETE FROM ledger WHERE code = 'LE-000003'"]) }
  #expect(try store.verifyLedger().ok)

  // Someone removes a guard and edits an entry: the chain shows where, the check reports both.
  let dropGuard =
    kind == .postgres ? "ALTER TABLE ledger DISABLE TRIGGER ledger_no_update" : "DROP TRIGGER ledger_no_update"
  try behindTheBack(location, [dropGuard, "UPDATE ledger SET amount = 999999 WHERE code = 'LE-000002'"])
  let v = try store.verifyLedger()
  #expect(!v.ok)
  #expect(v.firstBroken == "LE-000002")
  let report = try store.check()
  #expect(!report.ok)
  #expect(report.ledgerGuards.contains { $0.contains("ledger_no_update") })
}

/// Two writers add the same code at once: one record, and exactly one of them is told it
/// exists (the API's 409), never an error or two rows.
@Test(arguments: DatabaseKind.available)
func concurrentAddsOfOneCodeGiveOneRecordAndOneConflict(_ kind: DatabaseKind) async throws {
  let (store, location) = try newStore(kind)
  try seedBasics(store)
  let other = try DatabaseKind.open(location)
  for round in 0..<10 {
    let record = Organization(code: "SAME-\(round)", name: "Race \(round)", kind: .school, region: "UZ-NG").record
    let created = await withTaskGroup(of: Bool?.self) { group in
      for s in [store, other] {
        group.addTask {
          try? s.session(author: tester, commit: true) { session in try session.insertIfNew(record) }
        }
      }
      return await group.reduce(into: [Bool?]()) { $0.append($1) }
    }
    #expect(created.compactMap { $0 }.sorted { !$0 && $1 } == [false, true], "round \(round): \(created)")
  }
  #expect(try store.count(.organization) == 2 + 10)
}

/// Derived codes come from what is committed, under the write lock: two writers appending to
/// the ledger and saving matching runs at once get distinct codes, and the chain stays whole.
@Test(arguments: DatabaseKind.available)
func derivedCodesAreUniqueAcrossWriters(_ kind: DatabaseKind) async throws {
  let (store, location) = try newStore(kind)
  try seedBasics(store)
  let other = try DatabaseKind.open(location)
  let d = try #require(Day(iso: "2025-03-01"))
  await withTaskGroup(of: Void.self) { group in
    for (w, s) in [store, other].enumerated() {
      group.addTask {
        for i in 0..<15 {
          _ = try? s.appendLedger(
            [LedgerEntry(code: "", date: d, from: "ALM", to: "NamECI", amount: 100 * (w + 1) + i)],
            actor: tester)
          _ = try? s.saveMatchRun(
            MatchRun(
              code: "", createdAt: "2025-03-01T00:00:00Z", author: "w\(w)", proposing: "students", options: "",
              students: 0, placements: 0, matched: 0), assignments: [], author: tester)
        }
      }
    }
  }
  let ledger = try store.ledger()
  #expect(ledger.count == 30)
  #expect(Set(ledger.map(\.code)).count == 30)
  #expect(try store.verifyLedger().ok)
  let runs = try store.matchRuns()
  #expect(runs.count == 30)
  #expect(Set(runs.map(\.code)).count == 30)
}

/// The data version: unchanged while nothing is written, changed by a write from another
/// connection (another process or server), so a cache keyed by it is never stale.
@Test(arguments: DatabaseKind.available)
func dataVersionMovesWithEveryCommittedWrite(_ kind: DatabaseKind) throws {
  let (store, location) = try newStore(kind)
  try seedBasics(store)
  let other = try DatabaseKind.open(location)
  let before = try #require(try store.dataVersion())
  _ = try store.list(.organization)
  #expect(try store.dataVersion() == before)
  try other.upsert(
    Organization(code: "NEW", name: "Yangi", kind: .school, region: "UZ-NG").record, actor: tester)
  let after = try #require(try store.dataVersion())
  #expect(after != before)
  #expect(try store.dataVersion() == after)
  // A dry run (rolled back) changes nothing anyone can see.
  _ = try other.session(author: tester, commit: false) { session in
    try session.upsert(Organization(code: "DRY", name: "Dry", kind: .school, region: "UZ-NG").record)
  }
  #expect(try store.fetch(.organization, code: "DRY") == nil)
}

/// A lookup with a NUL character (a fuzzer's favourite) is not an error on either store, and
/// both answer alike: the value counts up to the NUL (GRDB binds text to SQLite as a C string;
/// PostgreSQL's text cannot hold NUL, so its store cuts the value there too).
@Test(arguments: DatabaseKind.available)
func aValueWithANulCharacterIsCutThereOnBothStores(_ kind: DatabaseKind) throws {
  let (store, _) = try newStore(kind)
  try seedBasics(store)
  #expect(try store.fetch(.organization, code: "ALM\u{0}junk")?["code"] == .text("ALM"))
  #expect(try store.fetch(.organization, code: "\u{0}ALM") == nil)
  #expect(try store.list(.organization, filters: [.field("region", "UZ-NG\u{0}x")]).count == 2)
  #expect(try store.list(.organization, filters: [], limit: 10, offset: 0, after: "AZ\u{0}").count == 1)
  #expect(try store.search("alm\u{0}").isEmpty == store.search("alm").isEmpty)
}

/// A name that is one very long word (900 CJK characters, 2,700 bytes: longer than a
/// PostgreSQL lexeme may be) is written and found by its beginning on both stores.
@Test(arguments: DatabaseKind.available)
func aVeryLongWordIsIndexedAndFound(_ kind: DatabaseKind) throws {
  let (store, _) = try newStore(kind)
  try seedBasics(store)
  let name = String(repeating: "漢", count: 900)
  try store.upsert(Organization(code: "LONG", name: name, kind: .school, region: "UZ-NG").record, actor: tester)
  #expect(try store.search("漢漢漢").map(\.code) == ["LONG"])
}

/// Search across scripts and in labels (issue #14), on both stores: a name entered in Cyrillic
/// is found by its Latin spelling and one entered in Latin by its Cyrillic spelling; a label in
/// another language is searched too.
@Test(arguments: DatabaseKind.available)
func searchFindsEitherScriptAndTheLabels(_ kind: DatabaseKind) throws {
  let (store, _) = try newStore(kind)
  _ = try store.upsertAll(
    [
      Region(code: "UZ-NG", name: "Namangan viloyati").record,
      Organization(
        code: "NamECI", name: "Наманган муҳандислик-қурилиш институти", kind: .university, region: "UZ-NG"
      ).record,
      Organization(
        code: "VC-SHA", name: "Shahrixon texnika kolleji", kind: .vocational_college, region: "UZ-NG",
        labels: [Label(lang: "ru", name: "Шахриханский технический колледж")]
      ).record,
    ], actor: tester)
  #expect(try store.search("namangan muhandislik", kinds: nil, limit: 10).map(\.code) == ["NamECI"])
  #expect(try store.search("Шаҳрихон", kinds: nil, limit: 10).map(\.code) == ["VC-SHA"])
  #expect(try store.search("шахриханский колледж", kinds: nil, limit: 10).map(\.code) == ["VC-SHA"])
  // The English spelling of the Russian name: kh is x.
  #expect(try store.search("Shakhrikhanskiy", kinds: nil, limit: 10).map(\.code) == ["VC-SHA"])
}

/// Whole-table reads (lists, their rows, name keys, links) give every record as reading it by
/// its code does: the stores read large tables their own way (SQLite with code tables,
/// PostgreSQL a page of rows as one packed text), and a value must come back the same either way.
@Test(arguments: DatabaseKind.available)
func wholeTableReadsGiveWhatFetchingOneGives(_ kind: DatabaseKind) throws {
  let (store, _) = try newStore(kind)
  var records = DemoDataSet.entities().map(\.record)
  // Texts a packed read must not take apart: digits and colons (a length and its separator),
  // quotes, a backslash, a leading minus, letters beyond ASCII, lines.
  records.append(
    Organization(
      code: "12:3", name: "4:ab \"q\" \\ -5 Oʻzbekiston — ✓", kind: .vocational_college, region: "UZ-NG", sector: "0:",
      rating: nil
    ).record)
  records.append(
    Competency(
      code: "-7", name: "1:", description: "", altLabels: ["first line", "2:second\tline", "третья"]
    ).record)
  _ = try store.load(records, ledger: DemoDataSet.ledger(), clearFirst: false, actor: tester)
  for entity in EntityKind.allCases where entity != .ledger {
    let all = try store.list(entity, filters: [], limit: nil, offset: 0, after: nil)
    #expect(all.count == (try store.count(entity)), "\(entity)")
    for record in all {
      #expect(try store.fetch(entity, code: record["code"].plain) == record, "\(entity) \(record["code"].plain)")
    }
    let scalars = try store.scalars(entity)
    #expect(scalars.map { $0["code"] } == all.map { $0["code"] }, "\(entity)")
    for (bare, whole) in zip(scalars, all) {
      #expect(entity.schema.fields.allSatisfy { bare[$0.name] == whole[$0.name] }, "\(entity) \(whole["code"].plain)")
    }
    for child in entity.schema.children {
      var read = [String: [[FieldValue]]]()
      try store.childRows(entity, list: child.name) { owner, values in read[owner, default: []].append(values) }
      var expected = [String: [[FieldValue]]]()
      for record in all where !record.rows(child.name).isEmpty {
        expected[record["code"].plain] = record.rows(child.name).map { row in child.fields.map { row[$0.name] } }
      }
      #expect(read == expected, "\(entity).\(child.name)")
    }
  }
  // The pairs matching reads: every student's preferences, by row id, in list order.
  var pairs = 0
  try store.links(.student, list: "preferences") { _, _ in pairs += 1 }
  #expect(
    pairs
      == (try store.list(.student, filters: [], limit: nil, offset: 0, after: nil)).map { $0.rows("preferences").count }
      .reduce(0, +))
  #expect(pairs > 0)
  // Name, region (PostgreSQL: from a code table) and cohort year, as the records hold them.
  var keys = [String: String]()
  try store.studentNameKeys { code, name, region, year in keys[code] = "\(name)|\(region ?? "-")|\(year ?? -1)" }
  let students = try store.list(.student, filters: [], limit: nil, offset: 0, after: nil)
  let expected = students.map { s in
    (s["code"].plain, "\(s["name"].plain)|\(s.optText("region") ?? "-")|\(Int(s["cohort_year"].plain) ?? -1)")
  }
  #expect(keys == Dictionary(uniqueKeysWithValues: expected))
  #expect(expected.contains { !$0.1.contains("|-|") }, "some student has a region")
}

/// A row prepared off the writing thread (an import's read-ahead stage) is stored as the record
/// itself would be; a code already taken writes nothing; a reference the preparer does not know
/// leaves the record to the general path. A store without a prepared path says so with nil.
@Test(arguments: DatabaseKind.available)
func preparedInsertsStoreWhatTheRecordSays(_ kind: DatabaseKind) throws {
  let (store, _) = try newStore(kind)
  try seedBasics(store)
  _ = try store.upsertAll(
    [
      Specialty(code: "SP1", name: "Welding").record,
      Program(code: "PR1", name: "Welding", organization: "NamECI", specialty: "SP1", level: .vocational).record,
    ], actor: tester)
  let student = Student(
    code: "ST1", name: "Gʻayrat Алиев", program: "PR1", cohortYear: 2025, region: "UZ-NG-TUR", score: 81.5)
  let unknown = Student(code: "ST2", name: "Dilnoza", program: "NO-SUCH", cohortYear: 2025, region: "UZ-NG")
  let noReferences = Student(code: "ST3", name: "Anvar", cohortYear: 2024)
  let withList = Student(
    code: "ST4", name: "Olim", program: "PR1", competencies: [.init(competency: "C1", level: 2, assessedOn: nil)])
  let wrote = try store.session(author: tester, commit: true) { session -> [Bool]? in
    guard let prepare = try session.insertPreparer(for: .student) else { return nil }
    // What the preparer cannot do goes back to the caller.
    #expect(prepare(unknown.record) == nil)
    #expect(prepare(withList.record) == nil)
    #expect(try session.insertPreparer(for: .organization) == nil, "a searchable kind keeps the general path")
    let first = try #require(prepare(student.record))
    let again = try #require(prepare(student.record))
    let bare = try #require(prepare(noReferences.record))
    return [try session.insertIfNew(first), try session.insertIfNew(again), try session.insertIfNew(bare)]
  }
  guard let wrote else {
    // No prepared path on this store: nothing was written by asking.
    #expect(kind != .sqlite, "SQLite prepares rows")
    #expect(try store.count(.student) == 0)
    return
  }
  #expect(wrote == [true, false, true])
  for expected in [student, noReferences] {
    let stored = try #require(try store.fetch(.student, code: expected.code))
    #expect(try Student(record: stored).record == expected.record)
  }
  #expect(try store.count(.student) == 2)
  #expect(try store.check().ok)
}
