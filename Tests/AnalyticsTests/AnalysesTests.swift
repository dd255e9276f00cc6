import Analytics
import Domain
import Localization
import TestSupport
import Testing

private func day(_ s: String) -> Day { Day(iso: s) ?? Day.endOf(year: 2000) }

// MARK: Fit

@Test func fitWeighsEssentialTwiceAndListsGaps() {
  // Required: A level 4 essential (w 2), B level 2 optional (w 1). Held: A 2, B 3.
  // (2·min(1, 2/4) + 1·min(1, 3/2)) / 3 = (1 + 1) / 3 = 0.6667
  let r = Fit.of(
    held: ["A": 2, "B": 3],
    to: [
      Requirement(competency: "A", level: 4, essential: true), Requirement(competency: "B", level: 2, essential: false),
    ])
  #expect(abs(r.score - 2.0 / 3.0) < 1e-9)
  #expect(r.gaps == [CompetencyGap(competency: "A", required: 4, held: 2, essential: true)])
  #expect(r.gaps.first?.shortBy == 2)
  #expect(Fit.of(held: [:], to: []).score == 1)
  #expect(Fit.of(held: [:], to: [Requirement(competency: "X", level: 3)]).score == 0)
}

// MARK: Supply and demand

let regions = [
  Region(code: "R", name: "Region", level: .region),
  Region(code: "D1", name: "District 1", level: .district, parent: "R"),
  Region(code: "D2", name: "District 2", level: .district, parent: "R"),
  Region(code: "Q", name: "Other region", level: .region),
]
let orgs = [
  Organization(code: "C1", name: "College 1", kind: .vocational_college, region: "D1"),
  Organization(code: "C2", name: "College 2", kind: .vocational_college, region: "D2"),
  Organization(code: "CQ", name: "College Q", kind: .vocational_college, region: "Q"),
  Organization(code: "E", name: "Enterprise", kind: .enterprise, region: "D2"),
]
let specs = [Specialty(code: "W", name: "Welding"), Specialty(code: "S", name: "Sewing")]
let welding1 = Program(
  code: "P1", name: "Welding 1", organization: "C1", specialty: "W", level: .vocational,
  outcomes: [.init(competency: "WELD", level: 3, hours: 100), .init(competency: "SAFE", level: 2, hours: 20)])
let welding2 = Program(
  code: "P2", name: "Welding 2", organization: "C2", specialty: "W", level: .vocational,
  outcomes: [.init(competency: "WELD", level: 2)])
let sewingQ = Program(
  code: "PQ", name: "Sewing", organization: "CQ", specialty: "S", level: .vocational,
  outcomes: [.init(competency: "SEW", level: 3)])
let lookup = Lookup(organizations: orgs, regions: regions, programs: [welding1, welding2, sewingQ], specialties: specs)

@Test func gapBalancesSupplyAndDemandWithRecommendations() {
  let cohorts = [
    Cohort(program: "P1", year: 2025, enrolled: 40, graduated: 30),  // recorded: 30
    Cohort(program: "P2", year: 2025, enrolled: 20),  // expected: 20 × 0.85 = 17
  ]
  let needs = [
    PersonnelNeed(code: "N1", organization: "E", specialty: "W", region: "D2", year: 2025, count: 60),
    PersonnelNeed(
      code: "N2", organization: "E", specialty: "S", region: "D1", year: 2025, count: 10,
      requirements: [Requirement(competency: "SAFE", level: 2)]),
  ]
  let r = SupplyDemand.analyze(
    programs: [welding1, welding2, sewingQ], cohorts: cohorts, needs: needs, lookup: lookup)
  let w = r.rows.first { $0.specialty == "W" }
  // Supply 30 + 17 = 47 in region R; demand 60; gap 13 > 10 % of 60 → shortage.
  #expect(w?.region == "R")
  #expect(w.map { abs($0.supply - 47) < 1e-9 } == true)
  #expect(w?.demand == 60)
  #expect(w?.status == .shortage)
  #expect(w?.contributions.map(\.program) == ["P1", "P2"])
  #expect(w?.contributions.first.map { abs($0.shareOfDemand - 0.5) < 1e-9 } == true)
  #expect(w?.contributions.last?.source == .enrolled)
  let expand = r.recommendations.first { $0.specialty == "W" }
  #expect(expand?.action == "expand_intake")
  #expect(expand?.targets.map(\.code) == ["P1", "P2"])
  // Sewing: demand 10 in R and no program there → open it where programs fit best: C1 teaches SAFE 2.
  let open = r.recommendations.first { $0.specialty == "S" }
  #expect(open?.action == "open_specialty")
  #expect(open?.targets.first?.code == "C1")
  #expect(open?.targets.first?.value == 1)
}

