import Analytics
import AppCore
import Domain
import Foundation
import Presentation
import TestSupport
import Testing

@testable import TerminalUI

@Test func clustersListShowsTheDemoClustersAndTheOverview() throws {
  let h = try Harness()
  for code in ["CL-AN-MACH", "CL-NG-BUILD", "CL-TO-ENERGY"] { #expect(h.screen.contains(code)) }
  #expect(h.screen.line(0).contains("EduCluster · clusters"))
  #expect(h.screen.contains("needs against graduates"))
  #expect(h.screen.line(29).contains("Enter open cluster"))
  #expect(h.screen.style(of: "CL-AN-MACH") == .selected)
  h.press(.down)
  #expect(h.screen.style(of: "CL-NG-BUILD") == .selected)
}

@Test func aClusterOpensOnItsMembersAndSwitchesTabs() throws {
  let h = try Harness()
  h.openCluster()
  let page = try #require(h.clusterPage())
  #expect(page.code == "CL-AN-MACH")
  #expect(h.screen.contains("Members"))
  #expect(h.screen.style(of: "Members") == .selected)
  #expect(h.screen.contains("AndMI"))
  #expect(h.screen.contains("Andijan Machine-Building Institute"))
  h.press(.tab)
  #expect(page.tab == .programs)
  #expect(h.screen.style(of: "Programs") == .selected)
  h.press(.backTab, .backTab)
  #expect(page.tab == .indicators)
  #expect(h.screen.contains("graduate employment"))
  h.tab(.projects)
  #expect(h.screen.contains("chain verified"))
  h.tab(.teachers)
  #expect(h.screen.contains("due for qualification"))
  h.tab(.needs)
  #expect(h.screen.contains("shortages"))
  h.press(.character("v"))
  #expect(h.screen.contains("[gaps]"))
  h.tab(.agreements)
  #expect(h.screen.contains("open obligations"))
  // q goes back to the clusters, q again quits.
  h.press(.character("q"))
  #expect(h.app.top is ClustersPage)
  h.press(.character("q"))
  #expect(h.app.finished)
}

@Test func searchFindsAnAndijanInstitutionAndShowsItsDetail() throws {
  let h = try Harness()
  h.press(.character("/"))
  #expect(h.screen.line(29).hasPrefix("search:"))
  h.type("Andijan Machine")
  #expect(h.screen.line(29).contains("Andijan Machine"))
  h.press(.enter)
  #expect(h.app.top is SearchPage)
  #expect(h.screen.contains("Andijan Machine-Building Institute"))
  #expect(h.screen.contains("found for “Andijan Machine”"))
  // Select the organization and open it.
  for _ in 0..<10 where !(h.screen.style(of: "organization") == .selected) { h.press(.down) }
  h.press(.enter)
  #expect(h.app.top is DetailPage)
  #expect(h.screen.contains("AndMI"))
  #expect(h.screen.contains("university"))
  h.press(.escape, .escape)
  #expect(h.app.top is ClustersPage)
}

@Test func searchFoldsUzbekApostrophes() throws {
  let h = try Harness()
  h.press(.character("/"))
  h.type("turaqorgon\n")
  #expect(h.screen.contains("Turaqo‘rg‘on"))
}

@Test func addingAnAgreementValidatesFirstAndWritesOnlyOnSave() throws {
  let h = try Harness()
  h.openCluster()
  h.tab(.agreements)
  h.press(.character("a"))
  let form = try #require((h.app.top as? FormPage)?.form)
  #expect(h.screen.contains("Add agreement"))
  #expect(form.value("cluster") == "CL-AN-MACH")
  h.type("AG-TUI-1\t")
  h.press(.right)  // kind: the first choice
  h.type("\tENT-AAC\tVC-ASA\t\t2025-13-01")
  #expect(h.screen.contains("'2025-13-01' is not a date YYYY-MM-DD"))
  #expect(h.screen.style(of: "✗ '2025-13-01'") == .error)
  h.press(.control("s"))
  #expect(h.screen.contains("not saved: 1 field to fix"))
  #expect(throws: AppError.self) { try h.core.show(.agreement, code: "AG-TUI-1") }
  for _ in 0..<10 { h.press(.backspace) }
  h.type("2025-11-01")
  #expect(!h.screen.contains("is not a date"))
  h.press(.control("s"))
  #expect(h.app.top is ClusterPage)
  #expect(h.screen.contains("added agreement AG-TUI-1"))
  let saved = try h.core.show(.agreement, code: "AG-TUI-1").record
  #expect(saved["customer"] == .text("ENT-AAC"))
  #expect(saved["signed_on"] == .text("2025-11-01"))
  #expect(saved["kind"] == .text("dual_education"))
  #expect(saved["cluster"] == .text("CL-AN-MACH"))
}

@Test func escapeLeavesTheFormWithoutWriting() throws {
  let h = try Harness()
  h.openCluster()
  h.tab(.agreements)
  h.press(.character("a"))
  h.type("AG-NEVER\t")
  h.press(.right)
  h.type("\tENT-AAC\tVC-ASA")
  h.press(.escape)
  #expect(h.app.top is ClusterPage)
  #expect(h.screen.contains("cancelled: nothing written"))
  #expect(throws: AppError.self) { try h.core.show(.agreement, code: "AG-NEVER") }
}

@Test func editingChangesOnlyTheEditedFields() throws {
  let h = try Harness()
  h.openCluster()
  h.tab(.agreements)
  let page = try #require(h.clusterPage())
  let code = try #require(page.selectedCode)
  let before = try h.core.show(.agreement, code: code).record
  h.press(.character("e"))
  let form = try #require((h.app.top as? FormPage)?.form)
  #expect(h.screen.contains("Edit agreement \(code)"))
  form.focus(on: "status")
  h.press(.control("u"))
  h.type("terminated")
  h.press(.control("s"))
  #expect(h.screen.contains("saved agreement \(code)"))
  let after = try h.core.show(.agreement, code: code).record
  #expect(after["status"] == .text("terminated"))
  #expect(after["customer"] == before["customer"])
  #expect(after.rows("obligations") == before.rows("obligations"))
}

@Test func deleteAsksFirst() throws {
  let h = try Harness()
  try h.core.add(
    Record(
      .agreement,
      [
        "code": .text("AG-ZZZ"), "kind": .text("research"), "customer": .text("ENT-AAC"),
        "provider": .text("AndMI"), "cluster": .text("CL-AN-MACH"),
      ]))
  h.openCluster()
  h.tab(.agreements)
  h.press(.end)
  let code = try #require(h.clusterPage()?.selectedCode)
  #expect(code == "AG-ZZZ")
  h.press(.character("d"))
  #expect(h.screen.contains("Delete agreement AG-ZZZ?"))
  h.press(.character("n"))
  #expect(h.screen.contains("nothing changed"))
  _ = try h.core.show(.agreement, code: code)
  h.press(.character("d"), .character("y"))
  #expect(h.screen.contains("deleted agreement AG-ZZZ"))
  #expect(throws: AppError.self) { try h.core.show(.agreement, code: code) }
}

@Test func deletingAReferencedRecordIsRefusedWithTheStoreMessage() throws {
  let h = try Harness()
  h.openCluster()
  h.tab(.programs)
  let code = try #require(h.clusterPage()?.selectedCode)
  h.press(.character("d"), .character("y"))
  #expect(h.app.message?.isError == true)
  #expect(h.screen.line(29).contains(code))
  _ = try h.core.show(.program, code: code)
}

@Test func matchingRunsAndAssignmentsMoveThroughTheirStates() throws {
  let h = try Harness()
  h.openCluster()
  h.tab(.matching)
  #expect(h.screen.contains("no matching runs yet"))
  h.press(.character("m"))
  #expect(h.screen.contains("saved:"))
  let runs = try h.core.matchRuns()
  #expect(runs.count == 1)
  let run = try #require(runs.first)
  let page = try #require(h.clusterPage())
  let student = try #require(page.selectedCode)
  // proposed → confirmed is not allowed: the store's message is shown.
  h.press(.character("c"))
  #expect(h.app.message?.isError == true)
  h.press(.character("o"))
  #expect(h.screen.contains("offered"))
  h.press(.character("c"))
  let assignment = try #require(try h.core.matchAssignments(run: run.code).1.first { $0.student == student })
  #expect(assignment.state == .confirmed)
  #expect(h.screen.contains("1 confirmed"))
  h.press(.character("f"))
  #expect(try h.core.matchAssignments(run: run.code).1.first { $0.student == student }?.state == .completed)
  #expect(h.screen.contains("nowhere: final"))
  h.press(.down, .character("w"))
  let withdrawn = try h.core.matchAssignments(run: run.code).1.filter { $0.state == .withdrawn }
  #expect(withdrawn.count == 1)
}

@Test func helpOverlayListsTheKeysAndClosesOnAnyKey() throws {
  let h = try Harness()
  h.openCluster()
  h.press(.character("?"))
  #expect(h.screen.contains("Keys — CL-AN-MACH"))
  #expect(h.screen.contains("search every entity"))
  h.press(.character("x"))
  #expect(!h.screen.contains("search every entity"))
  #expect(h.app.top is ClusterPage)
}

@Test func tooSmallAndResize() throws {
  let h = try Harness(rows: 24, columns: 80)
  h.openCluster()
  #expect(h.screen.contains("Members"))
  #expect(h.screen.contains("Indicators"))
  h.screen.resize(rows: 20, columns: 70)
  h.press(.resize)
  #expect(h.screen.contains("terminal too small"))
  #expect(h.screen.contains("70×20"))
  h.screen.resize(rows: 40, columns: 140)
  h.press(.resize)
  #expect(h.screen.contains("Placements & matching"))
  #expect(h.app.top is ClusterPage)
}

@Test func refreshSeesWritesFromAnotherConnection() throws {
  let h = try Harness()
  h.openCluster()
  h.tab(.agreements)
  let other = try EduCluster(path: h.core.path, frontend: .test)
  try other.add(
    Record(
      .agreement,
      [
        "code": .text("AG-OTHER"), "kind": .text("research"), "customer": .text("ENT-AAC"),
        "provider": .text("AndMI"), "cluster": .text("CL-AN-MACH"),
      ]))
  #expect(!h.screen.contains("AG-OTHER"))
  h.press(.character("r"))
  #expect(h.screen.contains("AG-OTHER"))
}

@Test func aLedgerEntryIsAppendedFromTheProjectsTabAndTheChainStillVerifies() throws {
  let h = try Harness()
  h.openCluster()
  h.tab(.projects)
  h.press(.character("v"))
  #expect(h.screen.contains("[ledger]"))
  let before = try h.core.ledger().count
  h.press(.character("a"))
  let form = try #require((h.app.top as? FormPage)?.form)
  #expect(form.value("hash") == nil)
  form.set("date", "2026-01-15")
  form.set("from", "GOV-AN-KH")
  form.set("to", "AndMI")
  form.set("amount", "250000000")
  form.set("project", "PRJ-AN-CNC")
  form.set("purpose", "Uskunalar uchun to‘lov")
  #expect(form.record != nil, "\(form.errors) \(form.formError ?? "")")
  h.press(.control("s"))
  #expect(h.app.top is ClusterPage)
  let ledger = try h.core.ledger()
  #expect(ledger.count == before + 1)
  #expect(ledger.last?.purpose == "Uskunalar uchun to‘lov")
  #expect(try h.core.verifyLedger().ok)
  // Entries cannot be edited or deleted.
  h.press(.character("e"))
  #expect(h.screen.contains("append-only"))
}

@Test(arguments: [
  EntityKind.membership, .program, .need, .placement, .agreement, .project, .teacher, .training, .student, .cohort,
  .organization, .cluster, .course,
])
func anEditFormOfAnExistingRecordIsValidAndChangesNothing(kind: EntityKind) throws {
  let h = try Harness()
  let entity = try #require(try h.core.list(kind, limit: 1).first)
  let full = try h.core.show(kind, code: entity.code)
  let form = FormModel(kind: kind, mode: .edit(code: entity.code, original: full.record)) { k, code in
    (try? h.core.show(k, code: code)) != nil
  }
  #expect(form.record != nil, "\(form.errors) \(form.formError ?? "")")
  let changes = try #require(form.changes)
  #expect(changes.values.isEmpty, "\(changes.values)")
  #expect(changes.children.isEmpty, "\(changes.children)")
}

/// The clusters page shows each cluster's balance exactly as `gap` computes it (issue #10).
@Test func theClusterOverviewAgreesWithTheGapAnalysis() throws {
  let h = try Harness()
  for overview in try h.core.overview() {
    let year = try #require(overview.year)
    var options = GapOptions()
    options.fromYear = year
    options.toYear = year
    let gap = try h.core.gap(GapRequest(options: options, cluster: overview.code))
    let lines = ClustersPage.lines(overview)
    #expect(!gap.rows.isEmpty)
    for row in gap.rows {
      let expected =
        "  \(row.specialty) \(row.specialtyName), \(row.region): \(row.demand) needed, \(Int(row.supply.rounded())) graduates — \(row.status.words)"
      #expect(lines.contains(expected), "\(overview.code): \(expected)")
    }
  }
}

/// Another program's write appears without `r`, on the next poll, and the selection stays;
/// while the user types into the search prompt the reload waits.
@Test func anotherProgramsWriteAppearsWithoutRefreshKeepingTheSelection() throws {
  let h = try Harness()
  h.press(.down)
  #expect(h.screen.style(of: "CL-NG-BUILD") == .selected)
  #expect(!h.app.poll())  // nothing changed yet
  let other = try EduCluster(path: h.dir.appendingPathComponent("demo.sqlite").path, frontend: .test)
  _ = try other.add(
    Record(.cluster, ["code": .text("CL-ZZ-NEW"), "name": .text("Written elsewhere"), "region": .text("UZ-AN")]))
  #expect(!h.screen.contains("CL-ZZ-NEW"))
  #expect(h.app.poll())
  h.app.render(on: h.screen)
  #expect(h.screen.contains("CL-ZZ-NEW"))
  #expect(h.screen.style(of: "CL-NG-BUILD") == .selected)
  #expect(!h.app.poll())  // seen
  // The search prompt is open: the next change waits until it closes.
  h.press(.character("/"))
  _ = try other.add(
    Record(.cluster, ["code": .text("CL-ZZ-TWO"), "name": .text("Second"), "region": .text("UZ-AN")]))
  #expect(!h.app.poll())
  h.press(.escape)
  #expect(h.app.poll())
  h.app.render(on: h.screen)
  #expect(h.screen.contains("CL-ZZ-TWO"))
}

/// The indicators and gap views take a year: `[` and `]` step through them.
@Test func indicatorsAndGapsSwitchYears() throws {
  let h = try Harness()
  h.openCluster()
  h.tab(.indicators)
  let shown = try #require(h.text.firstMatch(of: /for (\d{4}) — computed/)?.1).description
  let year = try #require(Int(shown))
  h.press(.character("["))
  #expect(h.screen.contains("for \(year - 1) — computed"))
  h.press(.character("]"), .character("]"))
  #expect(h.screen.contains("for \(year + 1) — computed"))
  // The gaps: all years at first, then one at a time, and back to all past the end.
  h.tab(.needs)
  h.press(.character("v"))
  #expect(h.screen.contains("all years"))
  let page = try #require(h.clusterPage())
  let tab = try #require(page.views[ClusterTab.needs.rawValue] as? NeedsTab)
  let years = tab.years
  #expect(years.count > 1)
  h.press(.character("]"))
  #expect(h.screen.contains("\(years[0]) only"))
  // Every row shown is of that year.
  #expect(page.content.rows.allSatisfy { $0[2] == String(years[0]) })
  h.press(.character("["))
  #expect(h.screen.contains("all years"))
  h.press(.character("["))
  #expect(h.screen.contains("\(years[years.count - 1]) only"))
}

/// After `m`, `u` reviews the run: who was not placed and why, places left free and why, and a
/// student's choices; `s` shows one state at a time.
@Test func matchingReviewShowsTheUnplacedWithReasonsAndFiltersByState() throws {
  let h = try Harness()
  h.openCluster()
  h.tab(.matching)
  h.press(.character("m"))
  let run = try #require(try h.core.matchRuns().last)
  h.press(.character("u"))
  #expect(h.screen.contains("review of run \(run.code)"))
  let page = try #require(h.clusterPage())
  let tab = try #require(page.views[ClusterTab.matching.rawValue] as? MatchingTab)
  let outcome = try #require(tab.outcome)
  // One row per student not placed and per placement with free places, with the reason.
  #expect(page.content.rows.count == outcome.unmatched.count + outcome.unfilled.count)
  #expect(h.screen.contains("\(outcome.matched) of \(outcome.students) placed"))
  if let first = outcome.unmatched.first {
    #expect(page.content.rows[0] == [first.student, "unplaced", Rendering.words(first.reason)])
    #expect(page.content.detail(0).lines.contains("choices:"))
  }
  #expect(!outcome.unmatched.isEmpty || !outcome.unfilled.isEmpty, "the demo cluster leaves someone out")
  // Back to the assignments; `s` shows only the proposed ones (all of them, just after the run).
  h.press(.character("u"))
  #expect(h.screen.contains("run \(run.code) (1 of 1)"))
  h.press(.character("s"))
  #expect(h.screen.contains("showing proposed"))
  #expect(page.content.rows.count == outcome.matched)
  h.press(.character("s"))
  #expect(h.screen.contains("showing offered"))
  #expect(page.content.rows.isEmpty)
}

/// F2 on a reference field opens a pick list of the kind it refers to, filtered as you type
/// with search's folding; Enter fills the code, Esc leaves the field as it was.
@Test func aPickListFillsAReferenceField() throws {
  let h = try Harness()
  h.openCluster()
  h.tab(.agreements)
  h.press(.character("a"))
  let form = try #require((h.app.top as? FormPage)?.form)
  h.type("AG-PICK-1\t")
  h.press(.right, .tab)  // kind chosen; on to the customer, a reference to an organization
  #expect(form.focusedReference == .organization)
  h.press(.function(2))
  let pick = try #require(h.app.top as? PickListPage)
  #expect(h.screen.contains("choose organization"))
  let everyone = pick.shown.count
  h.type("aac")
  #expect(pick.shown.count < everyone)
  #expect(pick.shown.allSatisfy { pick.all[$0].words.contains { $0.hasPrefix("aac") } })
  #expect(h.screen.contains("ENT-AAC"))
  h.press(.escape)  // back: nothing filled
  #expect(h.app.top is FormPage)
  #expect(form.value("customer") == "")
  h.press(.control("p"))
  h.type("aac")
  let code = pick.all.isEmpty ? "" : ((h.app.top as? PickListPage).map { $0.all[$0.shown[0]].code } ?? "")
  h.press(.enter)
  #expect(h.app.top is FormPage)
  #expect(form.value("customer") == code)
  #expect(code.hasPrefix("ENT-AAC") || code.lowercased().contains("aac"))
  #expect(form.errors["customer"] == nil)
}

/// In a terminal the clusters' overview (a gap analysis per cluster) is computed on another
/// thread: the first screen lists the clusters at once and says the overview is coming, keys
/// work meanwhile, and the overview appears when it is done.
@Test func theFirstScreenDoesNotWaitForTheOverview() throws {
  let database = try TestDatabase("educluster-tui-bg", file: "demo.sqlite", user: nil)
  defer { try? FileManager.default.removeItem(at: database.dir) }
  let app = TerminalApp(core: database.app, loadsInBackground: true)
  let screen = MemoryScreen(rows: 30, columns: 100)
  app.render(on: screen)
  for code in ["CL-AN-MACH", "CL-NG-BUILD", "CL-TO-ENERGY"] { #expect(screen.contains(code)) }
  #expect(app.isWorking)
  #expect(screen.contains("computing the overview") || !app.isWorking)
  app.handle(.down)
  app.render(on: screen)
  #expect(screen.style(of: "CL-NG-BUILD") == .selected)
  let start = Date()
  while app.isWorking && Date().timeIntervalSince(start) < 30 {
    if app.collectBackgroundWork() { app.render(on: screen) }
    Thread.sleep(forTimeInterval: 0.01)
  }
  #expect(!app.isWorking)
  #expect(screen.contains("needs against graduates"))
  #expect(!screen.contains("computing the overview"))
  #expect(screen.style(of: "CL-NG-BUILD") == .selected)
  // Enter opens the selected cluster, as without background work.
  app.handle(.enter)
  #expect((app.top as? ClusterPage)?.code == "CL-NG-BUILD")
}

/// In a terminal the indicators tab computes on another thread: it says so at once, keys work
/// meanwhile, a result that comes after the user moved on is dropped, and the figures appear
/// when they are ready.
@Test func theIndicatorsTabDoesNotBlockTheKeys() throws {
  let database = try TestDatabase("educluster-tui-ind", file: "demo.sqlite", user: nil)
  defer { try? FileManager.default.removeItem(at: database.dir) }
  let app = TerminalApp(core: database.app, loadsInBackground: true)
  let screen = MemoryScreen(rows: 30, columns: 100)
  func settle() {
    let start = Date()
    while app.isWorking && Date().timeIntervalSince(start) < 30 {
      if app.collectBackgroundWork() { app.render(on: screen) }
      Thread.sleep(forTimeInterval: 0.01)
    }
    app.render(on: screen)
  }
  settle()
  app.handle(.enter)
  let page = try #require(app.top as? ClusterPage)
  app.handle(.character("8"))
  app.render(on: screen)
  // Results are applied only when the loop collects them, so this is the screen before.
  #expect(page.tab == .indicators)
  #expect(screen.contains("computing the indicators…"))
  #expect(!screen.contains("— computed, read-only"))
  // The user goes back to the members before the figures come: they must not replace them.
  app.handle(.character("1"))
  settle()
  #expect(page.tab == .members)
  #expect(!screen.contains("— computed, read-only"))
  #expect(!screen.contains("computing the indicators…"))
  #expect(!page.content.rows.isEmpty)
  // And back to the indicators, waiting this time: the figures replace the message.
  app.handle(.character("8"))
  settle()
  #expect(screen.contains("— computed, read-only"))
  #expect(!screen.contains("computing the indicators…"))
  #expect(page.content.codes.contains("graduate_employment"))
  // `[` steps to the year before; the old figures stay until the new ones come.
  let shown = try #require(screen.text.firstMatch(of: /for (\d{4}) — computed/)?.1).description
  app.handle(.character("["))
  app.render(on: screen)
  #expect(screen.contains("for \(shown) — computed"))
  settle()
  #expect(screen.contains("for \((Int(shown) ?? 0) - 1) — computed"))
}

/// A child list opens as a table (Enter on it in a form): cells with Tab, rows with Ctrl-N, a
/// reference picked with F2, a wrong cell refused as it is typed, a row deleted with Ctrl-D;
/// Enter gives the list back to the form, Esc leaves it as it was. The program is saved with
/// its three outcomes.
@Test func aListEditorGivesAProgramThreeOutcomes() throws {
  let h = try Harness()
  h.openCluster()
  h.tab(.programs)
  h.press(.character("a"))
  let form = try #require((h.app.top as? FormPage)?.form)
  form.set("code", "AndMI-B-LIST")
  form.set("name", "Welding and drawing")
  form.set("organization", "AndMI")
  form.set("level", "bachelor")
  form.focus(on: "outcomes")
  #expect(form.focusedList?.name == "outcomes")
  h.press(.enter)
  let editor = try #require((h.app.top as? ListEditorPage)?.editor)
  #expect(h.screen.contains("edit the list outcomes"))
  #expect(h.screen.contains("*competency") && h.screen.contains("*level") && h.screen.contains("hours"))
  // Row 1, typed: C-WELD, level 4, 320 hours.
  h.type("C-WELD\t4\t320")
  #expect(editor.rows == [["C-WELD", "4", "320"]])
  #expect(editor.errors.isEmpty)
  // Row 2: the competency picked from a list filtered by "draw".
  h.press(.control("n"))
  h.press(.function(2))
  let pick = try #require(h.app.top as? PickListPage)
  h.type("drawing")
  #expect(pick.shown.count >= 1)
  h.press(.enter)
  #expect(h.app.top is ListEditorPage)
  #expect(editor.rows[1][0] == "C-DRAW")
  h.type("\t2")
  // Row 3: a wrong level is refused as it is typed, under its row.
  h.press(.control("n"))
  h.type("C-CAD\tx")
  #expect(editor.errors[2] == "'x' is not a whole number")
  #expect(h.screen.contains("✗ 'x' is not a whole number"))
  #expect(h.screen.contains("1 row to fix"))
  h.press(.backspace)
  h.type("3")
  #expect(editor.errors.isEmpty)
  // Row 4, unknown competency, then deleted.
  h.press(.control("n"))
  h.type("C-NOPE")
  #expect(editor.errors[3] == "no competency with code 'C-NOPE'")
  h.press(.control("d"))
  #expect(editor.rows.count == 3)
  #expect(h.screen.contains("3 rows, all valid"))
  h.press(.enter)
  #expect(h.app.top is FormPage)
  #expect(form.value("outcomes") == "C-WELD:4:320; C-DRAW:2; C-CAD:3")
  // Esc in the editor leaves the list as it was.
  h.press(.enter)
  h.press(.control("d"))
  h.press(.escape)
  #expect(form.value("outcomes") == "C-WELD:4:320; C-DRAW:2; C-CAD:3")
  h.press(.control("s"))
  let saved = try h.core.show(.program, code: "AndMI-B-LIST").record.rows("outcomes")
  #expect(saved.map { $0["competency"].plain } == ["C-WELD", "C-DRAW", "C-CAD"])
  #expect(saved.map { $0["level"].plain } == ["4", "2", "3"])
}

/// Ordered lists (a student's preferences) move rows with PgUp / PgDn: first choice first.
@Test func aListEditorReordersPreferences() throws {
  let model = ListEditorModel(
    list: try #require(EntityKind.student.schema.children.first { $0.name == "preferences" }), kind: .student,
    text: "PL-A; PL-B; PL-C", exists: { _, _ in true })
  #expect(model.ordered)
  #expect(model.rows == [["PL-A"], ["PL-B"], ["PL-C"]])
  _ = model.handle(.down)
  _ = model.handle(.down)
  _ = model.handle(.pageUp)
  _ = model.handle(.pageUp)
  _ = model.handle(.pageUp)  // at the top: stays
  #expect(model.text == "PL-C; PL-A; PL-B")
  _ = model.handle(.pageDown)
  #expect(model.text == "PL-A; PL-C; PL-B")
  #expect(model.row == 1)
  // Choices and booleans cycle with ← →; empty rows are dropped from the text.
  let skills = ListEditorModel(
    list: try #require(EntityKind.occupation.schema.children.first { $0.name == "skills" }), kind: .occupation,
    text: "", exists: { _, _ in true })
  #expect(skills.rows == [["", ""]])
  #expect(skills.text == "")
  for key in Key.typing("C-WELD\t") { _ = skills.handle(key) }
  _ = skills.handle(.right)
  #expect(skills.text == "C-WELD:true")
  _ = skills.handle(.right)
  #expect(skills.text == "C-WELD:false")
  #expect(skills.handle(.escape) == .cancel)
  #expect(skills.handle(.enter) == .done)
}

/// What-if on the matching tab (`i`): one more place at a placement that turned a student
/// away, the matching again beside the registry's, who moves; Esc writes nothing, `s` saves the
/// place and a new run.
@Test func aWhatIfRaisesAPlacementsPlacesAndSavesOnlyWhenAsked() throws {
  let h = try Harness()
  // A placement that was full for a student who wanted it, as the review explains.
  var options = MatchOptions()
  options.cluster = "CL-AN-MACH"
  options.save = false
  let dry = try h.core.match(options)
  let full = try #require(
    dry.explanations.lazy.flatMap(\.choices).first { $0.outcome == "fullOfHigherRanked" }?.placement)
  let before = try #require(try h.core.show(.placement, code: full) as? Placement).capacity
  h.openCluster()
  h.tab(.matching)
  h.press(.character("i"))
  let page = try #require(h.app.top as? WhatIfPage)
  #expect(h.screen.contains("scratch copy: nothing changed"))
  #expect(h.screen.contains("as registered: \(dry.matched) of \(dry.students) placed"))
  let row = try #require(page.placements.firstIndex { $0.code == full })
  for _ in 0..<row { h.press(.down) }
  h.press(.character("+"))
  let result = try #require(page.result)
  #expect(result.after.places == result.before.places + 1)
  #expect(result.after.matched >= result.before.matched)
  #expect(!result.moves.isEmpty)
  #expect(h.screen.contains("scratch copy: \(full) changed — nothing written until s"))
  #expect(h.screen.contains("students who would move: \(result.moves.count)"))
  #expect(h.screen.contains("\(before + 1) *"))
  // Esc: nothing written.
  h.press(.escape)
  #expect(h.screen.contains("what-if discarded: nothing written"))
  #expect((try h.core.show(.placement, code: full) as? Placement)?.capacity == before)
  #expect(try h.core.matchRuns().isEmpty)
  // Again, and save: the place and a run with the what-if's figures.
  h.press(.character("i"))
  let again = try #require(h.app.top as? WhatIfPage)
  for _ in 0..<row { h.press(.down) }
  h.press(.character("+"))
  let expected = try #require(again.result).after.matched
  h.press(.character("s"))
  #expect(h.app.top is ClusterPage)
  #expect((try h.core.show(.placement, code: full) as? Placement)?.capacity == before + 1)
  let runs = try h.core.matchRuns()
  #expect(runs.count == 1)
  #expect(runs.first?.matched == expected)
  #expect(h.screen.contains("saved: the places of \(full); matching"))
}

/// At 80×24 the tabs keep what matters whole: an assignment's state, an agreement's status, a
/// project's budget — columns of less weight (rank, kind, funding source) are hidden instead.
@Test func at80x24TheTabsHideColumnsRatherThanCutTheState() throws {
  let h = try Harness(rows: 24, columns: 80)
  h.openCluster()
  h.tab(.matching)
  h.press(.character("m"))
  #expect(h.screen.line(3).contains("state"), "\(h.screen.line(3))")
  #expect(h.screen.contains(" proposed "))
  #expect(!h.screen.line(3).contains("rank"))
  h.tab(.agreements)
  #expect(h.screen.line(3).contains("status"), "\(h.screen.line(3))")
  #expect(h.screen.contains(" active "))
  h.tab(.projects)
  #expect(h.screen.line(3).contains("budget"), "\(h.screen.line(3))")
  #expect(h.screen.contains("350000000000"))
}

/// What-if on the needs tab (`i`): a program's intake five at a time, the gap again beside the
/// registry's with the rows that change; Esc writes nothing, `s` saves the intake.
@Test func aWhatIfOfAProgramsIntakeShowsTheGapsChange() throws {
  let h = try Harness()
  h.openCluster()
  h.tab(.needs)
  h.press(.character("i"))
  let page = try #require(h.app.top as? IntakeWhatIfPage)
  #expect(h.screen.contains("what if: the intake of CL-AN-MACH's programs"))
  let row = try #require(page.programs.firstIndex { ($0.intake ?? 0) > 0 })
  let program = page.programs[row]
  for _ in 0..<row { h.press(.down) }
  h.press(.character("+"), .character("+"))
  let result = try #require(page.result)
  #expect(!result.changes.isEmpty)
  #expect(result.changes.allSatisfy { ($0.before?.supply ?? 0) < $0.after.supply })
  #expect(h.screen.contains("\((program.intake ?? 0) + 10) *"))
  #expect(h.screen.contains("rows that change: \(result.changes.count)"))
  h.press(.escape)
  #expect((try h.core.show(.program, code: program.code) as? Program)?.annualIntake == program.intake)
  h.press(.character("i"))
  for _ in 0..<row { h.press(.down) }
  h.press(.character("+"), .character("s"))
  #expect((try h.core.show(.program, code: program.code) as? Program)?.annualIntake == (program.intake ?? 0) + 5)
  #expect(h.screen.contains("saved: the intake of \(program.code)"))
}
