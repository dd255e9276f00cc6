import Analytics
import AppCore
import DemoData
import Domain
import Foundation
import Localization
import Presentation
import TestSupport
import Testing

// Scenarios built from nothing through AppCore, as a new user would: a region with districts,
// a college and a university, cohorts, needs in future years, teachers with training, an ended
// placement. Every expected figure is worked out by hand in the comments (issue #10).

private func day(_ text: String) -> Day {
  guard let d = Day(iso: text) else { preconditionFailure("\(text) is not a date") }
  return d
}

/// The run's day of every scenario: late November 2026.
private let today = day("2026-11-29")

/// The scenario region:
///
///     UZ (country)
///     ├── UZ-SC  Scenario region ── UZ-SC-A (district A), UZ-SC-B (district B)
///     └── UZ-OT  Other region ───── UZ-OT-C (district C)
///
/// COL-A  vocational college, district A — P-V  (SP-V, vocational, 24 months, intake 40)
/// UNI-B  university,         district B — P-B  (SP-B, bachelor, 48 months, intake 30)
/// SCH-A  school,             district A — P-S  (general secondary, no specialty)
/// COL-OT vocational college, district C — P-OT (SP-V, vocational, 24 months, intake 20)
/// ENT-A  enterprise,         district A;  ENT-OT enterprise, district C.
private func scenario() throws -> EduCluster {
  let app = try tempApp()
  func add(_ kind: EntityKind, _ values: [String: FieldValue]) throws { _ = try app.add(Record(kind, values)) }
  func add(_ entity: any Entity) throws { _ = try app.add(entity.record) }
  try add(Region(code: "UZ", name: "Uzbekistan", level: .country))
  try add(Region(code: "UZ-SC", name: "Scenario region", level: .region, parent: "UZ"))
  try add(Region(code: "UZ-SC-A", name: "District A", level: .district, parent: "UZ-SC"))
  try add(Region(code: "UZ-SC-B", name: "District B", level: .district, parent: "UZ-SC"))
  try add(Region(code: "UZ-OT", name: "Other region", level: .region, parent: "UZ"))
  try add(Region(code: "UZ-OT-C", name: "District C", level: .district, parent: "UZ-OT"))
  try add(Organization(code: "COL-A", name: "College A", kind: .vocational_college, region: "UZ-SC-A"))
  try add(Organization(code: "UNI-B", name: "University B", kind: .university, region: "UZ-SC-B"))
  try add(Organization(code: "SCH-A", name: "School A", kind: .school, region: "UZ-SC-A"))
  try add(Organization(code: "COL-OT", name: "College C", kind: .vocational_college, region: "UZ-OT-C"))
  try add(Organization(code: "ENT-A", name: "Plant A", kind: .enterprise, region: "UZ-SC-A"))
  try add(Organization(code: "ENT-OT", name: "Plant C", kind: .enterprise, region: "UZ-OT-C"))
  for c in ["C1", "C2", "C3"] { try add(.competency, ["code": .text(c), "name": .text("Competency \(c)")]) }
  try add(Specialty(code: "SP-V", name: "Welding", level: .vocational))
  try add(Specialty(code: "SP-B", name: "Engineering", level: .bachelor))
  try add(Specialty(code: "SP-NEW", name: "Mechatronics", level: .vocational))
  try add(Specialty(code: "SP-BNEW", name: "Robotics", level: .bachelor))
  try add(Specialty(code: "SP-F", name: "Old trade", level: .vocational))
  try add(Specialty(code: "SP-G", name: "Growing trade", level: .vocational))
  try add(
    Program(
      code: "P-V", name: "Welding", organization: "COL-A", specialty: "SP-V", level: .vocational, durationMonths: 24,
      annualIntake: 40, outcomes: [.init(competency: "C1", level: 3), .init(competency: "C2", level: 2)]))
  try add(
    Program(
      code: "P-B", name: "Engineering", organization: "UNI-B", specialty: "SP-B", level: .bachelor,
      durationMonths: 48, annualIntake: 30,
      outcomes: [.init(competency: "C1", level: 4), .init(competency: "C3", level: 3)]
    ))
  try add(
    Program(
      code: "P-S", name: "General", organization: "SCH-A", level: .general_secondary,
      outcomes: [.init(competency: "C2", level: 1)]))
  try add(
    Program(
      code: "P-OT", name: "Welding C", organization: "COL-OT", specialty: "SP-V", level: .vocational,
      durationMonths: 24, annualIntake: 20, outcomes: [.init(competency: "C1", level: 3)]))
  // P-V: 34 of 40 and 30 of 40 graduated → its own completion rate is 64 ÷ 80 = 0.8.
  try add(Cohort(program: "P-V", year: 2024, enrolled: 40, graduated: 34, employed: 30, employedInCluster: 20))
  try add(Cohort(program: "P-V", year: 2025, enrolled: 40, graduated: 30, employed: 24, employedInCluster: 12))
  // P-OT: 20 graduated, 10 employed, 2 of them in the cluster (2025).
  try add(Cohort(program: "P-OT", year: 2025, enrolled: 25, graduated: 20, employed: 10, employedInCluster: 2))
  let c1 = Requirement(competency: "C1", level: 3)
  try add(
    PersonnelNeed(
      code: "N-2028", organization: "ENT-A", specialty: "SP-V", region: "UZ-SC-A", year: 2028, count: 80,
      requirements: [c1]))
  try add(
    PersonnelNeed(
      code: "N-2023", organization: "ENT-A", specialty: "SP-V", region: "UZ-SC-A", year: 2023, count: 10,
      requirements: [c1]))
  try add(
    PersonnelNeed(
      code: "N-NEW", organization: "ENT-A", specialty: "SP-NEW", region: "UZ-SC-A", year: 2028, count: 20,
      requirements: [Requirement(competency: "C1", level: 2)]))
  try add(
    PersonnelNeed(
      code: "N-BNEW", organization: "ENT-A", specialty: "SP-BNEW", region: "UZ-SC-A", year: 2028, count: 10,
      requirements: [Requirement(competency: "C3", level: 3), Requirement(competency: "C1", level: 4)]))
  try add(
    PersonnelNeed(
      code: "N-OT", organization: "ENT-OT", specialty: "SP-V", region: "UZ-OT-C", year: 2028, count: 200,
      requirements: [c1]))
  for (i, year) in [2019, 2020, 2021].enumerated() {
    try add(
      PersonnelNeed(
        code: "N-F\(i)", organization: "ENT-OT", specialty: "SP-F", region: "UZ-OT-C", year: year, count: 10))
  }
  for (i, year) in [2023, 2024, 2025].enumerated() {
    try add(
      PersonnelNeed(
        code: "N-G\(i)", organization: "ENT-OT", specialty: "SP-G", region: "UZ-OT-C", year: year, count: 10 * (i + 1)))
  }
  return app
}

