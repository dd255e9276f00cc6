import Domain

public struct PDOptions: Sendable, Hashable, Codable {
  /// Qualification is due this many years after the last one.
  public var years = 3
  /// Also list teachers who fall due within this many days.
  public var horizonDays = 180
  /// Courses a teacher may be assigned.
  public var coursesPerTeacher = 2
  public init() {}
}

public struct TeacherPlan: Sendable, Hashable, Codable {
  public var teacher: String
  public var organization: String
  /// As recorded on the teacher.
  public var lastQualifiedOn: Day?
  /// The later of `lastQualifiedOn` and the latest training that counts (passed, or attended
  /// a formal course), completed on or before the run's day.
  public var qualifiedOn: Day?
  /// The training record behind `qualifiedOn`, when it is later than the recorded date.
  public var qualifiedBy: String?
  public var dueOn: Day?
  /// overdue, due_soon or never_qualified.
  public var status: String
  /// What the gaps are measured against: `subjects` (the outcomes of the programs taught in the
  /// competencies the teacher has on record — the subjects they teach), `specialty` (no subject
  /// taught on record: the outcomes that belong to the teacher's specialty), `programs` (every
  /// outcome of the programs taught) or `nothing` (teaches no program on record).
  public var measuredAgainst: String
  /// Levels raised by counted trainings above what the teacher has recorded (derived, not stored).
  public var derived: [CompetencyLevel]
  public var gaps: [CompetencyGap]
  public var courses: [String]
  /// Gaps the assigned courses do not close.
  public var remaining: [String]
}

public struct PDAnalysis: Sendable, Hashable, Codable {
  public var day: Day
  public var options: PDOptions
  public var plans: [TeacherPlan]
  /// Seats used per course.
  public var seats: [String: Int]
  /// Courses open for assignment: starting between the day and the horizon (or undated), not
  /// ended, with seats.
  public var openCourses: [String]
}

public enum TeacherDevelopment {
  /// Whether a training record counts as qualification: passed, or attended (or completed with
  /// no result recorded) where the course is formal.
  public static func counts(_ record: TrainingRecord, course: Course?) -> Bool {
    switch record.result {
    case .passed: return true
    case .failed: return false
    case .attended, nil: return course?.mode == .formal
    }
  }

  /// A teacher who needs qualification, and why.
  struct Due {
    var teacher: Teacher
    var qualifiedOn: Day?
    var by: String?
    var dueOn: Day?
    var status: String
  }

  /// The teachers never qualified, overdue, or due before `horizon` — most overdue first,
  /// never qualified first of all. A counted training newer than the recorded date counts.
  static func dueTeachers(
    _ teachers: [Teacher], counted: [String: [TrainingRecord]], on day: Day, horizon: Day, years: Int
  ) -> [Due] {
    var due = [Due]()
    for t in teachers {
      let latest = (counted[t.code] ?? []).max { ($0.completedOn, $0.code) < ($1.completedOn, $1.code) }
      var qualified = t.lastQualifiedOn
      var by: String?
      if let latest, qualified.map({ latest.completedOn > $0 }) ?? true {
        qualified = latest.completedOn
        by = latest.code
      }
      guard let last = qualified else {
        due.append(Due(teacher: t, qualifiedOn: nil, by: nil, dueOn: nil, status: "never_qualified"))
        continue
      }
      let next = last.adding(years: years)
      if next <= day {
        due.append(Due(teacher: t, qualifiedOn: last, by: by, dueOn: next, status: "overdue"))
      } else if next <= horizon {
        due.append(Due(teacher: t, qualifiedOn: last, by: by, dueOn: next, status: "due_soon"))
      }
    }
    // Most overdue first; never qualified first of all.
    due.sort { a, b in
      switch (a.dueOn, b.dueOn) {
      case (nil, nil): return a.teacher.code < b.teacher.code
      case (nil, _): return true
      case (_, nil): return false
      case (let x?, let y?): return (x, a.teacher.code) < (y, b.teacher.code)
      }
    }
    return due
  }

