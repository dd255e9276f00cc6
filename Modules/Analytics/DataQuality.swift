import Domain
import Localization

public struct QualityFinding: Sendable, Hashable, Codable {
  /// duplicate, outlier, dangling or expired.
  public var category: String
  public var kind: String
  public var codes: [String]
  /// For people, in the interface language; JSON and CSV carry its English text.
  public var message: Phrase

  public init(category: String, kind: String, codes: [String], message: Phrase) {
    self.category = category
    self.kind = kind
    self.codes = codes
    self.message = message
  }

  enum CodingKeys: String, CodingKey { case category, kind, codes, message }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    category = try c.decode(String.self, forKey: .category)
    kind = try c.decode(String.self, forKey: .kind)
    codes = try c.decode([String].self, forKey: .codes)
    message = Phrase(verbatim: try c.decode(String.self, forKey: .message))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(category, forKey: .category)
    try c.encode(kind, forKey: .kind)
    try c.encode(codes, forKey: .codes)
    try c.encode(message.text(in: .en), forKey: .message)
  }
}

/// What the duplicate check needs of a student (a national registry has a million).
public struct PersonKey: Sendable, Hashable {
  public var code: String
  public var name: String
  public var region: String?
  public var cohortYear: Int?
  public init(code: String, name: String, region: String?, cohortYear: Int?) {
    self.code = code
    self.name = name
    self.region = region
    self.cohortYear = cohortYear
  }

  public init(_ s: Student) { self.init(code: s.code, name: s.name, region: s.region, cohortYear: s.cohortYear) }
}

public enum DataQuality {
  /// Similarity of two names after folding case, diacritics and apostrophes: 1 − edit distance ÷ longer length.
  public static func similarity(_ a: String, _ b: String) -> Double {
    similarity(folded: Array(TextFolding.fold(a)), Array(TextFolding.fold(b)))
  }