// MARK: 1. Future years are projected; past years without records are "no data"

@Test func futureGraduatesAreProjectedFromIntakeAndPastGapsAreNoData() throws {
  let app = try scenario()
  var options = GapOptions()
  options.region = "UZ-SC"
  options.specialty = "SP-V"
  let result = try app.gap(GapRequest(options: options, on: today))
  // 2028 (after 2026): no cohort recorded → P-V's intake 40 × its own rate 0.8 = 32 graduates.
  // Demand 80 (N-2028) → gap 48, over 10 % of 80 → shortage.
  let y2028 = try #require(result.rows.first { $0.year == 2028 })
  #expect(y2028.region == "UZ-SC")
  #expect(y2028.supply == 32)
  #expect(y2028.demand == 80)
  #expect(y2028.gap == 48)
  #expect(y2028.status == .shortage)
  #expect(y2028.basis == [.projected_from_intake])
  #expect(y2028.contributions.first?.completionRate == 0.8)
  // 2023 (before 2026): nothing recorded for P-V → no data, not a supply of 0.
  let y2023 = try #require(result.rows.first { $0.year == 2023 })
  #expect(y2023.status == .no_data)
  #expect(y2023.basis == [.no_data])
  // 2025: 30 graduates recorded, no demand → a surplus resting on records.
  let y2025 = try #require(result.rows.first { $0.year == 2025 })
  #expect(y2025.supply == 30)
  #expect(y2025.basis == [.recorded])
}

// MARK: 2. Recommendations name institutions that could act, and add up

@Test func raiseIntakeAddsUpToTheGapAtTheCompletionRate() throws {
  let app = try scenario()
  var options = GapOptions()
  options.fromYear = 2028
  options.toYear = 2028
  options.region = "UZ-SC"
  let result = try app.gap(GapRequest(options: options, on: today))
  // SP-V 2028: gap 48 → ⌈48 ÷ 0.85⌉ = ⌈56.47⌉ = 57 more admitted at P-V, the only program;
  // 57 × 0.85 = 48.45 ≥ 48. Admitted in 2028 − 2 (24 months) = 2026.
  let expand = try #require(result.recommendations.first { $0.action == "expand_intake" && $0.specialty == "SP-V" })
  #expect(expand.extraIntake == 57)
  #expect(expand.targets.map(\.code) == ["P-V"])
  #expect(expand.targets.map(\.value) == [57])
  #expect(Double(expand.extraIntake ?? 0) * 0.85 >= expand.gap)
  #expect(expand.text.contains("the 2026 intake graduates in 2028"))
}

