import Foundation

/// The translations: one `.strings` file per language in `Catalogs/` (Apple's strings-file
/// format, which translators' tools read and write), compiled into the binary so an installed
/// executable needs no resource folder beside it. English is the sources' own text.
///
/// Why not `Bundle` and `String(localized:)`: on Linux Foundation neither picks a language from
/// `LANG` nor offers `String(localized:)`, and a SwiftPM resource bundle must sit beside the
/// executable; the files here are looked up explicitly in the language the user chose.
public struct Catalog: Sendable {
  public static let shared = Catalog()

  /// Key → translation, per language (English has none: the key is the text).
  public let entries: [Language: [String: String]]
  /// Files that did not parse (empty when the build is sound; a test checks it).
  public let problems: [String]

  init() {
    var entries: [Language: [String: String]] = [:]
    var problems: [String] = []
    for (language, bytes) in Catalog.files {
      do {
        entries[language] = try Catalog.parse(bytes)
      } catch {
        problems.append("\(language.rawValue).strings: \(error)")
      }
    }
    self.entries = entries
    self.problems = problems
  }

  static let files: [(Language, [UInt8])] = [
    (.uz, PackageResources.uz_strings),
    (.uzCyrl, PackageResources.uz_Cyrl_strings),
    (.ru, PackageResources.ru_strings),
  ]

  /// Parses a strings file (`"key" = "value";`, comments, escapes).
  public static func parse(_ bytes: [UInt8]) throws -> [String: String] {
    let list = try PropertyListSerialization.propertyList(from: Data(bytes), format: nil)
    guard let table = list as? [String: Any] else { return [:] }
    var out: [String: String] = [:]
    for (key, value) in table {
      if let text = value as? String { out[key] = text }
    }
    return out
  }

  /// The template for a key in a language: its translation, else the key (English).
  public func template(for key: String, in language: Language) -> String {
    guard language != .en else { return key }
    return entries[language]?[key] ?? key
  }
}
