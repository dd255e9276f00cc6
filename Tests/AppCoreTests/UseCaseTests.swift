import Analytics
import AppCore
import Domain
import Foundation
import Localization
import TestSupport
import Testing

/// An empty registry in memory: the small scenarios need no file.
func tempApp() throws -> EduCluster {
  try EduCluster.inMemory(user: "ana")
}

func demoApp(_ kind: DatabaseKind = .sqlite) throws -> EduCluster {
  try TestDatabase("educluster-app", file: "db.sqlite", user: "ana", on: kind).app
}

@Test(arguments: DatabaseKind.available)
func addRefusesAnExistingCode(_ kind: DatabaseKind) throws {
  let app = try demoApp(kind)
  let record = Record(
    .organization, ["code": .text("AndMI"), "name": .text("X"), "kind": .text("school"), "region": .text("UZ-AN")])
  #expect(throws: AppError(.conflict, Phrase(verbatim: "organization 'AndMI' already exists: update it instead"))) {
    try app.add(record)
  }
}

@Test(arguments: DatabaseKind.available)
func updateChangesOnlyWhatIsNamed(_ kind: DatabaseKind) throws {
  let app = try demoApp(kind)
  let before = try #require(try app.show(.program, code: "VC-TUR-WELD") as? Program)
  let (after, changed) = try app.update(
    .program, code: "VC-TUR-WELD", changes: Record(.program, ["annual_intake": .integer(99)]))
  #expect(changed)
  let program = try #require(after as? Program)
  #expect(program.annualIntake == 99)
  #expect(program.outcomes == before.outcomes)
  #expect(program.name == before.name)
  let (_, again) = try app.update(
    .program, code: "VC-TUR-WELD", changes: Record(.program, ["annual_intake": .integer(99)]))
  #expect(!again)
}

@Test(arguments: DatabaseKind.available)
func updateValidatesTheResult(_ kind: DatabaseKind) throws {
  let app = try demoApp(kind)
  #expect(throws: AppError.self) {
    try app.update(.cohort, code: "VC-TUR-WELD/2024", changes: Record(.cohort, ["graduated": .integer(100_000)]))
  }
  #expect(
    throws: AppError(
      .invalid, Phrase(verbatim: "the code is the key and cannot change ('AndMI' → 'X'): add a new record instead"))
  ) {
    try app.update(.organization, code: "AndMI", changes: Record(.organization, ["code": .text("X")]))
  }
}

@Test(arguments: DatabaseKind.available)
func derivedCodesAreFilledIn(_ kind: DatabaseKind) throws {
  let app = try demoApp(kind)
  let m = try app.add(
    Record(
      .membership, ["cluster": .text("CL-AN-MACH"), "organization": .text("TSTU"), "role": .text("social_partner")]))
  #expect(m.code == "CL-AN-MACH/TSTU")
}

@Test(arguments: DatabaseKind.available)
func ledgerAddSealsOntoTheChainAndRefusesChanges(_ kind: DatabaseKind) throws {
  let app = try demoApp(kind)
  let before = try app.ledger()
  let added = try app.add(
    Record(
      .ledger,
      [
        "date": .text("2025-10-01"), "from": .text("ENT-AAC"), "to": .text("AndMI"), "amount": .integer(1_000_00),
      ]))
  let entry = try #require(added as? LedgerEntry)
  #expect(entry.prevHash == before.last?.hash)
  #expect(entry.code == "LE-" + String(format: "%06d", before.count + 1))
  #expect(try app.verifyLedger().ok)
  #expect(throws: AppError.self) { try app.remove(.ledger, code: entry.code) }
  #expect(throws: AppError.self) {
    try app.update(.ledger, code: entry.code, changes: Record(.ledger, ["amount": .integer(5)]))
  }
}

@Test(arguments: DatabaseKind.available)
func listingsFilterByFieldAndCluster(_ kind: DatabaseKind) throws {
  let app = try demoApp(kind)
  let universities = try app.list(.organization, filters: ["kind": "university"])
  #expect(universities.count >= 3)
  #expect(universities.allSatisfy { ($0 as? Organization)?.kind == .university })
  let angren = try app.list(.organization, cluster: "CL-TO-ENERGY").compactMap { $0 as? Organization }
  let members = try app.list(.membership, filters: ["cluster": "CL-TO-ENERGY"]).compactMap { $0 as? Membership }
  // Members that have left are not in the cluster any more.
  #expect(Set(angren.map(\.code)) == Set(members.filter(\.isActive).map(\.organization)))
  #expect(members.contains { !$0.isActive })
  #expect(try app.list(.student, limit: 10, offset: 5).count == 10)
}

