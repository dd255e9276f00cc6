import Foundation
import Synchronization
import Testing

@testable import Localization

@Suite("Languages and formats")
struct LanguageTests {
  @Test("tags, POSIX locales and ICU identifiers name our languages")
  func tags() {
    let cases: [(String, Language?)] = [
      ("uz", .uz), ("uz-Latn", .uz), ("uz_UZ", .uz), ("uz_UZ.UTF-8", .uz), ("uz_UZ@cyrillic", .uzCyrl),
      ("uz_UZ.UTF-8@cyrillic", .uzCyrl), ("uz-Cyrl", .uzCyrl), ("uz_Cyrl_UZ", .uzCyrl), ("UZ-CYRL-UZ", .uzCyrl),
      ("ru", .ru), ("ru_RU.UTF-8", .ru), ("ru-RU", .ru), ("en", .en), ("en_GB", .en), ("de_DE", nil), ("C", nil),
      ("", nil),
    ]
    for (tag, language) in cases { #expect(Language(tag: tag) == language, "\(tag)") }
  }

  @Test("--lang, then EDUCLUSTER_LANG, then LC_ALL, LC_MESSAGES, LANG, else English")
  func resolution() throws {
    #expect(try Language.resolve(option: "ru", environment: ["EDUCLUSTER_LANG": "uz", "LANG": "en_US"]) == .ru)
    #expect(try Language.resolve(option: nil, environment: ["EDUCLUSTER_LANG": "uz-Cyrl", "LANG": "ru_RU"]) == .uzCyrl)
    #expect(try Language.resolve(option: nil, environment: ["LC_ALL": "ru_RU.UTF-8", "LANG": "uz_UZ"]) == .ru)
    #expect(
      try Language.resolve(option: nil, environment: ["LC_MESSAGES": "uz_UZ@cyrillic", "LANG": "ru_RU"]) == .uzCyrl)
    #expect(try Language.resolve(option: nil, environment: ["LANG": "uz_UZ.UTF-8"]) == .uz)
    // POSIX: LC_ALL set to another language decides — English, not LANG's Russian.
    #expect(try Language.resolve(option: nil, environment: ["LC_ALL": "C", "LANG": "ru_RU"]) == .en)
    #expect(try Language.resolve(option: nil, environment: ["LC_ALL": "", "LANG": "ru_RU"]) == .ru)
    #expect(try Language.resolve(option: nil, environment: [:]) == .en)
    #expect(throws: LanguageError.self) { try Language.resolve(option: "de", environment: [:]) }
    #expect(throws: LanguageError.self) { try Language.resolve(option: nil, environment: ["EDUCLUSTER_LANG": "xx"]) }
  }

  @Test("Accept-Language: the highest quality among ours")
  func acceptLanguage() {
    #expect(Language.preferred(acceptLanguage: "ru-RU,ru;q=0.9,en-US;q=0.8") == .ru)
    #expect(Language.preferred(acceptLanguage: "de-DE, uz-Cyrl;q=0.5, en;q=0.4") == .uzCyrl)
    #expect(Language.preferred(acceptLanguage: "en;q=0.2, uz;q=0.9") == .uz)
    #expect(Language.preferred(acceptLanguage: "de, fr;q=0.8") == nil)
    #expect(Language.preferred(acceptLanguage: "ru;q=0, en") == .en)
  }

  @Test("messages put their values in order or by position, and translate the messages inside")
  func substitution() {
    #expect(Phrase.substitute(["a", "b"], into: "%@ then %@") == "a then b")
    #expect(Phrase.substitute(["a", "b"], into: "%2$@ before %1$@") == "b before a")
    #expect(Phrase.substitute([], into: "100%% sure") == "100% sure")
    // A lone or trailing `%` stays; a position past the values gives nothing; text around a
    // placeholder is copied whole, whatever its script.
    #expect(Phrase.substitute(["x"], into: "50% off, %") == "50% off, %")
    #expect(Phrase.substitute(["x"], into: "%3$@|%1$@|%2$") == "|x|%2$")
    #expect(Phrase.substitute(["Тошкент", "5"], into: "«%@»: %@ ta oʻrin — %%") == "«Тошкент»: 5 ta oʻrin — %")
    let inner = tr("\(3) of \(5) done: 60%")
    #expect(inner.key == "%@ of %@ done: 60%%")
    #expect(inner.description == "3 of 5 done: 60%")
    #expect(Phrase(verbatim: "50% raw").text(in: .ru) == "50% raw")
  }

