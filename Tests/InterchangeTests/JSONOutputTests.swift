import Foundation
import Testing

@testable import Interchange

/// A key written as it is given.
struct AnyKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

@Suite("JSON output")
struct JSONOutputTests {
  /// One key, encoded by an encoder with the given strategy: what that strategy makes of it.
  struct OneKey: Encodable {
    let name: String
    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: AnyKey.self)
      try c.encode(0, forKey: AnyKey(stringValue: name))
    }
  }

  static func written(_ key: String, by encoder: JSONEncoder) throws -> String {
    let data = try encoder.encode(OneKey(name: key))
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Int])
    return try #require(object.keys.first)
  }

  @Test(
    "keys are written as Foundation's convertToSnakeCase writes them",
    arguments: [
      "", "a", "A", "aB", "ABC", "ABCdef", "myURLString", "specialtyName", "needsWithoutSpecialty",
      "x1Y2", "PG00001", "SP000", "UZ-AN", "snake_case", "_private", "a__b", "with space", "shareOfDemand",
      "isHTTPOK", "já", "ÉcoleNormale", "Тошкент", "шаҳарТошкент", "oʻquvYili", "ÀB",
    ])
  func snakeCase(key: String) throws {
    let foundation = JSONEncoder()
    foundation.keyEncodingStrategy = .convertToSnakeCase
    #expect(JSONOutput.snakeCased(key) == (try Self.written(key, by: foundation)))
  }
}

/// `JSONOutput.string` writes what Foundation's `JSONEncoder` in the same style writes, byte for
/// byte: on the shapes Foundation treats specially, and on random nested values.
@Suite("JSON output is Foundation's")
struct JSONStreamTests {
  enum Kind: String, Codable, CodingKeyRepresentable { case aB, cD }
  enum Plain: String, Codable { case xY }

  struct Shapes: Encodable {
    var userName: [String: Int] = ["camelKey": 1, "B": 2, "é": 3]
    var intKeys: [Int: String] = [3: "x", -1: "y", 10: "z"]
    var enumKeys: [Kind: Int] = [.aB: 1, .cD: 2]
    var plainEnumKeys: [Plain: Int] = [.xY: 2]
    var empty: [String] = []
    var emptyObject: [String: Int] = [:]
    var big = 1e20
    var doubles: [Double] = [
      0.1, 1.0, -0.0, .leastNonzeroMagnitude, 1e-7, 123_456_789.125, .pi, .greatestFiniteMagnitude,
    ]
    var floats: [Float] = [0.1, 1, 3.5e-12]
    var none: String? = nil
    var some: String? = "x"
    var text = "a/b\u{1}\u{8}\u{c}\u{1f}\u{7f}\t\r\n\"\\é Тошкент oʻ 😀"
    var nested: [[Int]] = [[], [1, 2], [3]]
    var flags: [Bool] = [true, false]
    var ints: (Int8, UInt64) = (-8, .max)

    enum CodingKeys: String, CodingKey {
      case userName, intKeys, enumKeys, plainEnumKeys, empty, emptyObject, big, doubles, floats, none, some, text
      case nested, flags, small, large, isHTTPOK
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(userName, forKey: .userName)
      try c.encode(intKeys, forKey: .intKeys)
      try c.encode(enumKeys, forKey: .enumKeys)
      try c.encode(plainEnumKeys, forKey: .plainEnumKeys)
      try c.encode(empty, forKey: .empty)
      try c.encode(emptyObject, forKey: .emptyObject)
      try c.encode(big, forKey: .big)
      try c.encode(doubles, forKey: .doubles)
      try c.encode(floats, forKey: .floats)
      try c.encodeIfPresent(none, forKey: .none)
      try c.encodeIfPresent(some, forKey: .some)
      try c.encode(text, forKey: .text)
      try c.encode(nested, forKey: .nested)
      try c.encode(flags, forKey: .flags)
      try c.encode(ints.0, forKey: .small)
      try c.encode(ints.1, forKey: .large)
      try c.encodeNil(forKey: .isHTTPOK)
      // Set twice: the last value is kept.
      try c.encode(2.5, forKey: .big)
    }
  }

