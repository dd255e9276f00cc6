import DemoData
import Domain
import Testing

/// The entities once, split into the main body and the trailing placement upserts.
private struct Demo {
  let all: [any Entity]
  /// Everything up to (not including) the re-listed, ranked placements at the end.
  let body: [any Entity]
  /// The placements repeated at the end with a ranking.
  let upserts: [Placement]
  let ledger: [LedgerEntry]

  init() {
    all = DemoDataSet.entities()
    var tail: [Placement] = []
    var cut = all.count
    while cut > 0, let p = all[cut - 1] as? Placement, !p.ranking.isEmpty {
      tail.insert(p, at: 0)
      cut -= 1
    }
    body = Array(all[..<cut])
    upserts = tail
    ledger = DemoDataSet.ledger()
  }

  func of<E: Entity>(_: E.Type) -> [E] { body.compactMap { $0 as? E } }

  var codesByKind: [EntityKind: Set<String>] {
    var out: [EntityKind: Set<String>] = [:]
    for e in all { out[type(of: e).kind, default: []].insert(e.code) }
    for e in ledger { out[.ledger, default: []].insert(e.code) }
    return out
  }
}

/// Every (field, referenced kind, code) an entity's record refers to, through its fields and
/// its child lists.
private func references(of entity: any Entity) -> [(field: String, kind: EntityKind, code: String)] {
  let schema = type(of: entity).kind.schema
  let record = entity.record
  var out: [(String, EntityKind, String)] = []
  for field in schema.fields {
    if case .reference(let kind) = field.type, let code = record.optText(field.name) {
      out.append((field.name, kind, code))
    }
  }
  for child in schema.children {
    for row in record.rows(child.name) {
      for field in child.fields {
        if case .reference(let kind) = field.type, let code = row.optText(field.name) {
          out.append(("\(child.name).\(field.name)", kind, code))
        }
      }
    }
  }
  return out
}

@Suite("Demo data set")
struct DemoDataTests {
  private let demo = Demo()

  @Test func everyEntityValidates() {
    for e in demo.all {
      #expect(e.issues().isEmpty, "\(type(of: e).kind) \(e.code): \(e.issues())")
    }
    for e in demo.ledger {
      #expect(e.issues().isEmpty, "ledger \(e.code): \(e.issues())")
    }
  }

  @Test func recordsRoundTrip() throws {
    for e in demo.all {
      let entityType = SchemaRegistry.entityType(for: type(of: e).kind)
      let back = try entityType.init(record: e.record)
      #expect(back.record == e.record, "\(e.code) does not survive its record")
    }
  }

  @Test func codesAreUniquePerKind() {
    var seen: [EntityKind: Set<String>] = [:]
    for e in demo.body {
      let kind = type(of: e).kind
      #expect(seen[kind, default: []].insert(e.code).inserted, "\(kind) \(e.code) is listed twice")
    }
    #expect(Set(demo.ledger.map(\.code)).count == demo.ledger.count)
  }

  @Test func trailingPlacementsUpsertEarlierOnesWithARanking() {
    #expect(!demo.upserts.isEmpty)
    let earlier = Dictionary(uniqueKeysWithValues: demo.of(Placement.self).map { ($0.code, $0) })
    #expect(demo.upserts.count == Set(demo.upserts.map(\.code)).count)
    for p in demo.upserts {
      guard var original = earlier[p.code] else {
        Issue.record("ranked placement \(p.code) was not listed before")
        continue
      }
      #expect(original.ranking.isEmpty)
      original.ranking = p.ranking
      #expect(original == p, "\(p.code) changes more than its ranking")
    }
    // Placements in the body carry no ranking; students come after them.
    #expect(demo.of(Placement.self).allSatisfy { $0.ranking.isEmpty })
  }

