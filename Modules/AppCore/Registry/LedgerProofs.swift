import Domain
import Foundation
import Localization
import Storage
import Transparency

/// A signed checkpoint of the ledger: the note a funder keeps, and what it says.
public struct LedgerCheckpoint: Sendable, Codable, Hashable {
  /// The log's name: the key's name.
  public var origin: String
  /// How many entries, from the first, the checkpoint covers.
  public var size: Int
  /// The Merkle tree's root over those entries, base64.
  public var root: String
  /// The C2SP checkpoint as a signed note: the text to keep.
  public var note: String
}

/// The inclusion proof of one entry (RFC 9162 §2.1.3), against a tree of `treeSize` entries.
public struct LedgerInclusionProof: Sendable, Codable, Hashable {
  public var code: String
  /// 0-based position of the entry in the ledger.
  public var leafIndex: Int
  public var treeSize: Int
  /// The leaf: the entry's chain hash (hex) — SHA-256 over the previous hash and its fields.
  public var leaf: String
  /// Sibling hashes from the leaf up, base64.
  public var auditPath: [String]
  /// The root the path leads to, base64 (the checkpoint's).
  public var root: String
}

/// The consistency proof between two sizes of the ledger (RFC 9162 §2.1.4).
public struct LedgerConsistencyProof: Sendable, Codable, Hashable {
  public var oldSize: Int
  public var newSize: Int
  public var oldRoot: String
  public var newRoot: String
  public var proof: [String]
}

/// What checking today's ledger against a funder's checkpoint found.
public struct LedgerCheckpointVerification: Sendable, Codable, Hashable {
  public var ok: Bool
  public var origin: String
  /// Entries the checkpoint covers, and entries the ledger has now.
  public var checkpointSize: Int
  public var entries: Int
  /// The first entry that differs (or is missing) when it can be named.
  public var firstDiffering: String?
  /// Why it failed, sentence by sentence; empty when ok.
  public var problems: [String]
  /// The consistency proof from the checkpoint to today's ledger, base64 (when consistent).
  public var consistency: [String]
}

extension EduCluster {
  /// A new Ed25519 key pair for signing checkpoints: the private key's text and the public
  /// key's, in the signed-note format (`NAME+HASH+KEY`).
  public static func newLedgerKey(name: String) throws(AppError) -> (privateKey: String, publicKey: String) {
    let signer = try noteCall { () throws(NoteError) in try NoteSigner(generating: name) }
    return (signer.text, signer.verifier.text)
  }

  /// The ledger's leaves — each entry's chain hash as 32 bytes — after checking the chain.
  func ledgerLeaves() throws(AppError) -> (entries: [LedgerEntry], hashes: [Data]) {
    let entries = try ledger()
    let chain = LedgerChain.verify(entries)
    guard chain.ok else {
      throw AppError(
        .invalid,
        tr("the ledger's chain is broken at \(chain.firstBroken ?? "?"): \(chain.reason ?? "") — run ledger verify"))
    }
    return (entries, try Self.leafHashes(entries))
  }

  /// The Merkle leaf hash of each entry's chain hash.
  static func leafHashes(_ entries: [LedgerEntry]) throws(AppError) -> [Data] {
    var hashes = [Data]()
    hashes.reserveCapacity(entries.count)
    for e in entries {
      guard let raw = Data(hex: e.hash), raw.count == 32 else {
        throw AppError(.invalid, tr("ledger entry \(e.code) has no SHA-256 hash"))
      }
      hashes.append(Merkle.leafHash(raw))
    }
    return hashes
  }

