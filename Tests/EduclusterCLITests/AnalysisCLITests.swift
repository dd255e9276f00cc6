import Foundation
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
  try cli.demo()
  let csv = try cli.run(["gap", "--year", "2025", "--format", "csv"]).stdout
  #expect(csv.contains("3-0715-01,Welding production,UZ-AN,2025,62,110,48,shortage"))
  let table = try cli.run(["gap", "--year", "2025"]).stdout
  #expect(table.contains("raise intake"))
  #expect(table.contains("open the specialty"))
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
