import Foundation
import TestSupport
import Testing

/// A malformed input, the error location `educluster import` must report, and a phrase of the message.
struct BadFile: CustomTestStringConvertible, Sendable {
  let label: String
  let name: String
  let content: Data
  let location: String
  let phrase: String
  var testDescription: String { label }

  init(_ label: String, _ name: String, _ text: String, _ location: String, _ phrase: String) {
    self.init(label, name, Data(text.utf8), location, phrase)
  }

  init(_ label: String, _ name: String, _ content: Data, _ location: String, _ phrase: String) {
    self.label = label
    self.name = name
    self.content = content
    self.location = location
    self.phrase = phrase
  }
}

let orgHeader = "code,name,kind,region,sector,ownership,rating\n"

let badFiles: [BadFile] = {
  var invalidUTF8 = Data((orgHeader + "O1,Good,school,UZ-NG,,,\nO2,Bad ").utf8)
  invalidUTF8.append(contentsOf: [0xFF, 0xFE])
  invalidUTF8.append(contentsOf: Data(" name,school,UZ-NG,,,\n".utf8))
  var thousand = orgHeader
  for i in 1...1000 { thousand += "OK\(i),Maktab \(i),school,UZ-NG,,,\n" }
  thousand += "BAD,Maktab,school,UZ-NG,,,purple\n"
  let huge = String(repeating: "x", count: 2_000_000)
  return [
    BadFile(
      "unbalanced quote", "organizations.csv", orgHeader + "O1,\"Unclosed name,school,UZ-NG,,,\nO2,B,school,UZ-NG,,,\n",
      "organizations.csv:2:2", "unbalanced quote"),
    BadFile("invalid UTF-8", "organizations.csv", invalidUTF8, "organizations.csv:3:2", "--encoding windows-1251"),
    BadFile(
      "wrong column count", "organizations.csv", orgHeader + "O1,Maktab,school,UZ-NG\n", "organizations.csv:2:5",
      "4 fields, the header has 7"),
    BadFile(
      "unknown enum value", "organizations.csv", orgHeader + "O1,Maktab,schoool,UZ-NG,,,\n", "organizations.csv:2:3",
      "expected one of school"),
    BadFile(
      "bad date", "memberships.csv", "code,cluster,organization,role,joined\nM1,CL-NG-BUILD,NamECI,member,2024-13-01\n",
      "memberships.csv:2:5", "a date YYYY-MM-DD"),
    BadFile(
      "bad number", "cohorts.csv", "program,year,enrolled\nVC-TUR-WELD,2030,ten\n", "cohorts.csv:2:3", "a whole number"),
    BadFile(
      "dangling reference", "organizations.csv", orgHeader + "O1,Maktab,school,NO-SUCH,,,\n", "organizations.csv:2:4",
      "no region with code 'NO-SUCH'"),
    BadFile(
      "duplicate code in a file", "organizations.csv", orgHeader + "O1,A,school,UZ-NG,,,\nO1,B,school,UZ-NG,,,\n",
      "organizations.csv:3:1", "appears twice"),
    BadFile(
      "a 2 MB field", "organizations.csv", orgHeader + "O1,\(huge),school,UZ-NG,,,\n", "organizations.csv:2:2",
      "longer than 1000 characters"),
    BadFile("empty file", "organizations.csv", "", "organizations.csv:1:1", "empty"),
    BadFile(
      "required column missing", "organizations.csv", "code,name,region\nO1,A,UZ-NG\n", "organizations.csv:1:1",
      "no 'kind' column"),
    BadFile(
      "bad row after 1,000 good ones", "organizations.csv", thousand, "organizations.csv:1002:7",
      "expected one of green"),
    BadFile(
      "JSON: wrong type", "organizations.json",
      "[\n  {\"code\": \"O1\", \"name\": \"A\", \"kind\": \"school\", \"region\": \"UZ-NG\"},\n  {\"code\": \"O2\", \"name\": 5, \"kind\": \"school\", \"region\": \"UZ-NG\"}\n]\n",
      "organizations.json:3:3", "name"),
    BadFile(
      "JSON: malformed", "organizations.json", "[{\"code\": \"O1\" \"name\": \"A\"}]", "organizations.json:1:2",
      "not valid JSON"),
    BadFile(
      "NDJSON: dangling reference", "programs.ndjson",
      "{\"code\": \"P1\", \"name\": \"X\", \"organization\": \"NO-ORG\", \"level\": \"vocational\"}\n",
      "programs.ndjson:1:1", "no organization with code 'NO-ORG'"),
    BadFile(
      "list file: unknown owner", "program_outcomes.csv", "program,competency,level,hours\nNO-PROG,C-WELD,3,10\n",
      "program_outcomes.csv:2:1", "no program with code 'NO-PROG'"),
    BadFile(
      "list file: level out of range", "program_outcomes.csv",
      "program,competency,level,hours\nVC-TUR-WELD,C-WELD,7,10\n", "program_outcomes.csv:2:1", "outside 1–5"),
  ]
}()

