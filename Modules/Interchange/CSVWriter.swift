/// RFC 4180 CSV: fields with a comma, quote, CR or LF are quoted, quotes doubled; rows end in
/// CRLF only when asked (LF by default, which spreadsheets and Unix tools both read).
public struct CSVWriter: Sendable {
  public var lineEnding: String

  public init(lineEnding: String = "\n") {
    self.lineEnding = lineEnding
  }

  public static func escape(_ field: String) -> String {
    let needsQuotes =
      field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
      || field.hasPrefix(" ") || field.hasSuffix(" ")
    guard needsQuotes else { return field }
    return "\"" + field.replacing("\"", with: "\"\"") + "\""
  }

  public func row(_ fields: [String]) -> String {
    fields.map(CSVWriter.escape).joined(separator: ",") + lineEnding
  }

  public func document(header: [String], rows: [[String]]) -> String {
    var out = row(header)
    for r in rows { out += row(r) }
    return out
  }
}
