import AppCore
import Domain
import Foundation
import Localization
import TestSupport
import Testing

/// Text with everything CSV and JSON must survive: Uzbek apostrophes, Cyrillic, quotes,
/// commas, leading spaces, backslashes — and, in multi-line fields (the text rule), newlines
/// and tabs.
func awkwardText(_ rng: inout SeededGenerator, multiLine: Bool = false) -> String {
  let pieces =
    [
      "Turaqo‘rg‘on", "Oʻzbekiston", "Алмалык", "\"quoted\"", "a, b", " lead", "back\\slash", "G‘ayrat", "ё", "№ 5",
    ] + (multiLine ? ["two\nlines", "tab\there"] : [])
  return (0..<Int.random(in: 1...3, using: &rng)).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined(
    separator: " ")
}

func randomRegistry(seed: UInt64) -> [any Entity] {
  var rng = SeededGenerator(seed: seed)
  var out = [any Entity]()
  out.append(Region(code: "R0", name: awkwardText(&rng), level: .region))
  for i in 1...5 { out.append(Region(code: "R0-\(i)", name: awkwardText(&rng), level: .district, parent: "R0")) }
  let comps = (0..<8).map { "C\($0)" }
  for (i, c) in comps.enumerated() {
    out.append(
      Competency(
        code: c, name: awkwardText(&rng), type: CompetencyType.allCases.randomElement(using: &rng),
        description: Bool.random(using: &rng) ? awkwardText(&rng, multiLine: true) : nil,
        altLabels: (0..<Int.random(in: 0...3, using: &rng)).map { "alt \($0) \(i)" },
        broader: i > 0 && Bool.random(using: &rng) ? comps[i - 1] : nil))
  }
  let orgs = (0..<6).map { "O\($0)" }
  for o in orgs {
    out.append(
      Organization(
        code: o, name: awkwardText(&rng), kind: OrganizationKind.allCases.randomElement(using: &rng) ?? .school,
        region: "R0-\(Int.random(in: 1...5, using: &rng))", sector: Bool.random(using: &rng) ? "C28" : nil,
        ownership: Ownership.allCases.randomElement(using: &rng)))
  }
  out.append(Specialty(code: "S1", name: awkwardText(&rng)))
  let programs = (0..<4).map { "P\($0)" }
  for p in programs {
    let outcomes = comps.shuffled(using: &rng).prefix(3).map {
      Program.Outcome(
        competency: $0, level: Int.random(in: 1...5, using: &rng),
        hours: Bool.random(using: &rng) ? Int.random(in: 1...200, using: &rng) : nil)
    }
    out.append(
      Program(
        code: p, name: awkwardText(&rng), organization: orgs.randomElement(using: &rng) ?? "O0", specialty: "S1",
        level: ProgramLevel.allCases.randomElement(using: &rng) ?? .vocational, outcomes: Array(outcomes),
        entryRequirements: [CompetencyLevel(competency: comps[0], level: 2)]))
  }
  let placements = (0..<3).map { "PL\($0)" }
  for pl in placements {
    out.append(
      Placement(
        code: pl, organization: orgs[0], title: awkwardText(&rng), kind: .internship,
        capacity: Int.random(in: 0...4, using: &rng),
        requirements: [Requirement(competency: comps[1], level: 2, essential: Bool.random(using: &rng))]))
  }
  let students = (0..<10).map { "ST\($0)" }
  for s in students {
    out.append(
      Student(
        code: s, name: awkwardText(&rng), program: programs.randomElement(using: &rng), cohortYear: 2025,
        region: "R0-1", score: Double(Int.random(in: 0...1000, using: &rng)) / 10,
        competencies: [.init(competency: comps[2], level: 3, assessedOn: Day(iso: "2025-05-01"))],
        preferences: Array(placements.shuffled(using: &rng).prefix(Int.random(in: 0...3, using: &rng)))))
  }
  for pl in placements {
    out.append(
      Placement(
        code: pl, organization: orgs[0], title: "Place \(pl)", kind: .dual_education, capacity: 2,
        ranking: Array(students.shuffled(using: &rng).prefix(4))))
  }
  out.append(
    Agreement(
      code: "A1", kind: .research, customer: orgs[0], provider: orgs[1], value: 123_45, status: .active,
      obligations: [.init(text: awkwardText(&rng, multiLine: true), dueOn: Day(iso: "2026-01-31"), status: .open)]))
  return out
}

