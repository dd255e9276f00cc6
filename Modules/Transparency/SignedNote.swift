import Crypto
import Foundation

/// Why a key, a note or a checkpoint was refused; `message` says what to do.
public struct NoteError: Error, Sendable, Equatable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// An Ed25519 key in the C2SP signed-note format (Go's `golang.org/x/mod/sumdb/note`):
/// the verifier key `NAME+HASH+BASE64(0x01 ‖ public key)` and the signer key
/// `PRIVATE+KEY+NAME+HASH+BASE64(0x01 ‖ seed)`, where HASH is the key ID in 8 hex digits —
/// the first four bytes of SHA-256(NAME ‖ "\n" ‖ 0x01 ‖ public key).
public struct NoteVerifier: Sendable, Hashable {
  public let name: String
  public let keyID: UInt32
  public let publicKey: Data

  /// The key ID a name and an Ed25519 public key have.
  static func keyID(name: String, publicKey: Data) -> UInt32 {
    var h = SHA256()
    h.update(data: Data((name + "\n").utf8))
    h.update(data: [0x01])
    h.update(data: publicKey)
    return Data(h.finalize()).prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
  }

  /// A key name: printable, no spaces and no `+` (the note format's rule).
  static func check(name: String) throws(NoteError) {
    guard !name.isEmpty, !name.contains("+"),
      name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && !$0.properties.isWhitespace })
    else {
      throw NoteError("a key name must be non-empty, without spaces or '+' (e.g. cluster.example.uz/ledger)")
    }
  }

  init(name: String, publicKey: Data) {
    self.name = name
    self.publicKey = publicKey
    keyID = Self.keyID(name: name, publicKey: publicKey)
  }

  /// Reads a verifier key (`NAME+HASH+BASE64`, surrounding whitespace ignored).
  public init(text: String) throws(NoteError) {
    let parts = text.trimmingCharacters(in: .whitespacesAndNewlines)
      .split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
    guard parts.count == 3, let hash = UInt32(parts[1], radix: 16), parts[1].count == 8,
      let key = Data(base64Encoded: String(parts[2])), key.count == 33, key.first == 0x01
    else {
      throw NoteError("not a public key: expected NAME+HASH+KEY as `ledger key create` writes to FILE.pub")
    }
    try Self.check(name: String(parts[0]))
    self.init(name: String(parts[0]), publicKey: key.dropFirst())
    guard keyID == hash else {
      throw NoteError("the public key's hash does not match its name and key: it was altered")
    }
  }

  /// The verifier key as text.
  public var text: String {
    name + "+" + String(format: "%08x", keyID) + "+" + (Data([0x01]) + publicKey).base64EncodedString()
  }

  /// The text of `note` when one of its signatures is this key's and valid.
  public func open(_ note: String) throws(NoteError) -> String {
    let (body, signatures) = try SignedNote.split(note)
    var named = false
    for (signer, blob) in signatures where signer == name {
      named = true
      guard blob.count == 68, blob.prefix(4).reduce(0, { $0 << 8 | UInt32($1) }) == keyID else { continue }
      let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)
      if key?.isValidSignature(blob.dropFirst(4), for: Data(body.utf8)) == true { return body }
      throw NoteError(
        "the signature of \(name) does not match the text: the checkpoint was altered or signed by another key")
    }
    throw NoteError(
      named
        ? "the signature of \(name) is by another key of that name"
        : "the note carries no signature by \(name)")
  }
}

/// The private half: signs notes. Keep its file private (mode 0600).
public struct NoteSigner: Sendable {
  public let verifier: NoteVerifier
  /// The Ed25519 seed (32 bytes).
  let seed: Data

  public var name: String { verifier.name }

  /// A new random key pair named `name`.
  public init(generating name: String) throws(NoteError) {
    try NoteVerifier.check(name: name)
    let key = Curve25519.Signing.PrivateKey()
    seed = key.rawRepresentation
    verifier = NoteVerifier(name: name, publicKey: key.publicKey.rawRepresentation)
  }

