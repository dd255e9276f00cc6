// matching-bench: times the placement matching engine on a large, seeded, deterministic instance.
//
//   swift build -c release --product matching-bench && .build/release/matching-bench
//   .build/release/matching-bench --students 20000 --placements 500 --choices 10 --seed 7 [--skip-naive]
//
// Instance: every student lists `choices` distinct placements, skewed towards popular ones (squared uniform:
// placement ⌊P·u²⌋, so low indices are popular); each placement ranks every student who listed it, by a
// random score (a per-student merit plus per-placement noise), so every listed pair is acceptable;
// capacities are random shares of 0.8 × students.

import Analytics
import DemoData

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The demo's SplitMix64 (small, fast, the same on every platform), with what the bench draws.
extension SplitMix64 {
  /// Uniform in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// Uniform in 0..<n (n > 0).
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

struct Options {
  var students = 200_000
  var placements = 5_000
  var choices = 20
  var seed: UInt64 = 20_240_601
  var skipNaive = false
}

func parseOptions(_ arguments: [String]) -> Options {
  var options = Options()
  var i = 1
  func value(_ name: String) -> Int {
    i += 1
    guard i < arguments.count, let n = Int(arguments[i]), n >= 0 else {
      print("matching-bench: \(name) needs a whole number ≥ 0")
      exit(2)
    }
    return n
  }
  while i < arguments.count {
    switch arguments[i] {
    case "--students": options.students = value("--students")
    case "--placements": options.placements = max(1, value("--placements"))
    case "--choices": options.choices = value("--choices")
    case "--seed": options.seed = UInt64(value("--seed"))
    case "--skip-naive": options.skipNaive = true
    case "-h", "--help":
      print("usage: matching-bench [--students N] [--placements M] [--choices K] [--seed S] [--skip-naive]")
      exit(0)
    default:
      print("matching-bench: unknown argument '\(arguments[i])' (try --help)")
      exit(2)
    }
    i += 1
  }
  options.choices = min(options.choices, options.placements)
  return options
}

func generate(_ o: Options) -> MatchingInstance {
  var rng = SplitMix64(seed: o.seed)
  let s = o.students
  let p = o.placements
  let k = o.choices

  // Student lists: distinct placements, popular ones more likely.
  var preferences = [[Int]]()
  preferences.reserveCapacity(s)
  var listers = [Int](repeating: 0, count: p + 1)
  for _ in 0..<s {
    var list = [Int]()
    list.reserveCapacity(k)
    var attempts = 0
    while list.count < k && attempts < 16 * k {
      let u = rng.unit()
      let choice = min(p - 1, Int(Double(p) * u * u))
      if !list.contains(choice) { list.append(choice) }
      attempts += 1
    }
    var fallback = rng.below(p)
    while list.count < k {  // only when K is close to P: fill from a random offset
      if !list.contains(fallback) { list.append(fallback) }
      fallback = (fallback + 1) % p
    }
    for c in list { listers[c + 1] += 1 }
    preferences.append(list)
  }

  // Rankings: everyone who listed the placement, by merit plus noise, best first.
  for c in 0..<p { listers[c + 1] += listers[c] }
  var fill = Array(listers.dropLast())
  var entries = [(score: Float, student: Int32)](repeating: (0, 0), count: listers[p])
  let merit = (0..<s).map { _ in Float(rng.unit()) }
  for (student, list) in preferences.enumerated() {
    for c in list {
      entries[fill[c]] = (merit[student] + 0.3 * Float(rng.unit()), Int32(student))
      fill[c] += 1
    }
  }
  var rankings = [[Int]]()
  rankings.reserveCapacity(p)
  for c in 0..<p {
    let bucket = entries[listers[c]..<listers[c + 1]].sorted { ($0.score, $1.student) > ($1.score, $0.student) }
    rankings.append(bucket.map { Int($0.student) })
  }

  // Capacities: random shares of 0.8 × students.
  let weights = (0..<p).map { _ in 0.5 + rng.unit() }
  let total = weights.reduce(0, +)
  let capacities = weights.map { Int((0.8 * Double(s) * $0 / total).rounded()) }
  return MatchingInstance(capacities: capacities, studentPreferences: preferences, placementRankings: rankings)
}

func seconds(_ d: Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func cell(_ x: Double) -> String {
  let millis = Int((x * 1000).rounded())
  let whole = millis / 1000
  let frac = String(millis % 1000)
  return "\(whole).\(String(repeating: "0", count: 3 - frac.count))\(frac)"
}

let options = parseOptions(CommandLine.arguments)
let clock = ContinuousClock()
var instance = MatchingInstance(capacities: [], studentPreferences: [], placementRankings: [])
let generation = clock.measure { instance = generate(options) }
let listed = instance.studentPreferences.reduce(0) { $0 + $1.count }
let places = instance.capacities.reduce(0, +)
print(
  "instance: \(options.students) students × \(options.placements) placements × \(options.choices) choices "
    + "(\(listed) listed pairs, \(places) places, seed \(options.seed)); generated in \(cell(seconds(generation))) s")
print("")

var studentOptimal = MatchingResult(placementOf: [], studentsOf: [], choiceRank: [], proposals: 0)
var placementOptimal = studentOptimal
var baseline = studentOptimal
var found = [MatchingViolation]()
let tStudents = clock.measure { studentOptimal = StableMatching.solve(instance, proposing: .students) }
let tPlacements = clock.measure { placementOptimal = StableMatching.solve(instance, proposing: .placements) }
let tViolations = clock.measure { found = StableMatching.violations(instance, studentOptimal) }
let tNaive: Duration? = options.skipNaive ? nil : clock.measure { baseline = StableMatching.naive(instance) }

print("| run | seconds | proposals | matched |")
print("|---|---:|---:|---:|")
print(
  "| solve(.students) | \(cell(seconds(tStudents))) | \(studentOptimal.proposals) | \(studentOptimal.matchedCount) |")
print(
  "| solve(.placements) | \(cell(seconds(tPlacements))) | \(placementOptimal.proposals) "
    + "| \(placementOptimal.matchedCount) |")
print("| violations(student-optimal) | \(cell(seconds(tViolations))) | — | \(found.count) violations |")
if let tNaive {
  print("| naive (baseline) | \(cell(seconds(tNaive))) | \(baseline.proposals) | \(baseline.matchedCount) |")
}
print("")

let sameMatched = zip(studentOptimal.placementOf, placementOptimal.placementOf).allSatisfy {
  ($0 == nil) == ($1 == nil)
}
let sameFill = studentOptimal.studentsOf.map(\.count) == placementOptimal.studentsOf.map(\.count)
let first = studentOptimal.choiceRank.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
print(
  "checks: violations \(found.count); rural hospitals (same students matched, same fill) \(sameMatched && sameFill)")
print("student-optimal: \(first) students got their first choice")
if let tNaive {
  print(
    "naive == solve(.students): \(baseline == studentOptimal); speed-up \(cell(seconds(tNaive) / seconds(tStudents)))×")
}
if !found.isEmpty || !(sameMatched && sameFill) || (!options.skipNaive && baseline != studentOptimal) { exit(1) }
