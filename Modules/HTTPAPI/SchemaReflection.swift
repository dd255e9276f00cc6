import Domain
import Presentation

/// Derives a response's JSON Schema from the type the handler returns, so the document cannot
/// drift from what the encoder writes.
///
/// It runs the type's own `Decodable` conformance against a probing decoder that answers every
/// request with a sample value and notes what was asked for: each key (snake_cased, as
/// `JSONOutput` writes it), its type, and whether it was optional (`decodeIfPresent`, which the
/// synthesized conformance uses exactly for the properties the encoder may leave out). Arrays,
/// dictionaries, optionals, dates and text enumerations are recognised by their types; every
/// other type is probed the same way, property by property.
enum SchemaReflection {
  /// The schema of `T`'s JSON, or a `ReflectionError` naming the type that cannot be probed.
  static func schema<T: Decodable>(of type: T.Type) throws(ReflectionError) -> APISchema {
    do { return try sample(T.self).schema } catch let error as ReflectionError { throw error } catch {
      throw ReflectionError(type: String(describing: T.self), reason: "\(error)")
    }
  }

  /// A named component for `T`, described; a type the reflection cannot read becomes a free
  /// object saying why (the document tests fail on any free object in a result).
  static func component<T: Decodable>(_ name: String, _ type: T.Type, _ description: String) -> (String, APISchema) {
    do { return (name, try schema(of: T.self).described(description)) } catch {
      return (name, .freeObject("\(description) (\(error))"))
    }
  }

  /// The object schema `T`'s own `Decodable` conformance describes, property by property,
  /// even for an entity (which `sample` answers with a reference to its schema-built
  /// component): how a test checks that the two agree.
  static func properties<T: Decodable>(of type: T.Type) throws -> APISchema {
    let probe = Probe()
    _ = try T(from: probe)
    return probe.schema
  }

  /// A value of `T` and the schema of its JSON.
  static func sample<T: Decodable>(_ type: T.Type) throws -> (value: T, schema: APISchema) {
    if let leaf = try leaf(T.self) { return leaf }
    if let list = T.self as? any ListShape.Type, let empty = list.empty as? T {
      return (empty, .array(try list.element.probe()))
    }
    if let map = T.self as? any MapShape.Type, let empty = map.empty as? T {
      return (empty, .map(try map.value.probe()))
    }
    if let optional = T.self as? any OptionalShape.Type, let none = optional.absent as? T {
      return (none, .nullable(try optional.wrapped.probe()))
    }
    if let choices = T.self as? any CaseIterable.Type, let values = rawValues(choices), let first = first(T.self) {
      return (first, .enumeration(values))
    }
    let probe = Probe()
    let value = try T(from: probe)
    if let entity = T.self as? any Entity.Type {
      return (value, .ref(EntityRoutes.schemaName(entity.kind)))
    }
    return (value, probe.schema)
  }

  /// The JSON scalars, and `Day`, which is written as its ISO text.
  private static func leaf<T>(_ type: T.Type) throws -> (value: T, schema: APISchema)? {
    let found: (Any, APISchema)?
    switch type {
    case is String.Type: found = ("", .string())
    case is Bool.Type: found = (false, .boolean)
    case is Int.Type: found = (0, .integer())
    case is Int64.Type: found = (Int64(0), .integer())
    case is Int32.Type: found = (Int32(0), .integer())
    case is Double.Type: found = (0.0, .number())
    case is Float.Type: found = (Float(0), .number())
    case is Day.Type: found = (Day(year: 2000, month: 1, day: 1) as Any, .string(format: "date"))
    default: found = nil
    }
    guard let (value, schema) = found else { return nil }
    guard let typed = value as? T else {
      throw ReflectionError(type: String(describing: T.self), reason: "no sample value")
    }
    return (typed, schema)
  }

  private static func rawValues(_ type: any CaseIterable.Type) -> [String]? {
    func open<C: CaseIterable>(_: C.Type) -> [String]? {
      let values = C.allCases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
      return values.count == C.allCases.count && !values.isEmpty ? values : nil
    }
    return open(type)
  }

  private static func first<T>(_: T.Type) -> T? {
    guard let type = T.self as? any CaseIterable.Type else { return nil }
    func open<C: CaseIterable>(_: C.Type) -> T? { C.allCases.first as? T }
    return open(type)
  }
}

/// A type the reflection could not describe, with why.
struct ReflectionError: Error, CustomStringConvertible {
  var type: String
  var reason: String
  var description: String { "cannot describe \(type) as JSON Schema: \(reason)" }
}

// MARK: The shapes recognised by type

extension Decodable {
  fileprivate static func probe() throws -> APISchema { try SchemaReflection.sample(Self.self).schema }
}

private protocol ListShape {
  static var element: any Decodable.Type { get }
  static var empty: Self { get }
}

extension Array: ListShape where Element: Decodable {
  fileprivate static var element: any Decodable.Type { Element.self }
  fileprivate static var empty: Self { [] }
}

extension Set: ListShape where Element: Decodable {
  fileprivate static var element: any Decodable.Type { Element.self }
  fileprivate static var empty: Self { [] }
}

private protocol MapShape {
  static var value: any Decodable.Type { get }
  static var empty: Self { get }
}

extension Dictionary: MapShape where Key == String, Value: Decodable {
  fileprivate static var value: any Decodable.Type { Value.self }
  fileprivate static var empty: Self { [:] }
}

private protocol OptionalShape {
  static var wrapped: any Decodable.Type { get }
  static var absent: Self { get }
}

