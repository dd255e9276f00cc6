import Foundation

/// A sentence for people, kept as its catalog key and its arguments so that it can be shown in
/// any interface language — by the frontend that knows the language, long after it was made.
///
/// Messages are made only with `tr("…")`: its literal (with `%@` for each interpolation) is the
/// key the catalogs translate, and the English text. `Tests/LocalizationTests` reads every
/// `tr("…")` in the sources and fails when a catalog lacks one or keeps one nobody uses.
public struct Phrase: Sendable, Hashable, CustomStringConvertible {
  /// The English text with `%@` where each argument goes.
  public let key: String
  public let arguments: [Argument]

  /// What goes into a message: text as it is (a code, a name, a path), a count (written with
  /// the language's digit grouping), or another message (translated in turn).
  public enum Argument: Sendable, Hashable {
    case text(String)
    case count(Int)
    /// A number with a fraction (a rate, an average): the language's decimal separator.
    case number(Double)
    case phrase(Phrase)
  }

  init(key: String, arguments: [Argument]) {
    self.key = key
    self.arguments = arguments
  }

  /// Text that is not translated (data, or a message from a library that only speaks English).
  public init(verbatim text: String) {
    self.init(key: "%@", arguments: [.text(text)])
  }

  /// The phrase with its argument at `index` replaced by `text`.
  public func replacingArgument(_ index: Int, with text: String) -> Phrase {
    var arguments = arguments
    if arguments.indices.contains(index) { arguments[index] = .text(text) }
    return Phrase(key: key, arguments: arguments)
  }

  /// Phrases one after another, with `separator` (not translated) between them.
  public static func joined(_ phrases: [Phrase], separator: String = ", ") -> Phrase {
    let escaped = escapingPercent(separator)
    return Phrase(
      key: Array(repeating: "%@", count: phrases.count).joined(separator: escaped),
      arguments: phrases.map { .phrase($0) })
  }

  /// The message in English, as the sources write it.
  public var description: String { text(in: .en) }

  /// The message in a language; its key when the language's catalog has no entry.
  public func text(in language: Language) -> String {
    let template = Catalog.shared.template(for: key, in: language)
    let values = arguments.map { argument -> String in
      switch argument {
      case .text(let text): text
      case .count(let count): LocalFormat(language).integer(count)
      case .number(let x): LocalFormat(language).number(x)
      case .phrase(let phrase): phrase.text(in: language)
      }
    }
    return Phrase.substitute(values, into: template)
  }

  /// Puts values into `%@` (in order) and `%1$@` (by position) placeholders; `%%` is a percent sign.
  static func substitute(_ values: [String], into template: String) -> String {
    let bytes = template.utf8
    guard bytes.contains(UInt8(ascii: "%")) else { return template }
    let end = bytes.endIndex
    var out = ""
    out.reserveCapacity(bytes.count + values.reduce(0) { $0 + $1.utf8.count })
    var next = 0
    var i = bytes.startIndex
    var literal = i  // where the text not yet copied starts
    // `%` is ASCII: every index met here is on a character boundary, so the slices are whole.
    while i != end {
      guard bytes[i] == UInt8(ascii: "%") else {
        bytes.formIndex(after: &i)
        continue
      }
      out += template[literal..<i]
      let j = bytes.index(after: i)
      if j != end && bytes[j] == UInt8(ascii: "@") {
        out += next < values.count ? values[next] : ""
        next += 1
        i = bytes.index(after: j)
      } else if j != end && bytes[j] == UInt8(ascii: "%") {
        out += "%"
        i = bytes.index(after: j)
      } else {
        // %N$@
        var k = j
        var n = 0
        while k != end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[k]), n < 100_000 {
          n = n * 10 + Int(bytes[k] - UInt8(ascii: "0"))
          bytes.formIndex(after: &k)
        }
        let at = k == end ? end : bytes.index(after: k)
        if k != j, k != end, bytes[k] == UInt8(ascii: "$"), at != end, bytes[at] == UInt8(ascii: "@") {
          out += n >= 1 && n <= values.count ? values[n - 1] : ""
          i = bytes.index(after: at)
        } else {
          out += "%"
          i = j
        }
      }
      literal = i
    }
    out += template[literal..<end]
    return out
  }
}

/// `%` doubled, as a key writes a percent sign. Most literals have none: they are returned as
/// they are, without Foundation's search (a national gap table makes a hundred thousand phrases).
func escapingPercent(_ text: String) -> String {
  guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
  return text.replacingOccurrences(of: "%", with: "%%")
}

/// The literal `tr` takes: its text with `%@` for each interpolation, and the values.
public struct PhraseLiteral: ExpressibleByStringInterpolation, Sendable {
  var key = ""
  var arguments: [Phrase.Argument] = []

  public init(stringLiteral value: String) {
    key = escapingPercent(value)
  }

  public init(stringInterpolation: Interpolation) {
    key = stringInterpolation.key
    arguments = stringInterpolation.arguments
  }

  public struct Interpolation: StringInterpolationProtocol, Sendable {
    var key = ""
    var arguments: [Phrase.Argument] = []

    public init(literalCapacity: Int, interpolationCount: Int) {
      key.reserveCapacity(literalCapacity + 2 * interpolationCount)
    }

    public mutating func appendLiteral(_ literal: String) {
      key += escapingPercent(literal)
    }

    public mutating func appendInterpolation(_ text: String) {
      key += "%@"
      arguments.append(.text(text))
    }

    public mutating func appendInterpolation(_ count: Int) {
      key += "%@"
      arguments.append(.count(count))
    }

    public mutating func appendInterpolation(_ number: Double) {
      key += "%@"
      arguments.append(.number(number))
    }

    public mutating func appendInterpolation(_ message: Phrase) {
      key += "%@"
      arguments.append(.phrase(message))
    }

    /// Anything else (a number, a path, an error) as its description, not translated.
    public mutating func appendInterpolation<T>(_ value: T) {
      key += "%@"
      arguments.append(.text(String(describing: value)))
    }
  }
}

/// A message for people: `tr("no organization with code '\(code)'")`. The literal is the
/// catalog key (interpolations become `%@`, a percent sign `%%`) and the English text.
public func tr(_ literal: PhraseLiteral) -> Phrase {
  Phrase(key: literal.key, arguments: literal.arguments)
}

extension Language {
  /// A phrase in this language: `language.say(tr("saved"))`.
  public func say(_ phrase: Phrase) -> String { phrase.text(in: self) }
}
