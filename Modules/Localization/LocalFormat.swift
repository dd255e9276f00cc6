import Foundation

/// Numbers, money, percentages, dates and name order as people write them in a language
/// (ICU's data through Foundation): `1 500 000 soʻm`, `87,3 %`, `21 сент. 2026 г.`.
/// Tables for people use these; machine formats (CSV, JSON) never do.
public struct LocalFormat: Sendable {
  public let language: Language

  public init(_ language: Language) {
    self.language = language
  }

  /// `value` written by the language's formatter of this style, made once per process (see
  /// `Formatters`).
  private func format(
    _ value: NSNumber, _ style: NumberFormatter.Style, fraction: ClosedRange<Int>, grouping: Bool = true
  ) -> String? {
    Formatters.shared.number(value, language: language, style: style, fraction: fraction, grouping: grouping)
  }

  /// A count in a sentence: `1 500 000` in Uzbek and Russian, whose typography leaves numbers of
  /// four digits (and years) ungrouped: `2027`, `1500`. English sentences keep the plain digits
  /// the sources always printed (`1500000`).
  public func integer(_ value: Int) -> String {
    if language == .en || abs(value) < 10_000 { return String(value) }
    return grouped(value)
  }

  /// A number in a sentence: English as Swift prints it (`0.85`, `11.9`), the others with
  /// their decimal separator (`0,85`, `11,9`), up to four decimals.
  public func number(_ value: Double) -> String {
    if language == .en || !value.isFinite { return String(value) }
    return format(NSNumber(value: value), .decimal, fraction: 0...4, grouping: abs(value) >= 10_000) ?? String(value)
  }

  /// A count with the language's digit grouping, English included (tables).
  public func grouped(_ value: Int) -> String {
    format(NSNumber(value: value), .decimal, fraction: 0...0) ?? String(value)
  }

  /// A number with this many digits after the decimal separator.
  public func decimal(_ value: Double, fraction: Int = 1) -> String {
    format(NSNumber(value: value), .decimal, fraction: fraction...fraction) ?? String(value)
  }

  /// A share (0.873) as a percentage: `87.3%`, `87,3 %`.
  public func percent(_ share: Double, fraction: Int = 1) -> String {
    format(NSNumber(value: share), .percent, fraction: fraction...fraction) ?? String(share)
  }

  /// An amount of Uzbek soʻm, whole: `UZS 1,500,000`, `1 500 000 soʻm`, `1 500 000 сўм`,
  /// `1 500 000 сум`.
  public func money(_ amount: Int) -> String {
    let digits = grouped(amount)
    switch language {
    case .en: return "UZS " + digits
    case .uz: return digits + "\u{00A0}soʻm"
    case .uzCyrl: return digits + "\u{00A0}сўм"
    case .ru: return digits + "\u{00A0}сум"
    }
  }

  /// A calendar day in the language's medium style: `Sep 21, 2026`, `21-sen, 2026`,
  /// `21 сент. 2026 г.`.
  public func date(year: Int, month: Int, day: Int) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) else {
      return String(format: "%04d-%02d-%02d", year, month, day)
    }
    return Formatters.shared.date(date, language: language, calendar: calendar)
  }

  /// Whether `a` sorts before `b` by the language's alphabet (Uzbek Latin: … x, y, z, oʻ, gʻ,
  /// sh, ch), case and accents second.
  /// Numbers in names count as numbers (school No. 7 before No. 21), and every apostrophe form
  /// after o and g (‘ ’ ' ` ʼ) as the letter's ʻ, so Toʻraqoʻrgʻon and To‘raqo‘rg‘on sort alike.
  public func precedes(_ a: String, _ b: String) -> Bool {
    Self.sortable(a).compare(
      Self.sortable(b), options: [.caseInsensitive, .numeric], range: nil, locale: language.locale)
      == .orderedAscending
  }

  static func sortable(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { apostrophes.contains($0) }) else { return text }
    var out = String.UnicodeScalarView()
    var previous: Unicode.Scalar = " "
    for scalar in text.unicodeScalars {
      let afterOG = "oOgG".unicodeScalars.contains(previous)
      out.append(afterOG && apostrophes.contains(scalar) ? "\u{02BB}" : scalar)
      previous = scalar
    }
    return String(out)
  }

  private static let apostrophes: Set<Unicode.Scalar> = ["\u{2018}", "\u{2019}", "'", "`", "\u{02BC}"]

  /// Names sorted by the language's alphabet.
  public func sorted(_ names: [String]) -> [String] {
    names.sorted(by: precedes)
  }
}

/// ICU's formatters, made once per language and style and shared by every thread (each use
/// under one lock: Foundation does not promise a formatter is safe on two threads at once).
/// Making a number formatter is ICU opening the locale's number format, about a millisecond
/// here: a national gap table in Uzbek made some 300,000 of them, 59 s against English's 5 s.
final class Formatters: @unchecked Sendable {
  static let shared = Formatters()

  private struct NumberKey: Hashable {
    let language: Language
    let style: UInt
    let fraction: ClosedRange<Int>
    let grouping: Bool
  }

  private let lock = NSLock()
  private var numbers = [NumberKey: NumberFormatter]()
  private var dates = [Language: DateFormatter]()

  func number(
    _ value: NSNumber, language: Language, style: NumberFormatter.Style, fraction: ClosedRange<Int>, grouping: Bool
  ) -> String? {
    lock.withLock {
      let key = NumberKey(language: language, style: style.rawValue, fraction: fraction, grouping: grouping)
      let f = Self.kept(key, in: &numbers) {
        let f = NumberFormatter()
        f.locale = language.locale
        f.numberStyle = style
        f.minimumFractionDigits = fraction.lowerBound
        f.maximumFractionDigits = fraction.upperBound
        f.usesGroupingSeparator = grouping
        return f
      }
      return f.string(from: value)
    }
  }

  /// A day in the language's medium style, in the (UTC, Gregorian) `calendar` it was made in.
  func date(_ date: Date, language: Language, calendar: Calendar) -> String {
    lock.withLock {
      let f = Self.kept(language, in: &dates) {
        let f = DateFormatter()
        f.locale = language.locale
        f.calendar = calendar
        f.timeZone = calendar.timeZone
        f.dateStyle = .medium
        f.timeStyle = .none
        return f
      }
      return f.string(from: date)
    }
  }

  /// The formatter kept under `key`, made by `make` the first time.
  private static func kept<Key: Hashable, F>(_ key: Key, in table: inout [Key: F], _ make: () -> F) -> F {
    if let known = table[key] { return known }
    let made = make()
    table[key] = made
    return made
  }
}
