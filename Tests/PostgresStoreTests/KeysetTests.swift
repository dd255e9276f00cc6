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

/// Pairs of integers (`Packed.keysetPairs`, matching's lists) come as the generic read gives
/// them, every row once and in order over short, full and empty last pages; a null in the
/// pair leaves the row out (g = 7 has none for its target here).
@Test(.enabled(if: DatabaseKind.server != nil), arguments: [2_345, 2_400, 100, 0])
func keysetPairsComeAsTheGenericReadGivesThem(rows n: Int) throws {
  let store = try PGStore(url: try DatabaseKind.newPostgresDatabase(), create: true)
  let text = """
    SELECT g / 10, CASE WHEN g = 7 THEN NULL ELSE g * 3 END, g % 10 FROM generate_series(1, \(n)) g
    WHERE (g / 10, g % 10) > (?, ?) ORDER BY g / 10, g % 10 LIMIT 100
    """
  let pairs = try store.read { sql in
    var pairs = [[Int64]]()
    try Packed.keysetPairs(
      sql, pageSize: 100, columns: [.integer, .integer, .integer], keyColumns: [0, 2],
      statement: { (text, $0 ?? [.integer(-1), .integer(-1)]) }
    ) { pairs.append([$0, $1]) }
    return pairs
  }
  var expected = [[Int64]]()
  for g in 0..<n where g + 1 != 7 {
    let row = Int64(g + 1)
    expected.append([row / 10, row * 3])
  }
  #expect(pairs == expected)
}

/// A list read as one combined integer a row (`Packed.combinedPairs`, matching's lists), pages
/// of 50 rows: owners with no rows, one, and 400 (whole pages of one owner, and pages ending
/// inside one) — every row once, in owner and position order; a null target left out. Owner ids
/// from 2³¹ on do not fit: nothing is read, and the caller is told so.
@Test(.enabled(if: DatabaseKind.server != nil))
func combinedPairsComeOnceInOrder() throws {
  let url = try DatabaseKind.newPostgresDatabase()
  let store = try PGStore(url: url, create: true)
  try DatabaseKind.psql(
    url,
    """
    CREATE TABLE own (id BIGINT PRIMARY KEY); CREATE TABLE tgt (id BIGINT PRIMARY KEY);
    INSERT INTO own SELECT generate_series(1, 300); INSERT INTO tgt SELECT generate_series(0, 400000);
    CREATE TABLE lst (owner_id BIGINT NOT NULL, position BIGINT NOT NULL, t BIGINT, PRIMARY KEY (owner_id, position));
    INSERT INTO lst SELECT o, p, CASE WHEN o = 40 AND p = 2 THEN NULL ELSE o * 1000 + p END
      FROM generate_series(1, 300) o, generate_series(0, CASE WHEN o % 97 = 0 THEN 399 ELSE o % 5 END) p
      WHERE o % 7 <> 0;
    """)
  let (read, pairs) = try store.read { sql in
    var pairs = [[Int64]]()
    let read = try Packed.combinedPairs(
      sql, list: "lst", target: "t", owners: "own", targets: "tgt", pageSize: 50
    ) { pairs.append([$0, $1]) }
    return (read, pairs)
  }
  var expected = [[Int64]]()
  for o in Int64(1)...300 where o % 7 != 0 {
    for p in 0...(o % 97 == 0 ? 399 : o % 5) where !(o == 40 && p == 2) { expected.append([o, o * 1000 + p]) }
  }
  #expect(read)
  #expect(pairs == expected)

  try DatabaseKind.psql(url, "INSERT INTO own VALUES (2147483648)")
  let tooLarge = try store.read { sql in
    try Packed.combinedPairs(sql, list: "lst", target: "t", owners: "own", targets: "tgt", pageSize: 50) { _, _ in }
  }
  #expect(!tooLarge)
}
