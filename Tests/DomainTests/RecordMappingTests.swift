import DemoData
import Domain
import Testing

// Each entity states its fields as properties, as schema fields, and in its hand-written
// `init(record:)` and `record`. `RecordOracle` derives the mapping from the first two (through
// `Codable`); these tests hold the hand-written one to it, value for value and error for error.

private let demo: [any Entity] = DemoDataSet.entities() + DemoDataSet.ledger()

@Test("the demo data covers every kind") func demoCoversEveryKind() {
  #expect(Set(demo.map { type(of: $0).kind }) == Set(EntityKind.allCases))
}

@Test("every demo entity's record is the one its properties and schema give")
func handWrittenRecordsAgree() throws {
  var disagreements: [String] = []
  for entity in demo { disagreements += try agreement(entity) }
  #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
}

private func agreement<E: Entity>(_ entity: E) throws -> [String] {
  var out: [String] = []
  let record = entity.record
  if try RecordOracle.encode(entity) != record { out.append("record of \(E.kind) \(entity.code)") }
  if try RecordOracle.decode(E.self, from: record) != entity { out.append("reading \(E.kind) \(entity.code)") }
  if try E(record: record) != entity { out.append("round trip of \(E.kind) \(entity.code)") }
  return out
}

/// Values a user may put in any field: missing, empty, text that is no number, date or choice,
/// a number as text, a number.
private let probes: [FieldValue] = [.null, .text(""), .text("x?"), .text("12"), .integer(3), .text("yes")]

@Test("bad and empty fields read, or fail, the same way", arguments: EntityKind.allCases)
func readingAgrees(_ kind: EntityKind) throws {
  // The entity with the most child rows, so that child fields are probed in a real row.
  let entity = try #require(
    demo.filter { type(of: $0).kind == kind }.max { $0.record.children.count < $1.record.children.count })
  var disagreements: [String] = []
  for variant in variants(of: entity.record) {
    disagreements += compareReading(like: entity, variant)
  }
  #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
}

/// The record with one field (or one field of the first row of one child list) replaced by each probe.
private func variants(of record: Record) -> [Record] {
  var out: [Record] = []
  for field in record.kind.schema.fields {
    for probe in probes {
      var r = record
      r[field.name] = probe
      out.append(r)
    }
  }
  for child in record.kind.schema.children {
    for field in child.fields {
      for probe in probes {
        var r = record
        var rows = r.rows(child.name)
        if rows.isEmpty { rows = [Record(record.kind)] }
        rows[0][field.name] = probe
        r.children[child.name] = rows
        out.append(r)
      }
    }
  }
  return out
}

private func compareReading<E: Entity>(like _: E, _ record: Record) -> [String] {
  let handWritten = Result { try E(record: record) }
  let derived = Result { try RecordOracle.decode(E.self, from: record) }
  switch (handWritten, derived) {
  case (.success(let a), .success(let b)): return a == b ? [] : ["\(record): read differently"]
  case (.failure(let a), .failure(let b)): return "\(a)" == "\(b)" ? [] : ["\(a) ≠ \(b)"]
  default: return ["\(record): \(handWritten) ≠ \(derived)"]
  }
}

/// A region with a property its schema does not have: the oracle refuses it, which is how a
/// property added without its schema field (and so without a column) is caught.
private struct RegionWithExtra: Entity {
  static let kind = EntityKind.region
  var code = "UZ"
  var name = "Uzbekistan"
  var motto = "unmapped"
  init() {}
  init(record: Record) throws { code = try record.text("code") }
  var record: Record { Record(.region, ["code": .text(code), "name": .text(name)]) }
  func issues() -> [ValidationIssue] { [] }
}

@Test("a property without a schema field is caught") func unmappedPropertyCaught() {
  #expect(throws: DomainError.unknownField(.region, field: "motto")) { try RecordOracle.encode(RegionWithExtra()) }
}