@Test(arguments: DatabaseKind.available)
func everyMutationIsAudited(_ kind: DatabaseKind) throws {
  let app = try demoApp(kind)
  _ = try app.add(
    Record(
      .swot,
      [
        "code": .text("SW-X"), "cluster": .text("CL-AN-MACH"), "category": .text("threat"),
        "text": .text("Kadrlar ketishi"),
      ]))
  _ = try app.update(.swot, code: "SW-X", changes: Record(.swot, ["text": .text("Kadrlar chetga ketishi")]))
  try app.remove(.swot, code: "SW-X")
  let events = try app.audit(kind: .swot, code: "SW-X")
  #expect(events.map(\.action) == ["delete", "update", "create"])
  #expect(events.allSatisfy { $0.actor == "ana" && $0.frontend == "test" })
}

@Test(arguments: DatabaseKind.available)
func demoIsDeterministicAndGuarded(_ kind: DatabaseKind) throws {
  let app = try demoApp(kind)
  let counts = try app.info().counts
  #expect(throws: AppError.self) { try app.loadDemo(replace: false) }
  _ = try app.loadDemo(replace: true)
  #expect(try app.info().counts == counts)
  #expect(try app.check().ok)
}

@Test(arguments: DatabaseKind.available)
func overviewShowsShortagesAndSurpluses(_ kind: DatabaseKind) throws {
  let app = try demoApp(kind)
  let overview = try app.overview()
  #expect(overview.count == 3)
  let statuses = Set(overview.flatMap { $0.needsVersusGraduates.map(\.status) })
  #expect(statuses.contains(.shortage) && statuses.contains(.surplus))
  for c in overview {
    #expect(c.membersByKind.values.reduce(0, +) > 5)
    #expect(c.programs > 0 && c.students > 0)
  }
}

@Test(arguments: DatabaseKind.available)
func concurrentCallersLoseNothing(_ kind: DatabaseKind) async throws {
  let app = try demoApp(kind)
  let before = try app.count(.organization)
  await withTaskGroup(of: Void.self) { group in
    for i in 0..<40 {
      group.addTask {
        _ = try? app.add(
          Record(
            .organization,
            [
              "code": .text("CC-\(i)"), "name": .text("Concurrent \(i)"), "kind": .text("business"),
              "region": .text("UZ-AN"),
            ]))
        _ = try? app.list(.organization, limit: 5)
      }
    }
  }
  #expect(try app.count(.organization) == before + 40)
}

@Test(arguments: DatabaseKind.available)
func aProgramHasOneCohortPerYear(_ kind: DatabaseKind) throws {
  let app = try demoApp(kind)
  let existing = try #require(try app.list(.cohort, limit: 1).first as? Cohort)
  let twin = Record(
    .cohort,
    [
      "code": .text("TWIN"), "program": .text(existing.program), "year": .integer(Int64(existing.year)),
      "enrolled": .integer(10),
    ])
  #expect(throws: AppError.self) { try app.add(twin) }
  let dir = try tempDir()
  try Data("code,program,year,enrolled\nTWIN,\(existing.program),\(existing.year),10\n".utf8)
    .write(to: URL(fileURLWithPath: dir + "/cohorts.csv"))
  do {
    _ = try app.importFiles([dir + "/cohorts.csv"])
    Issue.record("the duplicate cohort was imported")
  } catch {
    #expect(error.details.first?.description.contains("already has program") == true, "\(error.details)")
  }
  #expect(try app.show(.cohort, code: existing.code).code == existing.code)
}