@Test func openingASpecialtyNamesOnlyInstitutionsOfItsLevel() throws {
  let app = try scenario()
  var options = GapOptions()
  options.fromYear = 2028
  options.toYear = 2028
  let result = try app.gap(GapRequest(options: options, on: today))
  // SP-NEW is vocational and needs C1 at 2: P-V teaches C1 at 3 → fit 1 at COL-A (same
  // district as the need). UNI-B (a university) and SCH-A (a school) cannot offer it; COL-OT
  // fits too but lies in another region, and the region has a candidate.
  let vocational = try #require(result.recommendations.first { $0.specialty == "SP-NEW" })
  #expect(vocational.action == "open_specialty")
  #expect(vocational.targets.map(\.code) == ["COL-A"])
  #expect(vocational.targets.first?.value == 1)
  #expect(vocational.targets.first?.nearness == 0)
  // SP-BNEW is a bachelor specialty needing C3 at 3 and C1 at 4 (both essential): only UNI-B
  // may open it; P-B teaches C1 at 4 and C3 at 3 → fit 1, in the same region (district B) → 1.
  let bachelor = try #require(result.recommendations.first { $0.specialty == "SP-BNEW" })
  #expect(bachelor.targets.map(\.code) == ["UNI-B"])
  #expect(bachelor.targets.first?.nearness == 1)
}

// MARK: 3. One definition: the overview, gap and report agree

@Test func overviewGapAndReportAgreeOnEveryClusterAndSpecialty() throws {
  let app = try demoApp()
  for overview in try app.overview(on: today) {
    let year = try #require(overview.year)
    var options = GapOptions()
    options.fromYear = year
    options.toYear = year
    let gap = try app.gap(GapRequest(options: options, cluster: overview.code, on: today))
    #expect(
      overview.needsVersusGraduates.map { "\($0.specialty) \($0.region) \($0.demand) \($0.supply) \($0.status)" }
        == gap.rows.map { "\($0.specialty) \($0.region) \($0.demand) \(Int($0.supply.rounded())) \($0.status)" })
    let report = try app.report(cluster: overview.code, year: year, on: today)
    #expect(report.gaps == gap.rows)
    #expect(report.overview?.needsVersusGraduates == overview.needsVersusGraduates)
  }
}

// MARK: 4. A region takes in its districts

@Test func aRegionFilterTakesInItsDistricts() throws {
  let app = try scenario()
  // COL-A, SCH-A, ENT-A (district A) and UNI-B (district B) lie in UZ-SC; COL-OT and ENT-OT do not.
  let inside = try app.list(.organization, filters: ["region": "UZ-SC"]).map(\.code)
  #expect(inside == ["COL-A", "ENT-A", "SCH-A", "UNI-B"])
  #expect(try app.list(.organization, filters: ["region": "UZ-SC-B"]).map(\.code) == ["UNI-B"])
  #expect(try app.list(.organization, filters: ["kind": "university", "region": "UZ"]).map(\.code) == ["UNI-B"])
  // gap --region UZ-SC: the district need N-2028 (UZ-SC-A) is in, N-OT (UZ-OT-C) is not.
  var options = GapOptions()
  options.region = "UZ-SC"
  options.fromYear = 2028
  options.toYear = 2028
  options.specialty = "SP-V"
  #expect(try app.gap(GapRequest(options: options, on: today)).rows.map(\.demand) == [80])
}

// MARK: 5. Dates move: --on, and a demo that never ages

@Test(arguments: ["2025-09-01", "2026-03-15", "2026-08-31", "2026-11-29", "2031-06-30"])
func theDemoStaysAliveOnAnyDayOfItsAcademicYear(_ text: String) throws {
  let on = day(text)
  let app = try tempApp()
  _ = try app.loadDemo(replace: false, academicDay: on)
  // pd assigns courses that start after the day, within the horizon.
  let pd = try app.pd(PDRequest(on: on))
  #expect(pd.plans.contains { !$0.courses.isEmpty })
  for code in pd.openCourses {
    let course = try #require(try app.show(.course, code: code) as? Course)
    #expect(course.startsOn.map { $0 >= on } ?? true)
  }
  // Matching has open placements and nothing closed is offered.
  var options = MatchOptions()
  options.save = false
  options.on = on
  let match = try app.match(options)
  #expect(match.placements > 0 && match.matched > 0)
  // Quality finds only what the demo plants: a duplicate college and dangling programs.
  let categories = Set(try app.quality(QualityRequest(on: on)).map(\.category))
  #expect(categories == ["duplicate", "dangling"])
}

