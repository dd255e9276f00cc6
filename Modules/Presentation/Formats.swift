import Foundation

/// The one way numbers, shares and money are written for people, in every frontend (CLI
/// tables, the report, the dashboard, the terminal UI).
public enum Formats {
  /// A count or amount: whole numbers as they are, others to one decimal (`12`, `12.5`).
  public static func count(_ x: Double) -> String {
    guard x.isFinite else { return "–" }
    if x == x.rounded(), let whole = Int64(exactly: x) { return String(whole) }
    return String((x * 10).rounded() / 10)
  }

  /// A share as a whole percentage (`0.425` → `43 %`), or to one decimal with `precise`
  /// (`42.5 %`, while `42 %` stays whole).
  public static func percent(_ x: Double, precise: Bool = false) -> String {
    guard precise else { return "\(Int((x * 100).rounded())) %" }
    let p = (x * 1000).rounded() / 10
    return p == p.rounded() ? "\(Int(p)) %" : "\(p) %"
  }

  /// A measured value that may be missing: `–` when absent, whole numbers as they are,
  /// others to two decimals.
  public static func value(_ x: Double?) -> String {
    guard let x, x.isFinite else { return "–" }
    if x == x.rounded() && abs(x) >= 1, let n = Int64(exactly: x) { return String(n) }
    return String(format: "%.2f", x)
  }

  /// Money held in minor units, written in whole major units with its thousands grouped:
  /// `money(123456700)` → `1 234 567`. `separator` is a space for terminals (columns
  /// align) and a narrow no-break space on pages; `minus` the sign; `currency` appended.
  public static func money(
    minor: Int64, separator: String = " ", minus: String = "-", currency: String? = nil
  ) -> String {
    let major = minor / 100
    var digits = String(major.magnitude)
    var groups = [String]()
    while digits.count > 3 {
      groups.insert(String(digits.suffix(3)), at: 0)
      digits.removeLast(3)
    }
    groups.insert(digits, at: 0)
    return (major < 0 ? minus : "") + groups.joined(separator: separator) + (currency.map { " " + $0 } ?? "")
  }

  /// Money on a page: rounded to whole units, narrow no-break spaces, a real minus, UZS.
  public static func pageMoney(_ minor: Double?) -> String {
    guard let minor, let units = Int64(exactly: (minor / 100).rounded()) else { return "–" }
    return money(minor: units * 100, separator: "\u{202F}", minus: "−", currency: "UZS")
  }
}