/// `--only-gaps` / `only_gaps` belong to the gap request (issue #12): the rows left are the
/// unbalanced ones of the full run, in the same order, and the recommendations do not change.
@Test(arguments: DatabaseKind.available)
func onlyGapsKeepsTheUnbalancedRowsOfTheSameRun(_ kind: DatabaseKind) throws {
  let app = try demoApp(kind)
  // With 30 % thresholds the demo has rows of all three statuses (asserted below).
  var options = GapOptions()
  options.shortageThreshold = 0.3
  options.surplusThreshold = 0.3
  let all = try app.gap(GapRequest(options: options))
  options.onlyGaps = true
  let gaps = try app.gap(GapRequest(options: options))
  #expect(all.rows.contains { $0.status == .balanced })
  #expect(gaps.rows == all.rows.filter { $0.status != .balanced })
  #expect(gaps.recommendations == all.recommendations)
}

/// Rank weights, as `--weight` and `weights=` give them, parsed once.
@Test func rankWeightsAreKeyEqualsNonNegativeNumber() {
  #expect(
    IndicatorRequest.weights(["graduate_employment=2", "funding=0.5"]) == ["graduate_employment": 2, "funding": 0.5])
  #expect(IndicatorRequest.weights([String]()) == [:])
  for bad in ["funding", "funding=-1", "funding=x", "funding=inf", "=1x"] {
    #expect(IndicatorRequest.weights([bad]) == nil, "\(bad)")
  }
}

@Test func inMemoryRegistriesAreSeparateAndKeepTheirRules() throws {
  let a = try EduCluster.inMemory(user: "ana")
  let b = try EduCluster.inMemory(user: "ben")
  _ = try a.add(Region(code: "UZ", name: "Uzbekistan", level: .country).record)
  #expect(try a.count(.region) == 1)
  #expect(try b.count(.region) == 0)
  // A reference to a missing region is refused, as on a file.
  #expect(throws: AppError.self) {
    try a.add(Organization(code: "O1", name: "School", kind: .school, region: "NOPE").record)
  }
  #expect(try a.count(.organization) == 0)
  #expect(a.path == ":memory:")
}

/// The data version moves with every committed write, by this process or another, and not
/// otherwise; an in-memory registry has none (nothing may be cached on it).
@Test func theDataVersionMovesWithEveryWriteFromAnyConnection() throws {
  let db = try TestDatabase("data-version", demo: false)
  let other = try EduCluster(path: db.path, frontend: .test)
  let v0 = try #require(try db.app.dataVersion())
  #expect(try db.app.dataVersion() == v0)  // reading changes nothing
  _ = try other.add(Record(.region, ["code": .text("UZ-XX"), "name": .text("Test region")]))
  let v1 = try #require(try db.app.dataVersion())
  #expect(v1 != v0)
  _ = try db.app.add(Record(.region, ["code": .text("UZ-YY"), "name": .text("Own write")]))
  let v2 = try #require(try db.app.dataVersion())
  #expect(v2 != v1)
  #expect(try EduCluster.inMemory(frontend: .test, user: "t").dataVersion() == nil)
}

/// `cachingWhileUnchanged` (the TUI's registry) reads a list once and keeps it while nothing is
/// written; a write by another process or by itself makes the next read see the change. On an
/// in-memory registry, which has no data version, nothing is kept.
@Test(arguments: DatabaseKind.available)
func listsKeptWhileUnchangedFollowEveryWrite(_ kind: DatabaseKind) throws {
  let db = try TestDatabase("kept-lists", demo: false, on: kind)
  let cached = db.app.cachingWhileUnchanged()
  let other = try EduCluster(path: db.path, frontend: .test)
  #expect(try cached.all(Region.self).isEmpty)
  _ = try other.add(Record(.region, ["code": .text("UZ-XX"), "name": .text("Another process")]))
  #expect(try cached.all(Region.self).map(\.code) == ["UZ-XX"])
  _ = try cached.add(Record(.region, ["code": .text("UZ-YY"), "name": .text("Own write")]))
  #expect(try cached.all(Region.self).map(\.code) == ["UZ-XX", "UZ-YY"])
  // Unchanged: the same list (also when the store would now answer differently: nothing wrote).
  #expect(try cached.all(Region.self).count == 2)
  let memory = try EduCluster.inMemory(frontend: .test, user: "t").cachingWhileUnchanged()
  #expect(try memory.all(Region.self).isEmpty)
  _ = try memory.add(Record(.region, ["code": .text("UZ-ZZ"), "name": .text("In memory")]))
  #expect(try memory.all(Region.self).map(\.code) == ["UZ-ZZ"])
}