@Test("malformed input is refused at the right place and writes nothing", arguments: badFiles)
func malformedImport(_ bad: BadFile) throws {
  let cli = try CLI()
  try cli.demo()
  let path = cli.dir.appendingPathComponent(bad.name)
  try bad.content.write(to: path)
  let before = try Data(contentsOf: URL(fileURLWithPath: cli.db))
  let r = try cli.run(["import", path.path])
  #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
  let first = r.stderr.split(separator: "\n").first.map(String.init) ?? ""
  #expect(first.hasPrefix(bad.location + ": "), "\(r.stderr)")
  #expect(first.contains(bad.phrase), "\(first)")
  #expect(r.stderr.contains("nothing was written"))
  let after = try Data(contentsOf: URL(fileURLWithPath: cli.db))
  let identical = before == after
  #expect(identical, "the database file changed")
}

@Test func importSummaryAndDryRun() throws {
  let cli = try CLI()
  try cli.demo()
  let path = cli.dir.appendingPathComponent("organizations.csv")
  try Data(
    (orgHeader
      + "NEW-1,Yangi maktab,school,UZ-NG,,state,green\nAndMI,Andijan Machine-Building Institute,university,UZ-AN-AND,P85,state,yellow\n")
      .utf8
  ).write(to: path)
  let dry = try cli.run(["import", "--dry-run", "--format", "json", path.path])
  #expect(dry.status == 0, "\(dry.stderr)")
  #expect(dry.stdout.contains("\"dry_run\" : true"))
  #expect(try cli.run(["org", "show", "NEW-1"]).status == 1)
  let real = try cli.run(["import", path.path])
  #expect(real.status == 0)
  #expect(real.stdout.contains("AndMI"), "the changed record is reported: \(real.stdout)")
  #expect(try cli.run(["org", "show", "NEW-1"]).status == 0)
}

@Test func exportAllImportsIntoAnEmptyDatabaseAndReExportsIdentically() throws {
  let cli = try CLI()
  try cli.demo()
  for format in ["csv", "json"] {
    let first = cli.dir.appendingPathComponent("\(format)-1").path
    let second = cli.dir.appendingPathComponent("\(format)-2").path
    let other = cli.dir.appendingPathComponent("\(format).sqlite").path
    #expect(try cli.run(["export", "all", "--out", first, "--format", format, "--include-personal"]).status == 0)
    let imported = try cli.run(["--db", other, "import", first])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(
      try cli.run(["--db", other, "export", "all", "--out", second, "--format", format, "--include-personal"]).status
        == 0)
    let names = try FileManager.default.contentsOfDirectory(atPath: first).sorted()
    #expect(names == (try FileManager.default.contentsOfDirectory(atPath: second).sorted()))
    for name in names {
      let a = try Data(contentsOf: URL(fileURLWithPath: first + "/" + name))
      let b = try Data(contentsOf: URL(fileURLWithPath: second + "/" + name))
      #expect(a == b, "\(format) \(name) differs")
    }
    #expect(try cli.run(["--db", other, "ledger", "verify"]).status == 0)
  }
}

@Test func personalDataLeavesOnlyWhenAskedFor() throws {
  let cli = try CLI()
  try cli.demo()
  let plain = try cli.run(["export", "students"])
  #expect(plain.stdout.hasPrefix("code,program,cohort_year,region,score\n"))
  let personal = try cli.run(["export", "students", "--include-personal"])
  #expect(personal.stdout.hasPrefix("code,name,program,"))
  let json = try cli.run(["export", "teachers", "--format", "json"])
  #expect(!json.stdout.contains("\"name\""))
}

@Test func killedImportLeavesTheDatabaseIntact() throws {
  let cli = try CLI()
  try cli.demo()
  var text = orgHeader
  for i in 0..<150_000 { text += "K\(i),Kill test \(i),business,UZ-NG,,private,\n" }
  let path = cli.dir.appendingPathComponent("organizations.csv")
  try Data(text.utf8).write(to: path)
  let before = try cli.run(["org", "list", "--format", "csv"]).stdout
  let process = Process()
  process.executableURL = CLI.binary
  process.arguments = ["--db", cli.db, "import", path.path]
  process.standardOutput = FileHandle.nullDevice
  process.standardError = FileHandle.nullDevice
  try process.run()
  Thread.sleep(forTimeInterval: 0.6)
  kill(process.processIdentifier, SIGKILL)
  process.waitUntilExit()
  #expect(
    process.terminationReason == .uncaughtSignal, "the import finished before it was killed; make the file larger")
  let check = try cli.run(["db", "check"])
  #expect(check.status == 0, "\(check.stdout)")
  #expect(try cli.run(["org", "list", "--format", "csv"]).stdout == before)
}

/// `export LIST --out DIR` writes that list's file, which imports back.
@Test func aListExportsToAFolderAndImportsBack() throws {
  let cli = try CLI()
  #expect(try cli.run(["--db", cli.db, "demo"]).status == 0)
  let out = cli.dir.appendingPathComponent("lists").path
  let r = try cli.run(["--db", cli.db, "export", "preferences", "--out", out])
  #expect(r.status == 0)
  let path = out + "/preferences.csv"
  let text = try String(contentsOfFile: path, encoding: .utf8)
  #expect(text.hasPrefix("student,placement,rank\n"))
  #expect(text.split(separator: "\n").count > 300)
  let again = try cli.run(["--db", cli.db, "import", path])
  #expect(again.status == 0, "\(again.stderr)")
  let json = try cli.run(["--db", cli.db, "export", "preferences", "--out", out, "--format", "json"])
  #expect(json.status == 1)
  #expect(json.stderr.contains("nested"))
}