@Test func theDemoMovesWholeYears() throws {
  // The demo is written for 2025/26; built for 2030/31 every date and year is 5 years later.
  let base = DemoDataSet.entities()
  let moved = DemoDataSet.entities(academicYear: 2030)
  #expect(base.count == moved.count)
  let cohorts = zip(base, moved).compactMap { a, b -> (Cohort, Cohort)? in
    guard let x = a as? Cohort, let y = b as? Cohort else { return nil }
    return (x, y)
  }
  #expect(!cohorts.isEmpty)
  for (a, b) in cohorts {
    #expect(b.year == a.year + 5)
    #expect(b.code == "\(a.program)/\(a.year + 5)")
  }
  let courses = zip(base, moved).compactMap { a, b -> (Course, Course)? in
    guard let x = a as? Course, let y = b as? Course else { return nil }
    return (x, y)
  }
  for (a, b) in courses { #expect(b.startsOn == a.startsOn?.adding(years: 5)) }
  #expect(DemoDataSet.ledger(academicYear: 2030).first?.date == DemoDataSet.ledger().first?.date.adding(years: 5))
  #expect(DemoDataSet.academicYear(of: day("2026-08-31")) == 2025)
  #expect(DemoDataSet.academicYear(of: day("2026-09-01")) == 2026)
}

// MARK: 6, 7, 12. Teacher development: training counts, courses respect dates, gaps are narrow

/// Teachers and courses at COL-A (P-V teaches C1 at 3, C2 at 2), on 2026-11-29, 3-year cycle.
private func teachersScenario() throws -> EduCluster {
  let app = try scenario()
  func add(_ entity: any Entity) throws { _ = try app.add(entity.record) }
  let c1 = [CompetencyLevel(competency: "C1", level: 1)]
  // T1 last qualified 2022-01-10 (due 2025-01-10), passed a course on 2025-06-01 → qualified
  // 2025-06-01, due 2028-06-01: not due.
  try add(
    Teacher(
      code: "T1", name: "Teacher One", organization: "COL-A", lastQualifiedOn: day("2022-01-10"), competencies: c1,
      programs: ["P-V"]))
  // T2 passed the same course on 2023-01-10 → due 2026-01-10: overdue on 2026-11-29, but the
  // course lifted C1 to 3 (derived), so the C1 gap (1 → 3) is closed; C2 is not a subject of T2.
  try add(
    Teacher(
      code: "T2", name: "Teacher Two", organization: "COL-A", lastQualifiedOn: day("2022-01-10"), competencies: c1,
      programs: ["P-V"]))
  // T3 and T4 never qualified, C1 at 1 (gap 1 → 3).
  try add(Teacher(code: "T3", name: "Teacher Three", organization: "COL-A", competencies: c1, programs: ["P-V"]))
  try add(Teacher(code: "T4", name: "Teacher Four", organization: "COL-A", competencies: c1, programs: ["P-V"]))
  // A university lecturer teaching P-B (C1 at 4, C3 at 3) with only C3 on record at 2: the
  // gap is C3 2 → 3, not C1 (not a subject of theirs).
  try add(
    Teacher(
      code: "T5", name: "Lecturer Five", organization: "UNI-B", lastQualifiedOn: day("2020-01-01"),
      competencies: [CompetencyLevel(competency: "C3", level: 2)], programs: ["P-B"]))
  let raisesC1 = [CompetencyLevel(competency: "C1", level: 3)]
  try add(
    Course(
      code: "CRS-DONE", title: "Done", provider: "UNI-B", hours: 40, mode: .formal, capacity: 10,
      startsOn: day("2022-12-01"), endsOn: day("2023-01-10"), raises: raisesC1))
  try add(TrainingRecord(teacher: "T1", course: "CRS-DONE", completedOn: day("2025-06-01"), result: .passed))
  try add(TrainingRecord(teacher: "T2", course: "CRS-DONE", completedOn: day("2023-01-10"), result: .passed))
  // Courses around 2026-11-29 with a 180-day horizon (until 2027-05-28):
  // ended, already running, starting too late, and two that fit (one seat, then five).
  try add(
    Course(
      code: "CRS-ENDED", title: "Ended", provider: "UNI-B", hours: 40, capacity: 10, startsOn: day("2026-05-01"),
      endsOn: day("2026-06-30"), raises: raisesC1))
  try add(
    Course(
      code: "CRS-RUNNING", title: "Running", provider: "UNI-B", hours: 40, capacity: 10, startsOn: day("2026-11-01"),
      endsOn: day("2026-12-20"), raises: raisesC1))
  try add(
    Course(
      code: "CRS-FAR", title: "Far", provider: "UNI-B", hours: 40, capacity: 10, startsOn: day("2027-09-01"),
      endsOn: day("2027-09-30"), raises: raisesC1))
  try add(
    Course(
      code: "CRS-ONE", title: "One seat", provider: "UNI-B", hours: 40, capacity: 1, startsOn: day("2027-02-01"),
      endsOn: day("2027-02-20"), raises: raisesC1))
  try add(
    Course(
      code: "CRS-FIVE", title: "Five seats", provider: "UNI-B", hours: 40, capacity: 5, startsOn: day("2027-03-01"),
      endsOn: day("2027-03-20"),
      raises: raisesC1 + [CompetencyLevel(competency: "C3", level: 3)]))
  return app
}

@Test func passedTrainingRenewsQualificationAndLiftsCompetencies() throws {
  let app = try teachersScenario()
  let pd = try app.pd(PDRequest(on: today))
  #expect(!pd.plans.contains { $0.teacher == "T1" })
  let t2 = try #require(pd.plans.first { $0.teacher == "T2" })
  #expect(t2.status == "overdue")
  #expect(t2.qualifiedOn == day("2023-01-10"))
  #expect(t2.qualifiedBy == "T2/CRS-DONE")
  #expect(t2.dueOn == day("2026-01-10"))
  #expect(t2.derived == [CompetencyLevel(competency: "C1", level: 3)])
  #expect(t2.gaps.isEmpty)
  #expect(t2.courses.isEmpty)
  // A failed record counts for nothing: T1 with only a failure would be overdue again.
  _ = try app.update(.training, code: "T1/CRS-DONE", changes: Record(.training, ["result": .text("failed")]))
  #expect(try app.pd(PDRequest(on: today)).plans.first { $0.teacher == "T1" }?.status == "overdue")
}

@Test func coursesAreAssignedOnlyWhenOpenAndWithinCapacity() throws {
  let app = try teachersScenario()
  let pd = try app.pd(PDRequest(on: today))
  // Open: starting between 2026-11-29 and 2027-05-28 and not ended → CRS-FIVE, CRS-ONE.
  #expect(pd.openCourses == ["CRS-FIVE", "CRS-ONE"])
  // Never-qualified first, by code: T3 then T4; CRS-FIVE closes C1 and (for T5) C3 — every
  // candidate course closes T3's gap of 2 levels equally, so the first open one by code wins.
  #expect(pd.plans.first { $0.teacher == "T3" }?.courses == ["CRS-FIVE"])
  #expect(pd.plans.first { $0.teacher == "T4" }?.courses == ["CRS-FIVE"])
  let t5 = try #require(pd.plans.first { $0.teacher == "T5" })
  #expect(t5.measuredAgainst == "subjects")
  #expect(t5.gaps.map(\.competency) == ["C3"])
  #expect(t5.courses == ["CRS-FIVE"])
  #expect(pd.seats == ["CRS-FIVE": 3])
  // With CRS-FIVE full, the one-seat course takes one teacher and no more.
  _ = try app.update(.course, code: "CRS-FIVE", changes: Record(.course, ["capacity": .integer(1)]))
  let tight = try app.pd(PDRequest(on: today))
  #expect(tight.plans.first { $0.teacher == "T3" }?.courses == ["CRS-FIVE"])
  #expect(tight.plans.first { $0.teacher == "T4" }?.courses == ["CRS-ONE"])
  #expect(tight.seats == ["CRS-FIVE": 1, "CRS-ONE": 1])
}

// MARK: 8. Ended placements are closed

@Test func matchingSkipsPlacementsThatHaveEnded() throws {
  let app = try scenario()
  func add(_ entity: any Entity) throws { _ = try app.add(entity.record) }
  try add(
    Placement(
      code: "PL-ENDED", organization: "ENT-A", title: "Ended", kind: .internship, capacity: 1,
      endsOn: day("2026-06-30")))
  try add(
    Placement(
      code: "PL-OPEN", organization: "ENT-A", title: "Open", kind: .internship, capacity: 1,
      endsOn: day("2027-06-30")))
  try add(Student(code: "S1", name: "Student One", program: "P-V", score: 80, preferences: ["PL-ENDED", "PL-OPEN"]))
  var options = MatchOptions()
  options.on = today
  options.save = false
  let m = try app.match(options)
  // PL-ENDED ended before 2026-11-29: not offered; S1 gets its second choice.
  #expect(m.closedPlacements == ["PL-ENDED"])
  #expect(m.placements == 1)
  #expect(m.assignments.map { "\($0.student) \($0.placement) \($0.rank)" } == ["S1 PL-OPEN 2"])
  let why = try #require(m.explanations.first { $0.student == "S1" })
  #expect(why.choices.first?.placement == "PL-ENDED")
  #expect(why.choices.first?.outcome == "closed")
  // A year earlier both were open: S1 gets the first choice.
  options.on = day("2025-11-29")
  #expect(try app.match(options).assignments.first?.placement == "PL-ENDED")
}

// MARK: 9. Partners: one year, nearest first

@Test func recommendCountsOneYearAndPrefersNearbyPartners() throws {
  let app = try scenario()
  // Needs are recorded for 2019–2025 and 2028: from 2026 on, the first year with needs is 2028. ENT-A (district A, as COL-A) needs
  // 80 + 20 + 10 = 110 people in 2028 (N-2023's 10 of 2023 are not counted again); ENT-OT
  // needs 200 (score 200 × fit 1) but lies in another region, so it comes second.
  let list = try app.recommend(RecommendRequest(for: "COL-A", on: today))
  #expect(list.map(\.partner) == ["ENT-A", "ENT-OT"])
  #expect(list.map(\.year) == [2028, 2028])
  #expect(list.map(\.people) == [110, 200])
  #expect(list.map(\.nearness) == [0, 2])
  // ENT-A's score: N-2028 80 × 1 + N-NEW 20 × 1 (C1 3 ≥ 2) + N-BNEW 10 × (2·0 + 2·0.75) ÷ 4
  // = 80 + 20 + 3.75 = 103.75.
  #expect(abs((list.first?.score ?? 0) - 103.75) < 1e-9)
  // Asked for 2023: N-2023 (ENT-A, 10) and N-G0 (ENT-OT's SP-G, 10, no requirements: fit 1).
  let earlier = try app.recommend(RecommendRequest(for: "COL-A", year: 2023, on: today))
  #expect(earlier.map(\.partner) == ["ENT-A", "ENT-OT"])
  #expect(earlier.map(\.people) == [10, 10])
}

// MARK: 10. Missing is not zero

@Test func institutionsWithoutDataAreNotRanked() throws {
  let app = try scenario()
  let ranked = try app.rank(IndicatorRequest(year: 2025, institutions: true))
  // COL-A: employment 24/30 = 0.8, in cluster 12/24 = 0.5; COL-OT: 10/20 = 0.5 and 2/10 = 0.2;
  // agreements, funding and outputs are 0 for both (equal for all: left out). Normalised,
  // COL-A is 1 on both → composite 1, green; COL-OT 0 → red. UNI-B and SCH-A have data for 3
  // of the 5 indicators that apply (employment, in cluster, agreements, funding, outputs):
  // 60 % < 2/3 → not ranked.
  #expect(ranked.map(\.entity) == ["COL-A", "COL-OT", "SCH-A", "UNI-B"])
  #expect(ranked.map(\.rank) == [1, 2, nil, nil])
  #expect(ranked.map(\.band.rawValue) == ["green", "red", "no_data", "no_data"])
  #expect(ranked.map(\.composite) == [1, 0, nil, nil])
  #expect(ranked.last?.coverage == 0.6)
}

/// One cluster's indicators, or one cluster's institutions', are computed over an index of its
/// members' rows only: they must be exactly what the whole registry's run gives for them, in
/// every cluster of the demo and every year it has data for.
@Test func oneClustersIndicatorsAreThoseOfTheWholeRun() throws {
  let database = try TestDatabase("educluster-indicators-scope")
  defer { try? FileManager.default.removeItem(at: database.dir) }
  let app = database.app
  let clusters = try app.all(Cluster.self).map(\.code)
  #expect(clusters.count >= 3)
  for year in 2021...2025 {
    let whole = try app.indicators(IndicatorRequest(year: year))
    let institutions = try app.indicators(IndicatorRequest(year: year, institutions: true))
    #expect(whole.map(\.entity) == clusters.sorted())
    for cluster in clusters {
      #expect(
        try app.indicators(IndicatorRequest(year: year, cluster: cluster)) == whole.filter { $0.entity == cluster })
      let members = Set(
        try app.all(Membership.self).filter { $0.cluster == cluster && $0.isActive }.map(\.organization))
      let within = try app.indicators(IndicatorRequest(year: year, institutions: true, cluster: cluster))
      #expect(!within.isEmpty)
      #expect(within == institutions.filter { members.contains($0.entity) })
    }
  }
}

