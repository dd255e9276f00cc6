import Foundation
import TestSupport
import Testing

/// Every analysis gives a meaningful result on the demo, as a table and as JSON.
@Test func everyAnalysisRunsOnTheDemoAsTableAndJSON() throws {
  let cli = try CLI()
  try cli.demo()
  let commands: [[String]] = [
    ["gap", "--year", "2025"], ["align"], ["match", "--no-save"], ["continuity", "VC-TUR-CW", "NamECI-B-CONST"],
    ["continuity", "--cluster", "CL-NG-BUILD"], ["recommend", "VC-TUR"], ["pd", "--on", "2025-09-01"],
    ["forecast"], ["indicators"], ["rank"], ["quality", "--on", "2025-09-01"],
  ]
  for args in commands {
    let table = try cli.run(args)
    #expect(table.status == 0, "\(args): \(table.stderr)")
    #expect(table.stdout.split(separator: "\n").count >= 3, "\(args) printed too little: \(table.stdout)")
    let json = try cli.run(args + ["--format", "json"])
    #expect(json.status == 0, "\(args) json: \(json.stderr)")
    #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil, "\(args): not JSON")
  }
}

@Test func gapFindsTheDemoShortagesAndRecommends() throws {
  let cli = try CLI()
  // The demo is written for 2025/26 and moved to the academic year of "today": pinned to
  // 2026-11-29 it is 2026/27, so its recorded 2025 graduates are 2026's.
  let pinned = ["EDUCLUSTER_TODAY": "2026-11-29"]
  try cli.run(["demo"], environment: pinned)
  let csv = try cli.run(["gap", "--year", "2026", "--format", "csv"], environment: pinned).stdout
  #expect(csv.contains("3-0715-01,Welding production,UZ-AN,2026,62,110,48,shortage,recorded,"))
  // 2028 has no cohort yet: supply is projected from intake, and the shortages say what to do.
  let future = try cli.run(["gap", "--year", "2028", "--format", "csv"], environment: pinned).stdout
  #expect(future.contains(",2028,") && future.contains("projected_from_intake"))
  let table = try cli.run(["gap", "--year", "2028"], environment: pinned).stdout
  #expect(table.contains("raise annual intake by"))
  #expect(table.contains("open the specialty"))
}

@Test func machineFormatsCarryPlainNumbersAndSnakeCaseHeaders() throws {
  let cli = try CLI()
  try cli.demo()
  let commands: [[String]] = [
    ["gap"], ["align"], ["align", "--view", "curriculum"], ["continuity"], ["recommend", "VC-TUR"], ["pd"],
    ["forecast"], ["indicators"], ["indicators", "--institutions"], ["rank"], ["rank", "--institutions"],
  ]
  for args in commands {
    let result = try cli.run(args + ["--format", "csv"])
    #expect(result.status == 0, "\(args): \(result.stderr)")
    let lines = result.stdout.split(separator: "\n")
    let header = lines.first.map { $0.split(separator: ",").map(String.init) } ?? []
    #expect(!header.isEmpty)
    for name in header {
      #expect(name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(args): header '\(name)'")
    }
    #expect(!result.stdout.contains(" %"), "\(args): a percentage in CSV")
  }
  // Numbers are numbers: every value of gap's supply, demand and gap columns parses (or is
  // empty for no data).
  let gap = try cli.run(["gap", "--format", "csv"]).stdout.split(separator: "\n").dropFirst()
  for line in gap {
    let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    for i in [4, 5, 6] where !cells[i].isEmpty { #expect(Double(cells[i]) != nil, "\(line)") }
  }
}

@Test func matchingIsStableSavedAndReviewable() throws {
  let cli = try CLI()
  try cli.demo()
  let run = try cli.run(["match"])
  #expect(run.stdout.contains("Verified stable"))
  #expect(run.stdout.contains("Saved as MR-0001"))
  let csv = try cli.run(["match", "show", "MR-0001", "--format", "csv"]).stdout.split(separator: "\n")
  #expect(csv.first == "student,placement,rank,state,changed")
  let student = String(csv[1].split(separator: ",")[0])
  #expect(try cli.run(["match", "set", "MR-0001", student, "offered"]).status == 0)
  #expect(try cli.run(["match", "set", "MR-0001", student, "confirmed"]).status == 0)
  let bad = try cli.run(["match", "set", "MR-0001", student, "proposed"])
  #expect(bad.status != 0)
  #expect(try cli.run(["match", "show", "latest", "--state", "confirmed", "--format", "csv"]).stdout.contains(student))
  let placementOptimal = try cli.run(["match", "--optimal", "placement", "--no-save", "--format", "csv"])
  #expect(placementOptimal.stdout.hasPrefix("student,placement,rank\n"))
  // Rural hospitals: both optima match the same students.
  let studentOptimal = try cli.run(["match", "--no-save", "--format", "csv"])
  let students = { (s: String) in Set(s.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] }) }
  #expect(students(studentOptimal.stdout) == students(placementOptimal.stdout))
}

@Test func reportWritesHTMLWithCharts() throws {
  let cli = try CLI()
  try cli.demo()
  let path = cli.dir.appendingPathComponent("report.html").path
  let r = try cli.run(["report", "--cluster", "CL-AN-MACH", "--format", "html", "--out", path])
  #expect(r.status == 0, "\(r.stderr)")
  let html = try String(contentsOfFile: path, encoding: .utf8)
  #expect(html.hasPrefix("<!DOCTYPE html>"))
  #expect(html.components(separatedBy: "<svg").count - 1 >= 3)
  #expect(html.contains("Andijan Machine-Building Educational Cluster"))
  #expect(!html.contains("src=\"http"))
  let text = try cli.run(["report", "--cluster", "CL-AN-MACH"])
  #expect(text.stdout.contains("Placement matching"))
  #expect(try cli.run(["report", "--cluster", "NO-SUCH"]).status == 1)
}

