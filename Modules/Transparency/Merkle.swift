import Crypto
import Foundation

/// The Merkle tree of RFC 9162 (Certificate Transparency 2.0) §2.1, over SHA-256: leaf hash
/// SHA-256(0x00 ‖ leaf), node hash SHA-256(0x01 ‖ left ‖ right), and for a tree of n > 1
/// leaves the split at k, the largest power of two below n. Proofs are lists of 32-byte hashes.
public enum Merkle {
  /// MTH({}) — the hash of the empty string.
  public static let emptyRoot = Data(SHA256.hash(data: Data()))

  public static func leafHash(_ leaf: Data) -> Data {
    var h = SHA256()
    h.update(data: [0x00])
    h.update(data: leaf)
    return Data(h.finalize())
  }

  public static func nodeHash(_ left: Data, _ right: Data) -> Data {
    var h = SHA256()
    h.update(data: [0x01])
    h.update(data: left)
    h.update(data: right)
    return Data(h.finalize())
  }

  /// The largest power of two smaller than `n` (n > 1).
  static func split(_ n: Int) -> Int {
    var k = 1
    while k << 1 < n { k <<= 1 }
    return k
  }

  /// MTH(D[n]) from the leaves' hashes.
  public static func root(_ leafHashes: ArraySlice<Data>) -> Data {
    switch leafHashes.count {
    case 0: return emptyRoot
    case 1: return leafHashes[leafHashes.startIndex]
    default:
      let mid = leafHashes.startIndex + split(leafHashes.count)
      return nodeHash(root(leafHashes[..<mid]), root(leafHashes[mid...]))
    }
  }

  /// PATH(m, D[n]) of §2.1.3.1: the audit path of leaf `index` in the tree of `leafHashes`.
  public static func inclusionProof(index: Int, _ leafHashes: ArraySlice<Data>) -> [Data] {
    let n = leafHashes.count
    guard n > 1, index >= 0, index < n else { return [] }
    let k = split(n)
    let mid = leafHashes.startIndex + k
    if index < k {
      return inclusionProof(index: index, leafHashes[..<mid]) + [root(leafHashes[mid...])]
    }
    return inclusionProof(index: index - k, leafHashes[mid...]) + [root(leafHashes[..<mid])]
  }

  /// PROOF(m, D[n]) of §2.1.4.1: that the first `oldSize` leaves are the tree of `leafHashes`'s
  /// first `oldSize`.
  public static func consistencyProof(oldSize: Int, _ leafHashes: ArraySlice<Data>) -> [Data] {
    guard oldSize > 0, oldSize < leafHashes.count else { return [] }
    return subproof(oldSize, leafHashes, complete: true)
  }

  static func subproof(_ m: Int, _ d: ArraySlice<Data>, complete: Bool) -> [Data] {
    let n = d.count
    if m == n { return complete ? [] : [root(d)] }
    let k = split(n)
    let mid = d.startIndex + k
    if m <= k { return subproof(m, d[..<mid], complete: complete) + [root(d[mid...])] }
    return subproof(m - k, d[mid...], complete: false) + [root(d[..<mid])]
  }

  /// §2.1.3.2: whether `proof` shows the leaf with `leafHash` at `index` in the tree of
  /// `size` leaves whose root is `root`.
  public static func verifyInclusion(leafHash: Data, index: Int, size: Int, proof: [Data], root: Data) -> Bool {
    guard index >= 0, index < size else { return false }
    var fn = index
    var sn = size - 1
    var r = leafHash
    for p in proof {
      if sn == 0 { return false }
      if fn & 1 == 1 || fn == sn {
        r = nodeHash(p, r)
        while fn & 1 == 0 && fn != 0 {
          fn >>= 1
          sn >>= 1
        }
      } else {
        r = nodeHash(r, p)
      }
      fn >>= 1
      sn >>= 1
    }
    return sn == 0 && r == root
  }

  /// §2.1.4.2: whether `proof` shows the tree of `oldSize` leaves with `oldRoot` to be the
  /// first `oldSize` leaves of the tree of `newSize` leaves with `newRoot`.
  public static func verifyConsistency(
    oldSize: Int, newSize: Int, oldRoot: Data, newRoot: Data, proof: [Data]
  ) -> Bool {
    guard oldSize > 0, oldSize <= newSize else { return false }
    if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
    guard !proof.isEmpty else { return false }
    var path = proof
    if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
    var fn = oldSize - 1
    var sn = newSize - 1
    while fn & 1 == 1 {
      fn >>= 1
      sn >>= 1
    }
    var fr = path[0]
    var sr = path[0]
    for c in path.dropFirst() {
      if sn == 0 { return false }
      if fn & 1 == 1 || fn == sn {
        fr = nodeHash(c, fr)
        sr = nodeHash(c, sr)
        while fn & 1 == 0 && fn != 0 {
          fn >>= 1
          sn >>= 1
        }
      } else {
        sr = nodeHash(sr, c)
      }
      fn >>= 1
      sn >>= 1
    }
    return fr == oldRoot && sr == newRoot && sn == 0
  }
}