  struct Special: Encodable {
    var date = Date(timeIntervalSince1970: 1_000_000)
    var url = URL(string: "https://example.org/a")
    var decimal = Decimal(string: "12.50")
  }

  static func same<T: Encodable>(_ value: T, pretty: Bool = true) throws {
    #expect(try JSONOutput.string(value, pretty: pretty) == JSONOutput.foundationString(value, pretty: pretty))
  }

  /// The same bytes as Foundation, written by the stream itself (not handed back).
  static func streamed<T: Encodable>(_ value: T, pretty: Bool = true) throws {
    let bytes = try JSONStream.encode(value, pretty: pretty)
    #expect(String(decoding: bytes, as: UTF8.self) == (try JSONOutput.foundationString(value, pretty: pretty)))
  }

  /// What the stream hands back to Foundation.
  static func handedBack<T: Encodable>(_ value: T) {
    #expect(throws: JSONStream.Fallback.self) { try JSONStream.encode(value, pretty: true) }
  }

  @Test func shapesFoundationTreatsSpecially() throws {
    try Self.streamed(Shapes())
    try Self.streamed(Shapes(), pretty: false)
    Self.handedBack(Special())
    try Self.same(Shapes())
    try Self.same(Shapes(), pretty: false)
    try Self.same(Special())
    try Self.same(["top", "level"])
    try Self.same("fragment")
    try Self.same([String: [Int]]())
  }

