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

  /// The width of `text`, or of a beginning of it wider than `limit` when the whole is: a
  /// table needs no more of a long cell than whether it is cut.
  public static func of(_ text: String, upTo limit: Int) -> Int {
    var width = 0
    for byte in text.utf8 {
      guard byte >= 0x20 && byte < 0x7F else {
        width = 0
        for scalar in text.unicodeScalars {
          width += of(scalar)
          if width > limit { break }
        }
        return width
      }
      width += 1
      if width > limit { break }
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
  /// (U+0300), the Cyrillic letters, and the dashes, quotes and daggers of U+2010–U+2027
  /// (the Uzbek ‘ of o‘ and g‘ is U+2018; the gap table marks programs with †).
  static func isOwnCharacter(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    return (0x20..<0x7F).contains(v) || (0xA0..<0x300).contains(v) || (0x400...0x482).contains(v)
      || (0x48A...0x52F).contains(v) || (0x2010...0x2027).contains(v)
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
    var s = text
    var w: Int
    if let (cut, cutWidth) = cutByScalars(text, to: width) {
      (s, w) = (cut, cutWidth)
    } else {
      w = of(text)
      if w > width {
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
    }
    let pad = String(repeating: " ", count: max(0, width - w))
    return alignRight ? pad + s : s + pad
  }

  /// `text` cut to `width` columns, the last one "…", and its width — when it is wider and
  /// what it keeps, and the scalar after, are characters of their own (then a cut by scalars
  /// is the cut by characters); nil otherwise. Reads no further than the cut: a national gap
  /// table's programs column holds cells of thousands of characters.
  static func cutByScalars(_ text: String, to width: Int) -> (String, Int)? {
    guard width > 0 else { return nil }
    let scalars = text.unicodeScalars
    var at = scalars.startIndex
    var end = at
    var used = 0
    var kept = 0
    while at < scalars.endIndex {
      let scalar = scalars[at]
      guard isOwnCharacter(scalar) else { return nil }
      used += of(scalar)
      if used > width { return (String(scalars[..<end]) + "…", kept + 1) }
      at = scalars.index(after: at)
      if used <= width - 1 { (end, kept) = (at, used) }
    }
    return nil
  }
}

/// A plain text table: a header, a rule, rows; columns sized by display width.
public struct TextTable: Sendable {
  public var header: [String]
  public var rows: [[String]]
  /// Columns aligned right (numbers).
  public var rightAligned: Set<Int>
  public var maxColumnWidth: Int

  /// The widest a column gets unless a table says otherwise; a wider cell is cut with "…".
  public static let defaultMaxColumnWidth = 48

  public init(
    header: [String], rows: [[String]], rightAligned: Set<Int> = [], maxColumnWidth: Int = defaultMaxColumnWidth
  ) {
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
        // Past the widest a column gets, a cell is cut: its width beyond does not matter.
        let w = i < row.count ? DisplayWidth.of(row[i], upTo: maxColumnWidth) : 0
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