@Test func reviewFindingsStayFixed() throws {
  let cli = try CLI()
  try cli.demo()
  // Ledger codes typed by users do not block the automatic ones.
  #expect(
    try cli.run([
      "ledger", "add", "--code", "LE-000024", "--date", "2025-10-01", "--from", "ENT-AAC", "--to", "AndMI", "--amount",
      "100",
    ]).status == 0)
  #expect(
    try cli.run(["ledger", "add", "--date", "2025-10-01", "--from", "ENT-AAC", "--to", "AndMI", "--amount", "100"])
      .status == 0)
  #expect(
    try cli.run(["ledger", "add", "--date", "2025-10-01", "--from", "ENT-AAC", "--to", "AndMI", "--amount", "100"])
      .status == 0)
  // Implausible counts are refused, so analyses cannot overflow.
  let huge = try cli.run(["need", "update", "PN-001", "--count", "9223372036854775807"])
  #expect(huge.status == 1 && huge.stderr.contains("implausibly large"))
  // Negative limits are usage errors, not crashes.
  for args in [
    ["match", "--explain=-1"], ["align", "--limit=-1"], ["recommend", "AndMI", "--limit=-1"],
    ["search", "weld", "--limit=-1"],
  ] {
    #expect(try cli.run(args).status == 2, "\(args)")
  }
  // Ranked rows of one student must come together.
  let prefs = cli.dir.appendingPathComponent("preferences.csv")
  try Data(
    "student,placement,rank\nST-0001,PL-AAC-ELEC-INT,2\nST-0002,PL-AAC-ASSY-INT,1\nST-0001,PL-AAC-ASSY-INT,1\n".utf8
  ).write(to: prefs)
  let split = try cli.run(["import", prefs.path])
  #expect(split.status == 1 && split.stderr.contains("not together"))
  // A failed import into a new file leaves no file behind.
  let fresh = cli.dir.appendingPathComponent("fresh.sqlite").path
  #expect(try cli.run(["--db", fresh, "import", prefs.path]).status == 1)
  #expect(!FileManager.default.fileExists(atPath: fresh))
  // A default export (without names) imports back into the same database.
  let out = cli.dir.appendingPathComponent("plain").path
  #expect(try cli.run(["export", "all", "--out", out]).status == 0)
  let back = try cli.run(["import", out])
  #expect(back.status == 0, "\(back.stderr)")
}

/// A funder's round trip through the built binary: key, checkpoint, verify, prove; a cut
/// ledger is refused (exit 1) while its chain alone still verifies.
@Test func ledgerCheckpointsAsAFunderUsesThem() throws {
  let cli = try CLI()
  try cli.demo()
  let key = cli.dir.appendingPathComponent("cluster.key").path
  #expect(try cli.run(["ledger", "key", "create", "--out", key, "--name", "andijan-cluster.uz/ledger"]).status == 0)
  let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
  #expect(mode == 0o600)
  // A key is never overwritten.
  let again = try cli.run(["ledger", "key", "create", "--out", key])
  #expect(again.status == 1 && again.stderr.contains("exists"))
  let checkpoint = cli.dir.appendingPathComponent("2026-11.checkpoint").path
  let signed = try cli.run(["ledger", "checkpoint", "--key", key, "--out", checkpoint])
  #expect(signed.status == 0)
  #expect(signed.stdout.hasPrefix("andijan-cluster.uz/ledger\n20\n"))
  #expect(signed.stdout.contains("\n\n— andijan-cluster.uz/ledger "))
  let verify = ["ledger", "verify", "--checkpoint", checkpoint, "--public-key", key + ".pub"]
  let ok = try cli.run(verify)
  #expect(ok.status == 0 && ok.stdout.contains("its 20 entries unchanged"), "\(ok.stdout)\(ok.stderr)")
  let proof = try cli.run(["ledger", "prove", "LE-000003", "--checkpoint", checkpoint, "--format", "json"])
  #expect(proof.status == 0)
  let json = try JSONSerialization.jsonObject(with: Data(proof.stdout.utf8)) as? [String: Any]
  #expect(json?["leaf_index"] as? Int == 2 && json?["tree_size"] as? Int == 20)
  // One of the pair without the other is a usage error.
  #expect(try cli.run(["ledger", "verify", "--checkpoint", checkpoint]).status == 2)
  // Cut the last entry as someone with the file could.
  let cut = try runProcess(
    URL(fileURLWithPath: "/usr/bin/sqlite3"),
    [cli.db, "DROP TRIGGER ledger_no_delete; DELETE FROM ledger WHERE code = 'LE-000020';"], in: cli.dir)
  #expect(cut.status == 0)
  #expect(try cli.run(["ledger", "verify"]).status == 0)
  let refused = try cli.run(verify)
  #expect(refused.status == 1)
  #expect(refused.stdout.contains("REFUSED") && refused.stdout.contains("were removed"), "\(refused.stdout)")
  let check = try cli.run(["db", "check"])
  #expect(check.status == 1 && check.stdout.contains("ledger_no_delete is missing"), "\(check.stdout)")
}