extension Optional: OptionalShape where Wrapped: Decodable {
  fileprivate static var wrapped: any Decodable.Type { Wrapped.self }
  fileprivate static var absent: Self { nil }
}

// MARK: The probing decoder

/// Notes each property a type's `init(from:)` asks for.
private final class Probe: Decoder {
  var codingPath: [any CodingKey] = []
  var userInfo: [CodingUserInfoKey: Any] { [:] }
  var properties = [(String, APISchema)]()
  var required = [String]()

  var schema: APISchema { .object(properties: properties, required: required, additional: false) }

  func note(_ key: some CodingKey, _ schema: APISchema, required isRequired: Bool) {
    let name = Rendering.jsonKey(key.stringValue)
    properties.append((name, schema))
    if isRequired { required.append(name) }
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    KeyedDecodingContainer(Keyed<Key>(probe: self))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    throw ReflectionError(type: "a custom unkeyed decoding", reason: "only synthesized conformances are probed")
  }

  func singleValueContainer() throws -> any SingleValueDecodingContainer {
    throw ReflectionError(type: "a custom single-value decoding", reason: "only synthesized conformances are probed")
  }
}

private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let probe: Probe
  var codingPath: [any CodingKey] { [] }
  var allKeys: [Key] { [] }

  func contains(_ key: Key) -> Bool { true }
  func decodeNil(forKey key: Key) throws -> Bool { false }

  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
    let (value, schema) = try SchemaReflection.sample(T.self)
    probe.note(key, schema, required: true)
    return value
  }

  func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
    let (value, schema) = try SchemaReflection.sample(T.self)
    probe.note(key, schema, required: false)
    return value
  }

  func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { scalar(false, key, required: true) }
  func decode(_ type: String.Type, forKey key: Key) throws -> String { scalar("", key, required: true) }
  func decode(_ type: Double.Type, forKey key: Key) throws -> Double { scalar(0.0, key, required: true) }
  func decode(_ type: Float.Type, forKey key: Key) throws -> Float { scalar(Float(0), key, required: true) }
  func decode(_ type: Int.Type, forKey key: Key) throws -> Int { scalar(0, key, required: true) }
  func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { scalar(Int8(0), key, required: true) }
  func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { scalar(Int16(0), key, required: true) }
  func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { scalar(Int32(0), key, required: true) }
  func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { scalar(Int64(0), key, required: true) }
  func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { scalar(UInt(0), key, required: true) }
  func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { scalar(UInt8(0), key, required: true) }
  func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { scalar(UInt16(0), key, required: true) }
  func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { scalar(UInt32(0), key, required: true) }
  func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { scalar(UInt64(0), key, required: true) }
  func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { scalar(false, key, required: false) }
  func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { scalar("", key, required: false) }
  func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { scalar(0.0, key, required: false) }
  func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { scalar(Float(0), key, required: false) }
  func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { scalar(0, key, required: false) }
  func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { scalar(Int8(0), key, required: false) }
  func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { scalar(Int16(0), key, required: false) }
  func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { scalar(Int32(0), key, required: false) }
  func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { scalar(Int64(0), key, required: false) }
  func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { scalar(UInt(0), key, required: false) }
  func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { scalar(UInt8(0), key, required: false) }
  func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
    scalar(UInt16(0), key, required: false)
  }
  func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
    scalar(UInt32(0), key, required: false)
  }
  func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
    scalar(UInt64(0), key, required: false)
  }

  /// A JSON scalar the synthesized conformance decodes directly.
  private func scalar<T: Scalar>(_ sample: T, _ key: Key, required: Bool) -> T {
    probe.note(key, T.jsonSchema, required: required)
    return sample
  }

  func nestedContainer<NestedKey: CodingKey>(
    keyedBy type: NestedKey.Type, forKey key: Key
  ) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    throw ReflectionError(type: "a nested container", reason: "only synthesized conformances are probed")
  }

  func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
    throw ReflectionError(type: "a nested list", reason: "only synthesized conformances are probed")
  }

  func superDecoder() throws -> any Decoder { probe }
  func superDecoder(forKey key: Key) throws -> any Decoder { probe }
}

/// The scalar types a keyed container decodes directly, with their JSON Schema.
private protocol Scalar { static var jsonSchema: APISchema { get } }
extension Bool: Scalar { static var jsonSchema: APISchema { .boolean } }
extension String: Scalar { static var jsonSchema: APISchema { .string() } }
extension Double: Scalar { static var jsonSchema: APISchema { .number() } }
extension Float: Scalar { static var jsonSchema: APISchema { .number() } }
extension Int: Scalar { static var jsonSchema: APISchema { .integer() } }
extension Int8: Scalar { static var jsonSchema: APISchema { .integer() } }
extension Int16: Scalar { static var jsonSchema: APISchema { .integer() } }
extension Int32: Scalar { static var jsonSchema: APISchema { .integer() } }
extension Int64: Scalar { static var jsonSchema: APISchema { .integer() } }
extension UInt: Scalar { static var jsonSchema: APISchema { .integer(minimum: 0) } }
extension UInt8: Scalar { static var jsonSchema: APISchema { .integer(minimum: 0) } }
extension UInt16: Scalar { static var jsonSchema: APISchema { .integer(minimum: 0) } }
extension UInt32: Scalar { static var jsonSchema: APISchema { .integer(minimum: 0) } }
extension UInt64: Scalar { static var jsonSchema: APISchema { .integer(minimum: 0) } }
