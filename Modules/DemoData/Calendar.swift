import Domain

/// The demo never ages: it is written for the academic year 2025/26 (`DemoDataSet.today`,
/// 2025-09-01) and moved, whole years at a time, to the academic year of the day it is built
/// on. Every date and every year moves by the same number of years, so the story — what is
/// recorded, what is due, what is open — is the same in every year, and the same for a given
/// year on every machine.
extension DemoDataSet {
  /// The year the demo is written for: its academic year 2025/26 starts on 2025-09-01.
  public static let baseAcademicYear = 2025

  /// The academic year a day falls in, by the year it starts: 1 September to 31 August.
  public static func academicYear(of day: Day) -> Int { day.month >= 9 ? day.year : day.year - 1 }

  /// Every demo entity, moved to `academicYear` (see `entities()` for the order).
  public static func entities(academicYear: Int) -> [any Entity] {
    let years = academicYear - baseAcademicYear
    return years == 0 ? entities() : entities().map { shift($0, years: years) }
  }

  /// The demo ledger, moved to `academicYear`.
  public static func ledger(academicYear: Int) -> [LedgerEntry] {
    let years = academicYear - baseAcademicYear
    return years == 0 ? ledger() : ledger().map { shift($0, years: years) }
  }

  /// The reference day of `academicYear`: its 1 September.
  public static func today(academicYear: Int) -> Day { today.adding(years: academicYear - baseAcademicYear) }

  static func shift<E: Entity>(_ entity: E, years: Int) -> E {
    var record = shift(entity.record, years: years)
    // A cohort's default code names its year ("PROGRAM/2025").
    if E.kind == .cohort, case .integer(let year) = entity.record["year"], entity.code.hasSuffix("/\(year)") {
      record.values["code"] = .text(String(entity.code.dropLast(String(year).count + 1)) + "/\(Int(year) + years)")
    }
    guard let moved = try? E(record: record) else {
      assertionFailure("the demo's \(E.kind) \(entity.code) does not survive a move by \(years) years")
      return entity
    }
    return moved
  }

  /// Dates (any `YYYY-MM-DD` text) and years (`year`, `cohort_year`) move by `years`; so do the
  /// years named in ledger purposes ("tuition 2024/25").
  static func shift(_ record: Record, years: Int) -> Record {
    var out = record
    for (name, value) in record.values {
      switch value {
      case .text(let text):
        if let day = Day(iso: text) {
          out.values[name] = .text(day.adding(years: years).description)
        } else if record.kind == .ledger && name == "purpose" {
          out.values[name] = .text(shiftYears(in: text, by: years))
        }
      case .integer(let n) where name == "year" || name == "cohort_year":
        out.values[name] = .integer(n + Int64(years))
      default: break
      }
    }
    for (name, rows) in record.children {
      out.children[name] = rows.map { shift($0, years: years) }
    }
    return out
  }

  /// "2024/25" → "2025/26", "2025" → "2026": four-digit years 2000–2099 and their two-digit
  /// academic-year tails.
  static func shiftYears(in text: String, by years: Int) -> String {
    text.replacing(/(20\d\d)(\/\d\d)?/) { match in
      guard let year = Int(match.output.1) else { return String(match.output.0) }
      let moved = year + years
      guard match.output.2 != nil else { return String(moved) }
      let tail = (moved + 1) % 100
      return "\(moved)/\(tail < 10 ? "0" : "")\(tail)"
    }
  }
}
