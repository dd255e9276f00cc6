import Analytics
import AppCore
import Domain
import Localization

/// What if a placement had more (or fewer) places? `i` on the matching tab: the cluster's
/// placements with their capacities, changed here with + and − in a scratch copy, and the
/// stable matching run again beside the matching as the registry stands — both shown, with
/// every student who would move. Nothing is written until `s`, which saves the changed
/// capacities and a new run; Esc leaves everything as it was.
final class WhatIfPage: Page {
  let cluster: String
  let onSaved: (TerminalApp, MatchOutcome) -> Void
  /// The cluster's placements as the registry has them.
  var placements = [(code: String, name: String, capacity: Int)]()
  /// The scratch copy: changed capacities, by placement code.
  var scratch = ScratchCopy(step: 1)
  var capacities: [String: Int] { scratch.values }
  var result: MatchWhatIf?
  var view = ListWithDetail(columns: [], rows: [], split: 0.6)
  var lastHeight = 20

  init(app: TerminalApp, cluster: String, onSaved: @escaping (TerminalApp, MatchOutcome) -> Void) {
    self.cluster = cluster
    self.onSaved = onSaved
    reload(app: app)
  }

  var title: Phrase { tr("what if: the places of \(cluster)'s placements") }

  var hints: [(key: String, action: Phrase)] {
    [
      ("↑↓", tr("placement")), ("+ −", tr("places")), ("0", tr("as registered")), ("s", tr("save")),
      ("Esc", tr("discard")),
    ]
  }

  var help: [(key: String, action: Phrase)] {
    [
      ("↑↓", tr("choose a placement")), ("+ → / − ←", tr("one place more / fewer (in the scratch copy)")),
      ("0", tr("the placement's places as registered")),
      ("s", tr("save the changed places and a new matching run")), ("Esc", tr("discard: nothing written")),
    ]
  }

  func reload(app: TerminalApp) {
    do {
      placements = try app.core.list(.placement, cluster: cluster).compactMap { $0 as? Placement }.map {
        ($0.code, $0.name(in: app.language), $0.capacity)
      }
    } catch {
      app.report(error)
    }
    recompute(app: app)
  }

  func recompute(app: TerminalApp) {
    var options = MatchOptions()
    options.cluster = cluster
    options.explain = false
    do {
      result = try app.core.matchWhatIf(options, capacities: capacities)
    } catch {
      app.report(error)
    }
    let say = app.say
    view.columns = [
      // On a narrow terminal the name goes first: the figures are the point.
      Column(say(tr("placement")), maxWidth: 18), Column(say(tr("name")), maxWidth: 26, minWidth: 14, priority: -1),
      Column(say(tr("places")), alignRight: true, priority: 1),
      Column(say(tr("what if")), alignRight: true, priority: 1),
      Column(say(tr("placed")), alignRight: true, priority: 1),
    ]
    let before = counts(result?.before)
    let after = counts(result?.after)
    view.rows = placements.map { p in
      let changed = capacities[p.code].map { $0 == p.capacity ? "" : "\($0) *" } ?? ""
      let placed = "\(before[p.code] ?? 0) → \(after[p.code] ?? 0)"
      return [p.code, p.name, String(p.capacity), changed, placed]
    }
  }

  /// Students placed at each placement.
  func counts(_ outcome: MatchOutcome?) -> [String: Int] {
    var out = [String: Int]()
    for a in outcome?.assignments ?? [] { out[a.placement, default: 0] += 1 }
    return out
  }

  /// The lines beside the table: the two matchings' figures, then who moves.
  func summary(app: TerminalApp) -> [String] {
    guard let r = result else { return [] }
    let say = app.say
    let delta = r.after.matched - r.before.matched
    let sign = delta > 0 ? "+\(delta)" : String(delta)
    var lines = [
      say(tr("as registered: \(r.before.matched) of \(r.before.students) placed, \(r.before.places) places")),
      say(tr("what if: \(r.after.matched) of \(r.after.students) placed (\(sign)), \(r.after.places) places")),
      say(r.after.stable ? tr("both stable: no blocking pair") : tr("NOT stable")),
      "",
    ]
    if capacities.isEmpty {
      lines.append(say(tr("+ or − changes the selected placement's places")))
    } else if r.moves.isEmpty {
      lines.append(say(tr("nobody would move")))
    } else {
      lines.append(say(tr("students who would move: \(r.moves.count)")))
      let nowhere = say(tr("not placed"))
      for m in r.moves { lines.append("  \(m.student): \(m.from ?? nowhere) → \(m.to ?? nowhere)") }
    }
    return lines
  }

