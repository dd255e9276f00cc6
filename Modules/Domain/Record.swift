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

/// Rows of field values read together, `layout.names.count` values per row back to back: the
/// records of a large read, or the child rows of all its owners, share one table rather than
/// holding an array each. Reading a national registry made a million small arrays, and freeing
/// them, for values that are read once (#16).
public final class FieldTable: Sendable {
  public let layout: FieldLayout
  let values: [FieldValue]
  let width: Int

  /// `values` holds whole rows of `layout`'s fields, in its order.
  public init(layout: FieldLayout, values: [FieldValue]) {
    width = layout.names.count
    precondition(width > 0 && values.count % width == 0, "a table holds whole rows of its layout")
    self.layout = layout
    self.values = values
  }

  public var rowCount: Int { values.count / width }

  @inline(__always)
  func value(row: Int, field: String) -> FieldValue? {
    guard let i = layout.position(of: field) else { return nil }
    return values[row &* width &+ i]
  }

  func row(_ row: Int) -> [FieldValue] { Array(values[row * width..<(row + 1) * width]) }
}

/// The child lists of the records of one read: per list, a table of every owner's rows, an
/// owner's rows together, and where each owner's begin.
public final class ChildLists: Sendable {
  struct List: Sendable {
    let name: String
    let table: FieldTable
    /// Owner `i`'s rows are `starts[i]..<starts[i + 1]`.
    let starts: [Int]
  }
  let kind: EntityKind
  let lists: [List]

  init(kind: EntityKind, lists: [List]) {
    self.kind = kind
    self.lists = lists
  }

  func rows(of owner: Int, in list: List) -> [Record] {
    (list.starts[owner]..<list.starts[owner + 1]).map { Record(kind, table: list.table, row: $0) }
  }

  /// Collects the child lists of `owners` records as a store reads them, rows in any order of
  /// owners (a list read in owner-id order, records in code order), each row a list's values
  /// in its layout's order.
  public struct Builder {
    private let kind: EntityKind
    private let owners: Int
    private var lists = [List]()
    // The list being read.
    private var layout: FieldLayout?
    private var values = [FieldValue]()
    private var rowOwners = [Int32]()
    private var inOrder = true
    private var pending = ""

    public init(kind: EntityKind, owners: Int) {
      self.kind = kind
      self.owners = owners
    }

    /// Starts reading the list `name`, whose rows have `layout`'s fields.
    public mutating func begin(_ name: String, layout: FieldLayout, rowsHint: Int = 0) {
      finishList()
      self.layout = layout
      values = []
      values.reserveCapacity(rowsHint * layout.names.count)
      rowOwners = []
      rowOwners.reserveCapacity(rowsHint)
      inOrder = true
      pending = name
    }

    /// Starts a row of owner `owner` (its position among the read's records); its values follow.
    @inline(__always)
    public mutating func row(owner: Int) {
      if let last = rowOwners.last, Int(last) > owner { inOrder = false }
      rowOwners.append(Int32(truncatingIfNeeded: owner))
    }

    @inline(__always)
    public mutating func append(_ value: FieldValue) { values.append(value) }

    private mutating func finishList() {
      guard let layout else { return }
      let width = layout.names.count
      precondition(values.count == rowOwners.count * width, "each row of a list gives every value of its layout")
      var starts = [Int](repeating: 0, count: owners + 1)
      for owner in rowOwners { starts[Int(owner) + 1] += 1 }
      for i in 0..<owners { starts[i + 1] += starts[i] }
      if !inOrder {
        // Rows stably grouped by owner, in the order they came.
        var next = starts
        var grouped = [FieldValue](repeating: .null, count: values.count)
        for (r, owner) in rowOwners.enumerated() {
          let to = next[Int(owner)]
          next[Int(owner)] += 1
          for j in 0..<width { grouped[to * width + j] = values[r * width + j] }
        }
        values = grouped
      }
      lists.append(List(name: pending, table: FieldTable(layout: layout, values: values), starts: starts))
      self.layout = nil
      values = []
      rowOwners = []
    }

    public mutating func finish() -> ChildLists {
      finishList()
      return ChildLists(kind: kind, lists: lists)
    }
  }
}

/// Collects the rows of a large read, a value at a time, into tables of a few thousand rows, and
/// makes each row a record.
public struct RecordRows {
  private let kind: EntityKind
  private let layout: FieldLayout
  private let chunk: Int
  private var values = [FieldValue]()
  private var rows = 0
  private var records = [Record]()

  public init(kind: EntityKind, layout: FieldLayout, rowsPerTable: Int = 4_096) {
    self.kind = kind
    self.layout = layout
    chunk = max(1, rowsPerTable)
    values.reserveCapacity(chunk * layout.names.count)
  }

  @inline(__always)
  public mutating func append(_ value: FieldValue) { values.append(value) }

  /// Ends a row: every value of the layout has been appended.
  public mutating func endRow() {
    rows += 1
    if rows == chunk { flush() }
  }

  private mutating func flush() {
    guard rows > 0 else { return }
    let table = FieldTable(layout: layout, values: values)
    for r in 0..<rows { records.append(Record(kind, table: table, row: r)) }
    values = []
    values.reserveCapacity(chunk * layout.names.count)
    rows = 0
  }

  public mutating func finish() -> [Record] {
    flush()
    return records
  }
}