@Test func surplusAndBalancedFollowTheThresholds() {
  let cohorts = [Cohort(program: "P1", year: 2025, enrolled: 40, graduated: 33)]
  let balanced = SupplyDemand.analyze(
    programs: [welding1], cohorts: cohorts,
    needs: [PersonnelNeed(code: "N", organization: "E", specialty: "W", region: "D1", year: 2025, count: 30)],
    lookup: lookup)
  #expect(balanced.rows.first?.status == .balanced)  // 33 vs 30: 10 % exactly is not over
  let surplus = SupplyDemand.analyze(
    programs: [welding1], cohorts: cohorts,
    needs: [PersonnelNeed(code: "N", organization: "E", specialty: "W", region: "D1", year: 2025, count: 20)],
    lookup: lookup)
  #expect(surplus.rows.first?.status == .surplus)
}

// MARK: Alignment and continuity

@Test func alignmentRanksFitsAndWeighsTheCurriculumByPeople() {
  let needs = [
    PersonnelNeed(
      code: "N1", organization: "E", specialty: "W", region: "D2", year: 2025, count: 50,
      requirements: [
        Requirement(competency: "WELD", level: 3), Requirement(competency: "CAD", level: 2, essential: false),
      ]),
    PersonnelNeed(
      code: "N2", organization: "E", specialty: "W", region: "D2", year: 2025, count: 10,
      requirements: [Requirement(competency: "CAD", level: 1)]),
  ]
  let r = Alignment.analyze(programs: [welding1, welding2], needs: needs, placements: [], lookup: lookup)
  // P1 to N1: (2·1 + 1·0) / 3 = 0.667; P2 to N1: (2·2/3 + 0) / 3 = 0.444.
  let p1n1 = r.pairs.first { $0.program == "P1" && $0.target == "N1" }
  #expect(p1n1.map { abs($0.fit.score - 2.0 / 3.0) < 1e-9 } == true)
  #expect(r.pairs.first?.program == "P1")
  // CAD is missing for both needs of the best program: 50 + 10 people.
  #expect(r.clusterUpdates.first?.competency == "CAD")
  #expect(r.clusterUpdates.first?.people == 60)
  #expect(r.matrix.programs == ["P1", "P2"])
}

@Test func continuityFindsCoverageCreditsAndBridging() {
  let bachelor = Program(
    code: "B", name: "Welding engineering", organization: "C1", specialty: "W", level: .bachelor,
    outcomes: [.init(competency: "WELD", level: 3, hours: 60), .init(competency: "DESIGN", level: 4, hours: 120)],
    entryRequirements: [.init(competency: "WELD", level: 2), .init(competency: "MATH", level: 3)])
  let c = Continuity.compare(lower: welding1, higher: bachelor)
  // Entry: WELD 2 (held 3 → 1), MATH 3 (held 0 → 0): (1 + 0) / 2 = 0.5.
  #expect(c.coverage.score == 0.5)
  #expect(c.bridging.map(\.competency) == ["MATH"])
  #expect(c.overlaps.map(\.competency) == ["WELD"])
  #expect(c.recognizableHours == 60)
  let graph = Continuity.pathways(programs: [welding1, welding2, bachelor, sewingQ], lookup: lookup)
  #expect(graph.edges.contains { $0.lower == "P1" && $0.higher == "B" })
  #expect(graph.deadEnds.contains("PQ"))
  // B is a bachelor's program with no master's in the set: below the top of the ladder
  // (doctoral, in-service) with no onward path, so a dead end like PQ. P1 and P2 lead to B.
  #expect(graph.deadEnds == ["B", "PQ"])
  #expect(graph.dot.contains("\"P1\" -> \"B\""))
}

// MARK: Recommendations, development, forecast