  func draw(on screen: any Screen, in rect: Rect, app: TerminalApp) -> (row: Int, column: Int)? {
    lastHeight = rect.height - 2
    let changed = capacities.filter { code, capacity in placements.first { $0.code == code }?.capacity != capacity }
    let state =
      changed.isEmpty
      ? app.say(tr("scratch copy: nothing changed"))
      : app.say(tr("scratch copy: \(changed.keys.sorted().joined(separator: ", ")) changed — nothing written until s"))
    screen.put(state, row: rect.row, column: rect.column + 1, width: rect.width - 2, style: .header)
    let body = Rect(row: rect.row + 2, column: rect.column, height: rect.height - 2, width: rect.width)
    view.draw(
      on: screen, in: body, detailTitle: app.say(tr("matching")), detail: summary(app: app),
      empty: app.say(tr("no placements in this cluster")))
    return nil
  }

  func handle(_ key: Key, app: TerminalApp) -> Bool {
    let selected = placements[safe: view.list.selected]
    switch key {
    case .escape:
      app.pop()
      app.info(tr("what-if discarded: nothing written"))
    case .character("+"), .right, .character("-"), .character("−"), .left, .character("0"):
      guard let p = selected, scratch.apply(key, code: p.code, registered: p.capacity) else { return true }
      recompute(app: app)
    case .character("s"), .control("s"):
      save(app: app)
    default:
      _ = view.handle(key, height: lastHeight)
    }
    return true
  }

  /// Writes the changed capacities, then runs and saves the matching with them.
  func save(app: TerminalApp) {
    let changes = capacities.filter { code, capacity in placements.first { $0.code == code }?.capacity != capacity }
    guard !changes.isEmpty else {
      app.refuse(tr("nothing changed: + or − changes a placement's places"))
      return
    }
    do {
      for (code, capacity) in changes.sorted(by: { $0.key < $1.key }) {
        _ = try app.core.update(
          .placement, code: code, changes: Record(.placement, ["capacity": .integer(Int64(capacity))]))
      }
      var options = MatchOptions()
      options.cluster = cluster
      let outcome = try app.core.match(options)
      app.pop()
      onSaved(app, outcome)
      app.info(
        tr(
          "saved: the places of \(changes.keys.sorted().joined(separator: ", ")); matching \(outcome.run?.code ?? "") with \(outcome.matched) of \(outcome.students) placed"
        ))
    } catch {
      app.report(error)
    }
  }
}

/// What if a program took more (or fewer) students a year? `i` on the needs tab: the cluster's
/// programs with their annual intake, changed here five at a time in a scratch copy, and the gap
/// run again beside the gap as the registry stands, with every specialty, region and year whose
/// graduates or status change. `s` saves the intakes; Esc leaves everything as it was.
final class IntakeWhatIfPage: Page {
  let cluster: String
  let onSaved: (TerminalApp) -> Void
  var programs = [(code: String, name: String, intake: Int?)]()
  /// The scratch copy: changed intakes, by program code.
  var scratch = ScratchCopy(step: 5)
  var intakes: [String: Int] { scratch.values }
  var result: GapWhatIf?
  var view = ListWithDetail(columns: [], rows: [], split: 0.55)
  var lastHeight = 20
  init(app: TerminalApp, cluster: String, onSaved: @escaping (TerminalApp) -> Void) {
    self.cluster = cluster
    self.onSaved = onSaved
    reload(app: app)
  }

  var title: Phrase { tr("what if: the intake of \(cluster)'s programs") }

  var hints: [(key: String, action: Phrase)] {
    [
      ("↑↓", tr("program")), ("+ −", tr("intake ± 5")), ("0", tr("as registered")), ("s", tr("save")),
      ("Esc", tr("discard")),
    ]
  }

  var help: [(key: String, action: Phrase)] {
    [
      ("↑↓", tr("choose a program")), ("+ → / − ←", tr("five students a year more / fewer (in the scratch copy)")),
      ("0", tr("the program's intake as registered")), ("s", tr("save the changed intakes")),
      ("Esc", tr("discard: nothing written")),
    ]
  }

  func reload(app: TerminalApp) {
    do {
      programs = try app.core.list(.program, cluster: cluster).compactMap { $0 as? Program }.map {
        ($0.code, $0.name(in: app.language), $0.annualIntake)
      }
    } catch {
      app.report(error)
    }
    recompute(app: app)
  }

