import Foundation

/// The languages EduCluster speaks: Uzbek in its Latin (`uz`) and Cyrillic (`uz-Cyrl`)
/// alphabets, Russian and English. The raw value is the BCP 47 tag the apps take (`--lang`,
/// `EDUCLUSTER_LANG`) and print (`<html lang>`, `Content-Language`).
public enum Language: String, CaseIterable, Sendable, Hashable, Codable {
  case uz
  case uzCyrl = "uz-Cyrl"
  case ru
  case en

  /// The tags `--lang` takes, for help and errors.
  public static let tags = allCases.map(\.rawValue).joined(separator: ", ")

  /// The language a tag or POSIX locale names, or nil when it names none of ours.
  ///
  /// Takes BCP 47 tags (`uz`, `uz-Latn`, `uz-Cyrl-UZ`, `ru-RU`, `en`), POSIX locales
  /// (`uz_UZ.UTF-8`, `uz_UZ@cyrillic`, `ru_RU.UTF-8`, `C`) and ICU identifiers (`uz_Cyrl_UZ`),
  /// in any case.
  public init?(tag: String) {
    let lowered = tag.trimmingCharacters(in: .whitespaces).lowercased()
    // "uz_UZ.UTF-8@cyrillic": the modifier after '@', the codeset after '.'.
    let parts = lowered.split(separator: "@", maxSplits: 1)
    guard let head = parts.first else { return nil }
    let modifier = parts.count > 1 ? String(parts[1]) : ""
    let name = head.split(separator: ".", maxSplits: 1).first.map(String.init) ?? ""
    let subtags = name.split(whereSeparator: { $0 == "_" || $0 == "-" }).map(String.init)
    guard let primary = subtags.first else { return nil }
    switch primary {
    case "uz":
      self = (modifier == "cyrillic" || subtags.contains("cyrl")) ? .uzCyrl : .uz
    case "ru": self = .ru
    case "en": self = .en
    default: return nil
    }
  }

  /// Where the language comes from when no `--lang` is given, in order: `EDUCLUSTER_LANG`,
  /// then the POSIX locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
  ///
  /// `EDUCLUSTER_LANG` naming no language of ours is an error (it was set for EduCluster);
  /// a POSIX locale of another language (`de_DE`, `C`) means English, as for any program.
  public static func resolve(
    option: String?, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(LanguageError) -> Language {
    if let option {
      guard let language = Language(tag: option) else { throw LanguageError(value: option, source: "--lang") }
      return language
    }
    if let value = environment["EDUCLUSTER_LANG"], !value.isEmpty {
      guard let language = Language(tag: value) else {
        throw LanguageError(value: value, source: "EDUCLUSTER_LANG")
      }
      return language
    }
    // POSIX: the first of these that is set and not empty decides.
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      if let value = environment[name], !value.isEmpty { return Language(tag: value) ?? .en }
    }
    return .en
  }

  /// The best of our languages for an HTTP `Accept-Language` header (RFC 9110 §12.5.4:
  /// quality values, `*`), or nil when it names none of them.
  public static func preferred(acceptLanguage header: String) -> Language? {
    var best: (language: Language, quality: Double, order: Int)?
    for (order, item) in header.split(separator: ",").enumerated() {
      let fields = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
      guard let range = fields.first, !range.isEmpty else { continue }
      var quality = 1.0
      for parameter in fields.dropFirst() where parameter.lowercased().hasPrefix("q=") {
        quality = Double(parameter.dropFirst(2)) ?? 0
      }
      guard quality > 0, let language = Language(tag: range) else { continue }
      if best.map({ quality > $0.quality }) ?? true { best = (language, quality, order) }
    }
    return best?.language
  }

  /// The ICU locale numbers, dates and sorting follow.
  public var locale: Locale {
    switch self {
    case .uz: Locale(identifier: "uz_Latn_UZ")
    case .uzCyrl: Locale(identifier: "uz_Cyrl_UZ")
    case .ru: Locale(identifier: "ru_RU")
    case .en: Locale(identifier: "en_US")
    }
  }

  /// The language's own name, for a language switch.
  public var nativeName: String {
    switch self {
    case .uz: "Oʻzbekcha"
    case .uzCyrl: "Ўзбекча"
    case .ru: "Русский"
    case .en: "English"
    }
  }
}

/// A language given by the user that EduCluster does not speak.
public struct LanguageError: Error, Sendable, Equatable, CustomStringConvertible {
  public var value: String
  public var source: String

  public var message: Phrase {
    tr("\(source) '\(value)' is not a language EduCluster speaks: use one of \(Language.tags)")
  }

  public var description: String { message.description }
}