@Test func recommendationsSkipActiveAgreementsAndRankByFitTimesPeople() {
  let e2 = Organization(code: "E2", name: "Second enterprise", kind: .enterprise, region: "D1")
  let needs = [
    PersonnelNeed(
      code: "N1", organization: "E", specialty: "W", region: "D2", year: 2025, count: 10,
      requirements: [Requirement(competency: "WELD", level: 3)]),
    PersonnelNeed(
      code: "N2", organization: "E2", specialty: "W", region: "D1", year: 2025, count: 30,
      requirements: [Requirement(competency: "WELD", level: 6 - 3)]),
  ]
  let lk = Lookup(organizations: orgs + [e2], regions: regions, programs: [welding1], specialties: specs)
  let all = PartnerRecommendation.recommend(
    for: "C1", organizations: orgs + [e2], programs: [welding1], needs: needs, agreements: [], lookup: lk,
    on: day("2025-01-01"))
  #expect(all.map(\.partner) == ["E2", "E"])  // 30 × 1.0 before 10 × 1.0
  #expect(all.first?.score == 30)
  let active = Agreement(code: "A", kind: .internship, customer: "E2", provider: "C1", status: .active)
  let filtered = PartnerRecommendation.recommend(
    for: "C1", organizations: orgs + [e2], programs: [welding1], needs: needs, agreements: [active], lookup: lk,
    on: day("2025-01-01"))
  #expect(filtered.map(\.partner) == ["E"])
  let reverse = PartnerRecommendation.recommend(
    for: "E2", organizations: orgs + [e2], programs: [welding1], needs: needs, agreements: [], lookup: lk,
    on: day("2025-01-01"))
  #expect(reverse.map(\.partner) == ["C1"])
}

@Test func teacherDevelopmentFindsTheDueAndAssignsCoursesWithinCapacity() {
  let teachers = [
    Teacher(
      code: "T1", name: "A", organization: "C1", lastQualifiedOn: day("2020-01-10"),
      competencies: [.init(competency: "WELD", level: 1)], programs: ["P1"]),
    Teacher(
      code: "T2", name: "B", organization: "C1", lastQualifiedOn: day("2021-03-01"), competencies: [], programs: ["P1"]),
    Teacher(code: "T3", name: "C", organization: "C1", lastQualifiedOn: day("2024-06-01"), programs: ["P1"]),
    Teacher(code: "T4", name: "D", organization: "C1", lastQualifiedOn: day("2022-10-01"), programs: ["P1"]),
  ]
  let course = Course(
    code: "K", title: "Welding update", provider: "C2", hours: 72, capacity: 1,
    raises: [.init(competency: "WELD", level: 3)])
  let r = TeacherDevelopment.plan(teachers: teachers, programs: [welding1], courses: [course], on: day("2025-06-01"))
  // Due: T1 (2023-01-10), T2 (2024-03-01) overdue; T4 (2025-10-01) within 180 days; T3 not due.
  #expect(r.plans.map(\.teacher) == ["T1", "T2", "T4"])
  #expect(r.plans.map(\.status) == ["overdue", "overdue", "due_soon"])
  // One seat: the most overdue teacher gets it.
  #expect(r.plans[0].courses == ["K"])
  #expect(r.plans[1].courses.isEmpty)
  // T1 has WELD on record: it is measured on its subject only (WELD 1 → 3, closed by K).
  #expect(r.plans[0].measuredAgainst == "subjects")
  #expect(r.plans[0].remaining == [])
  // T2 has nothing on record and no specialty: every outcome of P1 counts.
  #expect(r.plans[1].measuredAgainst == "programs")
  #expect(r.plans[1].gaps.map(\.competency).sorted() == ["SAFE", "WELD"])
  #expect(r.seats == ["K": 1])
}

@Test func forecastFitsALineAndSaysWhenHistoryIsTooShort() {
  let exact = Trend.forecast(
    series: "s", points: [.init(year: 2020, value: 10), .init(year: 2021, value: 12), .init(year: 2022, value: 14)],
    horizon: 2)
  #expect(exact.slope.map { abs($0 - 2) < 1e-9 } == true)
  #expect(exact.forecast.map(\.year) == [2023, 2024])
  let first = exact.forecast.first
  #expect(abs((first?.value ?? 0) - 16) < 1e-9)
  #expect(abs((first?.high ?? 1) - (first?.low ?? 0)) < 1e-9)
  let noisy = Trend.forecast(
    series: "s",
    points: [
      .init(year: 2020, value: 10), .init(year: 2021, value: 15), .init(year: 2022, value: 11),
      .init(year: 2023, value: 16),
    ])
  #expect(noisy.forecast.allSatisfy { $0.low < $0.value && $0.value < $0.high })
  let short = Trend.forecast(series: "s", points: [.init(year: 2024, value: 3), .init(year: 2025, value: 4)])
  #expect(short.forecast.isEmpty)
  #expect(short.note?.description.contains("too short") == true)
}