  /// Reads a signer key (`PRIVATE+KEY+NAME+HASH+BASE64`).
  public init(text: String) throws(NoteError) {
    let parts = text.trimmingCharacters(in: .whitespacesAndNewlines)
      .split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
    guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY", parts[3].count == 8,
      let hash = UInt32(parts[3], radix: 16), let seed = Data(base64Encoded: String(parts[4])), seed.count == 33,
      seed.first == 0x01, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed.dropFirst())
    else {
      throw NoteError("not a private key: expected PRIVATE+KEY+NAME+HASH+KEY as `ledger key create` writes")
    }
    try NoteVerifier.check(name: String(parts[2]))
    self.seed = key.rawRepresentation
    verifier = NoteVerifier(name: String(parts[2]), publicKey: key.publicKey.rawRepresentation)
    guard verifier.keyID == hash else {
      throw NoteError("the private key's hash does not match its key: it was altered")
    }
  }

  public var text: String {
    "PRIVATE+KEY+" + name + "+" + String(format: "%08x", verifier.keyID) + "+"
      + (Data([0x01]) + seed).base64EncodedString()
  }

  /// `body` (text ending in a newline) signed: the body, a blank line, the signature line.
  public func sign(_ body: String) throws(NoteError) -> String {
    guard body.hasSuffix("\n"), !body.contains("\n\n") else { throw NoteError("a note's text ends in one newline") }
    guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed),
      let signature = try? key.signature(for: Data(body.utf8))
    else { throw NoteError("signing failed") }
    let id = verifier.keyID
    let blob = Data([UInt8(id >> 24), UInt8(id >> 16 & 0xFF), UInt8(id >> 8 & 0xFF), UInt8(id & 0xFF)]) + signature
    return body + "\n" + SignedNote.dash + name + " " + blob.base64EncodedString() + "\n"
  }
}

/// The signed-note text format: the text, a blank line, then `— NAME BASE64` lines.
public enum SignedNote {
  /// An em dash and a space open every signature line.
  public static let dash = "\u{2014} "

  /// The text (with its final newline) and each signature's name and decoded bytes.
  static func split(_ note: String) throws(NoteError) -> (String, [(String, Data)]) {
    guard let gap = note.range(of: "\n\n", options: .backwards) else {
      throw NoteError("not a signed note: no blank line before the signatures")
    }
    let body = String(note[..<gap.lowerBound]) + "\n"
    var signatures = [(String, Data)]()
    for line in note[gap.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
      if line.isEmpty { continue }
      guard line.hasPrefix(dash) else { throw NoteError("not a signature line: \(line.prefix(60))") }
      let fields = line.dropFirst(dash.count).split(separator: " ")
      guard fields.count == 2, let blob = Data(base64Encoded: String(fields[1])) else {
        throw NoteError("not a signature line: \(line.prefix(60))")
      }
      signatures.append((String(fields[0]), blob))
    }
    guard !signatures.isEmpty else { throw NoteError("the note has no signature lines") }
    return (body, signatures)
  }
}

/// A C2SP `tlog-checkpoint` body: the origin (the log's name), the tree size and the root
/// hash in base64, each on its own line.
public struct Checkpoint: Sendable, Hashable, Codable {
  public var origin: String
  public var size: Int
  public var root: Data

  public init(origin: String, size: Int, root: Data) {
    self.origin = origin
    self.size = size
    self.root = root
  }

  public var body: String { "\(origin)\n\(size)\n\(root.base64EncodedString())\n" }

  /// Reads a body (extension lines after the root are allowed and ignored).
  public init(body: String) throws(NoteError) {
    let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.count >= 4, !lines[0].isEmpty, let size = Int(lines[1]), size >= 0, String(size) == lines[1],
      let root = Data(base64Encoded: String(lines[2])), root.count == 32
    else {
      throw NoteError("not a checkpoint: expected the origin, the tree size and a base64 root hash, one per line")
    }
    self.init(origin: String(lines[0]), size: size, root: root)
  }

  /// A signed checkpoint's body, once `verifier` has checked the signature; its origin must be
  /// the key's name.
  public static func open(_ note: String, with verifier: NoteVerifier) throws(NoteError) -> Checkpoint {
    let checkpoint = try Checkpoint(body: try verifier.open(note))
    guard checkpoint.origin == verifier.name else {
      throw NoteError("the checkpoint is for \(checkpoint.origin), the key for \(verifier.name)")
    }
    return checkpoint
  }

  /// A checkpoint's body without checking any signature (to compute proofs for it).
  public static func unverified(_ note: String) throws(NoteError) -> Checkpoint {
    try Checkpoint(body: try SignedNote.split(note).0)
  }
}
