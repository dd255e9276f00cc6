import Crypto
import Foundation
import Localization

/// A funding transfer. Append-only and tamper-evident: `hash` is SHA-256 over the previous
/// entry's hash and this entry's canonical form; a correction is a new, reversing entry.
public struct LedgerEntry: Entity {
  public static let kind = EntityKind.ledger
  public var code: String
  public var date: Day
  public var from: String
  public var to: String
  /// Amount in minor units of `currency` (negative for a reversing entry).
  public var amount: Int
  public var currency: String
  public var project: String?
  public var agreement: String?
  public var purpose: String?
  public var prevHash: String
  public var hash: String

  public init(
    code: String, date: Day, from: String, to: String, amount: Int, currency: String = Currency.default,
    project: String? = nil, agreement: String? = nil, purpose: String? = nil, prevHash: String = "",
    hash: String = ""
  ) {
    self.code = code
    self.date = date
    self.from = from
    self.to = to
    self.amount = amount
    self.currency = currency
    self.project = project
    self.agreement = agreement
    self.purpose = purpose
    self.prevHash = prevHash
    self.hash = hash
  }

  static let schemaDef = EntitySchema(
    .ledger, summary: tr("The append-only, SHA-256-chained funding ledger."),
    fields: [
      Field("code", .text, required: true, tr("assigned in sequence when not given"), default: .text("")),
      Field("date", .date, required: true),
      Field("from", .reference(.organization), required: true),
      Field("to", .reference(.organization), required: true),
      Field("amount", .integer, required: true, tr("minor units; negative to reverse an entry")),
      Field("currency", .text, tr("ISO 4217, default UZS"), default: .text(Currency.default)),
      Field("project", .reference(.project)),
      Field("agreement", .reference(.agreement)),
      Field("purpose", .text),
      Field("prev_hash", .text, tr("set by the ledger"), default: .text("")),
      Field("hash", .text, tr("set by the ledger"), default: .text("")),
    ])

  public init(record r: Record) throws {
    code = r.optText("code") ?? ""  // assigned in sequence when the ledger appends it
    date = try r.day("date")
    from = try r.text("from")
    to = try r.text("to")
    amount = try r.int("amount")
    currency = r.optText("currency") ?? Currency.default
    project = r.optText("project")
    agreement = r.optText("agreement")
    purpose = r.optText("purpose")
    prevHash = r.optText("prev_hash") ?? ""
    hash = r.optText("hash") ?? ""
  }

  public var record: Record {
    Record(
      .ledger,
      [
        "code": .text(code), "date": .day(date), "from": .text(from), "to": .text(to),
        "amount": .int(amount), "currency": .text(currency), "project": .opt(project),
        "agreement": .opt(agreement), "purpose": .opt(purpose), "prev_hash": .text(prevHash),
        "hash": .text(hash),
      ])
  }

  public func issues() -> [ValidationIssue] {
    var c = Checker()
    c.code(code)
    c.code(from, field: "from")
    c.code(to, field: "to")
    if from == to { c.fail("to", tr("a transfer needs two different organizations")) }
    if amount == 0 { c.fail("amount", tr("must not be 0")) }
    c.money(amount, field: "amount")
    c.currency(currency)
    c.reference(project, field: "project")
    c.reference(agreement, field: "agreement")
    return c.issues
  }

  /// Text the hash covers that reads like other text but hashes differently, by field:
  /// invisible format characters (zero-width spaces and joiners, bidirectional controls, the
  /// soft hyphen, the byte-order mark) and text not in Unicode's composed form (NFC), where
  /// "é" as one character and as "e" plus an accent look the same. What a funder reads on paper
  /// must be what was hashed.
  public func lookalikeText() -> [ValidationIssue] {
    var out = [ValidationIssue]()
    for (field, value) in [
      ("code", code as String?), ("from", from), ("to", to), ("currency", currency), ("purpose", purpose),
    ] {
      guard let text = value else { continue }
      if let invisible = text.unicodeScalars.first(where: { $0.properties.generalCategory == .format }) {
        out.append(
          ValidationIssue(field: field, message: tr("contains the invisible character \(TextRules.name(invisible))")))
      } else if !text.unicodeScalars.elementsEqual(text.precomposedStringWithCanonicalMapping.unicodeScalars) {
        out.append(
          ValidationIssue(field: field, message: tr("is not in composed form (NFC): it reads like other text")))
      }
    }
    return out
  }

  /// The fields that the hash covers, in a fixed order, separated by U+001F.
  public var canonicalForm: String {
    [
      code, date.description, from, to, String(amount), currency, project ?? "", agreement ?? "",
      purpose ?? "",
    ].joined(separator: "\u{1F}")
  }
}

/// Sealing and verifying the ledger's hash chain.
public enum LedgerChain {
  /// The `prev_hash` of the first entry.
  public static let genesis = String(repeating: "0", count: 64)

  public static func hash(previous: String, entry: LedgerEntry) -> String {
    let digest = SHA256.hash(data: Data((previous + "\n" + entry.canonicalForm).utf8))
    return digest.map { String(format: "%02x", $0) }.joined()
  }

  /// The entry with `prevHash` and `hash` set to follow `previousHash`.
  public static func seal(_ entry: LedgerEntry, previousHash: String?) -> LedgerEntry {
    var e = entry
    e.prevHash = previousHash ?? genesis
    e.hash = hash(previous: e.prevHash, entry: e)
    return e
  }

  public struct Verification: Sendable, Codable, Hashable {
    public var entries: Int
    public var ok: Bool
    /// The code of the first entry whose link is broken, and why.
    public var firstBroken: String?
    public var reason: String?
  }

  /// Walks the chain in order and reports the first entry whose link or content was altered.
  public static func verify(_ entries: [LedgerEntry]) -> Verification {
    var previous = genesis
    for e in entries {
      if e.prevHash != previous {
        return Verification(
          entries: entries.count, ok: false, firstBroken: e.code,
          reason: "its prev_hash does not match the hash of the entry before it")
      }
      if hash(previous: previous, entry: e) != e.hash {
        return Verification(
          entries: entries.count, ok: false, firstBroken: e.code,
          reason: "its content does not match its hash (altered after it was written)")
      }
      previous = e.hash
    }
    return Verification(entries: entries.count, ok: true, firstBroken: nil, reason: nil)
  }
}
