import AppCore
import AppShell
import ArgumentParser
import Domain
import Foundation
import Localization
import Presentation

/// The text of a file the user named (`what` says which, for the error).
func readText(_ path: String, _ what: String) throws -> String {
  guard let data = FileManager.default.contents(atPath: path) else {
    throw AppError(.notFound, tr("cannot read \(what) \(path)"))
  }
  return String(decoding: data, as: UTF8.self)
}

/// Writes `text` to a new file (never over an existing one), with `mode`.
func writeNewFile(_ path: String, _ text: String, mode: Int) throws {
  if FileManager.default.fileExists(atPath: path) {
    throw AppError(.conflict, tr("\(path) exists: choose another name (a key is never overwritten)"))
  }
  guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
  else { throw AppError(.unavailable, tr("cannot write \(path)")) }
}

struct VerifyLedger: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: say(
      tr("Check the ledger's hash chain, or today's ledger against a signed checkpoint; exit 1 on a problem.")),
    discussion: """
      Without --checkpoint: walks the SHA-256 chain and names the first broken link. With \
      --checkpoint and --public-key: checks the checkpoint's signature, then that the ledger's \
      first entries are exactly the tree the checkpoint signed (a consistency proof, RFC 9162 \
      §2.1.4), and that the append-only triggers stand. Entries appended since pass; a removed \
      tail, a re-sealed edit or a replaced entry fails, naming the first entry that differs \
      where the checkpoints kept in the database can narrow it to one.
      """)

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: FormatOptions
  @Option(help: ArgumentHelp(say(tr("A signed checkpoint file, as `ledger checkpoint` wrote it.")))) var checkpoint:
    String?
  @Option(
    name: .customLong("public-key"),
    help: ArgumentHelp(say(tr("The public key file (FILE.pub of `ledger key create`)."))))
  var publicKey: String?

  func validate() throws {
    if (checkpoint == nil) != (publicKey == nil) {
      throw ValidationError(say(tr("--checkpoint and --public-key go together")))
    }
  }

  func run() throws {
    let app = try database.open()
    if let checkpoint, let publicKey {
      let result = try app.verifyLedger(
        checkpoint: try readText(checkpoint, "the checkpoint"), publicKey: try readText(publicKey, "the public key"))
      if output.format == .json {
        Output.line(try Rendering.json(result))
      } else if result.ok {
        Output.line(
          "ledger ok against \(result.origin)'s checkpoint: its \(result.checkpointSize) entries unchanged, "
            + "\(result.entries - result.checkpointSize) appended since")
      } else {
        Output.line(say(tr("ledger REFUSED against \(result.origin)'s checkpoint:")))
        for p in result.problems { Output.line("  " + p) }
      }
      if !result.ok { throw ExitCode(1) }
      return
    }
    let result = try app.verifyLedger()
    if output.format == .json {
      Output.line(try Rendering.json(result))
    } else if result.ok {
      Output.line(say(tr("ledger ok: \(result.entries) entries, every link intact")))
    } else {
      Output.line(say(tr("ledger BROKEN at \(result.firstBroken ?? "?"): \(result.reason ?? "")")))
    }
    if !result.ok { throw ExitCode(1) }
  }
}

struct LedgerKeyGroup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "key", abstract: say(tr("Signing keys for checkpoints.")), subcommands: [LedgerKeyCreate.self])
}

struct LedgerKeyCreate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "create",
    abstract: say(tr("Write a new Ed25519 key pair: FILE (private, mode 0600) and FILE.pub (give it to funders).")),
    discussion: """
      The keys are in the signed-note format of Go's checksum database and Sigstore \
      (PRIVATE+KEY+NAME+HASH+KEY and NAME+HASH+KEY). The name becomes every checkpoint's \
      origin line: use one that names this cluster's ledger, such as its web address and \
      /ledger. Keep FILE off the server that holds the database: whoever has both can re-sign \
      a rewritten ledger.
      """)

  @Option(help: ArgumentHelp(say(tr("Where to write the private key; the public key goes to FILE.pub.")))) var out:
    String
  @Option(help: ArgumentHelp(say(tr("The key's and the checkpoints' name (no spaces or '+').")))) var name =
    "educluster/ledger"

  func run() throws {
    let (privateKey, publicKey) = try EduCluster.newLedgerKey(name: name)
    if FileManager.default.fileExists(atPath: out + ".pub") {
      throw AppError(.conflict, tr("\(out).pub exists: choose another name (a key is never overwritten)"))
    }
    try writeNewFile(out, privateKey + "\n", mode: 0o600)
    try writeNewFile(out + ".pub", publicKey + "\n", mode: 0o644)
    Output.line(say(tr("wrote \(out) (private: keep it safe) and \(out).pub: \(publicKey)")))
  }
}

