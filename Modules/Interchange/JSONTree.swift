import Foundation

/// `Encodable` values written as JSON byte for byte as `JSONOutput.encoder()` writes them
/// (Foundation's `JSONEncoder`: pretty, keys sorted by their UTF-8 bytes, slashes unescaped,
/// keys in snake_case, dictionaries' own keys as they are), several times faster: Foundation
/// builds a tree of dictionaries and reference cells and converts every key it meets, which was
/// 60 % of a national `pd --format json`. Here the tree is arrays of pairs and each key is
/// converted once per run. What Foundation treats specially (`Date`, `Data`, `URL`, `Decimal`),
/// a number that is not finite, nesting past Foundation's limit or a value that encodes nothing
/// at the top is handed back to Foundation (`Fallback`), so the bytes stay Foundation's.
/// `Tests/InterchangeTests/JSONOutputTests.swift` compares the two.
enum JSONTree {
  /// Foundation writes this value: the caller encodes it there instead.
  struct Fallback: Error {}

  static func encode<T: Encodable>(_ value: T, pretty: Bool) throws -> [UInt8] {
    let context = Context()
    guard let root = try context.node(value, top: true) else { throw Fallback() }
    var writer = Writer(pretty: pretty)
    try writer.write(root, depth: 0)
    return writer.bytes
  }

  indirect enum Node {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array(ArrayBox)
    case object(ObjectBox)
    /// A `superEncoder()`'s value, known once its owner has finished.
    case pending(TreeEncoder)
  }

  final class ArrayBox {
    var items = [Node]()
  }

  final class ObjectBox {
    var pairs = [(key: String, value: Node)]()
  }

  /// One run's shared state: keys as written, and what each type met is.
  final class Context {
    private var keys = [String: String]()
    /// Types Foundation treats specially, or dictionaries with string keys, by type: asking
    /// the runtime for every value (four casts and a conformance) cost more than the rest.
    private var special = [ObjectIdentifier: Special]()

    enum Special {
      case none, foundation, stringKeyed
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

    func key(_ name: String) -> String {
      if let known = keys[name] { return known }
      let converted = JSONOutput.snakeCased(name)
      keys[name] = converted
      return converted
    }

    /// A nested value as a node; nil when it encoded nothing (Foundation: an empty object,
    /// except at the top, where it is an error).
    func node<T: Encodable>(_ value: T, top: Bool = false) throws -> Node? {
      switch special(T.self) {
      case .none: break
      case .foundation: throw Fallback()
      case .stringKeyed:
        guard let dictionary = value as? any StringKeyedEncodable else { break }
        // Foundation writes a dictionary with string keys as an object whose keys stay as
        // they are (no snake_case).
        let box = ObjectBox()
        for (key, element) in dictionary.stringKeyedElements {
          box.pairs.append((key, try node(of: element)))
        }
        return .object(box)
      }
      let encoder = TreeEncoder(context: self)
      try value.encode(to: encoder)
      guard let node = encoder.value else { return top ? nil : .object(ObjectBox()) }
      return node
    }

    func node(of value: any Encodable) throws -> Node {
      try node(value) ?? .object(ObjectBox())
    }

    static func number(_ value: Double) throws -> Node {
      guard value.isFinite else { throw Fallback() }
      var text = value.description
      if text.hasSuffix(".0") { text.removeLast(2) }
      return .number(text)
    }

    static func number(_ value: Float) throws -> Node {
      guard value.isFinite else { throw Fallback() }
      var text = value.description
      if text.hasSuffix(".0") { text.removeLast(2) }
      return .number(text)
    }
  }

  /// The encoder a value writes itself to; also its single-value container.
  final class TreeEncoder: Encoder, SingleValueEncodingContainer {
    let context: Context
    var value: Node?
    // The coding path is not tracked (nothing here reads it); errors come from Foundation.
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(context: Context) { self.context = context }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
      if case .object(let box)? = value { return KeyedEncodingContainer(Keyed(context: context, box: box)) }
      let box = ObjectBox()
      value = .object(box)
      return KeyedEncodingContainer(Keyed(context: context, box: box))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
      if case .array(let box)? = value { return Unkeyed(context: context, box: box) }
      let box = ArrayBox()
      value = .array(box)
      return Unkeyed(context: context, box: box)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeNil() { value = .null }
    func encode(_ v: Bool) { value = .bool(v) }
    func encode(_ v: String) { value = .string(v) }
    func encode(_ v: Double) throws { value = try Context.number(v) }
    func encode(_ v: Float) throws { value = try Context.number(v) }
    func encode(_ v: Int) { value = .number(String(v)) }
    func encode(_ v: Int8) { value = .number(String(v)) }
    func encode(_ v: Int16) { value = .number(String(v)) }
    func encode(_ v: Int32) { value = .number(String(v)) }
    func encode(_ v: Int64) { value = .number(String(v)) }
    func encode(_ v: UInt) { value = .number(String(v)) }
    func encode(_ v: UInt8) { value = .number(String(v)) }
    func encode(_ v: UInt16) { value = .number(String(v)) }
    func encode(_ v: UInt32) { value = .number(String(v)) }
    func encode(_ v: UInt64) { value = .number(String(v)) }
    func encode<T: Encodable>(_ v: T) throws { value = try context.node(v) ?? .object(ObjectBox()) }
  }

  struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let context: Context
    let box: ObjectBox
    var codingPath: [any CodingKey] { [] }

    private func set(_ node: Node, _ key: Key) { box.pairs.append((context.key(key.stringValue), node)) }

    mutating func encodeNil(forKey key: Key) { set(.null, key) }
    mutating func encode(_ v: Bool, forKey key: Key) { set(.bool(v), key) }
    mutating func encode(_ v: String, forKey key: Key) { set(.string(v), key) }
    mutating func encode(_ v: Double, forKey key: Key) throws { set(try Context.number(v), key) }
    mutating func encode(_ v: Float, forKey key: Key) throws { set(try Context.number(v), key) }
    mutating func encode(_ v: Int, forKey key: Key) { set(.number(String(v)), key) }
    mutating func encode(_ v: Int8, forKey key: Key) { set(.number(String(v)), key) }
    mutating func encode(_ v: Int16, forKey key: Key) { set(.number(String(v)), key) }
    mutating func encode(_ v: Int32, forKey key: Key) { set(.number(String(v)), key) }
    mutating func encode(_ v: Int64, forKey key: Key) { set(.number(String(v)), key) }
    mutating func encode(_ v: UInt, forKey key: Key) { set(.number(String(v)), key) }
    mutating func encode(_ v: UInt8, forKey key: Key) { set(.number(String(v)), key) }
    mutating func encode(_ v: UInt16, forKey key: Key) { set(.number(String(v)), key) }
    mutating func encode(_ v: UInt32, forKey key: Key) { set(.number(String(v)), key) }
    mutating func encode(_ v: UInt64, forKey key: Key) { set(.number(String(v)), key) }
    mutating func encode<T: Encodable>(_ v: T, forKey key: Key) throws {
      set(try context.node(v) ?? .object(ObjectBox()), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
      keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
      let nested = ObjectBox()
      set(.object(nested), key)
      return KeyedEncodingContainer(Keyed<NestedKey>(context: context, box: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
      let nested = ArrayBox()
      set(.array(nested), key)
      return Unkeyed(context: context, box: nested)
    }

    mutating func superEncoder() -> any Encoder {
      let encoder = TreeEncoder(context: context)
      box.pairs.append((context.key("super"), .pending(encoder)))
      return encoder
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
      let encoder = TreeEncoder(context: context)
      set(.pending(encoder), key)
      return encoder
    }
  }

  struct Unkeyed: UnkeyedEncodingContainer {
    let context: Context
    let box: ArrayBox
    var codingPath: [any CodingKey] { [] }
    var count: Int { box.items.count }

    mutating func encodeNil() { box.items.append(.null) }
    mutating func encode(_ v: Bool) { box.items.append(.bool(v)) }
    mutating func encode(_ v: String) { box.items.append(.string(v)) }
    mutating func encode(_ v: Double) throws { box.items.append(try Context.number(v)) }
    mutating func encode(_ v: Float) throws { box.items.append(try Context.number(v)) }
    mutating func encode(_ v: Int) { box.items.append(.number(String(v))) }
    mutating func encode(_ v: Int8) { box.items.append(.number(String(v))) }
    mutating func encode(_ v: Int16) { box.items.append(.number(String(v))) }
    mutating func encode(_ v: Int32) { box.items.append(.number(String(v))) }
    mutating func encode(_ v: Int64) { box.items.append(.number(String(v))) }
    mutating func encode(_ v: UInt) { box.items.append(.number(String(v))) }
    mutating func encode(_ v: UInt8) { box.items.append(.number(String(v))) }
    mutating func encode(_ v: UInt16) { box.items.append(.number(String(v))) }
    mutating func encode(_ v: UInt32) { box.items.append(.number(String(v))) }
    mutating func encode(_ v: UInt64) { box.items.append(.number(String(v))) }
    mutating func encode<T: Encodable>(_ v: T) throws { box.items.append(try context.node(v) ?? .object(ObjectBox())) }

    mutating func nestedContainer<NestedKey: CodingKey>(
      keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<
      NestedKey
    > {
      let nested = ObjectBox()
      box.items.append(.object(nested))
      return KeyedEncodingContainer(Keyed<NestedKey>(context: context, box: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
      let nested = ArrayBox()
      box.items.append(.array(nested))
      return Unkeyed(context: context, box: nested)
    }

    mutating func superEncoder() -> any Encoder {
      let encoder = TreeEncoder(context: context)
      box.items.append(.pending(encoder))
      return encoder
    }
  }

  /// The tree as bytes, as Foundation's `JSONWriter` lays it out.
  struct Writer {
    /// Foundation refuses deeper nesting (with an error of its own).
    static let maximumDepth = 512
    let pretty: Bool
    var bytes = [UInt8]()
    var indent = 0

    init(pretty: Bool) {
      self.pretty = pretty
      bytes.reserveCapacity(1 << 16)
    }

    mutating func write(_ node: Node, depth: Int) throws {
      switch node {
      case .null: append("null")
      case .bool(let b): append(b ? "true" : "false")
      case .number(let text): append(text)
      case .string(let text): string(text)
      case .pending(let encoder): try write(encoder.value ?? .object(ObjectBox()), depth: depth)
      case .array(let box):
        guard depth + 1 < Self.maximumDepth else { throw Fallback() }
        bytes.append(UInt8(ascii: "["))
        if pretty {
          bytes.append(UInt8(ascii: "\n"))
          indent += 1
        }
        for (i, item) in box.items.enumerated() {
          if i > 0 {
            bytes.append(UInt8(ascii: ","))
            if pretty { bytes.append(UInt8(ascii: "\n")) }
          }
          if pretty { writeIndent() }
          try write(item, depth: depth + 1)
        }
        if pretty {
          bytes.append(UInt8(ascii: "\n"))
          indent -= 1
          writeIndent()
        }
        bytes.append(UInt8(ascii: "]"))
      case .object(let box):
        guard depth + 1 < Self.maximumDepth else { throw Fallback() }
        let pairs = Self.sorted(box.pairs)
        bytes.append(UInt8(ascii: "{"))
        if pretty {
          bytes.append(UInt8(ascii: "\n"))
          indent += 1
          if !pairs.isEmpty { writeIndent() }
        }
        for (i, pair) in pairs.enumerated() {
          if i > 0 {
            bytes.append(UInt8(ascii: ","))
            if pretty {
              bytes.append(UInt8(ascii: "\n"))
              writeIndent()
            }
          }
          string(pair.key)
          if pretty { append(" : ") } else { bytes.append(UInt8(ascii: ":")) }
          try write(pair.value, depth: depth + 1)
        }
        if pretty {
          bytes.append(UInt8(ascii: "\n"))
          indent -= 1
          writeIndent()
        }
        bytes.append(UInt8(ascii: "}"))
      }
    }

    /// Pairs by key bytes; a key set twice keeps its last value, as a dictionary would.
    static func sorted(_ pairs: [(key: String, value: Node)]) -> [(key: String, value: Node)] {
      let order = pairs.indices.sorted { a, b in
        let (x, y) = (pairs[a].key, pairs[b].key)
        return x == y ? a < b : x.utf8.lexicographicallyPrecedes(y.utf8)
      }
      var out = [(key: String, value: Node)]()
      out.reserveCapacity(pairs.count)
      for (n, i) in order.enumerated() {
        if n + 1 < order.count && pairs[order[n + 1]].key == pairs[i].key { continue }
        out.append(pairs[i])
      }
      return out
    }

    mutating func writeIndent() {
      for _ in 0..<indent {
        bytes.append(UInt8(ascii: " "))
        bytes.append(UInt8(ascii: " "))
      }
    }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// A string with Foundation's escapes: quote, backslash, \b \f \n \r \t, other bytes
    /// below 0x20 as \u00XX (lowercase hex); everything else as it is.
    mutating func string(_ text: String) {
      bytes.append(UInt8(ascii: "\""))
      var text = text
      text.withUTF8 { utf8 in
        var mark = 0
        for (i, b) in utf8.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
          bytes.append(contentsOf: utf8[mark..<i])
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
        bytes.append(contentsOf: utf8[mark..<utf8.count])
      }
      bytes.append(UInt8(ascii: "\""))
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