func tempDir() throws -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("educluster-ie-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  return dir
}

func files(in dir: String) throws -> [String: Data] {
  var out = [String: Data]()
  for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
    out[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
  }
  return out
}

/// An empty registry on `kind`: in memory for SQLite, a new database for PostgreSQL.
func emptyApp(_ kind: DatabaseKind) throws -> EduCluster {
  kind == .sqlite ? try tempApp() : try TestDatabase("educluster-ie", demo: false, user: "ana", on: kind).app
}

@Test(
  "random registries round-trip byte-identically", arguments: DatabaseKind.available, [UInt64(1), 2, 3, 42, 2026])
func randomRoundTrip(_ kind: DatabaseKind, seed: UInt64) throws {
  let app = try tempApp()
  _ = try app.save(randomRegistry(seed: seed))
  for format in ExportFormat.allCases {
    let dir = try tempDir()
    _ = try app.export(to: dir + "/a", format: format, includePersonal: true)
    // Imported into the store under test (PostgreSQL's bulk path included), exported again.
    let copy = try emptyApp(kind)
    _ = try copy.importFiles([dir + "/a"])
    _ = try copy.export(to: dir + "/b", format: format, includePersonal: true)
    #expect(try files(in: dir + "/a") == files(in: dir + "/b"), "seed \(seed) \(format)")
    // And the values themselves, not only their text.
    for kind in EntityKind.allCases {
      #expect(try app.list(kind).map(\.record) == copy.list(kind).map(\.record), "seed \(seed) \(kind)")
    }
  }
}

@Test func mergingTwoDistrictsGivesTheUnionAndTheLaterImportWins() throws {
  let dir = try tempDir()
  let base = randomRegistry(seed: 9).filter { [.region, .competency].contains(type(of: $0).kind) }
  let a = try tempApp()
  _ = try a.save(
    base + [
      Organization(code: "A-1", name: "District A school", kind: .school, region: "R0-1"),
      Organization(code: "SHARED", name: "Shared college (A)", kind: .vocational_college, region: "R0-1"),
    ])
  let b = try tempApp()
  _ = try b.save(
    base + [
      Organization(code: "B-1", name: "District B school", kind: .school, region: "R0-2"),
      Organization(code: "SHARED", name: "Shared college (B)", kind: .vocational_college, region: "R0-2"),
    ])
  _ = try a.export(to: dir + "/a", format: .csv, includePersonal: true)
  _ = try b.export(to: dir + "/b", format: .csv, includePersonal: true)
  let region = try tempApp()
  _ = try region.importFiles([dir + "/a"])
  let second = try region.importFiles([dir + "/b"])
  let codes = Set(try region.list(.organization).map(\.code))
  #expect(codes == ["A-1", "B-1", "SHARED"])
  let shared = try #require(try region.show(.organization, code: "SHARED") as? Organization)
  #expect(shared.name == "Shared college (B)")
  let orgCounts = try #require(second.counts.first { $0.kind == "organization" })
  #expect(orgCounts.updatedCodes == ["SHARED"])
  #expect(orgCounts.inserted == 1)
}

/// ESCO's published CSV layout, with multi-line alternative labels and extra columns.
func escoFiles(skills: Int) throws -> String {
  let dir = try tempDir()
  var s =
    "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,scopeNote,definition,inScheme,description\n"
  for i in 0..<skills {
    let uri = "http://data.europa.eu/esco/skill/\(String(format: "%08x", i))-0000-4000-8000-000000000000"
    let type = i % 3 == 0 ? "knowledge" : "skill/competence"
    let alt = "\"weld metal parts \(i)\nuse welding equipment \(i)\noperate \"\"MIG\"\" welder \(i)\""
    s +=
      "KnowledgeSkillCompetence,\(uri),\(type),sector-specific,skill number \(i),\(alt),,released,2023-01-01T00:00:00Z,,,\"http://data.europa.eu/esco/concept-scheme/skills, http://data.europa.eu/esco/concept-scheme/member-skills\",\"Description of skill \(i), with a comma.\"\n"
  }
  try Data(s.utf8).write(to: URL(fileURLWithPath: dir + "/skills_en.csv"))
  var o =
    "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,regulatedProfessionNote,scopeNote,definition,inScheme,description,code\n"
  o +=
    "Occupation,http://data.europa.eu/esco/occupation/welder,7212,welder,\"welding operative\nwelder-fitter\",,released,2023-01-01T00:00:00Z,,,,x,Welds metal parts.,7212.1\n"
  try Data(o.utf8).write(to: URL(fileURLWithPath: dir + "/occupations_en.csv"))
  var r = "occupationUri,relationType,skillType,skillUri\n"
  for i in 0..<5 {
    let uri = "http://data.europa.eu/esco/skill/\(String(format: "%08x", i))-0000-4000-8000-000000000000"
    r += "http://data.europa.eu/esco/occupation/welder,\(i < 3 ? "essential" : "optional"),skill/competence,\(uri)\n"
  }
  try Data(r.utf8).write(to: URL(fileURLWithPath: dir + "/occupationSkillRelations_en.csv"))
  return dir
}