  func recompute(app: TerminalApp) {
    do {
      result = try app.core.gapWhatIf(GapRequest(cluster: cluster), intakes: intakes)
    } catch {
      app.report(error)
    }
    let say = app.say
    view.columns = [
      Column(say(tr("program")), maxWidth: 18), Column(say(tr("name")), maxWidth: 26, minWidth: 14, priority: -1),
      Column(say(tr("intake")), alignRight: true, priority: 1),
      Column(say(tr("what if")), alignRight: true, priority: 1),
    ]
    view.rows = programs.map { p in
      let changed = intakes[p.code].map { $0 == p.intake ? "" : "\($0) *" } ?? ""
      return [p.code, p.name, p.intake.map(String.init) ?? "—", changed]
    }
  }

  func changed() -> [String: Int] {
    intakes.filter { code, intake in programs.first { $0.code == code }?.intake != intake }
  }

  func summary(app: TerminalApp) -> [String] {
    guard let r = result else { return [] }
    let say = app.say
    func shortages(_ a: GapAnalysis) -> Int { a.rows.filter { $0.status == .shortage }.count }
    var lines = [
      say(tr("as registered: \(shortages(r.before)) shortages")),
      say(tr("what if: \(shortages(r.after)) shortages")), "",
    ]
    if intakes.isEmpty {
      lines.append(say(tr("+ or − changes the selected program's intake")))
    } else if r.changes.isEmpty {
      lines.append(say(tr("no graduates change in the years analysed")))
    } else {
      lines.append(say(tr("rows that change: \(r.changes.count)")))
      for c in r.changes {
        let from = c.before.map { LocalFormat(app.language).number(($0.supply * 10).rounded() / 10) } ?? "—"
        let to = LocalFormat(app.language).number((c.after.supply * 10).rounded() / 10)
        let status =
          c.before?.status == c.after.status
          ? say(c.after.status.title) : "\(c.before.map { say($0.status.title) } ?? "—") → \(say(c.after.status.title))"
        lines.append("  \(c.after.specialty) \(c.after.region) \(c.after.year): \(from) → \(to), \(status)")
      }
    }
    return lines
  }

  func draw(on screen: any Screen, in rect: Rect, app: TerminalApp) -> (row: Int, column: Int)? {
    lastHeight = rect.height - 2
    let changes = changed()
    let state =
      changes.isEmpty
      ? app.say(tr("scratch copy: nothing changed"))
      : app.say(tr("scratch copy: \(changes.keys.sorted().joined(separator: ", ")) changed — nothing written until s"))
    screen.put(state, row: rect.row, column: rect.column + 1, width: rect.width - 2, style: .header)
    let body = Rect(row: rect.row + 2, column: rect.column, height: rect.height - 2, width: rect.width)
    view.draw(
      on: screen, in: body, detailTitle: app.say(tr("gaps")), detail: summary(app: app),
      empty: app.say(tr("no programs in this cluster")))
    return nil
  }

  func handle(_ key: Key, app: TerminalApp) -> Bool {
    let selected = programs[safe: view.list.selected]
    switch key {
    case .escape:
      app.pop()
      app.info(tr("what-if discarded: nothing written"))
    case .character("+"), .right, .character("-"), .character("−"), .left, .character("0"):
      guard let p = selected, scratch.apply(key, code: p.code, registered: p.intake) else { return true }
      recompute(app: app)
    case .character("s"), .control("s"):
      let changes = changed()
      guard !changes.isEmpty else {
        app.refuse(tr("nothing changed: + or − changes a program's intake"))
        return true
      }
      do {
        for (code, intake) in changes.sorted(by: { $0.key < $1.key }) {
          _ = try app.core.update(
            .program, code: code, changes: Record(.program, ["annual_intake": .integer(Int64(intake))]))
        }
        app.pop()
        onSaved(app)
        app.info(tr("saved: the intake of \(changes.keys.sorted().joined(separator: ", "))"))
      } catch {
        app.report(error)
      }
    default:
      _ = view.handle(key, height: lastHeight)
    }
    return true
  }
}

/// The scratch copy of a what-if: changed values by code; + and − (or → ←) move the selected
/// one by `step` (not below 0), 0 puts it back as registered.
struct ScratchCopy {
  var values = [String: Int]()
  let step: Int

  /// Applies a key to the value of `code`; true when the copy changed.
  mutating func apply(_ key: Key, code: String, registered: Int?) -> Bool {
    let now = values[code] ?? registered ?? 0
    switch key {
    case .character("+"), .right: values[code] = now + step
    case .character("-"), .character("−"), .left: values[code] = max(0, now - step)
    case .character("0"): values[code] = nil
    default: return false
    }
    return true
  }
}
