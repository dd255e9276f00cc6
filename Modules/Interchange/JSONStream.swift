import Foundation

/// `Encodable` values written as JSON byte for byte as `JSONOutput.encoder()` writes them
/// (Foundation's `JSONEncoder`: pretty, keys sorted by their UTF-8 bytes, slashes unescaped,
/// keys in snake_case, dictionaries' own keys as they are), straight into one buffer as the
/// values encode themselves. Foundation builds a tree of dictionaries and reference cells and
/// converts every key it meets (60 % of a national `pd --format json`); a tree of our own, the
/// step before this one, still cost half of that run in nodes, boxes and per-object sorting.
/// Here an object's pairs are written in the order they come and moved into key order when
/// its value has finished, by an order worked out once per coding-key type.
///
/// What Foundation treats specially (`Date`, `Data`, `URL`, `Decimal`), a number that is not
/// finite, nesting past Foundation's limit, a value that encodes nothing at the top, and the
/// container shapes no value here uses (nested containers, super encoders, a container used
/// after its value moved on) are handed back to Foundation (`Fallback`), so the bytes stay
/// Foundation's. `Tests/InterchangeTests/JSONOutputTests.swift` compares the two.
enum JSONStream {
  /// Foundation writes this value: the caller encodes it there instead.
  struct Fallback: Error {}

  static func encode<T: Encodable>(_ value: T, pretty: Bool) throws -> [UInt8] {
    let writer = Writer(pretty: pretty)
    try writer.value(value, depth: 0, top: true)
    return writer.bytes
  }

  /// Foundation refuses deeper nesting (with an error of its own).
  static let maximumDepth = 512

  /// One value being encoded: what its encoder was asked for, and where its container began.
  struct Frame {
    enum State { case empty, single, object, array, unsupported }
    var state = State.empty
    /// The nesting level: a container here closes at this indent, its items one deeper.
    let depth: Int
    /// Where the container's items begin (after `{` or `[`).
    var contentStart = 0
    /// An object's first pair in `Writer.pairs`.
    var firstPair = 0
    /// An array's items so far.
    var items = 0
    /// An object's coding-key type: objects of one type come with their keys in one order.
    var shape: ObjectIdentifier?
  }

  /// An object's pair as written: its key (as written), where its separator begins and where
  /// the key itself begins; it runs to the next pair's separator or the buffer's end.
  struct Pair {
    var key: String
    var separatorStart: Int
    var start: Int
  }

  /// The encoder every value is written through, and its single-value container: the values
  /// being encoded form a stack (`frames`); a container belongs to the frame on top.
  final class Writer: Encoder, SingleValueEncodingContainer {
    let pretty: Bool
    private let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 2 * JSONStream.maximumDepth)

    /// The writer's state, behind a pointer: a class's stored properties are checked for
    /// exclusive access at run time on every use, which cost a third of the writing.
    struct State {
      var bytes = [UInt8]()
      var frames = [Frame]()
      var pairs = [Pair]()
      var scratch = [UInt8]()
      /// Coding keys as written (snake_case), converted once per run.
      var keys = [String: String]()
      /// Types Foundation treats specially, or dictionaries with string keys, by type: asking
      /// the runtime for every value (four casts and a conformance) cost more than the rest.
      var special = [ObjectIdentifier: Special]()
      /// Per coding-key type, the keys of the last object written with it and their order:
      /// the positions of the pairs to write, sorted, a key set twice kept once (its last
      /// value); nil when they come in it.
      var orders = [ObjectIdentifier: (keys: [String], order: [Int]?)]()
    }
    private let state: UnsafeMutablePointer<State>

    var bytes: [UInt8] {
      _read { yield state.pointee.bytes }
      _modify { yield &state.pointee.bytes }
    }
    private var frames: [Frame] {
      _read { yield state.pointee.frames }
      _modify { yield &state.pointee.frames }
    }
    private var pairs: [Pair] {
      _read { yield state.pointee.pairs }
      _modify { yield &state.pointee.pairs }
    }
    private var scratch: [UInt8] {
      _read { yield state.pointee.scratch }
      _modify { yield &state.pointee.scratch }
    }
    private var keys: [String: String] {
      _read { yield state.pointee.keys }
      _modify { yield &state.pointee.keys }
    }
    private var special: [ObjectIdentifier: Special] {
      _read { yield state.pointee.special }
      _modify { yield &state.pointee.special }
    }
    private var orders: [ObjectIdentifier: (keys: [String], order: [Int]?)] {
      _read { yield state.pointee.orders }
      _modify { yield &state.pointee.orders }
    }