@Test func escoFilesImportWholeAndAreSearchable() throws {
  let app = try tempApp()
  let report = try app.importFiles([try escoFiles(skills: 3000)])
  #expect(Set(report.files.map(\.holds)) == ["ESCO occupation–skill relations", "ESCO occupations", "ESCO skills"])
  #expect(try app.count(.competency) == 3000)
  let skill = try #require(
    try app.show(.competency, code: "http://data.europa.eu/esco/skill/0000000a-0000-4000-8000-000000000000")
      as? Competency)
  #expect(skill.altLabels == ["weld metal parts 10", "use welding equipment 10", "operate \"MIG\" welder 10"])
  #expect(skill.type == .skill)
  #expect(skill.description == "Description of skill 10, with a comma.")
  #expect(try app.search("MIG welder 2999").map(\.code).contains { $0.contains("00000bb7") })
  let welder = try #require(
    try app.show(.occupation, code: "http://data.europa.eu/esco/occupation/welder") as? Occupation)
  #expect(welder.skills.filter(\.essential).count == 3)
  #expect(welder.skills.count == 5)
  #expect(welder.iscoGroup == "7212")
}

/// An import is all or nothing on both stores: one bad row among thousands of good ones (the
/// last, so PostgreSQL's bulk buffer holds the rest when it fails) leaves the database as it was.
@Test(arguments: DatabaseKind.available)
func aFailedImportWritesNothing(_ kind: DatabaseKind) throws {
  let app = try emptyApp(kind)
  _ = try app.save(randomRegistry(seed: 7))
  let before = try EntityKind.allCases.map { try app.count($0) }
  let dir = try tempDir()
  var lines = ["code,name,kind,region"]
  for i in 0..<3000 { lines.append("BULK-\(i),School \(i),school,R0-1") }
  lines.append("BULK-BAD,Bad school,school,NO-SUCH-REGION")
  try lines.joined(separator: "\n").write(toFile: dir + "/organizations.csv", atomically: true, encoding: .utf8)
  #expect {
    try app.importFiles([dir + "/organizations.csv"])
  } throws: { error in
    let details = (error as? AppError)?.details.map(\.description).joined(separator: "\n") ?? ""
    return details.contains("organizations.csv:3002") && details.contains("NO-SUCH-REGION")
  }
  #expect(try EntityKind.allCases.map { try app.count($0) } == before)
  #expect(throws: AppError.self) { try app.show(.organization, code: "BULK-0") }
}

/// Texts that PostgreSQL's bulk path sends inside array literals (quotes, backslashes, braces,
/// commas, `NULL` as a word, Cyrillic and Uzbek Latin), empty optional fields and decimals come
/// back exactly as written, on every store; a later batch of the same file too.
@Test(arguments: DatabaseKind.available)
func awkwardTextsImportExactly(kind: DatabaseKind) throws {
  let app = try emptyApp(kind)
  _ = try app.save(randomRegistry(seed: 7))
  let names = [
    #"Ali "the quick" Valiyev"#, #"back\slash \ and \\ two"#, "{braces}, and, commas", "NULL", #"\"#, "Oʻgʻiloy Алиева",
    "  spaced  ", "x",
  ]
  // 2,500 rows: more than one batch of the bulk path (2,000).
  var lines = ["code,name,program,cohort_year,region,score"]
  for i in 0..<2500 {
    let name = names[i % names.count]
    let program = i % 3 == 0 ? "" : "P\(i % 4)"
    let score = i % 5 == 0 ? "" : String(Double(i % 800) / 8)
    lines.append("AW-\(i),\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\",\(program),2024,R0-1,\(score)")
  }
  let dir = try tempDir()
  let path = dir + "/students.csv"
  try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
  let report: ImportReport
  do { report = try app.importFiles([path]) } catch {
    Issue.record("\(error.details.prefix(6).map(\.description))")
    return
  }
  #expect(report.counts.first { $0.kind == "student" }?.inserted == 2500)
  let stored = Dictionary(uniqueKeysWithValues: try app.list(.student).map { ($0.code, $0.record) })
  for i in [0, 1, 2, 3, 4, 5, 6, 7, 2001, 2499] {
    let record = try #require(stored["AW-\(i)"])
    let name = names[i % names.count]
    #expect(record["name"] == .text(name), "AW-\(i)")
    #expect(record["program"] == (i % 3 == 0 ? .null : .text("P\(i % 4)")), "AW-\(i)")
    #expect(record["score"] == (i % 5 == 0 ? .null : .real(Double(i % 800) / 8)), "AW-\(i)")
  }
}

