import Crypto
import Foundation
import Testing
import Transparency

// An independent RFC 9162 §2.1 implementation, written from the RFC's definitions (recursive
// MTH, PATH and SUBPROOF, and verifiers that rebuild the roots by recursion), not from the
// production code's iterative verification algorithms. Production proofs must equal these and
// verify with both.

enum Reference {
  static func sha(_ parts: Data...) -> Data {
    var h = SHA256()
    for p in parts { h.update(data: p) }
    return Data(h.finalize())
  }
  static func leaf(_ d: Data) -> Data { sha(Data([0]), d) }
  static func node(_ l: Data, _ r: Data) -> Data { sha(Data([1]), l, r) }
  static func k(_ n: Int) -> Int {
    var k = 1
    while k * 2 < n { k *= 2 }
    return k
  }

  /// MTH(D[n]) over raw leaves.
  static func mth(_ d: [Data]) -> Data {
    if d.isEmpty { return sha() }
    if d.count == 1 { return leaf(d[0]) }
    let k = k(d.count)
    return node(mth(Array(d[..<k])), mth(Array(d[k...])))
  }

  static func path(_ m: Int, _ d: [Data]) -> [Data] {
    if d.count <= 1 { return [] }
    let k = k(d.count)
    if m < k { return path(m, Array(d[..<k])) + [mth(Array(d[k...]))] }
    return path(m - k, Array(d[k...])) + [mth(Array(d[..<k]))]
  }

  static func subproof(_ m: Int, _ d: [Data], _ b: Bool) -> [Data] {
    if m == d.count { return b ? [] : [mth(d)] }
    let k = k(d.count)
    if m <= k { return subproof(m, Array(d[..<k]), b) + [mth(Array(d[k...]))] }
    return subproof(m - k, Array(d[k...]), false) + [mth(Array(d[..<k]))]
  }

  /// The root a leaf hash and its audit path give, consuming the path from its end.
  static func rootFrom(_ m: Int, _ n: Int, _ leafHash: Data, _ path: inout [Data]) -> Data? {
    if n == 1 { return leafHash }
    let k = k(n)
    guard let sibling = path.popLast() else { return nil }
    if m < k { return rootFrom(m, k, leafHash, &path).map { node($0, sibling) } }
    return rootFrom(m - k, n - k, leafHash, &path).map { node(sibling, $0) }
  }

  static func verifyInclusion(_ m: Int, _ n: Int, _ leafHash: Data, _ proof: [Data], _ root: Data) -> Bool {
    var path = proof
    return rootFrom(m, n, leafHash, &path) == root && path.isEmpty
  }

  /// Both roots a consistency proof gives, decoding SUBPROOF from its end.
  static func roots(_ m: Int, _ n: Int, _ b: Bool, _ proof: inout [Data], _ oldRoot: Data) -> (Data, Data)? {
    if m == n {
      if b { return (oldRoot, oldRoot) }
      guard let h = proof.popLast() else { return nil }
      return (h, h)
    }
    let k = k(n)
    guard let sibling = proof.popLast() else { return nil }
    if m <= k {
      guard let (o, r) = roots(m, k, b, &proof, oldRoot) else { return nil }
      return (o, node(r, sibling))
    }
    guard let (o, r) = roots(m - k, n - k, false, &proof, oldRoot) else { return nil }
    return (node(sibling, o), node(sibling, r))
  }

  static func verifyConsistency(_ m: Int, _ n: Int, _ proof: [Data], _ oldRoot: Data, _ newRoot: Data) -> Bool {
    var p = proof
    guard let (o, r) = roots(m, n, true, &p, oldRoot) else { return false }
    return p.isEmpty && o == oldRoot && r == newRoot
  }
}

/// Leaves like the ledger's: 32 bytes each, distinct.
func leaves(_ n: Int) -> [Data] { (0..<n).map { Reference.sha(Data("entry \($0)".utf8)) } }

@Test func rootsMatchTheRFCDefinitionAndKnownAnswers() {
  #expect(Merkle.emptyRoot == Reference.sha())
  for n in 0...64 {
    let d = leaves(n)
    #expect(Merkle.root(d.map(Merkle.leafHash)[...]) == Reference.mth(d), "size \(n)")
  }
  // RFC 6962's test vector: the tree over the empty leaf is SHA-256(0x00).
  #expect(
    Merkle.leafHash(Data()).map { String(format: "%02x", $0) }.joined()
      == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
}

@Test func everyInclusionProofOfTreesOfOneTo64EntriesChecks() {
  for n in 1...64 {
    let d = leaves(n)
    let hashes = d.map(Merkle.leafHash)
    let root = Reference.mth(d)
    for m in 0..<n {
      let proof = Merkle.inclusionProof(index: m, hashes[...])
      #expect(proof == Reference.path(m, d), "size \(n) index \(m)")
      #expect(Merkle.verifyInclusion(leafHash: hashes[m], index: m, size: n, proof: proof, root: root))
      #expect(Reference.verifyInclusion(m, n, hashes[m], proof, root))
      // The wrong leaf, the wrong index or an altered path does not check.
      let other = hashes[(m + 1) % n]
      if n > 1 {
        #expect(!Merkle.verifyInclusion(leafHash: other, index: m, size: n, proof: proof, root: root))
        #expect(!Merkle.verifyInclusion(leafHash: hashes[m], index: (m + 1) % n, size: n, proof: proof, root: root))
        var bent = proof
        bent[0][0] ^= 1
        #expect(!Merkle.verifyInclusion(leafHash: hashes[m], index: m, size: n, proof: bent, root: root))
      }
      // An index past the tree's end never checks. (A wrong size can: the size is bound by the
      // signed checkpoint, not by the hashes.)
      #expect(!Merkle.verifyInclusion(leafHash: hashes[m], index: n, size: n, proof: proof, root: root))
    }
  }
}

@Test func everyConsistencyProofOfTreesOfOneTo64EntriesChecks() {
  let all = leaves(64)
  let hashes = all.map(Merkle.leafHash)
  for n in 1...64 {
    let newRoot = Reference.mth(Array(all[..<n]))
    for m in 1...n {
      let oldRoot = Reference.mth(Array(all[..<m]))
      let proof = Merkle.consistencyProof(oldSize: m, hashes[..<n])
      #expect(proof == (m == n ? [] : Reference.subproof(m, Array(all[..<n]), true)), "\(m) → \(n)")
      #expect(
        Merkle.verifyConsistency(oldSize: m, newSize: n, oldRoot: oldRoot, newRoot: newRoot, proof: proof),
        "\(m) → \(n)")
      if m < n {
        #expect(Reference.verifyConsistency(m, n, proof, oldRoot, newRoot), "\(m) → \(n)")
        // An old tree that differs in any leaf is not consistent with the new one.
        var forged = Array(all[..<m])
        forged[m - 1] = Data("forged".utf8)
        #expect(
          !Merkle.verifyConsistency(
            oldSize: m, newSize: n, oldRoot: Reference.mth(forged), newRoot: newRoot, proof: proof))
      }
    }
  }
}
