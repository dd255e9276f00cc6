import Foundation
import TestSupport
import Testing

/// Workbooks through the built binary, as a coordinator types them.
struct WorkbookCLITests {
  @Test func exportAllAsAWorkbookImportsAndReExportsAsTheCSVWould() throws {
    let cli = try CLI()
    try cli.demo()
    let workbook = cli.dir.appendingPathComponent("all.xlsx").path
    let written = try cli.run(["export", "all", "--format", "xlsx", "--out", workbook, "--include-personal"])
    #expect(written.status == 0, "\(written.stderr)")
    #expect(written.stdout.contains("wrote \(workbook): 42 sheets"), "\(written.stdout)")
    let other = cli.dir.appendingPathComponent("copy.sqlite").path
    let imported = try cli.run(["--db", other, "import", workbook])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.contains("read all.xlsx:students (students)"))
    let a = cli.dir.appendingPathComponent("a").path
    let b = cli.dir.appendingPathComponent("b").path
    #expect(try cli.run(["export", "all", "--out", a, "--include-personal"]).status == 0)
    #expect(try cli.run(["--db", other, "export", "all", "--out", b, "--include-personal"]).status == 0)
    for name in try FileManager.default.contentsOfDirectory(atPath: a) {
      let left = try Data(contentsOf: URL(fileURLWithPath: a + "/" + name))
      let right = try Data(contentsOf: URL(fileURLWithPath: b + "/" + name))
      #expect(left == right, "\(name) differs")
    }
    // One type: a kind with its lists.
    let one = try cli.run([
      "export", "programs", "--format", "xlsx", "--out", cli.dir.appendingPathComponent("p.xlsx").path,
    ])
    #expect(one.status == 0 && one.stdout.contains("sheets"), "\(one.stderr)")
  }

  @Test func analysesWriteWorkbooks() throws {
    let cli = try CLI()
    try cli.demo()
    for (command, extra) in [("gap", ["--on", "2026-11-29"]), ("indicators", []), ("rank", []), ("align", [])] {
      let out = cli.dir.appendingPathComponent("\(command).xlsx").path
      let r = try cli.run([command, "--format", "xlsx", "--out", out] + extra)
      #expect(r.status == 0, "\(command): \(r.stderr)")
      #expect(r.stdout.hasPrefix("wrote \(out): "), "\(r.stdout)")
      // A ZIP package (PK\3\4) that names its sheet after the file.
      let data = try Data(contentsOf: URL(fileURLWithPath: out))
      #expect(data.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
    }
    let matched = cli.dir.appendingPathComponent("match.xlsx").path
    #expect(try cli.run(["match", "--no-save", "--format", "xlsx", "--out", matched]).status == 0)
  }

  @Test(
    "a workbook needs a file; files are for workbooks",
    arguments: [
      ["gap", "--format", "xlsx"], ["gap", "--out", "x.xlsx"], ["report"],
      ["report", "--cluster", "A", "--organization", "B"],
      ["import", "--delimiter", "pipe-and-more", "x.csv"],
    ])
  func usageErrors(_ args: [String]) throws {
    let cli = try CLI()
    try cli.demo()
    let r = try cli.run(args)
    #expect(r.status == 2, "\(args): \(r.stderr)")
  }

  @Test func aTemplateIsWrittenAndExportWithoutOutSaysWhatItNeeds() throws {
    let cli = try CLI()
    try cli.demo()
    let path = cli.dir.appendingPathComponent("intake.xlsx").path
    let r = try cli.run(["template", "students", "preferences", "--out", path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("sheets students, preferences"))
    let unknown = try cli.run(["template", "unicorns", "--out", path])
    #expect(unknown.status == 1 && unknown.stderr.contains("unknown type 'unicorns'"))
    let noOut = try cli.run(["export", "all", "--format", "xlsx"])
    #expect(noOut.status == 2 && noOut.stderr.contains("--out FILE.xlsx"), "\(noOut.stderr)")
  }

  @Test func anOrganizationsPagePrints() throws {
    let cli = try CLI()
    try cli.demo()
    let text = try cli.run(["report", "--organization", "AndMI", "--on", "2026-11-29"])
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout.contains("1. Programs") && text.stdout.contains("AndMI-B-AUTO"))
    #expect(text.stdout.contains("AG-2022-06"))
    let html = try cli.run(["report", "--organization", "AndMI", "--format", "html"])
    #expect(html.stdout.contains("@media print") && html.stdout.contains("<body class=\"flow\">"))
    let cluster = try cli.run(["report", "--cluster", "CL-AN-MACH", "--format", "html"])
    #expect(cluster.stdout.contains("h2~h2{break-before:page}") && cluster.stdout.contains("stroke-dasharray=\"8 4\""))
  }
}
