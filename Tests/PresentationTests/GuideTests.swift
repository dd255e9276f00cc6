import Foundation
import Testing

/// docs/extending.md names files and the symbols in them; this keeps the guide true. Each line
/// of its "Files and symbols" list is `- `path` `symbol``: the file must exist and contain
/// the symbol, so a rename that the guide misses fails here.
@Test func theExtendingGuideNamesFilesAndSymbolsThatExist() throws {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  let guide = try String(contentsOf: root.appendingPathComponent("docs/extending.md"), encoding: .utf8)
  let section = try #require(guide.components(separatedBy: "## Files and symbols").last)
  var checked = 0
  for line in section.split(separator: "\n") where line.hasPrefix("- `") {
    let parts = line.split(separator: "`", omittingEmptySubsequences: false)
    // - `path` `symbol` → ["- ", path, " ", symbol, ""]
    try #require(parts.count >= 4, "\(line)")
    let path = String(parts[1])
    let symbol = parts[3...].dropLast().joined(separator: "`")
    let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    #expect(text.contains(symbol), "\(path) no longer contains \(symbol)")
    checked += 1
  }
  #expect(checked >= 20)
  // Every file the steps mention exists too.
  let mentioned = guide.matches(of: /`((?:Modules|Apps|Tests|Tools|docs)\/[A-Za-z0-9_\/.\-]+)`/).map { String($0.1) }
  #expect(mentioned.count >= 20)
  for path in mentioned {
    #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path), "\(path)")
  }
}
