import Domain
import Foundation
import Interchange
import Testing

/// The column tables of docs/formats.md are tested against the schema: every file the project
/// reads and writes has a row, its columns in the order they are written, a star on exactly
/// the required ones and "(personal)" on exactly the personal ones.
@Test func theColumnTableOfFormatsMdIsTheSchemas() throws {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  let doc = try String(contentsOf: root.appendingPathComponent("docs/formats.md"), encoding: .utf8)
  var rows = [String: [String]]()
  for line in doc.split(separator: "\n") where line.hasPrefix("| `") && line.contains(".csv` |") {
    let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    guard cells.count >= 2 else { continue }
    let file = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
    rows[file] = cells[1].components(separatedBy: ", ")
  }
  for dataFile in DataFile.all {
    let name = dataFile.baseName + ".csv"
    let documented = try #require(rows[name], "docs/formats.md has no row for \(name)")
    let names = documented.map { String($0.prefix { $0 != " " && $0 != "\\" }) }
    #expect(names == dataFile.columns, "\(name)")
    let starred = Set(documented.filter { $0.contains("\\*") }.map { String($0.prefix { $0 != "\\" }) })
    let personal = Set(documented.filter { $0.contains("(personal)") }.map { String($0.prefix { $0 != "\\" }) })
    switch dataFile {
    case .entity(let kind):
      let fields = kind.schema.fields
      let codeOptional = kind.schema.derivedCode != nil || kind == .ledger
      #expect(
        starred == Set(fields.filter { $0.required && !(codeOptional && $0.name == "code") }.map(\.name)), "\(name)")
      #expect(personal == Set(fields.filter(\.personal).map(\.name)), "\(name)")
    default:
      #expect(starred == Set(dataFile.requiredColumns), "\(name)")
    }
  }
  #expect(rows.count >= DataFile.all.count)
}