// MARK: 13. Forecasts start at the run's year; stopped series are named

@Test func forecastsStartAtTheRunsYearAndStoppedSeriesAreNotProjected() throws {
  let app = try scenario()
  var options = GapOptions()
  options.specialty = "SP-F"
  // SP-F's demand was reported for 2019–2021 only: on 2026-11-29 it has stopped.
  let stopped = try #require(try app.forecast(ForecastRequest(specialty: options.specialty, on: today)).first)
  #expect(stopped.forecast.isEmpty)
  #expect(stopped.note?.description.contains("not reported since 2021") == true)
  // SP-G: 10, 20, 30 for 2023–2025 → slope 10, a perfect line; 2025 is the year before the
  // run, so the series is current and projected from 2026: 40, 50, 60 for 2026–2028.
  options.specialty = "SP-G"
  let growing = try #require(try app.forecast(ForecastRequest(specialty: options.specialty, on: today)).first)
  #expect(growing.forecast.map(\.year) == [2026, 2027, 2028])
  #expect(growing.forecast.map { ($0.value * 1000).rounded() / 1000 } == [40, 50, 60])
  // Run from 2030 on, the same series (last 2025) has stopped.
  #expect(
    try app.forecast(ForecastRequest(specialty: options.specialty, on: day("2030-01-15"))).first?.forecast.isEmpty
      == true)
}

