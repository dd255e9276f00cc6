import Domain

/// Column width of text on a terminal: combining marks take no column, East Asian wide and
/// emoji take two, everything else one — so Uzbek Latin (o‘, g‘, ʻ) and Cyrillic align.
public enum DisplayWidth {
  public static func of(_ text: String) -> Int {
    // Printable ASCII (most codes and numbers): one column per byte.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
    var width = 0
    for scalar in text.unicodeScalars {
      width += of(scalar)
    }
    return width
  }

  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v == 0 { return 0 }
    if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
    // Latin, with the Uzbek ʻ (U+02BB), and Cyrillic letters need no Unicode table: one column
    // (the soft hyphen, U+00AD, none). The table lookup below was most of a national table's time.
    if v < 0x300 { return v == 0xAD ? 0 : 1 }
    if (0x400...0x482).contains(v) || (0x48A...0x52F).contains(v) { return 1 }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    if v == 0x200B { return 0 }
    if isWide(v) { return 2 }
    return 1
  }

  /// A scalar that is a character by itself wherever it stands — no mark, joiner or
  /// extender attaches to it or it to another: printable Latin below the combining marks
  /// (U+0300) and the Cyrillic letters.
  static func isOwnCharacter(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    return (0x20..<0x7F).contains(v) || (0xA0..<0x300).contains(v) || (0x400...0x482).contains(v)
      || (0x48A...0x52F).contains(v)
  }

  static func isWide(_ v: UInt32) -> Bool {
    (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
      || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
      || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
      || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
      || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
  }

  /// Pads (or cuts, with "…") to exactly `width` columns.
  public static func fit(_ text: String, to width: Int, alignRight: Bool = false) -> String {
    var w = of(text)
    var s = text
    if w > width, width > 0, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
      // Printable ASCII: one column per byte, cut by bytes.
      s = String(decoding: text.utf8.prefix(width - 1), as: UTF8.self) + "…"
      w = width
    } else if w > width, text.unicodeScalars.allSatisfy(isOwnCharacter) {
      // Latin and Cyrillic letters and signs: each scalar a character of its own, cut by
      // scalars (a national gap table's long Uzbek names spent most of its rendering here).
      let scalars = text.unicodeScalars
      var end = scalars.startIndex
      var used = 0
      while end < scalars.endIndex {
        let cw = of(scalars[end])
        if used + cw > width - 1 { break }
        used += cw
        end = scalars.index(after: end)
      }
      s = String(scalars[..<end]) + "…"
      w = used + 1
    } else if w > width {
      var out = ""
      var used = 0
      for ch in text {
        let cw = of(String(ch))
        if used + cw > width - 1 { break }
        out.append(ch)
        used += cw
      }
      s = out + "…"
      w = used + 1
    }
    let pad = String(repeating: " ", count: max(0, width - w))
    return alignRight ? pad + s : s + pad
  }
}

/// A plain text table: a header, a rule, rows; columns sized by display width.
public struct TextTable: Sendable {
  public var header: [String]
  public var rows: [[String]]
  /// Columns aligned right (numbers).
  public var rightAligned: Set<Int>
  public var maxColumnWidth: Int

  public init(header: [String], rows: [[String]], rightAligned: Set<Int> = [], maxColumnWidth: Int = 48) {
    self.header = header
    self.rows = rows
    self.rightAligned = rightAligned
    self.maxColumnWidth = maxColumnWidth
  }

  /// The table as text for a terminal: line breaks in a cell become spaces and any other
  /// control character a visible stand-in (`TextRules.visible`), so data never writes an escape.
  public func render() -> String {
    func clean(_ row: [String]) -> [String] {
      row.map { cell in
        // Most cells hold no byte below 0x20, no DEL and no C1 lead byte: nothing to do.
        guard cell.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return cell }
        return TextRules.visible(cell.replacing("\r\n", with: " ").replacing("\n", with: " "))
      }
    }
    let header = clean(self.header)
    let rows = self.rows.map(clean)
    let columns = header.count
    // Each cell's width once: sizing the columns and padding the cells both need it.
    var cellWidths = [Int]()
    cellWidths.reserveCapacity((rows.count + 1) * columns)
    var widths = Array(repeating: 0, count: columns)
    for row in [header] + rows {
      for i in 0..<columns {
        let w = i < row.count ? DisplayWidth.of(row[i]) : 0
        cellWidths.append(w)
        widths[i] = min(maxColumnWidth, max(widths[i], w))
      }
    }
    let right = widths.indices.map { rightAligned.contains($0) }
    var out = [UInt8]()
    func spaces(_ n: Int) {
      for _ in 0..<max(0, n) { out.append(UInt8(ascii: " ")) }
    }
    func line(_ row: [String], _ number: Int) {
      let start = out.count
      for i in 0..<columns {
        if i > 0 { spaces(2) }
        let cell = i < row.count ? row[i] : ""
        let w = cellWidths[number * columns + i]
        if w > widths[i] {
          out.append(contentsOf: DisplayWidth.fit(cell, to: widths[i], alignRight: right[i]).utf8)
        } else if right[i] {
          spaces(widths[i] - w)
          out.append(contentsOf: cell.utf8)
        } else {
          out.append(contentsOf: cell.utf8)
          spaces(widths[i] - w)
        }
      }
      // No trailing blanks (the line's own; the text before it ends in a newline).
      while out.count > start, out.last == UInt8(ascii: " ") { out.removeLast() }
      out.append(UInt8(ascii: "\n"))
    }
    line(header, 0)
    for (i, w) in widths.enumerated() {
      if i > 0 { spaces(2) }
      for _ in 0..<w { out.append(UInt8(ascii: "-")) }
    }
    out.append(UInt8(ascii: "\n"))
    for (n, row) in rows.enumerated() { line(row, n + 1) }
    return String(decoding: out, as: UTF8.self)
  }
}
