/// RFC 4180 CSV: fields with a comma, quote, CR or LF are quoted, quotes doubled; rows end in
/// CRLF only when asked (LF by default, which spreadsheets and Unix tools both read).
///
/// `spreadsheetSafe` is for files meant to be opened in a spreadsheet: a text cell that starts
/// with `=`, `+`, `-`, `@`, a tab or a CR (OWASP "CSV injection") gets a leading `'`, so Excel or
/// LibreOffice shows it as text instead of running it as a formula; numbers stay numbers. Such
/// a file no longer re-imports byte for byte: the lossless machine CSV is the default.
public struct CSVWriter: Sendable {
  public var lineEnding: String
  public var spreadsheetSafe: Bool

  public init(lineEnding: String = "\n", spreadsheetSafe: Bool = false) {
    self.lineEnding = lineEnding
    self.spreadsheetSafe = spreadsheetSafe
  }

  /// A cell a spreadsheet would take for a formula, made inert; numbers (`-12.5`) unchanged.
  public static func neutralize(_ field: String) -> String {
    guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return field }
    if Double(field) != nil { return field }
    return "'" + field
  }

  public static func escape(_ field: String) -> String {
    // By bytes, not characters: a "\r\n" is one character, equal to neither "\r" nor "\n",
    // and a quote with a combining mark after it is not a quote as a character — both still
    // end or break a CSV field. (Reading characters was also most of a large export's time.)
    let bytes = field.utf8
    var needsQuotes = bytes.first == UInt8(ascii: " ") || bytes.last == UInt8(ascii: " ")
    var quotes = 0
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "\""): quotes += 1
      case UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r"): needsQuotes = true
      default: break
      }
    }
    guard needsQuotes || quotes > 0 else { return field }
    guard quotes > 0 else { return "\"" + field + "\"" }
    var out = [UInt8]()
    out.reserveCapacity(bytes.count + quotes + 2)
    out.append(UInt8(ascii: "\""))
    for byte in bytes {
      out.append(byte)
      if byte == UInt8(ascii: "\"") { out.append(byte) }
    }
    out.append(UInt8(ascii: "\""))
    return String(decoding: out, as: UTF8.self)
  }

  public func row(_ fields: [String]) -> String {
    (spreadsheetSafe ? fields.map(CSVWriter.neutralize) : fields).map(CSVWriter.escape).joined(separator: ",")
      + lineEnding
  }

  public func document(header: [String], rows: [[String]]) -> String {
    var out = row(header)
    for r in rows { out += row(r) }
    return out
  }
}
