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
  public var lastQualifiedOn: Day?
  public var dueOn: Day?
  /// overdue, due_soon or never_qualified.
  public var status: String
  /// Gaps against the outcomes of the programs the teacher teaches.
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
}

public enum TeacherDevelopment {
  public static func plan(
    teachers: [Teacher], programs: [Program], courses: [Course], on day: Day, options: PDOptions = PDOptions()
  ) -> PDAnalysis {
    let programsByCode = Dictionary(programs.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    let horizon = day.adding(days: options.horizonDays)
    var due = [(Teacher, Day?, String)]()
    for t in teachers {
      guard let last = t.lastQualifiedOn else {
        due.append((t, nil, "never_qualified"))
        continue
      }
      let next = last.adding(years: options.years)
      if next <= day {
        due.append((t, next, "overdue"))
      } else if next <= horizon {
        due.append((t, next, "due_soon"))
      }
    }
    // Most overdue first; never qualified first of all.
    due.sort { a, b in
      switch (a.1, b.1) {
      case (nil, nil): return a.0.code < b.0.code
      case (nil, _): return true
      case (_, nil): return false
      case (let x?, let y?): return (x, a.0.code) < (y, b.0.code)
      }
    }
    var seats = [String: Int]()
    var plans = [TeacherPlan]()
    let open = courses.filter { c in c.endsOn.map { $0 >= day } ?? true }
    for (teacher, dueOn, status) in due {
      let requirements = SupplyDemand.mergedRequirements(
        teacher.programs.compactMap { programsByCode[$0] }.map { p in
          p.outcomes.map { Requirement(competency: $0.competency, level: $0.level, essential: false) }
        })
      var held = Fit.levels(teacher.competencies)
      let gaps = Fit.of(held: held, to: requirements).gaps
      var assigned = [String]()
      var remaining = gaps
      while assigned.count < options.coursesPerTeacher && !remaining.isEmpty {
        var best: (Course, Int)?
        for c in open where !assigned.contains(c.code) {
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
          dueOn: dueOn, status: status, gaps: gaps, courses: assigned, remaining: remaining.map(\.competency)))
    }
    return PDAnalysis(day: day, options: options, plans: plans, seats: seats)
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