    // The coding path is not tracked (nothing here reads it); errors come from Foundation.
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    enum Special {
      case none, foundation, stringKeyed
    }

    init(pretty: Bool) {
      self.pretty = pretty
      state = .allocate(capacity: 1)
      state.initialize(to: State())
      bytes.reserveCapacity(1 << 16)
    }

    deinit {
      state.deinitialize(count: 1)
      state.deallocate()
    }

    func special<T>(_ type: T.Type) -> Special {
      let id = ObjectIdentifier(type)
      if let known = special[id] { return known }
      let kind: Special
      if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self {
        kind = .foundation
      } else if T.self is any StringKeyedEncodable.Type {
        kind = .stringKeyed
      } else {
        kind = .none
      }
      special[id] = kind
      return kind
    }

    /// Writes `value` at the end of the buffer, at nesting level `depth`.
    func value<T: Encodable>(_ value: T, depth: Int, top: Bool = false) throws {
      switch special(T.self) {
      case .none: break
      case .foundation: throw Fallback()
      case .stringKeyed:
        guard let dictionary = value as? any StringKeyedEncodable else { break }
        // Foundation writes a dictionary with string keys as an object whose keys stay as
        // they are (no snake_case).
        frames.append(Frame(depth: depth))
        try openObject()
        for (key, element) in dictionary.stringKeyedElements {
          try pair(key, frame: frames.count - 1)
          try self.value(element, depth: depth + 1)
        }
        try finish(top: top)
        return
      }
      frames.append(Frame(depth: depth))
      try value.encode(to: self)
      try finish(top: top)
    }

    /// Closes the value on top of the stack.
    private func finish(top: Bool) throws {
      let frame = frames.removeLast()
      switch frame.state {
      case .single: break
      case .unsupported: throw Fallback()
      case .array: close(UInt8(ascii: "]"), empty: frame.items == 0, depth: frame.depth)
      case .object: finishObject(frame)
      case .empty:
        // A value that encoded nothing: an empty object, except at the top (an error there).
        guard !top, frame.depth + 1 < JSONStream.maximumDepth else { throw Fallback() }
        bytes.append(UInt8(ascii: "{"))
        close(UInt8(ascii: "}"), empty: true, depth: frame.depth)
      }
    }

    private func close(_ bracket: UInt8, empty: Bool, depth: Int) {
      if pretty {
        if empty { bytes.append(UInt8(ascii: "\n")) }
        bytes.append(UInt8(ascii: "\n"))
        indent(depth)
      }
      bytes.append(bracket)
    }

    private func indent(_ level: Int) {
      bytes.append(contentsOf: spaces[0..<min(spaces.count, 2 * level)])
    }

    /// The pairs of `frame` in key order (a key set twice once, with its last value), then
    /// the closing brace.
    private func finishObject(_ frame: Frame) {
      let first = frame.firstPair
      let count = pairs.count - first
      defer { pairs.removeSubrange(first...) }
      guard count > 0 else { return close(UInt8(ascii: "}"), empty: true, depth: frame.depth) }
      if let order = order(of: first..<pairs.count, shape: frame.shape) {
        scratch.removeAll(keepingCapacity: true)
        for (n, i) in order.enumerated() {
          let pair = pairs[first + i]
          let end = first + i + 1 < pairs.count ? pairs[first + i + 1].separatorStart : bytes.count
          separator(into: &scratch, first: n == 0, depth: frame.depth + 1)
          scratch.append(contentsOf: bytes[pair.start..<end])
        }
        bytes.removeSubrange(frame.contentStart...)
        bytes.append(contentsOf: scratch)
      }
      close(UInt8(ascii: "}"), empty: false, depth: frame.depth)
    }

