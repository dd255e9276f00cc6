import Localization

/// The rule for text in every field, from every entry point (CLI options, CSV, JSON, the API,
/// the TUI): no control characters — C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F) —
/// except tab and line breaks in the fields meant to hold several lines. A NUL would be cut off
/// by SQLite (the ledger's hash would no longer match what is stored), and escapes would be
/// replayed on a coordinator's terminal.
public enum TextRules {
  /// Fields that may hold several lines (tab, LF and CR allowed): free text and label lists.
  public static let multiLineFields: Set<String> = ["description", "mission", "purpose", "text", "alt_labels"]

  /// Whether `scalar` may stand in a field (`multiLine`: one of `multiLineFields`).
  public static func allows(_ scalar: Unicode.Scalar, multiLine: Bool) -> Bool {
    let v = scalar.value
    if v == 0x09 || v == 0x0A || v == 0x0D { return multiLine }
    return !(v < 0x20 || (0x7F...0x9F).contains(v))
  }

  /// The first scalar of `text` the rule refuses, if any.
  public static func firstRefused(in text: String, multiLine: Bool) -> Unicode.Scalar? {
    guard mayRefuse(text) else { return nil }
    return text.unicodeScalars.first { !allows($0, multiLine: multiLine) }
  }

  /// Whether `text` has a byte below 0x20, a DEL or a 0xC2 (the lead byte of U+0080–U+00BF,
  /// C1 among them). Most text has none: nothing to refuse, without decoding a scalar.
  static func mayRefuse(_ text: String) -> Bool {
    text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 })
  }

  /// How a refused character is named: `U+001B`.
  public static func name(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  /// Every text value of a record (and of its child rows) that breaks the rule, by field.
  public static func issues(in record: Record) -> [ValidationIssue] {
    // Most records break nothing: look at each text once before sorting anything.
    func clean(_ r: Record) -> Bool {
      var ok = true
      r.forEachValue { field, value in
        // (The field's name is looked up only for a text that may break the rule.)
        if ok, case .text(let text) = value, mayRefuse(text),
          firstRefused(in: text, multiLine: multiLineFields.contains(field)) != nil
        {
          ok = false
        }
      }
      return ok
    }
    if clean(record) && record.children.values.allSatisfy({ $0.allSatisfy(clean) }) { return [] }
    var out = [ValidationIssue]()
    func check(_ values: [String: FieldValue], prefix: String) {
      for (field, value) in values.sorted(by: { $0.key < $1.key }) {
        guard case .text(let text) = value else { continue }
        let multiLine = multiLineFields.contains(field)
        if let bad = firstRefused(in: text, multiLine: multiLine) {
          let fields = multiLineFields.sorted().joined(separator: ", ")
          out.append(
            ValidationIssue(
              field: prefix + field,
              message: multiLine
                ? tr("contains the control character \(name(bad)), not allowed in text")
                : tr(
                  "contains the control character \(name(bad)), not allowed in text (tab and line breaks only in \(fields))"
                )))
        }
      }
    }
    check(record.values, prefix: "")
    for (list, rows) in record.children.sorted(by: { $0.key < $1.key }) {
      for (i, row) in rows.enumerated() { check(row.values, prefix: "\(list)[\(i + 1)].") }
    }
    return out
  }
}

extension Entity {
  /// Every rule the value breaks: its own (`issues()`) and the text rule of `TextRules`.
  public func allIssues() -> [ValidationIssue] { allIssues(record: record) }

  /// The same, given the value's `record` when the caller has it already (it is built anew on
  /// each read: an import builds it once for both the rules and the write).
  public func allIssues(record: Record) -> [ValidationIssue] {
    let own = issues()
    let text = TextRules.issues(in: record).filter { t in !own.contains { $0.field == t.field } }
    return own + text
  }
}

extension TextRules {
  /// `text` made safe for a terminal: every control character (C0, DEL, C1) becomes a visible
  /// stand-in — U+2400… "control pictures" (␛ for ESC, ␀ for NUL, ␊ for a line feed), U+2421 (␡)
  /// for DEL, U+FFFD for C1 — so data can never move the cursor, clear the screen, retitle the
  /// window or open a hyperlink. Human-facing output (tables, `show`, errors, progress) goes
  /// through it; machine formats (CSV, JSON) keep the text exact.
  public static func visible(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { !allows($0, multiLine: false) }) else { return text }
    var out = String.UnicodeScalarView()
    for s in text.unicodeScalars {
      switch s.value {
      case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + s.value) ?? "\u{FFFD}")
      case 0x7F: out.append("\u{2421}")
      case 0x80...0x9F: out.append("\u{FFFD}")
      default: out.append(s)
      }
    }
    return String(out)
  }
}