  /// Signs a checkpoint of the whole ledger with the private key's text, keeps it, returns it.
  public func ledgerCheckpoint(privateKey: String) throws(AppError) -> LedgerCheckpoint {
    let signer = try Self.noteCall { () throws(NoteError) in try NoteSigner(text: privateKey) }
    let (_, hashes) = try ledgerLeaves()
    let checkpoint = Checkpoint(origin: signer.name, size: hashes.count, root: Merkle.root(hashes[...]))
    let note = try Self.noteCall { () throws(NoteError) in try signer.sign(checkpoint.body) }
    try mapped { try store.addLedgerCheckpoint(note: note, size: checkpoint.size) }
    return LedgerCheckpoint(
      origin: checkpoint.origin, size: checkpoint.size, root: checkpoint.root.base64EncodedString(), note: note)
  }

  /// The checkpoint signed last (the API serves it to anyone who may read).
  public func latestLedgerCheckpoint() throws(AppError) -> LedgerCheckpoint {
    guard let note = try mapped({ try store.ledgerCheckpoints() }).last else {
      throw AppError(.notFound, tr("no checkpoint yet: sign one with `educluster ledger checkpoint --key FILE`"))
    }
    return try Self.readCheckpoint(note)
  }

  /// Checks the checkpoint's signature with the public key, then that today's ledger still
  /// holds exactly the checkpoint's tree as its first entries, and that its append-only guards
  /// stand. A later, honestly appended entry passes.
  public func verifyLedger(checkpoint note: String, publicKey: String) throws(AppError) -> LedgerCheckpointVerification
  {
    let verifier = try Self.noteCall { () throws(NoteError) in try NoteVerifier(text: publicKey) }
    let entries = try ledger()
    var result = LedgerCheckpointVerification(
      ok: false, origin: verifier.name, checkpointSize: 0, entries: entries.count, firstDiffering: nil, problems: [],
      consistency: [])
    result.problems = try mapped { try store.ledgerGuardProblems() }
    let checkpoint: Checkpoint
    do { checkpoint = try Checkpoint.open(note, with: verifier) } catch {
      result.problems.insert("the checkpoint does not verify: \(error.message)", at: 0)
      return result
    }
    result.checkpointSize = checkpoint.size
    let chain = LedgerChain.verify(entries)
    if !chain.ok {
      result.firstDiffering = chain.firstBroken
      result.problems.insert("the chain is broken at \(chain.firstBroken ?? "?"): \(chain.reason ?? "")", at: 0)
      return result
    }
    let hashes = try Self.leafHashes(entries)
    if entries.count < checkpoint.size {
      result.firstDiffering = entries.count > 0 ? "after \(entries[entries.count - 1].code)" : "the first entry"
      result.problems.insert(
        "the ledger has \(entries.count) entries but the checkpoint covers \(checkpoint.size): "
          + "entries \(entries.count + 1)–\(checkpoint.size) were removed", at: 0)
      return result
    }
    guard Merkle.root(hashes[..<checkpoint.size]) == checkpoint.root else {
      let (first, words) = try firstDiffering(entries, hashes, within: checkpoint.size, verifier: verifier)
      result.firstDiffering = first
      result.problems.insert(
        "the ledger's first \(checkpoint.size) entries are not the ones signed: \(words) "
          + "was changed, replaced or re-sealed", at: 0)
      return result
    }
    let proof = Merkle.consistencyProof(oldSize: checkpoint.size, hashes[...])
    // Every ledger starts with the empty one: a checkpoint of no entries needs no proof.
    let consistent =
      checkpoint.size == 0
      || Merkle.verifyConsistency(
        oldSize: checkpoint.size, newSize: hashes.count, oldRoot: checkpoint.root, newRoot: Merkle.root(hashes[...]),
        proof: proof)
    if !consistent { result.problems.insert("the consistency proof does not check", at: 0) }
    result.consistency = proof.map { $0.base64EncodedString() }
    result.ok = result.problems.isEmpty
    return result
  }

