import Foundation
import Interchange
import Testing

@Suite("JSON output")
struct JSONOutputTests {
  /// One key, encoded by an encoder with the given strategy: what that strategy makes of it.
  struct OneKey: Encodable {
    let name: String
    struct Key: CodingKey {
      var stringValue: String
      var intValue: Int? { nil }
      init(stringValue: String) { self.stringValue = stringValue }
      init?(intValue: Int) { nil }
    }
    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: Key.self)
      try c.encode(0, forKey: Key(stringValue: name))
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
