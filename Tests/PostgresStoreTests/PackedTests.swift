import Domain
import NIOCore
import Storage
import Testing

@testable import PostgresStore

// Many rows read as one packed text (see `Packed`). No server needed: the texts below are
// what the packed statement makes PostgreSQL write — each value ended by a tab; a number as
// PostgreSQL prints it, a text as its length in bytes, a colon and its bytes, null as nothing.

@Test func aPackedTextIsReadRowByRowInOrder() throws {
  // Two rows of (id, code, name, score): the second with a null name and a negative id; the
  // first name holds what would break a split on separators — a tab, a colon and digits, and
  // "ʻ" (2 bytes) and "✓" (3 bytes), so its length counts bytes: a, tab, b, colon, 1 (5), ʻ (2),
  // 2 and a space (2), ✓ (3) = 12.
  let text = "7\t3:P01\t12:a\tb:1ʻ2 ✓\t0.1\t" + "-9\t2:P2\t\t-1e-300\t"
  var rows = [[FieldValue]]()
  let count = try Packed.decode(ByteBuffer(string: text), [.integer, .text, .text, .real]) { rows.append($0) }
  #expect(count == 2)
  #expect(
    rows == [
      [.integer(7), .text("P01"), .text("a\tb:1ʻ2 ✓"), .real(0.1)],
      [.integer(-9), .text("P2"), .null, .real(-1e-300)],
    ])
}

@Test func anEmptyTextIsNoRowsAndAnEmptyValueIsNotANull() throws {
  var seen = 0
  #expect(try Packed.decode(ByteBuffer(string: ""), [.integer]) { _ in seen += 1 } == 0)
  #expect(seen == 0)
  var rows = [[FieldValue]]()
  _ = try Packed.decode(ByteBuffer(string: "0:\t\t"), [.text, .text]) { rows.append($0) }
  #expect(rows == [[.text(""), .null]])
}

@Test func aTextCutShortOrOfAnotherShapeIsAnErrorNotACrash() {
  let columns: [Packed.Column] = [.integer, .text]
  for bad in [
    "7\t3:P0", "7\t3:P01", "7\t9:P01\t", "7", "x\t1:a\t", "-\t1:a\t", "99999999999999999999\t1:a\t", "7\tP01\t",
    "7\t1:a\t8",
  ] {
    #expect(throws: StoreError.self, "\(bad)") { try Packed.decode(ByteBuffer(string: bad), columns) { _ in } }
  }
  #expect(throws: StoreError.self) { try Packed.decode(ByteBuffer(string: "one\t"), [.real]) { _ in } }
}

@Test func statementsAreWrappedAsOneText() {
  #expect(
    Packed.statement(
      "SELECT t.id, t.code, r2.code FROM \"student\" t LEFT JOIN region r2 ON r2.id = t.region_id ORDER BY t.code LIMIT 9",
      [.integer, .text, .text])
      == "SELECT array_to_string(ARRAY(SELECT concat(t.id, E'\\t', octet_length(t.code) || ':' || t.code, E'\\t', "
      + "octet_length(r2.code) || ':' || r2.code, E'\\t') FROM \"student\" t LEFT JOIN region r2 ON r2.id = t.region_id "
      + "ORDER BY t.code LIMIT 9), '')")
  // Columns not as many as the types given, or not a plain SELECT: not packed (read row by row).
  #expect(Packed.statement("SELECT a, b FROM x", [.integer]) == nil)
  #expect(Packed.statement("WITH x AS (SELECT 1) SELECT * FROM x", [.integer]) == nil)
}
