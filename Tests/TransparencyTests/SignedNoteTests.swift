import Foundation
import Testing
import Transparency

// The key and note from Go's golang.org/x/mod/sumdb/note documentation and tests: what we read
// and write is what Go's checksum database, Sigstore and their witnesses read and write.
let goVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
let goSignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
let goText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
let goNote =
  goText
  + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

@Test func goKnownAnswerKeysAndNote() throws {
  let verifier = try NoteVerifier(text: goVerifierKey)
  #expect(verifier.name == "PeterNeumann")
  #expect(verifier.keyID == 0xc74f_20a3)
  #expect(verifier.text == goVerifierKey)
  #expect(try verifier.open(goNote) == goText)
  let signer = try NoteSigner(text: goSignerKey)
  #expect(signer.text == goSignerKey)
  #expect(signer.verifier == verifier)
  // Ed25519 signatures are deterministic: our signature is Go's, byte for byte.
  #expect(try signer.sign(goText) == goNote)
}

@Test func alteredNotesAndKeysAreRefused() throws {
  let verifier = try NoteVerifier(text: goVerifierKey)
  // One character of the text changed.
  #expect(throws: NoteError.self) { try verifier.open(goNote.replacing("problem,", with: "problem;")) }
  // Another key of another name.
  let other = try NoteSigner(generating: "someone.else/ledger")
  #expect(throws: NoteError.self) { try other.verifier.open(goNote) }
  // A key whose hash does not match (one digit changed), or whose name has a space.
  #expect(throws: NoteError.self) { try NoteVerifier(text: goVerifierKey.replacing("c74f20a3", with: "c74f20a4")) }
  #expect(throws: NoteError.self) { try NoteSigner(generating: "two words") }
  #expect(throws: NoteError.self) { try NoteSigner(generating: "a+b") }
}

@Test func checkpointsRoundTripAndNameTheirKey() throws {
  let signer = try NoteSigner(generating: "cluster.example.uz/ledger")
  let root = Data(repeating: 7, count: 32)
  let checkpoint = Checkpoint(origin: signer.name, size: 24, root: root)
  #expect(checkpoint.body == "cluster.example.uz/ledger\n24\n\(root.base64EncodedString())\n")
  let note = try signer.sign(checkpoint.body)
  #expect(try Checkpoint.open(note, with: signer.verifier) == checkpoint)
  // A fresh key read back from its text signs the same way.
  let again = try NoteSigner(text: signer.text)
  #expect(try again.sign(checkpoint.body) == note)
  // An edited size, or a checkpoint opened with a key of another name, is refused.
  #expect(throws: NoteError.self) {
    try Checkpoint.open(note.replacing("\n24\n", with: "\n25\n"), with: signer.verifier)
  }
  let stranger = try NoteSigner(generating: "other.example/ledger")
  #expect(throws: NoteError.self) { try Checkpoint.open(note, with: stranger.verifier) }
}