// MARK: 14. An enum outside its values names the field and the values

@Test func anInvalidEnumNamesTheAllowedValues() throws {
  struct Body: Decodable { var state: AssignmentState }
  do {
    _ = try JSONDecoder().decode(Body.self, from: Data(#"{"state":"flying"}"#.utf8))
    Issue.record("decoded an invalid state")
  } catch DecodingError.dataCorrupted(let context) {
    #expect(context.codingPath.map(\.stringValue) == ["state"])
    #expect(
      context.debugDescription
        == "'flying' is not allowed; expected one of proposed, offered, confirmed, completed, withdrawn"
    )
  }
}

// MARK: 11. Machine formats carry numbers

@Test func machineFormatsCarryNumbersAndIdentifiers() throws {
  let app = try scenario()
  var options = GapOptions()
  options.region = "UZ-SC"
  options.specialty = "SP-V"
  options.fromYear = 2028
  options.toYear = 2028
  let json = try Rendering.json(try app.gap(GapRequest(options: options, on: today)))
  let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
  let row = try #require((object["rows"] as? [[String: Any]])?.first)
  // 32 graduates, 80 demanded, a gap of 48: numbers, not "32" or "78 %"; snake_case keys.
  #expect(row["supply"] as? Double == 32)
  #expect(row["demand"] as? Int == 80)
  #expect(row["gap"] as? Double == 48)
  #expect(row["basis"] as? [String] == ["projected_from_intake"])
  #expect(row["specialty_name"] as? String == "Welding")
  let ranked = try Rendering.json(try app.rank(IndicatorRequest(year: 2025, institutions: true)))
  let first = try #require((try JSONSerialization.jsonObject(with: Data(ranked.utf8)) as? [[String: Any]])?.first)
  #expect(first["composite"] as? Double == 1)
  #expect(first["coverage"] as? Double == 1)
}

// MARK: 8b. Rankings a placement gives itself decide; the others are derived

@Test func aPlacementsOwnRankingDecidesAndOnlyTheOthersAreDerived() throws {
  let app = try scenario()
  func add(_ entity: any Entity) throws { _ = try app.add(entity.record) }
  for (code, score) in [("S1", 90.0), ("S2", 50.0), ("S3", 99.0)] {
    try add(Student(code: code, name: "Student \(code)", program: "P-V", score: score))
  }
  // PL-R ranks S2 before S1 (an employer's own choice against the scores) and not S3 at all;
  // PL-D gives no ranking: derived by score, S1 first.
  try add(
    Placement(
      code: "PL-R", organization: "ENT-A", title: "Ranked", kind: .dual_education, capacity: 1,
      ranking: ["S2", "S1"]))
  try add(Placement(code: "PL-D", organization: "ENT-A", title: "Derived", kind: .dual_education, capacity: 1))
  for (code, choices) in [("S1", ["PL-R", "PL-D"]), ("S2", ["PL-R", "PL-D"]), ("S3", ["PL-R"])] {
    let changes = Record(
      .student, children: ["preferences": choices.map { Record(.student, ["placement": .text($0)]) }])
    _ = try app.update(.student, code: code, changes: changes)
  }
  var options = MatchOptions()
  options.on = today
  options.save = false
  let m = try app.match(options)
  // S2 holds PL-R (ranked first there); S1, rejected by PL-R, takes PL-D with its second
  // choice; S3 applied only to PL-R, which did not rank S3: not acceptable, so unplaced.
  let mine = m.assignments.filter { ["S1", "S2", "S3"].contains($0.student) }
  #expect(mine.map { "\($0.student) \($0.placement) \($0.rank)" } == ["S1 PL-D 2", "S2 PL-R 1"])
  #expect(m.unmatched.map(\.student).contains("S3"))
  #expect(m.derivedRankings.contains("PL-D"))
  #expect(!m.derivedRankings.contains("PL-R"))
  #expect(m.stable)
}

// MARK: 10. Duplicate students, streamed as hashes

/// `quality` keeps a hash and a code per student and re-reads only those sharing a hash: by
/// code when they are few, by a second pass when there are many. Both find exactly the same
/// people as checking every name would.
@Test(arguments: [2, 600])
func duplicateStudentsAreFoundByTheirGroupHash(pairs: Int) throws {
  let app = try scenario()
  // Pair i: "Karimova Oʻgiloy i" and "oGILOY karimova i" (word order, case, apostrophe folded)
  // in one region and cohort year; "Karimova Oʻgiloy i" of another year is not a duplicate.
  var csv = "code,name,program,cohort_year,region\n"
  for i in 0..<pairs {
    csv += "A\(i),Karimova Oʻgiloy \(i),P-V,2025,UZ-SC-A\n"
    csv += "B\(i),oGILOY karimova \(i),P-V,2025,UZ-SC-A\n"
    csv += "C\(i),Karimova Oʻgiloy \(i),P-V,2024,UZ-SC-A\n"
  }
  _ = try app.importBody(Data(csv.utf8), json: false, options: ImportOptions(type: "students"))
  let found = try app.quality(QualityRequest(on: today)).filter { $0.kind == "student" && $0.category == "duplicate" }
  #expect(found.count == pairs)
  #expect(Set(found.map(\.codes)) == Set((0..<pairs).map { ["A\($0)", "B\($0)"] }))
  // In a stable order: by the groups' first codes.
  #expect(found.map(\.codes[0]) == found.map(\.codes[0]).sorted())
  #expect(
    found.first?.message.description == "2 students named \"Karimova Oʻgiloy 0\" in UZ-SC-A with the same cohort year")
}