  @Test("the language error speaks each language")
  func languageError() {
    let error = LanguageError(value: "de", source: "--lang")
    #expect(error.description == "--lang 'de' is not a language EduCluster speaks: use one of uz, uz-Cyrl, ru, en")
    #expect(error.message.text(in: .ru).hasPrefix("--lang «de» — язык"))
    #expect(error.message.text(in: .uzCyrl).contains("бу тилни билмайди"))
  }

  @Test("numbers, money, percentages and dates as each language writes them")
  func formats() {
    let nbsp = "\u{00A0}"
    #expect(LocalFormat(.en).grouped(1_500_000) == "1,500,000")
    #expect(LocalFormat(.ru).grouped(1_500_000) == "1\(nbsp)500\(nbsp)000")
    #expect(LocalFormat(.uz).money(1_500_000) == "1\(nbsp)500\(nbsp)000\(nbsp)soʻm")
    #expect(LocalFormat(.ru).money(1_500_000) == "1\(nbsp)500\(nbsp)000\(nbsp)сум")
    #expect(LocalFormat(.uzCyrl).money(1_500_000).hasSuffix("сўм"))
    #expect(LocalFormat(.en).percent(0.873) == "87.3%")
    #expect(LocalFormat(.ru).percent(0.873) == "87,3\(nbsp)%")
    #expect(LocalFormat(.en).integer(1_500_000) == "1500000")
    #expect(LocalFormat(.en).date(year: 2026, month: 9, day: 21) == "Sep 21, 2026")
    #expect(LocalFormat(.ru).date(year: 2026, month: 9, day: 21).contains("2026"))
  }

  /// Formatters are made once and shared by threads: the same text as a formatter made for
  /// the one number, whatever runs beside it and whichever style came first.
  @Test("formats shared across threads give what a fresh formatter gives")
  func sharedFormatters() {
    func fresh(_ value: Double, _ language: Language, _ style: NumberFormatter.Style, _ fraction: Int) -> String {
      let f = NumberFormatter()
      f.locale = language.locale
      f.numberStyle = style
      f.minimumFractionDigits = fraction
      f.maximumFractionDigits = fraction
      return f.string(from: NSNumber(value: value)) ?? ""
    }
    let values = (0..<300).map { Double($0 * $0) * 37.25 - 1_000 }
    let expected = values.map {
      (fresh($0, .uz, .decimal, 1), fresh($0 / 1_000_000, .ru, .percent, 0), fresh($0, .uzCyrl, .decimal, 0))
    }
    let failures = Mutex(0)
    DispatchQueue.concurrentPerform(iterations: 8) { t in
      for (i, v) in values.enumerated() where (i + t) % 2 == 0 {
        let got = (
          LocalFormat(.uz).decimal(v), LocalFormat(.ru).percent(v / 1_000_000, fraction: 0),
          LocalFormat(.uzCyrl).decimal(v, fraction: 0)
        )
        if got != expected[i] { failures.withLock { $0 += 1 } }
      }
    }
    #expect(failures.withLock { $0 } == 0)
    #expect(LocalFormat(.uz).decimal(1234.5) == fresh(1234.5, .uz, .decimal, 1))
    #expect(LocalFormat(.ru).number(12345.678) == "12\u{00A0}345,678")
    #expect(LocalFormat(.ru).number(1234.5) == "1234,5")
  }

  @Test("Uzbek Latin sorts oʻ, gʻ, sh and ch after z; Russian ё with е")
  func order() {
    let uz = LocalFormat(.uz).sorted(["Oʻrtachirchiq", "Olmaliq", "Shahrixon", "Chinoz", "Gʻijduvon", "Zomin", "Nukus"])
    #expect(uz == ["Nukus", "Olmaliq", "Zomin", "Oʻrtachirchiq", "Gʻijduvon", "Shahrixon", "Chinoz"])
    let ru = LocalFormat(.ru).sorted(["Янгиюль", "Ёшлик", "Андижан", "Наманган"])
    #expect(ru == ["Андижан", "Ёшлик", "Наманган", "Янгиюль"])
    // Numbers as numbers; the apostrophe typed as ‘ sorts as the letter's ʻ (both after z, and
    // "Uchqo‘rg‘on district" after "Uchqoʻrgʻon agrosanoat" whichever way each is typed).
    let schools = LocalFormat(.uz).sorted([
      "School No. 21", "School No. 7", "Uchqo‘rg‘on district", "Uchqoʻrgʻon agrosanoat", "Uchqurgan",
    ])
    #expect(
      schools == ["School No. 7", "School No. 21", "Uchqurgan", "Uchqoʻrgʻon agrosanoat", "Uchqo‘rg‘on district"])
  }
}
