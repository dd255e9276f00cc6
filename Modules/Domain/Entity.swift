import Foundation
import Localization

/// An entity of the registry: a value with a stable text code, convertible to and from its
/// schema-described `Record`, and able to say what is wrong with it.
public protocol Entity: Sendable, Codable, Hashable {
  static var kind: EntityKind { get }
  var code: String { get set }
  init(record: Record) throws
  var record: Record { get }
  /// Every rule the value breaks; empty when valid.
  func issues() -> [ValidationIssue]
}

extension Entity {
  public static var schema: EntitySchema { kind.schema }

  /// Throws `DomainError.invalid` listing every broken rule.
  public func validate() throws {
    let found = allIssues()
    if !found.isEmpty { throw DomainError.invalid(Self.kind, code: code, issues: found) }
  }
}

/// Collects validation issues with small, named checks.
public struct Checker {
  public private(set) var issues: [ValidationIssue] = []
  public init() {}

  public mutating func fail(_ field: String, _ message: Phrase) {
    issues.append(ValidationIssue(field: field, message: message))
  }

  public mutating func code(_ value: String, field: String = "code") {
    if value.isEmpty {
      fail(field, tr("must not be empty"))
    } else if value.trimmed.utf8.count != value.utf8.count {
      fail(field, tr("'\(value)' has leading or trailing spaces"))
    } else if value.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
      fail(field, tr("must not contain control characters"))
    } else if value.utf8.count > 200 && value.count > 200 {
      fail(field, tr("is longer than 200 characters"))
    }
  }

  public mutating func name(_ value: String, field: String = "name") {
    if value.isBlank {
      fail(field, tr("must not be empty"))
    } else if value.utf8.count > 1000 && value.count > 1000 {
      fail(field, tr("is longer than 1000 characters"))
    }
  }

  public mutating func reference(_ value: String?, field: String) {
    if let v = value { code(v, field: field) }
  }

  public mutating func level(_ value: Int, field: String = "level") {
    if !(1...5).contains(value) { fail(field, tr("level \(value) is outside 1–5")) }
  }

  /// The largest count (people, places, hours) the registry accepts: far above any real figure,
  /// far below where sums could overflow.
  public static let maximumCount = 10_000_000
  /// The largest money amount, in minor units (10¹⁵ tiyin = 10 trillion UZS).
  public static let maximumMoney = 1_000_000_000_000_000

  public mutating func nonNegative(_ value: Int?, field: String) {
    if let v = value, v < 0 {
      fail(field, tr("must be 0 or more, not \(v)"))
    } else if let v = value, v > Checker.maximumCount {
      fail(field, tr("\(v) is implausibly large (at most \(Checker.maximumCount))"))
    }
  }

  public mutating func money(_ value: Int?, field: String) {
    if let v = value, v.magnitude > UInt(Checker.maximumMoney) {
      fail(field, tr("\(v) is beyond the largest amount accepted (±\(Checker.maximumMoney) minor units)"))
    }
  }

  public mutating func positive(_ value: Int?, field: String) {
    if let v = value, v <= 0 {
      fail(field, tr("must be more than 0, not \(v)"))
    } else if let v = value, v > Checker.maximumCount {
      fail(field, tr("\(v) is implausibly large (at most \(Checker.maximumCount))"))
    }
  }

  public mutating func atMost(_ value: Int?, _ limit: Int?, field: String, limitName: String) {
    if let v = value, let l = limit, v > l {
      fail(field, tr("\(v) is more than \(limitName) (\(l))"))
    }
  }

  public mutating func ordered(_ from: Day?, _ to: Day?, fromField: String, toField: String) {
    if let a = from, let b = to, b < a { fail(toField, tr("\(b) is before \(fromField) \(a)")) }
  }

  public mutating func currency(_ value: String, field: String = "currency") {
    if !Currency.isKnown(value) { fail(field, tr("'\(value)' is not an ISO 4217 currency code")) }
  }

  public mutating func year(_ value: Int, field: String = "year") {
    if !(1900...2200).contains(value) { fail(field, tr("\(value) is not a plausible year")) }
  }

  public mutating func unique(_ values: [String], field: String) {
    var seen = Set<String>()
    for v in values where !seen.insert(v).inserted { fail(field, tr("'\(v)' is listed twice")) }
  }
}
