import Domain
import Foundation
import Localization
import PostgresStore
import Storage
import TestSupport
import Testing

// How `--db postgres://…` is read, as libpq's users expect. No server needed.

@Test func aFullURLNamesEverything() throws {
  let url = try PostgresURL("postgres://ana:s%40cret@db.example.uz:6432/cluster", environment: [:])
  #expect(url.user == "ana")
  #expect(url.password == "s@cret")
  #expect(url.host == "db.example.uz")
  #expect(url.port == 6432)
  #expect(url.database == "cluster")
  #expect(url.display == "postgres://ana@db.example.uz:6432/cluster")
  #expect(!url.display.contains("cret"))
  #expect(PostgresURL.redacted("postgresql://ana:s3cret@h/db") == "postgresql://ana:***@h/db")
}

@Test func missingPartsComeFromTheEnvironmentAsInLibpq() throws {
  let env = ["PGUSER": "coordinator", "PGPASSWORD": "from-env", "HOME": "/nonexistent"]
  let url = try PostgresURL("postgresql://localhost/educluster", environment: env)
  #expect(url.user == "coordinator")
  #expect(url.password == "from-env")
  #expect(url.port == 5432)
  let socket = try PostgresURL("postgres:///educluster?host=/run/postgresql", environment: ["USER": "me"])
  #expect(socket.socketDirectory == "/run/postgresql")
  #expect(socket.user == "me")
  #expect(socket.database == "educluster")
}

@Test func thePasswordFileIsReadWithWildcardsAndEscapes() throws {
  let dir = try temporaryFolder("pgpass")
  let file = dir.appendingPathComponent("pgpass").path
  try """
  # host:port:database:user:password
  other.host:5432:*:ana:wrong
  db.example.uz:*:cluster:ana:pa\\:ss
  *:*:*:*:fallback
  """.write(toFile: file, atomically: true, encoding: .utf8)
  try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
  let url = try PostgresURL("postgres://ana@db.example.uz/cluster", environment: [:], passFile: file)
  #expect(url.password == "pa:ss")
  let other = try PostgresURL("postgres://bob@elsewhere/x", environment: [:], passFile: file)
  #expect(other.password == "fallback")
  // A file others can read is ignored, as libpq ignores it.
  try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
  #expect(try PostgresURL("postgres://ana@db.example.uz/cluster", environment: [:], passFile: file).password == nil)
}

@Test func somethingElseIsNotAPostgresURL() {
  #expect(!PostgresURL.isURL("educluster.sqlite"))
  #expect(!PostgresURL.isURL("mysql://h/db"))
  #expect(throws: StoreError.self) { try PostgresURL("mysql://h/db") }
}

@Test func anUnreachableServerIsASentenceNotACrash() throws {
  // Port 1 on loopback: nothing listens there.
  #expect {
    try PGStore(url: "postgres://nobody@127.0.0.1:1/none", create: false)
  } throws: { error in
    "\(error)".contains("cannot reach PostgreSQL at postgres://nobody@127.0.0.1:1/none")
  }
}

/// The server's own refusals, on a real server (skipped without one).
@Test(.enabled(if: DatabaseKind.server != nil))
func aForeignOrNewerDatabaseIsRefusedAndAnEmptyOneIsNotCreatedByReaders() throws {
  let empty = try DatabaseKind.newPostgresDatabase()
  #expect(throws: StoreError.missingDatabase(path: try PostgresURL(empty).display)) { try PGStore(url: empty) }
  let foreign = try DatabaseKind.newPostgresDatabase()
  try DatabaseKind.psql(foreign, "CREATE TABLE invoices (id int)")
  #expect {
    try PGStore(url: foreign, create: true)
  } throws: { error in
    if case StoreError.foreignDatabase = error { return true }
    return false
  }
  let newer = try DatabaseKind.newPostgresDatabase()
  _ = try PGStore(url: newer, create: true)
  try DatabaseKind.psql(newer, "INSERT INTO educluster_schema (version) VALUES ('v99-future')")
  #expect(throws: StoreError.newerDatabase(path: try PostgresURL(newer).display, unknownMigrations: ["v99-future"])) {
    try PGStore(url: newer)
  }
}

/// v10 on PostgreSQL (issue #14): an older database gets the label tables when it is opened
/// for writing, and its search index is built again with the folding that reads Cyrillic in
/// Latin — a name written in Cyrillic before the upgrade is then found by its Latin spelling.
@Test(.enabled(if: DatabaseKind.server != nil))
func anOlderDatabaseGetsLabelsAndItsSearchReadsCyrillic() throws {
  let url = try DatabaseKind.newPostgresDatabase()
  let writer = Author(name: "tester", frontend: "test")
  _ = try PGStore(url: url, create: true).upsertAll(
    [Region(code: "UZ-AN-SHA", name: "Шаҳрихон тумани").record], actor: writer)
  // As a v9 database was: no label tables, no v10, the body folded the old way (Cyrillic kept).
  let tables =
    ["region", "organization", "cluster", "specialty", "competency", "occupation", "program", "course"]
    .map { "\($0)_labels" } + ["placement_labels"]
  try DatabaseKind.psql(
    url,
    """
    DROP TABLE \(tables.joined(separator: ", "));
    DELETE FROM educluster_schema WHERE version = 'v10-labels';
    UPDATE search_doc SET body = 'uz-an-sha шаҳрихон тумани', words = 3;
    """)
  #expect(throws: StoreError.self) { try PGStore(url: url, upgrade: .refuse) }
  let store = try PGStore(url: url)
  #expect(try store.search("Shahrixon", kinds: nil, limit: 10).map(\.code) == ["UZ-AN-SHA"])
  _ = try store.upsertAll(
    [
      Region(
        code: "UZ-AN-SHA", name: "Шаҳрихон тумани",
        labels: [Label(lang: "ru", name: "Шахриханский район"), Label(lang: "en", name: "Shahrikhan District")]
      ).record
    ], actor: writer)
  let region = try Region(record: #require(try store.fetch(.region, code: "UZ-AN-SHA")))
  #expect(region.name(in: .ru) == "Шахриханский район")
  #expect(region.name(in: .uz) == "Шаҳрихон тумани")
  #expect(try store.search("шахриханский", kinds: nil, limit: 10).map(\.code) == ["UZ-AN-SHA"])
}
