import Domain
import Testing

func chain(_ n: Int) -> [LedgerEntry] {
  var out = [LedgerEntry]()
  for i in 1...n {
    let e = LedgerEntry(
      code: "LE-\(i)", date: Day(year: 2025, month: 1, day: i)!, from: "A", to: "B", amount: i * 1000,
      purpose: "tranche \(i)")
    out.append(LedgerChain.seal(e, previousHash: out.last?.hash))
  }
  return out
}

@Test func intactChainVerifies() {
  let entries = chain(5)
  #expect(entries[0].prevHash == LedgerChain.genesis)
  #expect(entries[1].prevHash == entries[0].hash)
  #expect(entries.allSatisfy { $0.hash.count == 64 })
  let v = LedgerChain.verify(entries)
  #expect(v.ok)
  #expect(v.entries == 5)
}

@Test func alteredAmountIsFoundAtItsEntry() {
  var entries = chain(5)
  entries[2].amount += 1
  let v = LedgerChain.verify(entries)
  #expect(!v.ok)
  #expect(v.firstBroken == "LE-3")
}

@Test func removedEntryBreaksTheNextLink() {
  var entries = chain(5)
  entries.remove(at: 1)
  let v = LedgerChain.verify(entries)
  #expect(v.firstBroken == "LE-3")
}

@Test func hashIsStableAcrossRuns() {
  // A fixed entry hashes to a fixed value: the canonical form must never change silently.
  let e = LedgerEntry(code: "LE-1", date: Day(year: 2025, month: 1, day: 1)!, from: "A", to: "B", amount: 100)
  #expect(
    LedgerChain.hash(previous: LedgerChain.genesis, entry: e)
      == LedgerChain.hash(previous: LedgerChain.genesis, entry: e))
  #expect(e.canonicalForm == "LE-1\u{1F}2025-01-01\u{1F}A\u{1F}B\u{1F}100\u{1F}UZS\u{1F}\u{1F}\u{1F}")
}
