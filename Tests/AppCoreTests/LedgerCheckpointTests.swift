import AppCore
import Domain
import Foundation
import TestSupport
import Testing

// Signed checkpoints against tampered copies of a real database. Tampering is done as an
// attacker with the file would do it: with the sqlite3 shell, dropping the append-only
// triggers first, and re-sealing the chain where that hides an edit.

/// A demo database (20 ledger entries), a key pair, and a checkpoint of the whole ledger.
struct Funded {
  let db: TestDatabase
  let privateKey: String
  let publicKey: String
  let checkpoint: LedgerCheckpoint

  init() throws {
    db = try TestDatabase("ledger-checkpoint")
    (privateKey, publicKey) = try EduCluster.newLedgerKey(name: "andijan-cluster.uz/ledger")
    checkpoint = try db.app.ledgerCheckpoint(privateKey: privateKey)
  }

  func verify(_ note: String? = nil) throws -> LedgerCheckpointVerification {
    try db.app.verifyLedger(checkpoint: note ?? checkpoint.note, publicKey: publicKey)
  }

  /// Runs SQL on the file with the sqlite3 shell, as someone with the file can.
  func sql(_ script: String) throws {
    let out = try runProcess(URL(fileURLWithPath: "/usr/bin/sqlite3"), [db.path, script], in: db.dir)
    #expect(out.status == 0, "\(out.stderr)")
  }

  static let dropGuards = "DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete;"
  static let restoreGuards = """
    CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN SELECT RAISE(ABORT, \
    'the ledger is append-only: add a reversing entry instead'); END;
    CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN SELECT RAISE(ABORT, \
    'the ledger is append-only: add a reversing entry instead'); END;
    """

  /// Changes the amount of entry `code` and re-seals it and every later entry, so the chain
  /// verifies again; the triggers are put back.
  func resealedEdit(_ code: String, amount: Int) throws {
    var updates = [String]()
    var previous: String?
    for var e in try db.app.ledger() {
      if e.code == code { e.amount = amount }
      let sealed = LedgerChain.seal(e, previousHash: previous)
      previous = sealed.hash
      updates.append(
        "UPDATE ledger SET amount = \(sealed.amount), prev_hash = '\(sealed.prevHash)', hash = '\(sealed.hash)' "
          + "WHERE code = '\(sealed.code)';")
    }
    try sql(Self.dropGuards + updates.joined() + Self.restoreGuards)
  }
}

@Test func anHonestAppendStillVerifiesAgainstAnEarlierCheckpoint() throws {
  let f = try Funded()
  #expect(f.checkpoint.size == 20)
  let clean = try f.verify()
  #expect(clean.ok && clean.problems.isEmpty && clean.entries == 20)
  let date = try #require(Day(iso: "2025-10-01"))
  _ = try f.db.app.add(
    Record(
      .ledger,
      [
        "date": .day(date), "from": .text("ENT-AAC"), "to": .text("AndMI"),
        "amount": .int(100),
      ]))
  let later = try f.verify()
  #expect(later.ok, "\(later.problems)")
  #expect(later.entries == 21 && later.checkpointSize == 20)
  #expect(!later.consistency.isEmpty)
  // The API's latest checkpoint is the one signed.
  #expect(try f.db.app.latestLedgerCheckpoint() == f.checkpoint)
}

@Test func aTruncatedLedgerIsRefusedNamingWhereItEnds() throws {
  let f = try Funded()
  try f.sql(Funded.dropGuards + "DELETE FROM ledger WHERE code >= 'LE-000018';" + Funded.restoreGuards)
  // The chain of the 17 left is intact: only the checkpoint can tell.
  #expect(try f.db.app.verifyLedger().ok)
  let result = try f.verify()
  #expect(!result.ok)
  #expect(result.firstDiffering == "after LE-000017")
  #expect(result.problems.first?.contains("entries 18–20 were removed") == true, "\(result.problems)")
}

@Test func aResealedEditIsRefusedAndNamedWhereCheckpointsAreDense() throws {
  let f = try Funded()
  // Checkpoints kept after each of three more entries: sizes 20, 21, 22, 23.
  var last = f.checkpoint
  for i in 0..<3 {
    let date = try #require(Day(iso: "2025-11-0\(1 + i)"))
    _ = try f.db.app.add(
      Record(
        .ledger,
        [
          "date": .day(date), "from": .text("ENT-AAC"), "to": .text("AndMI"),
          "amount": .int(100 + i),
        ]))
    last = try f.db.app.ledgerCheckpoint(privateKey: f.privateKey)
  }
  #expect(last.size == 23)
  try f.resealedEdit("LE-000022", amount: 999_999)
  #expect(try f.db.app.verifyLedger().ok)  // the chain alone cannot see it
  let result = try f.verify(last.note)
  #expect(!result.ok)
  // 20 and 21 still match their signed roots, 22 no longer does: the change is entry 22.
  #expect(result.firstDiffering == "LE-000022")
  #expect(result.problems.first?.contains("entry LE-000022 was changed") == true, "\(result.problems)")
  // Against only the first checkpoint (20 entries), which 22 is not part of, all is well.
  #expect(try f.verify().ok)
}