/// A students file large enough for the prepared path (over 25,000 rows: on SQLite each new row
/// is built, references resolved, on the read-ahead thread) stores what the general path stores
/// for the same rows in small files; imported again, every row is unchanged. A repeated code
/// and an unknown program in such a file are reported at their lines, and nothing is written.
/// On SQLite only: PostgreSQL has no prepared path (its bulk path is `aFailedImportWritesNothing`'s
/// and the round trips'), and these 220,000 rows take it three minutes in a debug build.
@Test func aLargeFileImportsAsSmallOnesDo() throws {
  let kind = DatabaseKind.sqlite
  let header = "code,name,program,cohort_year,region,score"
  // Every third student without a program (a null reference); names with Cyrillic and quotes.
  let rows = (0..<32_000).map { i in
    "ST-\(i),\"Talaba \(i), Алиев\",\(i % 3 == 0 ? "" : "P\(i % 4)"),\(2020 + i % 6),R0-\(1 + i % 5),\(Double(i % 1000) / 10)"
  }
  let dir = try tempDir()
  func write(_ lines: [String], _ folder: String) throws -> String {
    try FileManager.default.createDirectory(atPath: dir + "/" + folder, withIntermediateDirectories: true)
    let path = dir + "/" + folder + "/students.csv"
    try ([header] + lines).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }
  let large = try emptyApp(kind)
  let small = try emptyApp(kind)
  for app in [large, small] { _ = try app.save(randomRegistry(seed: 7)) }
  let whole = try write(rows, "large")
  let report = try large.importFiles([whole])
  #expect(report.counts.first { $0.kind == "student" }?.inserted == 32_000)
  // The same rows as four files of 8,000 (some 360 KB each: the general path).
  for part in 0..<4 {
    _ = try small.importFiles([try write(Array(rows[(part * 8000)..<((part + 1) * 8000)]), "part\(part)")])
  }
  func byCode(_ app: EduCluster) throws -> [String: Record] {
    Dictionary(uniqueKeysWithValues: try app.list(.student).map { ($0.code, $0.record) })
  }
  let stored = try byCode(large)
  #expect(stored.count == 32_010)
  #expect(stored == (try byCode(small)))
  #expect(stored["ST-4"]?["program"] == .text("P0") && stored["ST-4"]?["region"] == .text("R0-5"))
  #expect(stored["ST-3"]?["program"] == .null)
  let again = try large.importFiles([whole])
  #expect(again.counts.first { $0.kind == "student" }?.unchanged == 32_000)

  // Line 2 + i holds row i: a repeat of ST-5 at row 20,000, an unknown program at row 30,000.
  var bad = rows.map { $0.replacingOccurrences(of: "ST-", with: "NEW-") }
  bad[20_000] = "NEW-5,Repeated,P1,2024,R0-1,50"
  bad[30_000] = "NEW-30000,Unknown program,NO-SUCH-PROGRAM,2024,R0-1,50"
  let badPath = try write(bad, "bad")
  #expect {
    try large.importFiles([badPath])
  } throws: { error in
    let details = (error as? AppError)?.details.map(\.description) ?? []
    return details.count == 2
      && details[0].contains("students.csv:20002:1") && details[0].contains("appears twice")
      && details[1].contains("students.csv:30002") && details[1].contains("NO-SUCH-PROGRAM")
  }
  #expect(try large.count(.student) == 32_010)
}