struct LedgerCheckpointCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "checkpoint",
    abstract: say(tr("Sign a checkpoint of the whole ledger (C2SP tlog-checkpoint) and keep it in the database.")),
    discussion: """
      The checkpoint is three lines — the key's name, the number of entries, the base64 root \
      of the RFC 9162 Merkle tree whose leaves are the entries' chain hashes — a blank line and \
      the Ed25519 signature line. Hand it to funders with the public key; the API serves the \
      latest one.
      """)

  @OptionGroup var database: DatabaseOptions
  @Option(help: ArgumentHelp(say(tr("The private key file of `ledger key create`.")))) var key: String
  @Option(help: ArgumentHelp(say(tr("Also write the checkpoint to this new file (else standard output only)."))))
  var out: String?

  func run() throws {
    let app = try database.open()
    let checkpoint = try app.ledgerCheckpoint(privateKey: try readText(key, "the private key"))
    if let out { try writeNewFile(out, checkpoint.note, mode: 0o644) }
    Output.write(checkpoint.note)
  }
}

struct LedgerProve: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prove",
    abstract: say(tr("Print the inclusion proof of one entry against a checkpoint (RFC 9162 §2.1.3).")),
    discussion: """
      The proof holds leaf_index (0-based), tree_size, leaf (the entry's chain hash, hex) and \
      audit_path (base64 sibling hashes from the leaf up). With the checkpoint's root it shows \
      the entry is in the tree the funder holds.
      """)

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: FormatOptions
  @Argument(help: ArgumentHelp(say(tr("The entry's code, e.g. LE-000003.")))) var code: String
  @Option(help: ArgumentHelp(say(tr("The checkpoint to prove against (default: the whole ledger now)."))))
  var checkpoint: String?

  func run() throws {
    let app = try database.open()
    var size: Int?
    var root: String?
    if let checkpoint {
      let kept = try EduCluster.readCheckpoint(try readText(checkpoint, "the checkpoint"))
      (size, root) = (kept.size, kept.root)
    }
    let proof = try app.ledgerInclusionProof(code: code, treeSize: size)
    if let root, proof.root != root {
      throw AppError(.invalid, tr("the ledger no longer matches the checkpoint: run ledger verify --checkpoint"))
    }
    if output.format == .table {
      Output.line(say(tr("\(proof.code): leaf \(proof.leafIndex) of \(proof.treeSize), hash \(proof.leaf)")))
      for (i, h) in proof.auditPath.enumerated() { Output.line("  \(i + 1). \(h)") }
      Output.line(say(tr("root \(proof.root)")))
    } else {
      Output.line(try Rendering.json(proof))
    }
  }
}

struct LedgerConsistency: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "consistency",
    abstract: say(tr("Print the consistency proof between two checkpoints (RFC 9162 §2.1.4).")))

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: FormatOptions
  @Option(help: ArgumentHelp(say(tr("The earlier checkpoint.")))) var from: String
  @Option(help: ArgumentHelp(say(tr("The later checkpoint.")))) var to: String

  func run() throws {
    let app = try database.open()
    let old = try EduCluster.readCheckpoint(try readText(from, "the checkpoint"))
    let new = try EduCluster.readCheckpoint(try readText(to, "the checkpoint"))
    let proof = try app.ledgerConsistencyProof(from: old.size, to: new.size)
    if proof.oldRoot != old.root || proof.newRoot != new.root {
      throw AppError(.invalid, tr("the ledger no longer matches the checkpoints: run ledger verify --checkpoint"))
    }
    if output.format == .table {
      Output.line(say(tr("\(proof.oldSize) → \(proof.newSize) entries:")))
      for (i, h) in proof.proof.enumerated() { Output.line("  \(i + 1). \(h)") }
    } else {
      Output.line(try Rendering.json(proof))
    }
  }
}