  /// Narrows down the first changed entry among the first `size` with the checkpoints kept
  /// in the database that the same key signed: the entries a still-matching one covers are
  /// unchanged; one that no longer matches bounds the change from above.
  func firstDiffering(
    _ entries: [LedgerEntry], _ hashes: [Data], within size: Int, verifier: NoteVerifier
  ) throws(AppError) -> (String?, String) {
    var low = 0
    var high = size
    for note in try mapped({ try store.ledgerCheckpoints() }) {
      guard let kept = try? Checkpoint.open(note, with: verifier), kept.size > 0, kept.size <= size else { continue }
      if Merkle.root(hashes[..<kept.size]) == kept.root {
        low = max(low, kept.size)
      } else {
        high = min(high, kept.size)
      }
    }
    guard low < high else { return (nil, "an entry") }
    if high - low == 1 { return (entries[low].code, "entry \(entries[low].code)") }
    return (nil, "an entry from \(entries[low].code) to \(entries[high - 1].code)")
  }

  /// The inclusion proof of entry `code` in the tree of the first `treeSize` entries
  /// (default: the whole ledger).
  public func ledgerInclusionProof(code: String, treeSize: Int? = nil) throws(AppError) -> LedgerInclusionProof {
    let (entries, hashes) = try ledgerLeaves()
    guard let index = entries.firstIndex(where: { $0.code == code }) else {
      throw AppError(.notFound, tr("no ledger entry with code '\(code)'"))
    }
    let size = treeSize ?? entries.count
    guard size > index, size <= entries.count else {
      throw AppError(
        .invalid,
        tr(
          "entry \(code) is number \(index + 1): a tree of \(size) entries (the ledger has \(entries.count)) does not hold it"
        )
      )
    }
    return LedgerInclusionProof(
      code: code, leafIndex: index, treeSize: size, leaf: entries[index].hash,
      auditPath: Merkle.inclusionProof(index: index, hashes[..<size]).map { $0.base64EncodedString() },
      root: Merkle.root(hashes[..<size]).base64EncodedString())
  }

  /// The consistency proof from the first `from` entries to the first `to`.
  public func ledgerConsistencyProof(from: Int, to: Int) throws(AppError) -> LedgerConsistencyProof {
    let hashes = try ledgerLeaves().hashes
    guard from >= 1, from <= to, to <= hashes.count else {
      throw AppError(.invalid, tr("sizes must satisfy 1 ≤ from ≤ to ≤ \(hashes.count) (the ledger's entries)"))
    }
    return LedgerConsistencyProof(
      oldSize: from, newSize: to, oldRoot: Merkle.root(hashes[..<from]).base64EncodedString(),
      newRoot: Merkle.root(hashes[..<to]).base64EncodedString(),
      proof: Merkle.consistencyProof(oldSize: from, hashes[..<to]).map { $0.base64EncodedString() })
  }

  /// Runs signed-note code, its refusal as an invalid-input error.
  static func noteCall<T>(_ body: () throws(NoteError) -> T) throws(AppError) -> T {
    do { return try body() } catch { throw AppError(.invalid, Phrase(verbatim: error.message)) }
  }
}

extension Data {
  /// Bytes from lowercase or uppercase hex; nil for anything else.
  init?(hex: String) {
    guard hex.utf8.count % 2 == 0 else { return nil }
    var bytes = [UInt8]()
    bytes.reserveCapacity(hex.utf8.count / 2)
    var high: UInt8?
    for c in hex.utf8 {
      let v: UInt8
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): v = c - UInt8(ascii: "A") + 10
      default: return nil
      }
      if let h = high {
        bytes.append(h << 4 | v)
        high = nil
      } else {
        high = v
      }
    }
    self.init(bytes)
  }
}

extension EduCluster {
  /// A checkpoint note's contents, without checking its signature (to compute proofs for it;
  /// `verifyLedger(checkpoint:publicKey:)` checks it).
  public static func readCheckpoint(_ note: String) throws(AppError) -> LedgerCheckpoint {
    let c = try noteCall { () throws(NoteError) in try Checkpoint.unverified(note) }
    return LedgerCheckpoint(origin: c.origin, size: c.size, root: c.root.base64EncodedString(), note: note)
  }
}