  @Test func everyReferenceResolvesToAnEarlierRecord() {
    var earlier: [EntityKind: Set<String>] = [:]
    for e in demo.all {
      for ref in references(of: e) {
        #expect(
          earlier[ref.kind]?.contains(ref.code) == true,
          "\(type(of: e).kind) \(e.code): \(ref.field) '\(ref.code)' is not an earlier \(ref.kind)")
      }
      earlier[type(of: e).kind, default: []].insert(e.code)
    }
    for entry in demo.ledger {
      for ref in references(of: entry) {
        #expect(earlier[ref.kind]?.contains(ref.code) == true, "ledger \(entry.code): \(ref.field) '\(ref.code)'")
      }
    }
  }

  @Test func everyReferenceResolvesWithinTheSet() {
    let codes = demo.codesByKind
    for e in demo.all + demo.ledger.map({ $0 as any Entity }) {
      for ref in references(of: e) {
        #expect(codes[ref.kind]?.contains(ref.code) == true, "\(e.code): \(ref.field) '\(ref.code)'")
      }
    }
  }

  @Test func isDeterministic() {
    let again = DemoDataSet.entities()
    #expect(again.map(\.record) == demo.all.map(\.record))
    #expect(DemoDataSet.ledger() == demo.ledger)
  }

  @Test func referenceDate() {
    #expect(DemoDataSet.today.description == "2025-09-01")
  }

  @Test func organizationsCoverTheKinds() {
    let orgs = demo.of(Organization.self)
    #expect(Set(orgs.map(\.kind)).count >= 8)
    let names = Set(orgs.map(\.name))
    for university in [
      "Namangan Engineering and Construction Institute", "Andijan Machine-Building Institute",
      "Tashkent State Technical University",
    ] {
      #expect(names.contains(university), "\(university) is missing")
    }
    #expect(
      Set(orgs.filter { $0.code == "NamECI" || $0.code == "AndMI" || $0.code == "TSTU" }.map(\.kind)) == [.university])
    #expect(
      orgs.contains { $0.name.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) } }, "a Cyrillic name")
    #expect(orgs.contains { $0.name.contains("Shahrikhon") } && orgs.contains { $0.name.contains("Shahrixon") })
    let ratings = Set(orgs.filter { $0.kind == .school }.compactMap(\.rating))
    #expect(ratings == [.green, .yellow, .red])
  }

  @Test func regionsTheyNameArePresent() {
    let regions = demo.of(Region.self)
    let names = Set(regions.map(\.name))
    for district in ["Turaqo\u{2018}rg\u{2018}on", "Uchqo\u{2018}rg\u{2018}on", "Shahrikhon", "Marhamat", "Angren"] {
      #expect(names.contains(district), "\(district) is missing")
      #expect(regions.first { $0.name == district }?.level == .district)
    }
    #expect(regions.contains { $0.name.contains("\u{02BB}") }, "a name with ʻ (U+02BB)")
  }

  @Test func studentsAndPlacements() {
    let students = demo.of(Student.self)
    #expect(students.count >= 250)
    #expect(students.contains { $0.preferences.isEmpty })
    #expect(students.allSatisfy { (3...7).contains($0.competencies.count) })
    #expect(
      students.allSatisfy { s in
        s.score.map { abs(($0 * 10).rounded() - $0 * 10) < 1e-6 && (0...100).contains($0) } ?? false
      })

    let placements = demo.of(Placement.self)
    #expect(placements.contains { $0.capacity == 0 })
    let listed = Set(students.flatMap(\.preferences))
    #expect(placements.contains { !listed.contains($0.code) }, "a placement nobody lists")
    let demand = Dictionary(grouping: students.flatMap(\.preferences), by: { $0 }).mapValues(\.count)
    #expect(
      placements.contains { $0.capacity > 0 && demand[$0.code, default: 0] >= 3 * $0.capacity },
      "an oversubscribed placement")
    let under = placements.filter { $0.capacity > 0 && (1..<$0.capacity).contains(demand[$0.code, default: 0]) }
    #expect(under.count >= 2, "undersubscribed placements")
  }

  @Test func cohortsAndNeedsTellAStory() {
    let cohorts = demo.of(Cohort.self)
    #expect(Set(cohorts.map(\.year)).isSuperset(of: 2020...2025))
    #expect(cohorts.contains { $0.graduated == nil && $0.year > 2025 })
    let needs = demo.of(PersonnelNeed.self)
    #expect((40...65).contains(needs.count))
    #expect(needs.contains { $0.specialty == nil && $0.occupation != nil && $0.requirements.isEmpty })
    // A specialty demanded where no program of it exists.
    let programSpecialties = Set(demo.of(Program.self).compactMap(\.specialty))
    #expect(needs.contains { $0.specialty.map { !programSpecialties.contains($0) } ?? false })
  }

  @Test func teachersDueForQualification() {
    let teachers = demo.of(Teacher.self)
    let cutoff = DemoDataSet.today.adding(years: -3)
    let due = teachers.filter { ($0.lastQualifiedOn ?? $0.hiredOn ?? cutoff) < cutoff }
    #expect(due.count >= 3)
    #expect(teachers.contains { ($0.lastQualifiedOn ?? cutoff) > cutoff })
    let programs = Dictionary(uniqueKeysWithValues: demo.of(Program.self).map { ($0.code, $0.organization) })
    for t in teachers {
      for p in t.programs {
        #expect(programs[p] == t.organization, "\(t.code) teaches \(p) of another organization")
      }
    }
  }

  @Test func ledgerIsChronologicalWithACorrection() {
    let ledger = demo.ledger
    #expect(ledger.first?.code == "LE-000001")
    #expect(zip(ledger, ledger.dropFirst()).allSatisfy { $0.date <= $1.date })
    #expect(ledger.allSatisfy { $0.prevHash.isEmpty && $0.hash.isEmpty })
    #expect(ledger.contains { $0.amount < 0 })
  }
}
