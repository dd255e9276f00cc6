import Domain
import Storage
import TestSupport
import Testing

@testable import PostgresStore

// A keyset read asks for the next page as soon as a page arrives, before decoding it
// (`Packed.keyset`). On a real server (skipped without `EDUCLUSTER_TEST_PG`), over pages of 100
// rows of a generated series keyed by (g / 10, g % 10): every row comes once and in order,
// whether the last page is short or empty; an error thrown while a page is decoded reaches the
// caller, and the connection — which still owes the page asked for ahead — then answers the
// next statement.

private struct Stop: Error {}

private func series(_ n: Int) -> String {
  """
  SELECT g / 10, 'row ' || g::text, g % 10 FROM generate_series(1, \(n)) g
  WHERE (g / 10, g % 10) > (?, ?) ORDER BY g / 10, g % 10 LIMIT 100
  """
}

private func read(
  _ sql: SQL, rows n: Int, _ body: ([FieldValue]) throws -> Void
) throws {
  try Packed.keyset(
    sql, pageSize: 100, columns: [.integer, .text, .integer], keyColumns: [0, 2],
    statement: { (series(n), $0 ?? [.integer(-1), .integer(-1)]) }, body)
}

@Test(.enabled(if: DatabaseKind.server != nil), arguments: [2_345, 2_400, 100, 0])
func keysetPagesComeOnceInOrder(rows n: Int) throws {
  let store = try PGStore(url: try DatabaseKind.newPostgresDatabase(), create: true)
  let seen = try store.read { sql in
    var seen = [String]()
    try read(sql, rows: n) { row in seen.append(row[1].plain) }
    return seen
  }
  #expect(seen == (0..<n).map { "row \($0 + 1)" })
}

@Test(.enabled(if: DatabaseKind.server != nil))
func aKeysetReadStoppedByAnErrorLeavesTheConnectionUsable() throws {
  let store = try PGStore(url: try DatabaseKind.newPostgresDatabase(), create: true)
  let (stopped, after) = try store.read { sql -> (Bool, Int64?) in
    var stopped = false
    do {
      // Row 250 is on the third page: the fourth has been asked for by then.
      try read(sql, rows: 2_345) { row in if row[1].plain == "row 250" { throw Stop() } }
    } catch is Stop {
      stopped = true
    }
    return (stopped, try sql.int("SELECT 41 + 1"))
  }
  #expect(stopped)
  #expect(after == 42)
}
