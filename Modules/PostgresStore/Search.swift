import Domain
import Foundation
import Storage

/// Search ranked as SQLite's FTS5 ranks (`bm25`, k1 = 1.2, b = 0.75, each query word a prefix),
/// so a user cannot tell the two stores apart: PostgreSQL finds the documents whose folded body
/// has every word as a prefix of one of its words (`body_tsv`, a GIN index; the query is a
/// `tsquery` of quoted prefixes, parsed by no text-search parser), and the ranking is
/// computed here from the same counts FTS5 uses.
enum PGSearch {
  /// The words of a folded body, as FTS5's `unicode61` tokenizer splits it (each cut to
  /// `maxWordBytes`: PostgreSQL refuses a longer lexeme).
  static func words(_ body: String) -> [Substring] {
    body.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(cut)
  }

  /// PostgreSQL's lexemes hold at most 2,047 bytes; a word is cut (on a character) to 2,000, in
  /// the index and in queries alike, so only words longer than that can match differently.
  static let maxWordBytes = 2000

  static func cut(_ word: Substring) -> Substring {
    guard word.utf8.count > maxWordBytes else { return word }
    var end = word.startIndex
    var bytes = 0
    for index in word.indices {
      let size = word[index].utf8.count
      if bytes + size > maxWordBytes { break }
      bytes += size
      end = word.index(after: index)
    }
    return word[..<end]
  }

  static func search(_ sql: SQL, _ text: String, kinds: Set<EntityKind>?, limit: Int) throws -> [SearchHit] {
    let tokens = TextFolding.tokens(text).map { String(cut(Substring($0))) }
    if tokens.isEmpty { return [] }
    // A tsquery of quoted prefixes: `'word':* & 'other':*` (quotes doubled inside).
    func prefix(_ token: String) -> String { "'" + token.replacingOccurrences(of: "'", with: "''") + "':*" }
    let all = tokens.map(prefix).joined(separator: " & ")
    guard let stats = try sql.row("SELECT COUNT(*), COALESCE(SUM(words), 0) FROM search_doc"),
      let total = stats[0].integerValue, total > 0
    else { return [] }
    let averageWords = Double(stats[1].integerValue ?? 0) / Double(total)
    // Documents that hold each word (FTS5's idf counts them per phrase).
    var holding = [String: Int64]()
    for token in Set(tokens) {
      holding[token] =
        try sql.int(
          "SELECT COUNT(*) FROM search_doc WHERE body_tsv @@ CAST(? AS tsquery)", [.text(prefix(token))]) ?? 0
    }
    let candidates = try sql.rows(
      "SELECT kind, code, name, body, words FROM search_doc WHERE body_tsv @@ CAST(? AS tsquery)", [.text(all)])
    var scored = [(score: Double, hit: SearchHit)]()
    for row in candidates {
      guard let kind = EntityKind(rawValue: row[0].plain) else { continue }
      if let kinds, !kinds.contains(kind) { continue }
      let bodyWords = row[3].plain.split(separator: " ")
      var score = 0.0
      var matchesAll = true
      for token in tokens {
        let f = Double(bodyWords.reduce(0) { $0 + ($1.hasPrefix(token) ? 1 : 0) })
        if f == 0 {  // cannot happen (the index found every word), but costs nothing to check
          matchesAll = false
          break
        }
        let n = Double(holding[token] ?? 0)
        var idf = log((Double(total) - n + 0.5) / (n + 0.5))
        if idf <= 0 { idf = 1e-6 }
        let length = Double(row[4].integerValue ?? 0)
        score += idf * (f * 2.2) / (f + 1.2 * (0.25 + 0.75 * length / max(averageWords, 1e-9)))
      }
      if !matchesAll { continue }
      scored.append((-score, SearchHit(kind: kind, code: row[1].plain, name: row[2].plain)))
    }
    scored.sort {
      if $0.score != $1.score { return $0.score < $1.score }
      if $0.hit.kind.rawValue != $1.hit.kind.rawValue {
        return Array($0.hit.kind.rawValue.utf8).lexicographicallyPrecedes(Array($1.hit.kind.rawValue.utf8))
      }
      return Array($0.hit.code.utf8).lexicographicallyPrecedes(Array($1.hit.code.utf8))
    }
    return scored.prefix(limit).map(\.hit)
  }
}
