import AppCore
import Domain
import Foundation
import Interchange
import Presentation
import TestSupport
import Testing

/// Every analysis of the demo data, as JSON: the writer every output uses gives Foundation's
/// `JSONEncoder`'s bytes (the national data set's outputs are compared the same way by hand,
/// docs/benchmarks.md).
@Suite struct AnalysisJSONTests {
  static func same<T: Encodable>(_ value: T, _ name: String) throws {
    let ours = try Rendering.json(value)
    #expect(ours == (try JSONOutput.foundationString(value)), "\(name)")
    #expect(ours.utf8.count > 100, "\(name) says something")
  }

  @Test func everyAnalysisWritesFoundationsJSON() throws {
    let db = try TestDatabase("json-output")
    let app = db.app
    try Self.same(try app.gap(), "gap")
    try Self.same(try app.align(), "align")
    try Self.same(try app.pathways(), "pathways")
    try Self.same(try app.pd(), "pd")
    try Self.same(try app.forecast(), "forecast")
    try Self.same(try app.indicators(), "indicators")
    try Self.same(try app.rank(), "rank")
    try Self.same(try app.quality(), "quality")
    try Self.same(try app.overview(), "overview")
    try Self.same(try app.report(cluster: "CL-AN-MACH"), "report")
    try Self.same(try app.list(.program).map(AnyEntity.init), "programs")
  }
}
