import Domain
import Foundation
import GRDB
import Storage
import Testing

@testable import SQLiteStore

// Foreign and empty files (issue #11): an EduCluster database carries SQLite's application_id;
// anything else is refused and left byte for byte as it was.

private func scratch(_ name: String) throws -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("educluster-foreign-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir.appendingPathComponent(name).path
}

@Test func anotherApplicationsDatabaseIsRefusedAndLeftUnchanged() throws {
  let path = try scratch("other.db")
  let other = try DatabaseQueue(path: path)
  try other.write { db in try db.execute(sql: "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT)") }
  try other.close()
  let before = try Data(contentsOf: URL(fileURLWithPath: path))
  for create in [false, true] {
    #expect(throws: StoreError.foreignDatabase(path: path, reason: "it holds another application's tables (notes)")) {
      _ = try Store(path: path, create: create)
    }
  }
  #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
}

@Test func aFileWithAnotherApplicationIdIsRefused() throws {
  let path = try scratch("marked.db")
  let other = try DatabaseQueue(path: path)
  try other.write { db in try db.execute(sql: "PRAGMA application_id = 42") }
  try other.close()
  #expect(throws: StoreError.foreignDatabase(path: path, reason: "its SQLite application id is 0x0000002A")) {
    _ = try Store(path: path, create: true)
  }
}

@Test func anEmptyFileIsAMissingDatabase() throws {
  let path = try scratch("empty.db")
  #expect(FileManager.default.createFile(atPath: path, contents: nil))
  #expect(throws: StoreError.missingDatabase(path: path)) { _ = try Store(path: path) }
  #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber == 0)
  // `init` (create) makes it a database, marked as EduCluster's.
  let store = try Store(path: path, create: true)
  let id = try store.pool.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }
  #expect(id == Migrations.applicationID)
}

@Test func anOlderUnmarkedEduClusterDatabaseIsOursAndGetsTheMark() throws {
  let path = try scratch("old.sqlite")
  _ = try Store(path: path, create: true, migrateUpTo: Migrations.v5)
  let reopened = try Store(path: path)
  let id = try reopened.pool.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }
  #expect(id == Migrations.applicationID)
}
