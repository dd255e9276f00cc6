import Localization

/// A field value in its storable, printable form. Dates travel as ISO text, enumerations as
/// their raw text, money as an integer amount in minor units.
public enum FieldValue: Sendable, Hashable, Codable {
  case null
  case text(String)
  case integer(Int64)
  case real(Double)
  case bool(Bool)

  public var isNull: Bool { if case .null = self { return true } else { return false } }

  /// The value as a user types it (empty for null).
  public var plain: String {
    switch self {
    case .null: return ""
    case .text(let s): return s
    case .integer(let n): return String(n)
    case .real(let x):
      if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
      return String(x)
    case .bool(let b): return b ? "true" : "false"
    }
  }

  public static func opt(_ s: String?) -> FieldValue { s.map(FieldValue.text) ?? .null }
  public static func opt(_ n: Int?) -> FieldValue { n.map { .integer(Int64($0)) } ?? .null }
  public static func opt(_ x: Double?) -> FieldValue { x.map(FieldValue.real) ?? .null }
  public static func int(_ n: Int) -> FieldValue { .integer(Int64(n)) }
  public static func day(_ d: Day?) -> FieldValue { d.map { .text($0.description) } ?? .null }
  public static func choice<E: RawRepresentable>(_ e: E?) -> FieldValue where E.RawValue == String {
    e.map { .text($0.rawValue) } ?? .null
  }
  public static func list(_ items: [String]) -> FieldValue {
    items.isEmpty ? .null : .text(items.joined(separator: "\n"))
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() {
      self = .null
    } else if let b = try? c.decode(Bool.self) {
      self = .bool(b)
    } else if let n = try? c.decode(Int64.self) {
      self = .integer(n)
    } else if let x = try? c.decode(Double.self) {
      self = .real(x)
    } else {
      self = .text(try c.decode(String.self))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .null: try c.encodeNil()
    case .text(let s): try c.encode(s)
    case .integer(let n): try c.encode(n)
    case .real(let x): try c.encode(x)
    case .bool(let b): try c.encode(b)
    }
  }
}

/// The field names of records read from one table, in column order, shared by every record of
/// the read: such a record keeps its values in an array beside the layout instead of a
/// dictionary of its own. Reading a national registry builds a million records; hashing each
/// field name into a fresh dictionary was most of the time an analysis spent reading (#16).
public final class FieldLayout: Sendable {
  public let names: [String]
  /// Each name's length in UTF-8 bytes: most names a lookup passes differ from the one it
  /// wants in length, which is cheaper to compare than the strings (a third of an entity's
  /// reading from its record was comparing names that differ).
  private let lengths: [Int]

  public init(_ names: [String]) {
    self.names = names
    lengths = names.map(\.utf8.count)
  }

  /// The position of `field`. Layouts are a dozen names or fewer: comparing them in order is
  /// cheaper than hashing the name.
  @inline(__always)
  func position(of field: String) -> Int? {
    let length = field.utf8.count
    for i in names.indices where lengths[i] == length && names[i] == field { return i }
    return nil
  }
}

/// The flat, schema-described form of an entity: named scalar values plus named child lists
/// (e.g. a program's outcomes). Storage, the CLI and CSV all speak records; each entity converts
/// itself to and from one.
public struct Record: Sendable, Hashable {
  public var kind: EntityKind
  public var children: [String: [Record]]
  /// Values by position in `layout` (records read from a store), else empty.
  private var layout: FieldLayout?
  private var slots: [FieldValue]
  /// Values by name: every value of a record built by name, fields outside the layout otherwise.
  private var named: [String: FieldValue]

  public init(
    _ kind: EntityKind, _ values: [String: FieldValue] = [:], children: [String: [Record]] = [:]
  ) {
    self.kind = kind
    self.children = children
    layout = nil
    slots = []
    named = values
  }

  /// A record whose values are `slots` in the order of `layout.names` (as many of them).
  public init(_ kind: EntityKind, layout: FieldLayout, slots: [FieldValue], children: [String: [Record]] = [:]) {
    precondition(slots.count == layout.names.count, "a record's values must match its layout")
    self.kind = kind
    self.children = children
    self.layout = layout
    self.slots = slots
    named = [:]
  }

  /// Every value by field name.
  public var values: [String: FieldValue] {
    get {
      guard let layout else { return named }
      var all = named
      for (i, name) in layout.names.enumerated() { all[name] = slots[i] }
      return all
    }
    set {
      layout = nil
      slots = []
      named = newValue
    }
  }

  public subscript(field: String) -> FieldValue {
    get {
      if let layout, let i = layout.position(of: field) { return slots[i] }
      return named[field] ?? .null
    }
    set {
      if let layout, let i = layout.position(of: field) {
        slots[i] = newValue
      } else {
        named[field] = newValue
      }
    }
  }

  public static func == (a: Record, b: Record) -> Bool {
    a.kind == b.kind && a.values == b.values && a.children == b.children
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(kind)
    hasher.combine(values)
    hasher.combine(children)
  }