// MARK: 15. What if a placement had more places?

@Test func aWhatIfMatchingShowsWhoMovesAndWritesNothing() throws {
  let app = try scenario()
  func add(_ entity: any Entity) throws { _ = try app.add(entity.record) }
  // PL-A has 1 place and ranks S1 over S2; PL-B has 1 place. S1 and S2 both want PL-A first,
  // S3 wants only PL-B, S2's second choice is PL-B.
  try add(Placement(code: "PL-A", organization: "ENT-A", title: "A", kind: .internship, capacity: 1))
  try add(Placement(code: "PL-B", organization: "ENT-A", title: "B", kind: .internship, capacity: 1))
  try add(Student(code: "S1", name: "Student One", program: "P-V", score: 80, preferences: ["PL-A"]))
  try add(Student(code: "S2", name: "Student Two", program: "P-V", score: 70, preferences: ["PL-A", "PL-B"]))
  try add(Student(code: "S3", name: "Student Three", program: "P-V", score: 60, preferences: ["PL-B"]))
  func rank(_ placement: String, _ students: [String]) throws {
    var changes = Record(.placement)
    changes.children["ranking"] = students.map { Record(.placement, ["student": .text($0)]) }
    _ = try app.update(.placement, code: placement, changes: changes)
  }
  try rank("PL-A", ["S1", "S2", "S3"])
  try rank("PL-B", ["S3", "S2", "S1"])
  var options = MatchOptions()
  options.on = today
  // As registered (worked by hand, students proposing): S1 and S2 ask PL-A, which keeps S1;
  // S2 asks PL-B, which prefers S3 (who asks it too) → S2 unplaced. 2 of 3 placed.
  // What if PL-A had 2 places: PL-A keeps S1 and S2, PL-B takes S3 → 3 of 3; S2 moves from
  // nowhere to PL-A.
  let w = try app.matchWhatIf(options, capacities: ["PL-A": 2])
  #expect(w.before.matched == 2)
  #expect(w.after.matched == 3)
  #expect(w.before.places == 2 && w.after.places == 3)
  #expect(w.after.stable)
  #expect(w.moves == [MatchWhatIf.Move(student: "S2", from: nil, to: "PL-A")])
  #expect(w.current == ["PL-A": 1])
  // Nothing written: the placement keeps its place, no run is saved.
  #expect((try app.show(.placement, code: "PL-A") as? Placement)?.capacity == 1)
  #expect(try app.matchRuns().isEmpty)
  // Fewer places: PL-B with 0 → S3 unplaced, S2 still unplaced.
  let fewer = try app.matchWhatIf(options, capacities: ["PL-B": 0])
  #expect(fewer.after.matched == 1)
  #expect(fewer.moves == [MatchWhatIf.Move(student: "S3", from: "PL-B", to: nil)])
  // A what-if is never saved, and a capacity must be a place count of a placement that exists.
  options.capacities = ["PL-A": 2]
  #expect(throws: AppError.self) { try app.match(options) }
  options.capacities = [:]
  #expect(throws: AppError.self) { try app.matchWhatIf(options, capacities: ["PL-A": -1]) }
  #expect(throws: AppError.self) { try app.matchWhatIf(options, capacities: ["PL-NOPE": 2]) }
}

