import Domain
import NIOCore
import Storage
import Testing

@testable import PostgresStore

// Many rows read as one array per column (see `Packed`). No server needed: the bytes below are
// what `array_send` writes for `array_agg` of a column — dimensions, flags, element type, length
// and lower bound, then each element as its length in four bytes (-1: null) and its bytes.

/// One column's array as PostgreSQL sends it.
func sentArray(_ oid: Int32, _ elements: [[UInt8]?]) -> ByteBuffer {
  var b = ByteBuffer()
  b.writeInteger(Int32(1))
  b.writeInteger(Int32(elements.contains { $0 == nil } ? 1 : 0))
  b.writeInteger(oid)
  b.writeInteger(Int32(elements.count))
  b.writeInteger(Int32(1))
  for element in elements {
    guard let element else {
      b.writeInteger(Int32(-1))
      continue
    }
    b.writeInteger(Int32(element.count))
    b.writeBytes(element)
  }
  return b
}

func int8s(_ values: [Int64?]) -> ByteBuffer {
  sentArray(20, values.map { $0.map { v in withUnsafeBytes(of: v.bigEndian) { Array($0) } } })
}
func float8s(_ values: [Double?]) -> ByteBuffer {
  sentArray(701, values.map { $0.map { v in withUnsafeBytes(of: v.bitPattern.bigEndian) { Array($0) } } })
}
func texts(_ values: [String?]) -> ByteBuffer { sentArray(25, values.map { $0.map { Array($0.utf8) } }) }

@Test func columnArraysAreReadRowByRowInOrder() throws {
  // Two rows of (id, code, name, score): the second with a null name and a negative id; the
  // first name holds a tab, a colon, digits, "ʻ" (2 bytes) and "✓" (3 bytes).
  let arrays = [
    int8s([7, -9]), texts(["P01", "P2"]), texts(["a\tb:1ʻ2 ✓", nil]), float8s([0.1, -1e-300]),
  ]
  var rows = [[FieldValue]]()
  let count = try Packed.decode(arrays, [.integer, .text, .text, .real]) { rows.append($0) }
  #expect(count == 2)
  #expect(
    rows == [
      [.integer(7), .text("P01"), .text("a\tb:1ʻ2 ✓"), .real(0.1)],
      [.integer(-9), .text("P2"), .null, .real(-1e-300)],
    ])
  // Extremes of an int8 survive.
  var extremes = [FieldValue]()
  _ = try Packed.decode([int8s([Int64.min, Int64.max])], [.integer]) { extremes.append($0[0]) }
  #expect(extremes == [.integer(Int64.min), .integer(Int64.max)])
}

@Test func noRowsIsNullArraysAndAnEmptyTextIsNotANull() throws {
  var seen = 0
  #expect(try Packed.decode([nil, nil], [.integer, .text]) { _ in seen += 1 } == 0)
  #expect(seen == 0)
  var rows = [[FieldValue]]()
  _ = try Packed.decode([texts([""]), texts([nil])], [.text, .text]) { rows.append($0) }
  #expect(rows == [[.text(""), .null]])
}

@Test func anArrayCutShortOrOfAnotherShapeIsAnErrorNotACrash() {
  let columns: [Packed.Column] = [.integer, .text]
  var cut = texts(["P01"])
  cut.moveWriterIndex(to: cut.writerIndex - 1)
  var header = ByteBuffer()
  header.writeInteger(Int32(1))
  var negative = ByteBuffer()
  negative.writeBytes([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 20, 0xFF, 0xFF, 0xFF, 0xF0, 0, 0, 0, 1])
  var twoDimensions = ByteBuffer()
  twoDimensions.writeBytes([0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 20])
  var shortInteger = ByteBuffer()
  shortInteger.writeBytes([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 4, 1, 2, 3, 4])
  for bad: [ByteBuffer?] in [
    [int8s([7]), cut],  // a text cut short
    [int8s([7]), header],  // a header cut short
    [int8s([7, 8]), texts(["a"])],  // columns of unequal length
    [texts(["7"]), texts(["a"])],  // text where an int8 belongs
    [negative, texts([])],  // a negative length
    [twoDimensions, texts([])],  // two dimensions
    [shortInteger, texts(["a"])],  // an integer of four bytes
    [int8s([7]), nil],  // one column null, the other not
    [int8s([7])],  // fewer columns than asked
  ] {
    #expect(throws: StoreError.self, "\(bad)") { try Packed.decode(bad, columns) { _ in } }
  }
}

@Test func statementsAreWrappedAsOneArrayPerColumn() {
  #expect(
    Packed.statement(
      "SELECT t.id, t.code, r2.code FROM \"student\" t LEFT JOIN region r2 ON r2.id = t.region_id ORDER BY t.code LIMIT 9",
      [.integer, .text, .real])
      == "SELECT array_agg(c0), array_agg(c1), array_agg(c2) FROM (SELECT t.id::int8 AS c0, t.code::text AS c1, "
      + "r2.code::float8 AS c2 FROM \"student\" t LEFT JOIN region r2 ON r2.id = t.region_id ORDER BY t.code LIMIT 9) q"
  )
  // Columns not as many as the types given, or not a plain SELECT: not packed (read row by row).
  #expect(Packed.statement("SELECT a, b FROM x", [.integer]) == nil)
  #expect(Packed.statement("WITH x AS (SELECT 1) SELECT * FROM x", [.integer]) == nil)
}