    /// The order to write the pairs in, as positions from the first; nil when they are in it.
    private func order(of range: Range<Int>, shape: ObjectIdentifier?) -> [Int]? {
      if let shape, let known = orders[shape], known.keys.count == range.count,
        zip(known.keys, pairs[range]).allSatisfy({ $0 == $1.key })
      {
        return known.order
      }
      let keys = pairs[range].map(\.key)
      let sorted = keys.indices.sorted { a, b in
        let (x, y) = (keys[a], keys[b])
        return x == y ? a < b : x.utf8.lexicographicallyPrecedes(y.utf8)
      }
      var order = [Int]()
      order.reserveCapacity(sorted.count)
      for (n, i) in sorted.enumerated() {
        if n + 1 < sorted.count && keys[sorted[n + 1]] == keys[i] { continue }
        order.append(i)
      }
      let result = order == Array(keys.indices) ? nil : order
      if let shape { orders[shape] = (keys, result) }
      return result
    }

    private func separator(into out: inout [UInt8], first: Bool, depth: Int) {
      if !first { out.append(UInt8(ascii: ",")) }
      if pretty {
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: spaces[0..<min(spaces.count, 2 * depth)])
      }
    }

    private func openObject() throws {
      let top = frames.count - 1
      guard frames[top].depth + 1 < JSONStream.maximumDepth else { throw Fallback() }
      frames[top].state = .object
      bytes.append(UInt8(ascii: "{"))
      frames[top].contentStart = bytes.count
      frames[top].firstPair = pairs.count
    }

    /// Begins the pair `key` of the object `frame` (which must be the value being written).
    fileprivate func pair(_ key: String, frame: Int) throws {
      guard frame == frames.count - 1, frames[frame].state == .object else { throw unsupported() }
      let separatorStart = bytes.count
      separator(into: &bytes, first: pairs.count == frames[frame].firstPair, depth: frames[frame].depth + 1)
      pairs.append(Pair(key: key, separatorStart: separatorStart, start: bytes.count))
      string(key)
      if pretty {
        bytes.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: " ")])
      } else {
        bytes.append(UInt8(ascii: ":"))
      }
    }

    /// Begins a coding key's pair: its name as written (snake_case, once per run).
    fileprivate func pair(codingKey name: String, frame: Int) throws {
      if let known = keys[name] { return try pair(known, frame: frame) }
      let converted = JSONOutput.snakeCased(name)
      keys[name] = converted
      try pair(converted, frame: frame)
    }

    /// Begins the next item of the array `frame` (which must be the value being written).
    fileprivate func item(frame: Int) throws {
      guard frame == frames.count - 1, frames[frame].state == .array else { throw unsupported() }
      separator(into: &bytes, first: frames[frame].items == 0, depth: frames[frame].depth + 1)
      frames[frame].items += 1
    }

    fileprivate func depth(of frame: Int) -> Int { frames[frame].depth }

    fileprivate func items(of frame: Int) -> Int { frame >= 0 ? frames[frame].items : 0 }

    /// Marks the value being written as one Foundation must write: it is refused when it
    /// finishes, whatever its own code does with the error.
    @discardableResult
    private func unsupported() -> Fallback {
      if !frames.isEmpty { frames[frames.count - 1].state = .unsupported }
      return Fallback()
    }

    /// A container shape this writer leaves to Foundation was asked for.
    fileprivate func unsupportedShape() { unsupported() }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
      let top = frames.count - 1
      switch frames[top].state {
      case .object: break
      case .empty:
        do {
          try openObject()
          frames[top].shape = ObjectIdentifier(Key.self)
        } catch {
          unsupported()
        }
      default: unsupported()
      }
      return KeyedEncodingContainer(Keyed(writer: self, frame: top))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
      let top = frames.count - 1
      switch frames[top].state {
      case .array: break
      case .empty where frames[top].depth + 1 < JSONStream.maximumDepth:
        frames[top].state = .array
        bytes.append(UInt8(ascii: "["))
        frames[top].contentStart = bytes.count
      default: unsupported()
      }
      return Unkeyed(writer: self, frame: top)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    /// Before a single value: the value on top has written nothing yet.
    private func single() throws {
      let top = frames.count - 1
      guard frames[top].state == .empty else { throw unsupported() }
      frames[top].state = .single
    }

    func encodeNil() throws { try single(); raw("null") }
    func encode(_ v: Bool) throws { try single(); raw(v ? "true" : "false") }
    func encode(_ v: String) throws { try single(); string(v) }
    func encode(_ v: Double) throws { try single(); try number(v) }
    func encode(_ v: Float) throws { try single(); try number(v) }
    func encode(_ v: Int) throws { try single(); integer(v) }
    func encode(_ v: Int8) throws { try single(); integer(v) }
    func encode(_ v: Int16) throws { try single(); integer(v) }
    func encode(_ v: Int32) throws { try single(); integer(v) }
    func encode(_ v: Int64) throws { try single(); integer(v) }
    func encode(_ v: UInt) throws { try single(); integer(v) }
    func encode(_ v: UInt8) throws { try single(); integer(v) }
    func encode(_ v: UInt16) throws { try single(); integer(v) }
    func encode(_ v: UInt32) throws { try single(); integer(v) }
    func encode(_ v: UInt64) throws { try single(); integer(v) }
    func encode<T: Encodable>(_ v: T) throws {
      try single()
      // The wrapped value is this value: the same nesting level.
      try value(v, depth: frames[frames.count - 1].depth)
    }

    func raw(_ text: StaticString) {
      text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    func integer<I: BinaryInteger>(_ v: I) {
      // Digits straight into the buffer, as `String(v)` spells them.
      if v == 0 { return bytes.append(UInt8(ascii: "0")) }
      if v < 0 { bytes.append(UInt8(ascii: "-")) }
      let start = bytes.count
      var rest = v.magnitude
      while rest > 0 {
        bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10))
        rest /= 10
      }
      bytes[start...].reverse()
    }

    func number(_ value: Double) throws {
      guard value.isFinite else { throw Fallback() }
      if value == value.rounded(), abs(value) < 1e15, value != 0 || value.sign == .plus {
        // Whole numbers below 10^15 (not −0): Swift's description is "N.0", written as "N".
        return integer(Int64(value))
      }
      var text = value.description
      if text.hasSuffix(".0") { text.removeLast(2) }
      bytes.append(contentsOf: text.utf8)
    }

    func number(_ value: Float) throws {
      guard value.isFinite else { throw Fallback() }
      var text = value.description
      if text.hasSuffix(".0") { text.removeLast(2) }
      bytes.append(contentsOf: text.utf8)
    }

    /// A string with Foundation's escapes: quote, backslash, \b \f \n \r \t, other bytes
    /// below 0x20 as \u00XX (lowercase hex); everything else as it is.
    func string(_ text: String) {
      bytes.append(UInt8(ascii: "\""))
      if text.utf8.withContiguousStorageIfAvailable({ escaped($0) }) == nil {
        let copy = Array(text.utf8)
        copy.withUnsafeBufferPointer { escaped($0) }
      }
      bytes.append(UInt8(ascii: "\""))
    }

    private func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
      var mark = 0
      for i in 0..<utf8.count {
        let b = utf8[i]
        guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark..<i]))
        mark = i + 1
        bytes.append(UInt8(ascii: "\\"))
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(b)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
          let hex = Array("0123456789abcdef".utf8)
          bytes.append(contentsOf: [
            UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 0xF)],
          ])
        }
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark..<utf8.count]))
    }
  }

  struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: Writer
    let frame: Int
    var codingPath: [any CodingKey] { [] }

    private func key(_ key: Key) throws { try writer.pair(codingKey: key.stringValue, frame: frame) }

    mutating func encodeNil(forKey key: Key) throws { try self.key(key); writer.raw("null") }
    mutating func encode(_ v: Bool, forKey key: Key) throws { try self.key(key); writer.raw(v ? "true" : "false") }
    mutating func encode(_ v: String, forKey key: Key) throws { try self.key(key); writer.string(v) }
    mutating func encode(_ v: Double, forKey key: Key) throws { try self.key(key); try writer.number(v) }
    mutating func encode(_ v: Float, forKey key: Key) throws { try self.key(key); try writer.number(v) }
    mutating func encode(_ v: Int, forKey key: Key) throws { try self.key(key); writer.integer(v) }
    mutating func encode(_ v: Int8, forKey key: Key) throws { try self.key(key); writer.integer(v) }
    mutating func encode(_ v: Int16, forKey key: Key) throws { try self.key(key); writer.integer(v) }
    mutating func encode(_ v: Int32, forKey key: Key) throws { try self.key(key); writer.integer(v) }
    mutating func encode(_ v: Int64, forKey key: Key) throws { try self.key(key); writer.integer(v) }
    mutating func encode(_ v: UInt, forKey key: Key) throws { try self.key(key); writer.integer(v) }
    mutating func encode(_ v: UInt8, forKey key: Key) throws { try self.key(key); writer.integer(v) }
    mutating func encode(_ v: UInt16, forKey key: Key) throws { try self.key(key); writer.integer(v) }
    mutating func encode(_ v: UInt32, forKey key: Key) throws { try self.key(key); writer.integer(v) }
    mutating func encode(_ v: UInt64, forKey key: Key) throws { try self.key(key); writer.integer(v) }
    mutating func encode<T: Encodable>(_ v: T, forKey key: Key) throws {
      try self.key(key)
      try writer.value(v, depth: writer.depth(of: frame) + 1)
    }

    // Shapes no value here writes: Foundation writes them (the value is marked, and refused
    // when it finishes).
    mutating func nestedContainer<NestedKey: CodingKey>(
      keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
      writer.unsupportedShape()
      return KeyedEncodingContainer(Keyed<NestedKey>(writer: writer, frame: -1))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
      writer.unsupportedShape()
      return Unkeyed(writer: writer, frame: -1)
    }

    mutating func superEncoder() -> any Encoder {
      writer.unsupportedShape()
      return writer
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
      writer.unsupportedShape()
      return writer
    }
  }

  struct Unkeyed: UnkeyedEncodingContainer {
    let writer: Writer
    let frame: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int { writer.items(of: frame) }

    mutating func encodeNil() throws { try writer.item(frame: frame); writer.raw("null") }
    mutating func encode(_ v: Bool) throws { try writer.item(frame: frame); writer.raw(v ? "true" : "false") }
    mutating func encode(_ v: String) throws { try writer.item(frame: frame); writer.string(v) }
    mutating func encode(_ v: Double) throws { try writer.item(frame: frame); try writer.number(v) }
    mutating func encode(_ v: Float) throws { try writer.item(frame: frame); try writer.number(v) }
    mutating func encode(_ v: Int) throws { try writer.item(frame: frame); writer.integer(v) }
    mutating func encode(_ v: Int8) throws { try writer.item(frame: frame); writer.integer(v) }
    mutating func encode(_ v: Int16) throws { try writer.item(frame: frame); writer.integer(v) }
    mutating func encode(_ v: Int32) throws { try writer.item(frame: frame); writer.integer(v) }
    mutating func encode(_ v: Int64) throws { try writer.item(frame: frame); writer.integer(v) }
    mutating func encode(_ v: UInt) throws { try writer.item(frame: frame); writer.integer(v) }
    mutating func encode(_ v: UInt8) throws { try writer.item(frame: frame); writer.integer(v) }
    mutating func encode(_ v: UInt16) throws { try writer.item(frame: frame); writer.integer(v) }
    mutating func encode(_ v: UInt32) throws { try writer.item(frame: frame); writer.integer(v) }
    mutating func encode(_ v: UInt64) throws { try writer.item(frame: frame); writer.integer(v) }
    mutating func encode<T: Encodable>(_ v: T) throws {
      try writer.item(frame: frame)
      try writer.value(v, depth: writer.depth(of: frame) + 1)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
      keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
      writer.unsupportedShape()
      return KeyedEncodingContainer(Keyed<NestedKey>(writer: writer, frame: -1))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
      writer.unsupportedShape()
      return Unkeyed(writer: writer, frame: -1)
    }

    mutating func superEncoder() -> any Encoder {
      writer.unsupportedShape()
      return writer
    }
  }
}

/// A dictionary Foundation writes as an object with its keys as they are (no snake_case): one
/// with `String` keys. (Others — integer keys, enum keys — go through their own `encode(to:)`,
/// and their keys are converted like any other.)
protocol StringKeyedEncodable {
  var stringKeyedElements: [(String, any Encodable)] { get }
}

extension Dictionary: StringKeyedEncodable where Key == String, Value: Encodable {
  var stringKeyedElements: [(String, any Encodable)] { map { ($0.key, $0.value) } }
}