  /// `similarity` of names folded already (each organization's name is folded once, not once per pair).
  static func similarity(folded x: [Character], _ y: [Character]) -> Double {
    if x.isEmpty && y.isEmpty { return 1 }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...max(1, x.count) where !x.isEmpty {
      current[0] = i
      for j in 1...max(1, y.count) where !y.isEmpty {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    let distance = x.isEmpty ? y.count : previous[y.count]
    return 1 - Double(distance) / Double(max(x.count, y.count))
  }

  /// A key that ignores word order, case, diacritics and apostrophes.
  public static func nameKey(_ name: String) -> String { TextFolding.tokens(name).sorted().joined(separator: " ") }

  /// What makes two students likely the same person: region, name key and cohort year.
  struct PersonGroup: Hashable {
    var region: String?
    var name: String
    var year: Int?

    init(_ p: PersonKey) {
      region = p.region
      name = DataQuality.nameKey(p.name)
      year = p.cohortYear
    }
  }

  /// The duplicate check's grouping of a student as a 64-bit hash (FNV-1a over region, name key
  /// and year; the same in every run). Students of one group have one hash, so only students
  /// sharing a hash with another need to be passed to `check`: a national registry is streamed
  /// through this instead of held as a million names.
  public static func groupHash(_ person: PersonKey) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    func add(_ bytes: some Sequence<UInt8>) {
      for b in bytes {
        h ^= UInt64(b)
        h = h &* 0x100_0000_01b3
      }
      h ^= 0xff  // a separator no UTF-8 text contains
      h = h &* 0x100_0000_01b3
    }
    add((person.region ?? "\u{0}").utf8)
    if !asciiNameKeyHash(person.name, into: &h) {
      add(nameKey(person.name).utf8)
    }
    add(person.cohortYear.map { String($0) }?.utf8 ?? "-".utf8)
    return h
  }

  /// Mixes `nameKey(name)` and the separator into `h` for an ASCII name without allocating
  /// (the folded bytes and the words' places on the stack); false, with `h` untouched, for any
  /// other name. A national registry hashes a million names.
  static func asciiNameKeyHash(_ name: String, into h: inout UInt64) -> Bool {
    let utf8 = name.utf8
    let n = utf8.count
    guard n <= 512, !utf8.contains(where: { $0 >= 0x80 }) else { return false }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, n)) { folded in
      // `TextFolding.fold`: apostrophes dropped, lower case, then kh → x and ye → e (a digraph's
      // replacement, x or e, never starts another).
      var count = 0
      for b in utf8 {
        if b == 0x27 || b == 0x60 { continue }
        let c = (0x41...0x5A).contains(b) ? b + 32 : b
        if count > 0 {
          let previous = folded[count - 1]
          if previous == UInt8(ascii: "k") && c == UInt8(ascii: "h") {
            folded[count - 1] = UInt8(ascii: "x")
            continue
          }
          if previous == UInt8(ascii: "y") && c == UInt8(ascii: "e") {
            folded[count - 1] = UInt8(ascii: "e")
            continue
          }
        }
        folded[count] = c
        count += 1
      }
      // `TextFolding.tokens`: runs of letters and digits, sorted, joined by one space.
      return withUnsafeTemporaryAllocation(of: (start: Int, end: Int).self, capacity: count / 2 + 1) { words in
        func isWord(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x61...0x7A).contains(b) }
        var w = 0
        var i = 0
        while i < count {
          guard isWord(folded[i]) else {
            i += 1
            continue
          }
          let start = i
          while i < count && isWord(folded[i]) { i += 1 }
          words[w] = (start, i)
          w += 1
        }
        func precedes(_ x: (start: Int, end: Int), _ y: (start: Int, end: Int)) -> Bool {
          var (a, b) = (x.start, y.start)
          while a < x.end && b < y.end {
            if folded[a] != folded[b] { return folded[a] < folded[b] }
            a += 1
            b += 1
          }
          return a == x.end && b < y.end
        }
        // Insertion sort: a name has a few words.
        if w > 1 {
          for j in 1..<w {
            let word = words[j]
            var k = j
            while k > 0 && precedes(word, words[k - 1]) {
              words[k] = words[k - 1]
              k -= 1
            }
            words[k] = word
          }
        }
        for k in 0..<w {
          if k > 0 {
            h ^= UInt64(UInt8(ascii: " "))
            h = h &* 0x100_0000_01b3
          }
          for at in words[k].start..<words[k].end {
            h ^= UInt64(folded[at])
            h = h &* 0x100_0000_01b3
          }
        }
        h ^= 0xff
        h = h &* 0x100_0000_01b3
        return true
      }
    }
  }

  /// The codes of the students whose `groupHash` is shared with another student: the only ones
  /// that can be duplicates.
  public static func sharingAGroupHash(_ people: [(hash: UInt64, code: String)]) -> [String] {
    let sorted = people.map(\.hash).sorted()
    var repeated = Set<UInt64>()
    for i in sorted.indices.dropFirst() where sorted[i] == sorted[i - 1] { repeated.insert(sorted[i]) }
    return repeated.isEmpty ? [] : people.filter { repeated.contains($0.hash) }.map(\.code)
  }

  /// Likely duplicate organizations: similar names in one region, numbers agreeing.
  static func duplicateOrganizations(_ organizations: [Organization], threshold: Double) -> [QualityFinding] {
    var out = [QualityFinding]()
    for (region, group) in Dictionary(grouping: organizations, by: \.region).sorted(by: { $0.key < $1.key }) {
      let sorted = group.sorted { $0.code < $1.code }
      // "School No. 7" and "School No. 21" are different schools: numbers must agree. Each
      // name's numbers and folded letters are worked out once, not once per pair.
      let digits = sorted.map { $0.name.split(whereSeparator: { !$0.isNumber }).map(String.init) }
      let folded = sorted.map { Array(TextFolding.fold($0.name)) }
      for i in sorted.indices {
        for j in sorted.indices where j > i {
          if digits[i] != digits[j] { continue }
          let s = similarity(folded: folded[i], folded[j])
          if s >= threshold {
            out.append(
              QualityFinding(
                category: "duplicate", kind: "organization", codes: [sorted[i].code, sorted[j].code],
                message:
                  tr(
                    "\"\(sorted[i].name)\" and \"\(sorted[j].name)\" in \(region) look alike (\(Int((s * 100).rounded())) %)"
                  )
              ))
          }
        }
      }
    }
    return out
  }

  public static func check(
    organizations: [Organization], students: [PersonKey], teachers: [Teacher], programs: [Program], cohorts: [Cohort],
    needs: [PersonnelNeed], agreements: [Agreement], memberships: [Membership], on day: Day, threshold: Double = 0.85,
    names: Bool = true
  ) -> [QualityFinding] {
    var out = duplicateOrganizations(organizations, threshold: threshold)
    // Likely duplicate people: the same name (any word order, spelling folded) in one region / organization.
    // In a stable order (by the groups' first codes): a dictionary's order changes from run to run.
    let studentGroups = Dictionary(grouping: students, by: PersonGroup.init).values.filter { $0.count > 1 }
      .map { group in (group, group.map(\.code).sorted()) }.sorted { $0.1[0] < $1.1[0] }
    for (group, codes) in studentGroups {
      out.append(
        QualityFinding(
          category: "duplicate", kind: "student", codes: codes,
          message: names
            ? tr(
              "\(codes.count) students named \"\(group[0].name)\" in \(group[0].region ?? "?") with the same cohort year"
            )
            : tr("\(codes.count) students named alike in \(group[0].region ?? "?") with the same cohort year")
        ))
    }
    let teacherGroups = Dictionary(grouping: teachers, by: { "\($0.organization)|\(nameKey($0.name))" }).values
      .filter { $0.count > 1 }.map { group in (group, group.map(\.code).sorted()) }.sorted { $0.1[0] < $1.1[0] }
    for (group, codes) in teacherGroups {
      out.append(
        QualityFinding(
          category: "duplicate", kind: "teacher", codes: codes,
          message: names
            ? tr("teachers named \"\(group[0].name)\" twice at \(group[0].organization)")
            : tr("teachers named alike twice at \(group[0].organization)")))
    }
    // Outliers.
    let intake = Dictionary(programs.map { ($0.code, $0.annualIntake) }, uniquingKeysWith: { a, _ in a })
    for c in cohorts {
      if let g = c.graduated, c.enrolled >= 10, Double(g) < 0.3 * Double(c.enrolled) {
        out.append(
          QualityFinding(
            category: "outlier", kind: "cohort", codes: [c.code],
            message: tr("only \(g) of \(c.enrolled) graduated (under 30 %)")))
      }
      if let g = c.graduated, let e = c.employed, g >= 20, e == g {
        out.append(
          QualityFinding(
            category: "outlier", kind: "cohort", codes: [c.code],
            message: tr("every one of \(g) graduates employed: check the survey")))
      }
      if let i = intake[c.program] ?? nil, i > 0, c.enrolled > 3 * i {
        out.append(
          QualityFinding(
            category: "outlier", kind: "cohort", codes: [c.code],
            message: tr("\(c.enrolled) enrolled against an annual intake of \(i)")))
      }
    }
    let counts = needs.map(\.count).sorted()
    if !counts.isEmpty {
      let median = counts[counts.count / 2]
      for n in needs where median > 0 && n.count > 10 * median {
        out.append(
          QualityFinding(
            category: "outlier", kind: "need", codes: [n.code],
            message: tr("\(n.count) people needed, over 10× the median need (\(median))")))
      }
    }
    // Dangling or expired records.
    for a in agreements {
      if a.status == .active, let until = a.validUntil, until < day {
        out.append(
          QualityFinding(
            category: "expired", kind: "agreement", codes: [a.code],
            message: tr("marked active but valid only until \(until)")))
      }
      for o in a.obligations where o.status == .open {
        if let due = o.dueOn, due < day {
          out.append(
            QualityFinding(
              category: "expired", kind: "agreement", codes: [a.code],
              message: tr("obligation \"\(o.text)\" was due \(due) and is still open")))
        }
      }
    }
    for t in teachers {
      if let q = t.lastQualifiedOn, q > day {
        out.append(
          QualityFinding(
            category: "outlier", kind: "teacher", codes: [t.code], message: tr("last qualified on \(q), after today")))
      }
    }
    let taught = Set(teachers.flatMap(\.programs))
    let withCohorts = Set(cohorts.map(\.program))
    for p in programs where !withCohorts.contains(p.code) && p.level != .in_service {
      out.append(
        QualityFinding(category: "dangling", kind: "program", codes: [p.code], message: tr("no cohorts recorded")))
    }
    for p in programs where !taught.contains(p.code) {
      out.append(
        QualityFinding(
          category: "dangling", kind: "program", codes: [p.code], message: tr("no teacher recorded as teaching it")))
    }
    return out
  }
}