// MARK: Indicators, ranks, quality

@Test func compositeNormalisesWeighsAndBands() {
  let sets = [
    IndicatorSet(entity: "A", name: "A", year: 2025, values: ["x": 0.9, "y": 10]),
    IndicatorSet(entity: "B", name: "B", year: 2025, values: ["x": 0.5, "y": 30]),
    IndicatorSet(entity: "C", name: "C", year: 2025, values: ["x": 0.1, "y": 20]),
    IndicatorSet(entity: "D", name: "D", year: 2025, values: ["x": 0.7, "y": nil]),
  ]
  // D has data for 1 of the 2 indicators (50 % < 2/3): screened out, not ranked, not in min–max.
  // x: A 1, B 0.5, C 0; y: A 0, B 1, C 0.5. Equal weights: A 0.5, B 0.75, C 0.25.
  let equal = Indicators.rank(sets)
  #expect(equal.map(\.entity) == ["B", "A", "C", "D"])
  #expect(equal.map(\.band.rawValue) == ["green", "yellow", "red", "no_data"])
  #expect(equal.map(\.rank) == [1, 2, 3, nil])
  #expect(equal.map(\.coverage) == [1, 1, 1, 0.5])
  #expect(abs((equal[0].composite ?? 0) - 0.75) < 1e-9)
  #expect(equal[3].composite == nil)
  // x weighted 3: A (3 + 0)/4 = 0.75, B (1.5 + 1)/4 = 0.625, C (0 + 0.5)/4 = 0.125.
  let weighted = Indicators.rank(sets, weights: ["x": 3])
  #expect(weighted.map(\.entity) == ["A", "B", "C", "D"])
}

@Test func qualityFindsDuplicatesOutliersAndExpiredRecords() {
  let organizations = [
    Organization(code: "S1", name: "Shahrikhon Technical College", kind: .vocational_college, region: "D1"),
    Organization(code: "S2", name: "Shahrixon Technical College", kind: .vocational_college, region: "D1"),
    Organization(code: "S3", name: "Shahrixon Technical College", kind: .vocational_college, region: "D2"),
  ]
  let students = [
    Student(code: "A", name: "Karimov Aziz", region: "D1"), Student(code: "B", name: "Aziz  KARIMOV", region: "D1"),
  ]
  let cohorts = [
    Cohort(program: "P1", year: 2024, enrolled: 40, graduated: 8),
    Cohort(program: "P1", year: 2025, enrolled: 30, graduated: 25, employed: 25),
  ]
  let agreements = [
    Agreement(
      code: "AG", kind: .internship, customer: "E", provider: "S1", validUntil: day("2024-12-31"), status: .active,
      obligations: [.init(text: "Host", dueOn: day("2024-06-01"), status: .open)])
  ]
  let f = DataQuality.check(
    organizations: organizations, students: students.map(PersonKey.init), teachers: [], programs: [welding1],
    cohorts: cohorts, needs: [],
    agreements: agreements, memberships: [], on: day("2025-06-01"))
  #expect(f.contains { $0.category == "duplicate" && $0.codes == ["S1", "S2"] })
  #expect(!f.contains { $0.codes.contains("S3") })
  #expect(f.contains { $0.kind == "student" && $0.codes == ["A", "B"] })
  #expect(f.contains { $0.kind == "cohort" && $0.message.description.contains("only 8 of 40") })
  #expect(f.contains { $0.kind == "cohort" && $0.message.description.contains("every one of 25") })
  #expect(f.filter { $0.kind == "agreement" }.count == 2)
  #expect(DataQuality.similarity("Turaqo‘rg‘on", "turaqorgon") == 1)
}

