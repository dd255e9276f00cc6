import Foundation
import Testing

@testable import Localization

@Suite("Catalogs")
struct CatalogTests {
  let scan = SourceKeys.scan()

  @Test("every catalog parses")
  func parses() {
    #expect(Catalog.shared.problems.isEmpty, "\(Catalog.shared.problems)")
    for language in Language.allCases where language != .en {
      #expect(Catalog.shared.entries[language] != nil, "no catalog for \(language.rawValue)")
    }
  }

  @Test("every tr(\"…\") literal in the sources can be read")
  func literalsRead() {
    #expect(scan.unreadable.isEmpty, "tr takes one-line literals: \(scan.unreadable)")
    #expect(scan.uses.count > 0)
  }

  @Test("every key the sources use is translated in every language")
  func noKeyMissing() {
    let keys = Set(scan.uses.map(\.key))
    for language in Language.allCases where language != .en {
      let entries = Catalog.shared.entries[language] ?? [:]
      let missing = scan.uses.filter { entries[$0.key] == nil }
      let complete = missing.isEmpty
      #expect(
        complete,
        "\(language.rawValue).strings lacks \(missing.count) of \(keys.count) keys, e.g. \(missing.prefix(5).map { "\($0.place): \"\($0.key)\"" })"
      )
    }
  }

  @Test("no catalog keeps a key nobody uses")
  func noKeyUnused() {
    let keys = Set(scan.uses.map(\.key))
    for language in Language.allCases where language != .en {
      let unused = (Catalog.shared.entries[language] ?? [:]).keys.filter { !keys.contains($0) }.sorted()
      let none = unused.isEmpty
      #expect(none, "\(language.rawValue).strings keeps unused keys: \(unused.prefix(5))")
    }
  }

  @Test("translations take the key's values, and are not empty")
  func placeholdersAgree() {
    for language in Language.allCases where language != .en {
      for (key, value) in Catalog.shared.entries[language] ?? [:] {
        #expect(!value.isEmpty, "\(language.rawValue): empty translation of \"\(key)\"")
        #expect(
          SourceKeys.placeholders(value) == SourceKeys.placeholders(key),
          "\(language.rawValue): \"\(value)\" takes other values than \"\(key)\"")
      }
    }
  }
}
