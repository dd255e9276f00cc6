import Foundation

/// Every `tr("…")` in the sources, as the key the running code makes of it: the literal with
/// each `\(…)` as `%@` and each percent sign as `%%` (see `PhraseLiteral`).
enum SourceKeys {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  struct Use: Hashable {
    var key: String
    var place: String
  }

  /// Swift files under `Modules/` and `Apps/`.
  static func sourceFiles() -> [URL] {
    var files: [URL] = []
    for folder in ["Modules", "Apps"] {
      let base = root.appendingPathComponent(folder)
      guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
      for case let url as URL in walker where url.pathExtension == "swift" { files.append(url) }
    }
    return files.sorted { $0.path < $1.path }
  }

  /// The keys of every `tr("…")` and the places a literal could not be read.
  static func scan() -> (uses: [Use], unreadable: [String]) {
    var uses: [Use] = []
    var unreadable: [String] = []
    for file in sourceFiles() {
      guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
      let name = file.path.replacingOccurrences(of: root.path + "/", with: "")
      let scalars = Array(text.unicodeScalars)
      var i = 0
      var line = 1
      while i < scalars.count {
        if scalars[i] == "\n" { line += 1 }
        // A comment to the end of the line: skip it (doc comments show `tr("…")` examples).
        if scalars[i] == "/", i + 1 < scalars.count, scalars[i + 1] == "/" {
          while i < scalars.count, scalars[i] != "\n" { i += 1 }
          continue
        }
        if matchesCall(scalars, at: i) {
          let place = "\(name):\(line)"
          var quote = i + 3
          while quote < scalars.count, scalars[quote] == " " || scalars[quote] == "\n" { quote += 1 }
          if quote < scalars.count, scalars[quote] == "\"", let (key, _) = literal(scalars, from: quote) {
            uses.append(Use(key: key, place: place))
            // Go on inside the literal: an interpolation may hold another `tr("…")`.
            i = quote + 1
            continue
          }
          unreadable.append(place)
        }
        i += 1
      }
    }
    return (uses, unreadable)
  }

  /// `tr(` not preceded by a letter, digit, `_` or `.` (the literal may start on the next line).
  static func matchesCall(_ s: [Unicode.Scalar], at i: Int) -> Bool {
    guard i + 3 < s.count, s[i] == "t", s[i + 1] == "r", s[i + 2] == "(", s[i + 3] != "_" else { return false }
    if i > 0 {
      let p = s[i - 1]
      if p == "_" || p == "." || p.properties.isAlphabetic || ("0"..."9").contains(p) { return false }
    }
    return true
  }

  /// Reads the literal whose opening quote is at `start`: its key and the index after it.
  /// Nil for multi-line and raw literals, which `tr` does not take.
  static func literal(_ s: [Unicode.Scalar], from start: Int) -> (String, Int)? {
    guard s[start] == "\"", start + 1 < s.count, s[start + 1] != "\"" || (start + 2 < s.count && s[start + 2] != "\"")
    else { return nil }
    var key = ""
    var i = start + 1
    while i < s.count {
      let c = s[i]
      if c == "\"" { return (key, i + 1) }
      if c == "\n" { return nil }
      if c == "%" {
        key += "%%"
        i += 1
        continue
      }
      if c == "\\" {
        guard i + 1 < s.count else { return nil }
        let e = s[i + 1]
        switch e {
        case "n": key += "\n"
        case "t": key += "\t"
        case "\"": key += "\""
        case "'": key += "'"
        case "\\": key += "\\"
        case "0": key += "\0"
        case "u":
          guard let close = s[(i + 2)...].firstIndex(of: "}") else { return nil }
          let hex = String(String.UnicodeScalarView(s[(i + 3)..<close]))
          guard let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else { return nil }
          key.unicodeScalars.append(scalar)
          i = close + 1
          continue
        case "(":
          guard let end = interpolationEnd(s, from: i + 2) else { return nil }
          key += "%@"
          i = end
          continue
        default: return nil
        }
        i += 2
        continue
      }
      key.unicodeScalars.append(c)
      i += 1
    }
    return nil
  }

  /// The index after the `)` closing an interpolation that starts at `from` (after `\(`),
  /// skipping parentheses and string literals inside it.
  static func interpolationEnd(_ s: [Unicode.Scalar], from: Int) -> Int? {
    var depth = 1
    var i = from
    var inString = false
    while i < s.count {
      let c = s[i]
      if inString {
        if c == "\\" {
          i += 2
          continue
        }
        if c == "\"" { inString = false }
      } else if c == "\"" {
        inString = true
      } else if c == "(" {
        depth += 1
      } else if c == ")" {
        depth -= 1
        if depth == 0 { return i + 1 }
      }
      i += 1
    }
    return nil
  }

  /// The number of values a template takes: `%@` in order, or the largest `%N$@`.
  static func placeholders(_ template: String) -> Int {
    let s = Array(template.unicodeScalars)
    var sequential = 0
    var positional = 0
    var i = 0
    while i < s.count {
      if s[i] == "%", i + 1 < s.count {
        if s[i + 1] == "%" {
          i += 2
          continue
        }
        if s[i + 1] == "@" {
          sequential += 1
        } else {
          var j = i + 1
          var n = 0
          while j < s.count, let d = Int(String(s[j])), ("0"..."9").contains(s[j]) {
            n = n * 10 + d
            j += 1
          }
          if j + 1 < s.count, s[j] == "$", s[j + 1] == "@" { positional = max(positional, n) }
        }
      }
      i += 1
    }
    return max(sequential, positional)
  }
}