/// The flat, schema-described form of an entity: named scalar values plus named child lists
/// (e.g. a program's outcomes). Storage, the CLI and CSV all speak records; each entity converts
/// itself to and from one.
public struct Record: Sendable, Hashable {
  public var kind: EntityKind
  private var storage: Storage
  /// Values by name: every value of a record built by name, fields outside the layout otherwise.
  private var named: [String: FieldValue]
  private var lists: Lists

  /// Where a record's values by position are.
  private enum Storage {
    /// None: every value is in `named`.
    case none
    /// Its own, in the order of the layout's names (records read one at a time).
    case slots(FieldLayout, [FieldValue])
    /// A row of a table shared with the other records of a read.
    case row(FieldTable, Int)
  }

  private enum Lists {
    case own([String: [Record]])
    /// The read's child lists, this record being owner number `Int` of them.
    case shared(ChildLists, Int)
  }

  public init(
    _ kind: EntityKind, _ values: [String: FieldValue] = [:], children: [String: [Record]] = [:]
  ) {
    self.kind = kind
    storage = .none
    named = values
    lists = .own(children)
  }

  /// A record whose values are `slots` in the order of `layout.names` (as many of them).
  public init(_ kind: EntityKind, layout: FieldLayout, slots: [FieldValue], children: [String: [Record]] = [:]) {
    precondition(slots.count == layout.names.count, "a record's values must match its layout")
    self.kind = kind
    storage = .slots(layout, slots)
    named = [:]
    lists = .own(children)
  }

  /// A record whose values are row `row` of `table` and whose child lists, if any, are owner
  /// `owner`'s of `lists`.
  public init(_ kind: EntityKind, table: FieldTable, row: Int, lists: ChildLists? = nil, owner: Int = 0) {
    precondition(row >= 0 && row < table.rowCount, "a record's row must be in its table")
    self.kind = kind
    storage = .row(table, row)
    named = [:]
    self.lists = lists.map { .shared($0, owner) } ?? .own([:])
  }

  /// The child lists by name.
  public var children: [String: [Record]] {
    get {
      switch lists {
      case .own(let own): return own
      case .shared(let shared, let owner):
        var all = [String: [Record]]()
        for list in shared.lists { all[list.name] = shared.rows(of: owner, in: list) }
        return all
      }
    }
    set { lists = .own(newValue) }
  }

  /// Gives the record owner `owner`'s lists of `lists` in place of its own.
  public mutating func share(_ lists: ChildLists, owner: Int) {
    self.lists = .shared(lists, owner)
  }

  /// Every value by field name.
  public var values: [String: FieldValue] {
    get {
      var all = named
      forEachPositional { all[$0] = $1 }
      return all
    }
    set {
      storage = .none
      named = newValue
    }
  }

  @inline(__always)
  private func forEachPositional(_ body: (String, FieldValue) throws -> Void) rethrows {
    switch storage {
    case .none: break
    case .slots(let layout, let slots):
      for (i, name) in layout.names.enumerated() { try body(name, slots[i]) }
    case .row(let table, let row):
      for (i, name) in table.layout.names.enumerated() { try body(name, table.values[row * table.width + i]) }
    }
  }

  public subscript(field: String) -> FieldValue {
    get {
      switch storage {
      case .none: break
      case .slots(let layout, let slots):
        if let i = layout.position(of: field) { return slots[i] }
      case .row(let table, let row):
        if let value = table.value(row: row, field: field) { return value }
      }
      return named[field] ?? .null
    }
    set {
      if case .row(let table, let row) = storage {
        if table.layout.position(of: field) == nil {
          named[field] = newValue
          return
        }
        storage = .slots(table.layout, table.row(row))
      }
      if case .slots(let layout, var slots) = storage, let i = layout.position(of: field) {
        storage = .none  // so that `slots` is changed in place
        slots[i] = newValue
        storage = .slots(layout, slots)
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
    try forEachPositional(body)
    for (name, value) in named { try body(name, value) }
  }

  /// The values by position when the record was made with `layout` itself (and holds nothing
  /// outside it): a writer binds them in order without looking names up. Nil otherwise.
  public func slots(in layout: FieldLayout) -> [FieldValue]? {
    guard named.isEmpty else { return nil }
    switch storage {
    case .slots(let own, let slots) where own === layout: return slots
    case .row(let table, let row) where table.layout === layout: return table.row(row)
    default: return nil
    }
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

  /// `transform` of each row of a child list, in order, without an array of the rows between.
  public func mapRows<T>(_ child: String, _ transform: (Record) throws -> T) rethrows -> [T] {
    switch lists {
    case .own(let own): return try (own[child] ?? []).map(transform)
    case .shared(let shared, let owner):
      guard let list = shared.lists.first(where: { $0.name == child }) else { return [] }
      let rows = list.starts[owner]..<list.starts[owner + 1]
      var out = [T]()
      out.reserveCapacity(rows.count)
      for row in rows { out.append(try transform(Record(shared.kind, table: list.table, row: row))) }
      return out
    }
  }

  public func rows(_ child: String) -> [Record] {
    switch lists {
    case .own(let own): return own[child] ?? []
    case .shared(let shared, let owner):
      guard let list = shared.lists.first(where: { $0.name == child }) else { return [] }
      return shared.rows(of: owner, in: list)
    }
  }
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
