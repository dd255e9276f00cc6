import Foundation
import TestSupport
import Testing

// The CLI against hostile input and failing output (issue #11), run as the built binary.

@Test func aFullOutputIsOneLineAndExitOneNeverACrash() throws {
  let cli = try CLI()
  try cli.demo()
  // `> /dev/full`: write(2) fails with ENOSPC.
  for args in [
    ["org", "list"], ["org", "add", "--code", "ORG-FULL", "--name", "Full", "--kind", "school", "--region", "UZ-AN"],
  ] {
    let process = Process()
    process.executableURL = CLI.binary
    process.arguments = args
    process.currentDirectoryURL = cli.dir
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
    let errURL = cli.dir.appendingPathComponent("full-\(UUID().uuidString).err")
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let err = try FileHandle(forWritingTo: errURL)
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try err.close()
    let stderr = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
    #expect(process.terminationReason == .exit, "\(args): killed by a signal")
    #expect(process.terminationStatus == 1, "\(args)")
    #expect(stderr.split(separator: "\n").count == 1)
    #expect(stderr.contains("could not be written (No space left on device)"), "\(stderr)")
  }
  // The add ran (the message says so): the record is there.
  #expect(try cli.run(["org", "show", "ORG-FULL"]).status == 0)
}

@Test func aClosedPipeEndsQuietly() throws {
  let cli = try CLI()
  try cli.demo()
  let pipe = Pipe()
  let process = Process()
  process.executableURL = CLI.binary
  process.arguments = ["student", "list", "--format", "csv"]
  process.currentDirectoryURL = cli.dir
  process.standardOutput = pipe
  let errURL = cli.dir.appendingPathComponent("pipe.err")
  _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
  process.standardError = try FileHandle(forWritingTo: errURL)
  try pipe.fileHandleForReading.close()  // the reader is gone before anything is written
  try process.run()
  process.waitUntilExit()
  #expect(process.terminationReason == .exit)
  #expect(process.terminationStatus == 0)
  #expect(try Data(contentsOf: errURL).isEmpty)
}

@Test func anExportOnAFullDiskLeavesNoTruncatedFile() throws {
  let cli = try CLI()
  try cli.demo()
  let small = cli.dir.appendingPathComponent("small")
  try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
  // A 64 KiB filesystem where one can be mounted (root, as in CI); else an unwritable target.
  let mount = try cli.runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", small.path])
  defer { if mount == 0 { _ = try? cli.runTool("/bin/umount", [small.path]) } }
  guard mount == 0 else { return }
  let export = try cli.run(["export", "all", "--out", small.path, "--include-personal"])
  #expect(export.status == 1)
  #expect(export.stderr.contains("cannot write"))
  #expect(export.stderr.contains("left as it was"))
  // What is there is complete: every file re-imports into an empty database.
  let names = try FileManager.default.contentsOfDirectory(atPath: small.path)
  #expect(!names.contains { $0.contains(".partial-") })
  let fresh = try cli.run(["--db", "fresh.sqlite", "init"])
  #expect(fresh.status == 0)
  let imported = try cli.run(["--db", "fresh.sqlite", "import", small.path])
  #expect(imported.status == 0, "\(imported.stderr)")
}

@Test func controlCharactersAreRefusedAndNeverReplayed() throws {
  let cli = try CLI()
  try cli.demo()
  let escape = "x\u{1B}]0;pwned\u{07}\u{1B}[2Jy"
  let add = try cli.run(["org", "add", "--code", "ORG-ESC", "--name", escape, "--kind", "school", "--region", "UZ-AN"])
  #expect(add.status == 1)
  #expect(add.stderr.contains("name: contains the control character U+001B"))
  #expect(!add.stderr.contains("\u{1B}"))
  let nul = try cli.run([
    "ledger", "add", "--date", "2026-10-01", "--from", "AndMI", "--to", "VC-TUR", "--amount", "5", "--purpose",
    "grant\u{1}hidden",
  ])
  #expect(nul.status == 1)
  #expect(nul.stderr.contains("purpose: contains the control character U+0001"))
  // A database written before the rule: `db check` names the record, `show` and `list` print
  // the escape as visible text.
  #expect(
    try cli.runTool(
      "/usr/bin/sqlite3",
      [
        cli.dir.appendingPathComponent("educluster.sqlite").path,
        "UPDATE organization SET name = 'old' || char(27) || '[2J' || 'name' WHERE code = 'AndMI'",
      ]) == 0)
  let check = try cli.run(["db", "check"])
  #expect(check.status == 1)
  #expect(check.stdout.contains("organization AndMI name: contains the control character U+001B"))
  for args in [["org", "show", "AndMI"], ["org", "list"], ["search", "old"]] {
    let out = try cli.run(args)
    #expect(!out.stdout.contains("\u{1B}"), "\(args)")
  }
  #expect(try cli.run(["org", "show", "AndMI"]).stdout.contains("old␛[2Jname"))
}

