import Foundation
import TestSupport
import Testing

/// Runs the built `educluster` binary, as a user would.
struct CLI {
  typealias Result = Outcome

  static let binary = builtBinary("educluster", environment: "EDUCLUSTER_BIN")

  let dir: URL
  var db: String { dir.appendingPathComponent("educluster.sqlite").path }

  init() throws {
    dir = try temporaryFolder("educluster-cli")
  }

  /// Runs the CLI in the test's folder (so `./educluster.sqlite` is the default database).
  @discardableResult
  func run(_ args: [String], environment: [String: String] = [:]) throws -> Result {
    try runProcess(CLI.binary, args, in: dir, environment: environment)
  }

  @discardableResult func demo() throws -> Result { try run(["demo"]) }
}

@Test func demoPrintsTheOverviewAndListsOrganizations() throws {
  let cli = try CLI()
  let demo = try cli.demo()
  #expect(demo.status == 0, "\(demo.stderr)")
  #expect(demo.stdout.contains("members"))
  #expect(demo.stdout.contains("needs against graduates"))

  let json = try cli.run(["org", "list", "--format", "json"])
  #expect(json.status == 0)
  let orgs = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
  let kinds = Set(orgs.compactMap { $0["kind"] as? String })
  #expect(kinds.count >= 8)
  let names = orgs.compactMap { $0["name"] as? String }
  for university in [
    "Namangan Engineering and Construction Institute", "Andijan Machine-Building Institute",
    "Tashkent State Technical University",
  ] {
    #expect(names.contains(university))
  }

  let csv = try cli.run(["org", "list", "--format", "csv"])
  #expect(csv.status == 0)
  let lines = csv.stdout.split(separator: "\n")
  #expect(lines.first == "code,name,kind,region,sector,ownership,rating")
  #expect(lines.count == orgs.count + 1)
}

@Test func demoRefusesToOverwriteWithoutForce() throws {
  let cli = try CLI()
  try cli.demo()
  let again = try cli.demo()
  #expect(again.status == 1)
  #expect(again.stderr.contains("--force"))
  let forced = try cli.run(["demo", "--force"])
  #expect(forced.status == 0, "\(forced.stderr)")
}

@Test(arguments: ["Turaqo‘rg‘on", "turaqorgon", "TURAQORGON"])
func searchFindsTheDistrict(_ query: String) throws {
  let cli = try CLI()
  try cli.demo()
  let r = try cli.run(["search", query, "--format", "csv"])
  #expect(r.status == 0)
  #expect(r.stdout.contains("region,") && r.stdout.contains("Turaqo‘rg‘on"), "\(r.stdout)")
}

@Test func badReferenceFailsWithOneLineAndLeavesTheFileByteIdentical() throws {
  let cli = try CLI()
  try cli.demo()
  let before = try Data(contentsOf: URL(fileURLWithPath: cli.db))
  let r = try cli.run(["org", "add", "--code", "X", "--name", "Y", "--kind", "university", "--region", "NO-SUCH"])
  #expect(r.status == 1)
  #expect(r.stdout.isEmpty)
  #expect(r.stderr.split(separator: "\n").count == 1)
  #expect(r.stderr.contains("NO-SUCH") && r.stderr.contains("region"))
  let after = try Data(contentsOf: URL(fileURLWithPath: cli.db))
  let identical = before == after
  #expect(identical, "the database file changed (\(before.count) → \(after.count) bytes)")
  #expect(!FileManager.default.fileExists(atPath: cli.db + "-wal"))
}

@Test func addShowUpdateRemoveThroughTheBinary() throws {
  let cli = try CLI()
  try cli.demo()
  let add = try cli.run([
    "org", "add", "--code", "T-1", "--name", "Uchqo‘rg‘on ishlab chiqarish", "--kind", "enterprise",
    "--region", "UZ-NG",
  ])
  #expect(add.status == 0, "\(add.stderr)")
  let show = try cli.run(["org", "show", "T-1", "--format", "json"])
  let obj = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
  #expect(obj["name"] as? String == "Uchqo‘rg‘on ishlab chiqarish")
  let update = try cli.run(["org", "update", "T-1", "--ownership", "private"])
  #expect(update.stdout.contains("updated"))
  let listed = try cli.run(["org", "list", "--ownership", "private", "--format", "csv"])
  #expect(listed.stdout.contains("T-1,"))
  #expect(try cli.run(["org", "remove", "T-1"]).status == 0)
  #expect(try cli.run(["org", "show", "T-1"]).status == 1)
  let audit = try cli.run(["audit", "list", "--code", "T-1", "--format", "csv"])
  #expect(audit.stdout.contains(",cli,delete,organization,T-1"))
  #expect(audit.stdout.contains(",cli,create,organization,T-1"))
}

@Test(
  "usage errors exit 2",
  arguments: [
    ["org", "add", "--code", "X", "--colour", "red"],
    ["org", "frobnicate"],
    ["org", "list", "--format", "xml"],
    ["org", "add", "--code"],
  ])
func usageErrorsExit2(_ args: [String]) throws {
  let cli = try CLI()
  try cli.demo()
  let r = try cli.run(args)
  #expect(r.status == 2, "\(args): \(r.stderr)")
  #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
}

@Test func invalidValuesExit1WithTheRule() throws {
  let cli = try CLI()
  try cli.demo()
  let r = try cli.run(["cohort", "add", "--program", "NO", "--year", "2024", "--enrolled", "10", "--graduated", "12"])
  #expect(r.status == 1)
  #expect(r.stderr.contains("graduated: 12 is more than enrolled (10)"))
}

@Test func missingDatabaseSaysHowToCreateOne() throws {
  let cli = try CLI()
  let r = try cli.run(["org", "list"])
  #expect(r.status == 1)
  #expect(r.stderr.contains("educluster init"))
  #expect(!FileManager.default.fileExists(atPath: cli.db))
}

@Test func globalDbOptionAndEnvironmentBothWork() throws {
  let cli = try CLI()
  let other = cli.dir.appendingPathComponent("other.sqlite").path
  #expect(try cli.run(["--db", other, "init"]).status == 0)
  #expect(FileManager.default.fileExists(atPath: other))
  #expect(try cli.run(["region", "list"], environment: ["EDUCLUSTER_DB": other]).stdout.contains("no regions"))
}

@Test func ledgerAddVerifyAndDbCheck() throws {
  let cli = try CLI()
  try cli.demo()
  #expect(try cli.run(["ledger", "verify"]).status == 0)
  let orgs = try cli.run(["org", "list", "--kind", "enterprise", "--format", "csv"]).stdout.split(separator: "\n")
    .dropFirst()
    .map { String($0.split(separator: ",")[0]) }
  let add = try cli.run([
    "ledger", "add", "--date", "2025-10-01", "--from", orgs[0], "--to", orgs[1], "--amount", "100000", "--purpose",
    "test",
  ])
  #expect(add.status == 0, "\(add.stderr)")
  #expect(try cli.run(["ledger", "verify"]).stdout.contains("ledger ok"))
  #expect(try cli.run(["db", "check"]).status == 0)
  let backup = cli.dir.appendingPathComponent("copy.sqlite").path
  #expect(try cli.run(["db", "backup", backup]).status == 0)
  #expect(try cli.run(["--db", backup, "db", "info", "--format", "json"]).stdout.contains("\"ledger\""))
}