  /// Calls `body` with every value and its field's name, without building `values` (no
  /// dictionary): for checks that look at each value once.
  public func forEachValue(_ body: (String, FieldValue) throws -> Void) rethrows {
    if let layout {
      for (i, name) in layout.names.enumerated() { try body(name, slots[i]) }
    }
    for (name, value) in named { try body(name, value) }
  }

  /// The values by position when the record was made with `layout` itself (and holds nothing
  /// outside it): a writer binds them in order without looking names up. Nil otherwise.
  public func slots(in layout: FieldLayout) -> [FieldValue]? {
    guard let own = self.layout, own === layout, named.isEmpty else { return nil }
    return slots
  }

  /// `other`'s values and child lists replace this record's; what `other` does not mention stays.
  public func overlaid(with other: Record) -> Record {
    var copy = self
    for (k, v) in other.values { copy[k] = v }
    for (k, v) in other.children { copy.children[k] = v }
    return copy
  }

  // MARK: Typed reading, with errors that name the field

  public func text(_ field: String) throws -> String {
    switch self[field] {
    case .null: throw DomainError.missingField(kind, field: field)
    case .text(let s):
      if s.isEmpty { throw DomainError.missingField(kind, field: field) }
      return s
    case let other: return other.plain
    }
  }

  public func optText(_ field: String) -> String? {
    let v = self[field]
    if v.isNull { return nil }
    let s = v.plain
    return s.isEmpty ? nil : s
  }

  public func int(_ field: String) throws -> Int {
    guard let n = try optInt(field) else { throw DomainError.missingField(kind, field: field) }
    return n
  }

  public func optInt(_ field: String) throws -> Int? {
    switch self[field] {
    case .null: return nil
    case .integer(let n): return Int(n)
    case .real(let x) where x == x.rounded() && abs(x) < 9e15: return Int(x)
    case .text(let s):
      if s.isEmpty { return nil }
      if let n = Int(s) { return n }
      throw DomainError.badValue(kind, field: field, value: s, expected: tr("a whole number"))
    case let other:
      throw DomainError.badValue(kind, field: field, value: other.plain, expected: tr("a whole number"))
    }
  }

  public func optReal(_ field: String) throws -> Double? {
    switch self[field] {
    case .null: return nil
    case .integer(let n): return Double(n)
    case .real(let x): return x
    case .text(let s):
      if s.isEmpty { return nil }
      if let x = Double(s), x.isFinite { return x }
      throw DomainError.badValue(kind, field: field, value: s, expected: tr("a number"))
    case let other:
      throw DomainError.badValue(kind, field: field, value: other.plain, expected: tr("a number"))
    }
  }

  public func bool(_ field: String, default value: Bool) throws -> Bool {
    switch self[field] {
    case .null: return value
    case .bool(let b): return b
    case .integer(let n) where n == 0 || n == 1: return n == 1
    case .text(let s):
      switch s.lowercased() {
      case "": return value
      case "true", "yes", "1", "y": return true
      case "false", "no", "0", "n": return false
      default:
        throw DomainError.badValue(kind, field: field, value: s, expected: tr("true or false"))
      }
    case let other:
      throw DomainError.badValue(kind, field: field, value: other.plain, expected: tr("true or false"))
    }
  }

  public func optDay(_ field: String) throws -> Day? {
    guard let s = optText(field) else { return nil }
    guard let d = Day(iso: s) else {
      throw DomainError.badValue(kind, field: field, value: s, expected: tr("a date YYYY-MM-DD"))
    }
    return d
  }

  public func day(_ field: String) throws -> Day {
    guard let d = try optDay(field) else { throw DomainError.missingField(kind, field: field) }
    return d
  }

  public func optChoice<E: DomainEnum>(_ field: String, _: E.Type = E.self) throws -> E? {
    guard let s = optText(field) else { return nil }
    guard let e = E(rawValue: s) else {
      throw DomainError.badValue(
        kind, field: field, value: s,
        expected: tr("one of \(E.allCases.map(\.rawValue).joined(separator: ", "))"))
    }
    return e
  }

  public func choice<E: DomainEnum>(_ field: String, _: E.Type = E.self) throws -> E {
    guard let e: E = try optChoice(field) else { throw DomainError.missingField(kind, field: field) }
    return e
  }

  public func list(_ field: String) -> [String] {
    guard let s = optText(field) else { return [] }
    return s.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
  }

  public func rows(_ child: String) -> [Record] { children[child] ?? [] }
}

/// The enumerations of the domain: text raw values, every case listed.
public protocol DomainEnum: RawRepresentable, CaseIterable, Sendable, Hashable, Codable
where RawValue == String {}

extension DomainEnum {
  /// Decodes the raw text, naming the allowed values when it is none of them (the default
  /// decoding says only "Cannot initialize … from invalid String value").
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let value = Self(rawValue: text) else {
      throw DecodingError.dataCorruptedError(
        in: container,
        debugDescription:
          "'\(text)' is not allowed; expected one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    self = value
  }
}