/// Alignment scores programs in chunks on parallel threads; whatever the number of chunks, the
/// kept pairs, the programs' curriculum updates and the cluster's are those of one thread.
@Test(arguments: [2, 3, 7])
func alignmentInChunksGivesTheSequentialResult(threads: Int) {
  var rng = SeededGenerator(seed: UInt64(threads))
  func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
  func requirements() -> [Requirement] {
    (0..<(1 + pick(4))).map { _ in Requirement(competency: "C\(pick(12))", level: 1 + pick(4)) }
  }
  let programs = (0..<300).map { i in
    Program(
      code: "P\(i)", name: "Program \(i)", organization: "O\(pick(9))", specialty: "S\(pick(6))", level: .vocational,
      outcomes: (0..<(1 + pick(5))).map { _ in .init(competency: "C\(pick(12))", level: 1 + pick(4)) })
  }
  let needs = (0..<400).map { i in
    PersonnelNeed(
      code: "N\(i)", organization: "E\(pick(7))", specialty: "S\(pick(6))", region: ["D1", "D2"][pick(2)],
      year: 2025, count: 1 + pick(40), requirements: requirements())
  }
  let one = Alignment.analyze(programs: programs, needs: needs, placements: [], lookup: lookup, limit: 50, threads: 1)
  let many = Alignment.analyze(
    programs: programs, needs: needs, placements: [], lookup: lookup, limit: 50, threads: threads)
  #expect(one.pairs.count == 50)
  #expect(one == many)
}

/// The alignment scan visits programs by region and specialty, lays targets out the same way
/// and, by region, scores only the targets that share a competency with the program (or
/// require nothing). Whatever it skips, the kept pairs and the cluster's curriculum must be
/// those of comparing every program with every candidate target in code order: the reference
/// below does exactly that with the public `Fit`. Programs of one specialty often tie on a
/// need's fit with different gaps (12 competencies, levels 1–4), so the top program's rule
/// (the lowest index among equal fits) shows in the curriculum.
@Test(arguments: [false, true])
func alignmentKeepsWhatComparingEveryPairKeeps(byRegion: Bool) {
  var rng = SeededGenerator(seed: byRegion ? 11 : 12)
  func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
  func requirements() -> [Requirement] {
    (0..<pick(4)).map { _ in Requirement(competency: "C\(pick(12))", level: 1 + pick(4), essential: pick(2) == 0) }
  }
  let colleges = ["C1", "C2", "CQ"]  // in D1, D2 (both in region R) and Q
  let programs = (0..<240).map { i in
    Program(
      code: "P\(1000 + i)", name: "Program \(i)", organization: colleges[pick(3)], specialty: "S\(pick(5))",
      level: .vocational,
      outcomes: (0..<(1 + pick(3))).map { _ in .init(competency: "C\(pick(12))", level: 1 + pick(4)) })
  }
  let places = ["D1", "D2", "Q"]
  let needs = (0..<300).map { i in
    PersonnelNeed(
      code: "N\(1000 + i)", organization: "E", specialty: pick(8) == 0 ? nil : "S\(pick(5))", region: places[pick(3)],
      year: 2025, count: 1 + pick(30), requirements: requirements())
  }
  let placements = (0..<120).map { i in
    Placement(
      code: "L\(1000 + i)", organization: "E", title: "Place \(i)", kind: .dual_education, specialty: "S\(pick(5))",
      region: places[pick(3)], capacity: 1 + pick(6), requirements: requirements())
  }
  let lookup = Lookup(organizations: orgs, regions: regions, programs: programs, specialties: specs)
  let limit = 60
  let r = Alignment.analyze(
    programs: programs, needs: needs, placements: placements, lookup: lookup, includeRegion: byRegion, limit: limit)

  func region(_ code: String?) -> String? { code.map { lookup.rollUp($0, to: .region) } }
  var all = [(score: Double, people: Int, program: String, target: String)]()
  var top = [Int: (fit: Double, program: Int)]()  // need index → best same-specialty program
  for (i, p) in programs.enumerated() {
    let held = Fit.levels(of: p)
    let home = region(lookup.region(ofProgram: p.code))
    func candidate(_ specialty: String?, _ place: String?) -> Bool {
      (specialty != nil && specialty == p.specialty) || (byRegion && home != nil && region(place) == home)
    }
    for (j, n) in needs.enumerated() where candidate(n.specialty, n.region) {
      let fit = Fit.score(held: held, to: n.requirements)
      all.append((fit, n.count, p.code, n.code))
      if n.specialty == p.specialty, fit > (top[j]?.fit ?? -1) { top[j] = (fit, i) }
    }
    for l in placements where candidate(l.specialty, l.region) {
      all.append((Fit.score(held: held, to: l.requirements), l.capacity, p.code, l.code))
    }
  }
  all.sort { ($1.score, $1.people, $0.program, $0.target) < ($0.score, $0.people, $1.program, $1.target) }
  #expect(r.pairs.count == limit)
  #expect(r.pairs.map { "\($0.program) \($0.target)" } == all.prefix(limit).map { "\($0.program) \($0.target)" })
  #expect(r.pairs.map(\.fit.score) == all.prefix(limit).map(\.score))
  // The cluster's curriculum: each need's gaps against its top program, by competency.
  var items = [String: (people: Int, level: Int, needs: Int)]()
  for (j, best) in top {
    for g in Fit.of(held: Fit.levels(of: programs[best.program]), to: needs[j].requirements).gaps {
      let item = items[g.competency] ?? (0, 0, 0)
      items[g.competency] = (item.people + needs[j].count, max(item.level, g.required), item.needs + 1)
    }
  }
  let expected = items.sorted { ($1.value.people, $1.value.needs, $0.key) < ($0.value.people, $0.value.needs, $1.key) }
  #expect(r.clusterUpdates.map(\.competency) == expected.map(\.key))
  #expect(r.clusterUpdates.map(\.people) == expected.map(\.value.people))
  #expect(r.clusterUpdates.map(\.maxLevel) == expected.map(\.value.level))
  // Programs' own updates come in program order.
  let order = r.programUpdates.map(\.program)
  #expect(!order.isEmpty && order == order.sorted())
}

