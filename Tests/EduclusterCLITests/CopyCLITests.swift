import Foundation
import TestSupport
import Testing

/// `export all` of a database into a folder, as text: every file's name and bytes.
func exported(_ cli: CLI, _ db: String, _ name: String) throws -> [String: Data] {
  let out = cli.dir.appendingPathComponent(name)
  let result = try cli.run(["export", "all", "--db", db, "--out", out.path, "--include-personal"])
  #expect(result.status == 0, "\(result.stderr)")
  var files = [String: Data]()
  for file in try FileManager.default.contentsOfDirectory(atPath: out.path) {
    files[file] = try Data(contentsOf: out.appendingPathComponent(file))
  }
  return files
}

/// A file to the other store and back (to another file when there is no PostgreSQL server):
/// `export all` is identical at every step, matching runs and tokens come along, and a target
/// that holds anything is refused without a change.
@Test(arguments: DatabaseKind.available)
func dbCopyMovesEverythingAndExportsIdentically(_ kind: DatabaseKind) throws {
  let cli = try CLI()
  try cli.demo()
  #expect(try cli.run(["match"]).status == 0)
  #expect(try cli.run(["token", "create", "--name", "integrator", "--role", "reader"]).status == 0)
  let middle = try kind.newLocation(in: cli.dir, file: "middle.sqlite")
  let back = cli.dir.appendingPathComponent("back.sqlite").path

  let there = try cli.run(["db", "copy", cli.db, middle])
  #expect(there.status == 0, "\(there.stderr)")
  #expect(there.stdout.contains("1 matching runs, 1 tokens"))
  let again = try cli.run(["db", "copy", cli.db, middle])
  #expect(again.status == 1)
  #expect(again.stderr.contains("is not empty"))
  #expect(try cli.run(["db", "copy", middle, back]).status == 0)

  let original = try exported(cli, cli.db, "export-original")
  #expect(original.count > 20)
  #expect(try exported(cli, middle, "export-middle") == original)
  #expect(try exported(cli, back, "export-back") == original)
  for db in [middle, back] {
    #expect(try cli.run(["match", "list", "--db", db]).stdout == cli.run(["match", "list"]).stdout)
    #expect(try cli.run(["token", "list", "--db", db]).stdout == cli.run(["token", "list"]).stdout)
    let check = try cli.run(["db", "check", "--db", db])
    #expect(check.status == 0, "\(check.stdout)")
  }
}
