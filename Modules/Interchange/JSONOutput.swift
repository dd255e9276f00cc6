import Foundation

/// The one JSON style of every output: pretty, keys sorted, snake_case, dates as ISO text.
public enum JSONOutput {
  public static func encoder(pretty: Bool = true) -> JSONEncoder {
    let e = JSONEncoder()
    e.outputFormatting =
      pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    e.keyEncodingStrategy = .convertToSnakeCase
    return e
  }

  public static func decoder() -> JSONDecoder {
    let d = JSONDecoder()
    d.keyDecodingStrategy = .convertFromSnakeCase
    return d
  }

  public static func string<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
    String(decoding: try encoder(pretty: pretty).encode(value), as: UTF8.self)
  }
}