/// Issue #14: a person entered once in Cyrillic and once in Latin is one name to the duplicate
/// check (the search folding reads Cyrillic in Latin), and so is an organization.
@Test func qualityFindsTheSamePersonInBothScripts() {
  let students = [
    Student(code: "A", name: "Karimov Aziz Shavkatovich", region: "D1"),
    Student(code: "B", name: "Каримов Азиз Шавкатович", region: "D1"),
    Student(code: "C", name: "Каримов Азиз Шавкатович", region: "D2"),
  ]
  let organizations = [
    Organization(code: "O1", name: "Shahrixon texnika kolleji", kind: .vocational_college, region: "D1"),
    Organization(code: "O2", name: "Шаҳрихон техника коллежи", kind: .vocational_college, region: "D1"),
  ]
  let f = DataQuality.check(
    organizations: organizations, students: students.map(PersonKey.init), teachers: [], programs: [], cohorts: [],
    needs: [], agreements: [], memberships: [], on: day("2025-06-01"))
  #expect(f.contains { $0.kind == "student" && $0.codes == ["A", "B"] })
  #expect(!f.contains { $0.kind == "student" && $0.codes.contains("C") })
  #expect(f.contains { $0.kind == "organization" && $0.codes == ["O1", "O2"] })
}

/// The duplicate check's group hash is FNV-1a over region, `nameKey` and year, whatever path
/// computes it (the byte path for ASCII and Uzbek Latin names, strings otherwise).
@Test(
  "group hash is FNV-1a over region, name key and year",
  arguments: [
    "Talaba 0", "  Aliyev   Vali  ", "Vali ALIYEV", "G‘afur G'ulom", "Gʻafur Gʻulom", "Xoʻjayev Kholmat",
    "Yelena Ye", "O'ktam 2-son", "Шукуров Анвар", "Ševčík Jan", "a--b__c", "", "123", "Zz aa Aa",
  ])
func groupHashDefinition(name: String) {
  func reference(_ p: PersonKey) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for part in [p.region ?? "\u{0}", DataQuality.nameKey(p.name), p.cohortYear.map { String($0) } ?? "-"] {
      for b in part.utf8 {
        h ^= UInt64(b)
        h = h &* 0x100_0000_01b3
      }
      h ^= 0xff
      h = h &* 0x100_0000_01b3
    }
    return h
  }
  for (region, year) in [("R01", 2024), (nil, nil)] as [(String?, Int?)] {
    let p = PersonKey(code: "S1", name: name, region: region, cohortYear: year)
    #expect(DataQuality.groupHash(p) == reference(p), "\(name)")
  }
  // Word order, case and apostrophes do not matter.
  #expect(
    DataQuality.groupHash(PersonKey(code: "a", name: "Vali Aliyev", region: "R", cohortYear: 1))
      == DataQuality.groupHash(PersonKey(code: "b", name: "ALIYEV  vali", region: "R", cohortYear: 1)))
}