  public static func plan(
    teachers: [Teacher], programs: [Program], courses: [Course], trainings: [TrainingRecord] = [], on day: Day,
    options: PDOptions = PDOptions()
  ) -> PDAnalysis {
    let programsByCode = Dictionary(programs.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    let coursesByCode = Dictionary(courses.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    // The competencies of each specialty: every outcome of its programs.
    var specialtyCompetencies = [String: Set<String>]()
    for p in programs {
      guard let s = p.specialty else { continue }
      specialtyCompetencies[s, default: []].formUnion(p.outcomes.map(\.competency))
    }
    var counted = [String: [TrainingRecord]]()
    for t in trainings where t.completedOn <= day && counts(t, course: coursesByCode[t.course]) {
      counted[t.teacher, default: []].append(t)
    }
    let horizon = day.adding(days: options.horizonDays)
    let due = dueTeachers(teachers, counted: counted, on: day, horizon: horizon, years: options.years)
    var seats = [String: Int]()
    var plans = [TeacherPlan]()
    let open = courses.filter { c in
      (c.startsOn.map { $0 >= day && $0 <= horizon } ?? true) && (c.endsOn.map { $0 >= day } ?? true)
        && (c.capacity.map { $0 > 0 } ?? true)
    }.sorted { $0.code < $1.code }
    for entry in due {
      let teacher = entry.teacher
      let taught = teacher.programs.compactMap { programsByCode[$0] }.map { p in
        p.outcomes.map { Requirement(competency: $0.competency, level: $0.level, essential: false) }
      }
      var requirements = SupplyDemand.mergedRequirements(taught)
      var measured = requirements.isEmpty ? "nothing" : "programs"
      // What the teacher teaches: the subjects on record (their competencies) at the level the
      // programs teach them; else the outcomes of their specialty; else every outcome.
      let subjects = Set(teacher.competencies.map(\.competency))
      let bySubject = requirements.filter { subjects.contains($0.competency) }
      if !bySubject.isEmpty {
        requirements = bySubject
        measured = "subjects"
      } else if let s = teacher.specialty, let own = specialtyCompetencies[s] {
        let narrowed = requirements.filter { own.contains($0.competency) }
        if !narrowed.isEmpty {
          requirements = narrowed
          measured = "specialty"
        }
      }
      var held = Fit.levels(teacher.competencies)
      let recorded = held
      // Counted trainings raise the levels their courses teach (derived, not written back).
      for record in counted[teacher.code] ?? [] {
        for r in coursesByCode[record.course]?.raises ?? [] {
          held[r.competency] = max(held[r.competency] ?? 0, r.level)
        }
      }
      let derived = held.filter { ($0.value > (recorded[$0.key] ?? 0)) }.sorted { $0.key < $1.key }.map {
        CompetencyLevel(competency: $0.key, level: $0.value)
      }
      let gaps = Fit.of(held: held, to: requirements).gaps
      let taken = Set((counted[teacher.code] ?? []).map(\.course))
      var assigned = [String]()
      var remaining = gaps
      while assigned.count < options.coursesPerTeacher && !remaining.isEmpty {
        var best: (Course, Int)?
        for c in open where !assigned.contains(c.code) && !taken.contains(c.code) {
          if let cap = c.capacity, (seats[c.code] ?? 0) >= cap { continue }
          let raised = Fit.levels(c.raises)
          let closes = remaining.reduce(0) { sum, g in
            sum + ((raised[g.competency] ?? 0) >= g.required ? g.shortBy : 0)
          }
          if closes > 0 && (best == nil || closes > (best?.1 ?? 0)) { best = (c, closes) }
        }
        guard let (course, _) = best else { break }
        assigned.append(course.code)
        seats[course.code, default: 0] += 1
        for r in course.raises { held[r.competency] = max(held[r.competency] ?? 0, r.level) }
        remaining = remaining.filter { (held[$0.competency] ?? 0) < $0.required }
      }
      plans.append(
        TeacherPlan(
          teacher: teacher.code, organization: teacher.organization, lastQualifiedOn: teacher.lastQualifiedOn,
          qualifiedOn: entry.qualifiedOn, qualifiedBy: entry.by, dueOn: entry.dueOn, status: entry.status,
          measuredAgainst: measured, derived: derived, gaps: gaps, courses: assigned,
          remaining: remaining.map(\.competency)))
    }
    return PDAnalysis(day: day, options: options, plans: plans, seats: seats, openCourses: open.map(\.code))
  }
}

extension Day {
  /// The day `days` later.
  public func adding(days: Int) -> Day {
    var y = year
    var m = month
    var d = day + days
    while d > Day.daysIn(month: m, year: y) {
      d -= Day.daysIn(month: m, year: y)
      m += 1
      if m > 12 {
        m = 1
        y += 1
      }
    }
    while d < 1 {
      m -= 1
      if m < 1 {
        m = 12
        y -= 1
      }
      d += Day.daysIn(month: m, year: y)
    }
    return Day(year: y, month: m, day: d) ?? self
  }
}