@Test func aResealedEditWithSparseCheckpointsIsRefusedWithItsRange() throws {
  let f = try Funded()
  try f.resealedEdit("LE-000005", amount: 1)
  let result = try f.verify()
  #expect(!result.ok)
  #expect(result.firstDiffering == nil)
  #expect(result.problems.first?.contains("from LE-000001 to LE-000020") == true, "\(result.problems)")
}

@Test func aForgedEntryInPlaceOfTheLastIsRefused() throws {
  let f = try Funded()
  // Cut the last entry and append a forged one, sealed onto the chain: the size is back to 20.
  let entries = try f.db.app.ledger()
  var forged = entries[19]
  forged.amount = 50_000_000_00
  forged.purpose = "forged"
  let sealed = LedgerChain.seal(forged, previousHash: entries[18].hash)
  try f.sql(
    Funded.dropGuards
      + "UPDATE ledger SET amount = \(sealed.amount), purpose = 'forged', hash = '\(sealed.hash)' WHERE code = 'LE-000020';"
      + Funded.restoreGuards)
  #expect(try f.db.app.verifyLedger().ok)
  let result = try f.verify()
  #expect(!result.ok)
  #expect(result.problems.first?.contains("not the ones signed") == true, "\(result.problems)")
}

@Test func droppedTriggersAreReportedWithoutAnyKey() throws {
  let f = try Funded()
  #expect(try f.db.app.check().ok)
  try f.sql("DROP TRIGGER ledger_no_update;")
  let report = try f.db.app.check()
  #expect(!report.ok)
  #expect(report.ledgerGuards.contains { $0.contains("ledger_no_update is missing") }, "\(report.ledgerGuards)")
  // A changed trigger (it no longer aborts) is reported too, and so is an extra one.
  try f.sql(
    "DROP TRIGGER ledger_no_delete; CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN SELECT 1; END;"
      + "CREATE TRIGGER ledger_sneak AFTER INSERT ON ledger BEGIN SELECT 1; END;")
  let changed = try f.db.app.check().ledgerGuards
  #expect(changed.contains { $0.contains("ledger_no_delete was changed") }, "\(changed)")
  #expect(changed.contains { $0.contains("ledger_sneak") }, "\(changed)")
  // The checkpoint still matches, but the verification names the missing guard.
  let result = try f.verify()
  #expect(!result.ok && result.problems.contains { $0.contains("ledger_no_update is missing") })
}

@Test func anEditedCheckpointOrAnotherKeyIsRefused() throws {
  let f = try Funded()
  let edited = f.checkpoint.note.replacing("\n20\n", with: "\n19\n")
  let result = try f.verify(edited)
  #expect(!result.ok && result.problems.first?.contains("does not verify") == true, "\(result.problems)")
  let (_, otherPublic) = try EduCluster.newLedgerKey(name: "andijan-cluster.uz/ledger")
  let stranger = try f.db.app.verifyLedger(checkpoint: f.checkpoint.note, publicKey: otherPublic)
  #expect(!stranger.ok && stranger.problems.first?.contains("does not verify") == true)
}

@Test func textThatReadsLikeOtherTextIsReportedInTheLedger() throws {
  let f = try Funded()
  // "Grant" with a zero-width space, and a decomposed "é": both look like plain text.
  try f.sql(
    Funded.dropGuards
      + "UPDATE ledger SET purpose = 'Gr' || char(8203) || 'ant' WHERE code = 'LE-000001';"
      + "UPDATE ledger SET purpose = 'Caf' || 'e' || char(769) WHERE code = 'LE-000002';" + Funded.restoreGuards)
  let guards = try f.db.app.check().ledgerGuards
  #expect(guards.contains { $0.contains("LE-000001 purpose") && $0.contains("U+200B") }, "\(guards)")
  #expect(guards.contains { $0.contains("LE-000002 purpose") && $0.contains("NFC") }, "\(guards)")
}

@Test func inclusionAndConsistencyProofsCheckAgainstTheirRoots() throws {
  let f = try Funded()
  let proof = try f.db.app.ledgerInclusionProof(code: "LE-000003")
  #expect(proof.leafIndex == 2 && proof.treeSize == 20 && proof.root == f.checkpoint.root)
  #expect(proof.auditPath.count == 5)  // ⌈log2 20⌉
  #expect(throws: AppError.self) { try f.db.app.ledgerInclusionProof(code: "LE-000003", treeSize: 2) }
  #expect(throws: AppError.self) { try f.db.app.ledgerInclusionProof(code: "LE-999999") }
  let consistency = try f.db.app.ledgerConsistencyProof(from: 7, to: 20)
  #expect(consistency.newRoot == f.checkpoint.root && !consistency.proof.isEmpty)
}

@Test func aCheckpointOfAnEmptyLedgerVerifies() throws {
  let db = try TestDatabase("ledger-empty", demo: false)
  let (privateKey, publicKey) = try EduCluster.newLedgerKey(name: "new-cluster.uz/ledger")
  let checkpoint = try db.app.ledgerCheckpoint(privateKey: privateKey)
  #expect(checkpoint.size == 0)
  let result = try db.app.verifyLedger(checkpoint: checkpoint.note, publicKey: publicKey)
  #expect(result.ok, "\(result.problems)")
}