// MARK: 16. What if a program took more students?

@Test func aWhatIfGapShowsWhatAnIntakeChangeDoesAndWritesNothing() throws {
  let app = try scenario()
  var options = GapOptions()
  options.region = "UZ-SC"
  options.specialty = "SP-V"
  let request = GapRequest(options: options, on: today)
  // As registered: 2028 supply 40 × 0.8 = 32 against 80 → gap 48, shortage (test 1).
  // What if P-V took 100 a year: 100 × 0.8 = 80 against 80 → gap 0, balanced.
  let w = try app.gapWhatIf(request, intakes: ["P-V": 100])
  let change = try #require(w.changes.first { $0.after.year == 2028 })
  #expect(change.before?.supply == 32 && change.before?.status == .shortage)
  #expect(change.after.supply == 80 && change.after.gap == 0 && change.after.status == .balanced)
  // Past years rest on recorded graduates: they do not change.
  #expect(w.changes.allSatisfy { $0.after.year > 2026 })
  #expect(w.current == ["P-V": 40])
  // Nothing written.
  #expect((try app.show(.program, code: "P-V") as? Program)?.annualIntake == 40)
  #expect(try app.gap(request).rows.first { $0.year == 2028 }?.supply == 32)
  #expect(throws: AppError.self) { try app.gapWhatIf(request, intakes: ["P-V": -5]) }
  #expect(throws: AppError.self) { try app.gapWhatIf(request, intakes: ["P-NOPE": 5]) }
}