@Test func foreignAndEmptyFilesAreNotTakenOver() throws {
  let cli = try CLI()
  let foreign = cli.dir.appendingPathComponent("other.db").path
  #expect(try cli.runTool("/usr/bin/sqlite3", [foreign, "CREATE TABLE t(a); INSERT INTO t VALUES (1);"]) == 0)
  let before = try Data(contentsOf: URL(fileURLWithPath: foreign))
  for args in [["--db", foreign, "org", "list"], ["--db", foreign, "init"], ["--db", foreign, "demo"]] {
    let r = try cli.run(args)
    #expect(r.status == 1, "\(args)")
    #expect(r.stderr.contains("is not an EduCluster database"), "\(args): \(r.stderr)")
  }
  #expect(try Data(contentsOf: URL(fileURLWithPath: foreign)) == before)
  let empty = cli.dir.appendingPathComponent("empty.db").path
  #expect(FileManager.default.createFile(atPath: empty, contents: nil))
  let list = try cli.run(["--db", empty, "org", "list"])
  #expect(list.status == 1)
  #expect(list.stderr.contains("no database at"))
  #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty)
}

/// Finding 7: an older schema is not migrated by a command that only reads; a write upgrades
/// it and says so. The older database is made as an EduCluster of schema v5 left it: without
/// the v6 migration and without the application id (nor v7's checkpoint table, nor v8's sessions;
/// v9's lists stay clustered, which v9 run again leaves as they are).
@Test func onlyAWriteUpgradesAnOlderSchema() throws {
  let cli = try CLI()
  try cli.demo()
  let sql = """
    DELETE FROM grdb_migrations WHERE identifier IN ('v6-application-id', 'v7-ledger-checkpoints', 'v8-dashboard-sessions', 'v9-clustered-lists', 'v10-labels');
    DROP TABLE ledger_checkpoint; DROP TABLE dashboard_session; PRAGMA application_id = 0;
    DROP TABLE region_labels; DROP TABLE organization_labels; DROP TABLE cluster_labels;
    DROP TABLE specialty_labels; DROP TABLE competency_labels; DROP TABLE occupation_labels;
    DROP TABLE program_labels; DROP TABLE course_labels; DROP TABLE placement_labels;
    """
  try #require(try cli.runTool("/usr/bin/sqlite3", [cli.db, sql]) == 0)
  let before = try Data(contentsOf: URL(fileURLWithPath: cli.db))
  for args in [["org", "list"], ["gap"], ["db", "check"], ["export", "organizations"]] {
    let r = try cli.run(args)
    #expect(r.status == 1, "\(args)")
    #expect(r.stderr.contains("has an older schema (v5"), "\(args): \(r.stderr)")
    #expect(r.stderr.contains("educluster init"), "\(args): \(r.stderr)")
  }
  // Nothing was written: the file is byte for byte what it was, without EduCluster's id.
  #expect(try Data(contentsOf: URL(fileURLWithPath: cli.db)) == before)
  // A backup copies it as it is.
  let backup = cli.dir.appendingPathComponent("before-upgrade.sqlite").path
  #expect(try cli.run(["db", "backup", backup]).status == 0)
  #expect(FileManager.default.fileExists(atPath: backup))
  // A write upgrades it, saying so, and then everything reads it.
  let add = try cli.run([
    "org", "add", "--code", "ORG-UP", "--name", "Upgraded", "--kind", "school", "--region", "UZ-AN",
  ])
  #expect(add.status == 0, "\(add.stderr)")
  #expect(add.stderr.contains("upgraded educluster.sqlite from schema v5"), "\(add.stderr)")
  let list = try cli.run(["org", "list"])
  #expect(list.status == 0)
  #expect(list.stdout.contains("ORG-UP"))
  #expect(list.stderr.isEmpty)
}

/// Finding 9: a write while another process holds the write lock (as a long import does)
/// waits for it instead of failing with "database is busy", up to `$EDUCLUSTER_WAIT`.
@Test func aWriteWaitsForAnotherProcesssWrite() throws {
  let cli = try CLI()
  try cli.demo()
  // sqlite3 takes the write lock and keeps it for 3 seconds.
  func holdLock() throws -> Process {
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    holder.arguments = [cli.db]
    let input = Pipe()
    holder.standardInput = input
    holder.standardOutput = FileHandle.nullDevice
    try holder.run()
    input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\n.shell sleep 3\nCOMMIT;\n".utf8))
    try input.fileHandleForWriting.close()
    Thread.sleep(forTimeInterval: 0.5)
    return holder
  }
  guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else { return }
  var holder = try holdLock()
  let waited = try cli.run([
    "org", "add", "--code", "ORG-WAIT", "--name", "Waited", "--kind", "school", "--region", "UZ-AN",
  ])
  holder.waitUntilExit()
  #expect(waited.status == 0, "\(waited.stderr)")
  #expect(try cli.run(["org", "show", "ORG-WAIT"]).status == 0)
  // With a limit shorter than the other write, a clear refusal, and nothing written.
  holder = try holdLock()
  let refused = try cli.run(
    ["org", "add", "--code", "ORG-LATE", "--name", "Late", "--kind", "school", "--region", "UZ-AN"],
    environment: ["EDUCLUSTER_WAIT": "1"])
  holder.waitUntilExit()
  #expect(refused.status == 1)
  #expect(refused.stderr.lowercased().contains("busy"), "\(refused.stderr)")
  #expect(try cli.run(["org", "show", "ORG-LATE"]).status != 0)
}

extension CLI {
  /// Runs another program (mount, sqlite3) in the test's folder; its exit status.
  func runTool(_ path: String, _ args: [String]) throws -> Int32 {
    guard FileManager.default.isExecutableFile(atPath: path) else { return -1 }
    return try runProcess(URL(fileURLWithPath: path), args, in: dir).status
  }
}