  /// Containers inside containers and super encoders: left to Foundation, the same bytes.
  struct Nesting: Encodable {
    enum Keys: String, CodingKey { case zeta, alpha, inner, list, base }
    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: Keys.self)
      try c.encode(1, forKey: .zeta)
      var inner = c.nestedContainer(keyedBy: AnyKey.self, forKey: .inner)
      try inner.encode("x", forKey: AnyKey(stringValue: "bKey"))
      try inner.encode("y", forKey: AnyKey(stringValue: "aKey"))
      var list = c.nestedUnkeyedContainer(forKey: .list)
      try list.encode(2)
      try list.encode("three")
      try c.encode(true, forKey: .alpha)
      try 5.encode(to: c.superEncoder(forKey: .base))
    }
  }

  /// Values of one type whose keys differ from one to the next (absent optionals, a key set
  /// twice): the order worked out for one must not be reused for another.
  struct Varying: Encodable {
    var zulu: Int?
    var alpha: String?
    var mike: [Int]?
    var twice = false
    enum CodingKeys: String, CodingKey { case zulu, alpha, mike }
    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encodeIfPresent(zulu, forKey: .zulu)
      try c.encodeIfPresent(alpha, forKey: .alpha)
      try c.encodeIfPresent(mike, forKey: .mike)
      if twice { try c.encode(-1, forKey: .zulu) }
    }
  }

  @Test func containersInsideContainersAreFoundations() throws {
    Self.handedBack(Nesting())
    try Self.same(Nesting())
    try Self.same([Nesting(), Nesting()], pretty: false)
  }

  @Test func objectsOfOneTypeWithDifferentKeys() throws {
    let values = [
      Varying(zulu: 1, alpha: "a", mike: [1]), Varying(zulu: nil, alpha: "b", mike: nil),
      Varying(zulu: 2, alpha: nil, mike: []), Varying(zulu: 3, alpha: "c", mike: [2], twice: true),
      Varying(), Varying(zulu: 4, alpha: "d", mike: [3]), Varying(zulu: 5, twice: true),
    ]
    try Self.streamed(values)
    try Self.streamed(values, pretty: false)
  }

  @Test func wholeAndNearlyWholeNumbers() throws {
    try Self.streamed([
      0.0, -0.0, 1, -1, 1e14, 999_999_999_999_999, 1e15, -1e15, 1e16, 4_503_599_627_370_496, 9_007_199_254_740_992,
      123_456_789_012_345.5, 0.5, -2.25, 1e-300,
    ])
    try Self.streamed([Int.min, Int.max, 0, -7])
    try Self.streamed([Int64.min, 10])
    try Self.streamed([UInt64.max, 0])
  }

  @Test func nestingPastFoundationsLimit() throws {
    var deep = Value.list([])
    for _ in 0..<600 { deep = .list([deep]) }
    #expect(throws: (any Error).self) { try JSONOutput.foundationString(deep) }
    #expect(throws: (any Error).self) { try JSONOutput.string(deep) }
    Self.handedBack(deep)
  }

  @Test func numbersThatAreNotFiniteAreRefusedByBoth() {
    #expect(throws: (any Error).self) { try JSONOutput.string([Double.nan]) }
    #expect(throws: (any Error).self) { try JSONOutput.foundationString([Double.nan]) }
  }

  /// A random JSON-shaped value, encoded through keyed and unkeyed containers.
  indirect enum Value: Encodable {
    case null, bool(Bool), int(Int), double(Double), text(String), list([Value]), object([(String, Value)])
    case dictionary([String: Value])

    static func single(_ encoder: any Encoder, _ value: (some Encodable)?) throws {
      var c = encoder.singleValueContainer()
      if let value { try c.encode(value) } else { try c.encodeNil() }
    }

    func encode(to encoder: any Encoder) throws {
      switch self {
      case .null: try Self.single(encoder, Int?.none)
      case .bool(let b): try Self.single(encoder, b)
      case .int(let n): try Self.single(encoder, n)
      case .double(let x): try Self.single(encoder, x)
      case .text(let s): try Self.single(encoder, s)
      case .list(let items):
        var c = encoder.unkeyedContainer()
        for item in items { try c.encode(item) }
      case .object(let pairs):
        var c = encoder.container(keyedBy: AnyKey.self)
        for (k, v) in pairs { try c.encode(v, forKey: AnyKey(stringValue: k)) }
      case .dictionary(let d): try Self.single(encoder, d)
      }
    }

    static func random(_ g: inout some RandomNumberGenerator, depth: Int = 0) -> Value {
      let keys = ["a", "userName", "URLPath", "x_y", "Z", "é", "Ключ", "b1C2", "", "shareOfDemand", "a"]
      let texts = ["", "plain", "q\"uote", "back\\slash", "tab\t", "nl\n", "\u{0}\u{1f}", "ʻoʻ", "a/b", "😀"]
      switch Int.random(in: 0..<(depth > 3 ? 5 : 8), using: &g) {
      case 0: return .null
      case 1: return .bool(Bool.random(using: &g))
      case 2: return .int(Int.random(in: -1_000_000...1_000_000, using: &g))
      case 3:
        let x = Double.random(in: -1e6...1e6, using: &g)
        return .double(Bool.random(using: &g) ? x.rounded() : x / 1e9)
      case 4: return .text(texts[Int.random(in: 0..<texts.count, using: &g)])
      case 5: return .list((0..<Int.random(in: 0...4, using: &g)).map { _ in random(&g, depth: depth + 1) })
      case 6:
        return .object(
          (0..<Int.random(in: 0...5, using: &g)).map { _ in
            (keys[Int.random(in: 0..<keys.count, using: &g)], random(&g, depth: depth + 1))
          })
      default:
        var d = [String: Value]()
        for _ in 0..<Int.random(in: 0...3, using: &g) {
          d[keys[Int.random(in: 0..<keys.count, using: &g)]] = random(&g, depth: depth + 1)
        }
        return .dictionary(d)
      }
    }
  }

  /// A small seeded generator (SplitMix64): the same values on every run.
  struct Seeded: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  @Test("random nested values", arguments: 0..<300)
  func randomValues(seed: Int) throws {
    var g = Seeded(state: UInt64(seed))
    let value = Value.list([Value.random(&g), Value.random(&g)])
    try Self.streamed(value)
    try Self.streamed(value, pretty: false)
  }
}
