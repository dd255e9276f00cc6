/// A calendar date without time or zone, written as ISO 8601 `YYYY-MM-DD`.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  /// Creates a day, or returns `nil` when the components do not name a real date.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      (1...Day.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD` exactly (four-digit year, two-digit month and day).
  /// Reads the ten bytes directly: dates are read once per row on every import and listing.
  public init?(iso text: String) {
    let parsed =
      text.utf8.withContiguousStorageIfAvailable(Day.parse) ?? Array(text.utf8).withUnsafeBufferPointer(Day.parse)
    guard let (y, m, d) = parsed else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// `YYYY-MM-DD` in ASCII digits → its three numbers; nil for anything else.
  private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
    guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var n = 0
      for i in range {
        let digit = Int(b[i]) - 48
        guard (0...9).contains(digit) else { return nil }
        n = n * 10 + digit
      }
      return n
    }
    guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
    return (y, m, d)
  }

  private init(unchecked year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// 31 December of a year (clamped to 1…9999).
  public static func endOf(year: Int) -> Day { Day(unchecked: min(9999, max(1, year)), month: 12, day: 31) }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  public var description: String {
    func pad(_ n: Int, _ width: Int) -> String {
      let s = String(n)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  public static func < (a: Day, b: Day) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  /// The same day `years` later (29 February becomes 28 February in a common year).
  public func adding(years: Int) -> Day {
    let y = year + years
    return Day(year: y, month: month, day: min(day, Day.daysIn(month: month, year: y))) ?? self
  }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let value = Day(iso: text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a date (YYYY-MM-DD)"))
    }
    self = value
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
