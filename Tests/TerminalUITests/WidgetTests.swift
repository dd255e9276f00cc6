import Domain
import Localization
import Presentation
import Testing

@testable import TerminalUI

@Test func memoryScreenMeasuresByDisplayWidth() {
  let screen = MemoryScreen(rows: 3, columns: 12)
  screen.put("Jo‘rayev", row: 0, column: 0, style: .normal)
  screen.put("漢字ab", row: 1, column: 0, style: .header)
  screen.put("Ўзбекистон Республикаси", row: 2, column: 0, style: .normal)
  #expect(screen.line(0) == "Jo‘rayev")
  // Wide characters take two cells each: the right half is an empty cell.
  #expect(screen.cells[1][0].text == "漢")
  #expect(screen.cells[1][1].text == "")
  #expect(screen.cells[1][4].text == "a")
  #expect(screen.line(1) == "漢字ab")
  // Clipped at the right edge, never wrapped.
  #expect(screen.line(2) == "Ўзбекистон Р")
  #expect(screen.style(of: "字") == .header)
}

@Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
  let screen = MemoryScreen(rows: 1, columns: 6)
  screen.put("漢字", row: 0, column: 0, style: .normal)
  screen.put("x", row: 0, column: 1, style: .normal)
  #expect(screen.line(0) == " x字")
  // A wide character that does not fit at the edge is not drawn.
  screen.put("漢", row: 0, column: 5, style: .normal)
  #expect(screen.line(0) == " x字")
}

@Test func tableColumnsAlignByDisplayWidth() {
  let screen = MemoryScreen(rows: 5, columns: 60)
  var state = ListState()
  let rows = [
    ["ST-1", "Sanjarbek To‘xtayev", "10"], ["ST-2", "Шахноза Жўраева", "7"], ["ST-3", "G‘ayrat Oʻrinov", "12"],
  ]
  TableView.draw(
    on: screen, in: Rect(row: 0, column: 0, height: 5, width: 60),
    columns: [Column("code"), Column("name"), Column("score", alignRight: true)], rows: rows, state: &state)
  #expect(screen.line(0).hasPrefix("code name"))
  // The score column ends at the same cell on every row.
  let ends = (1...3).map { r in screen.cells[r].lastIndex { $0.text != " " } }
  #expect(Set(ends).count == 1)
  #expect(screen.style(of: "ST-1") == .selected)
  #expect(screen.style(of: "ST-2") == .normal)
}

@Test func listScrollsToKeepTheSelectionVisible() {
  let screen = MemoryScreen(rows: 6, columns: 30)
  var state = ListState()
  let rows = (1...50).map { ["row \($0)"] }
  for _ in 0..<20 { _ = state.handle(.down, count: rows.count, page: 5) }
  TableView.draw(
    on: screen, in: Rect(row: 0, column: 0, height: 6, width: 30), columns: [Column("item")], rows: rows,
    state: &state)
  #expect(state.selected == 20)
  #expect(screen.contains("row 21"))
  #expect(!screen.contains("row 2 "))
  #expect(screen.line(0).hasSuffix("21/50"))
  _ = state.handle(.end, count: rows.count, page: 5)
  #expect(state.selected == 49)
  _ = state.handle(.character("g"), count: rows.count, page: 5)
  #expect(state.selected == 0)
}

@Test func wrapBreaksAtSpacesAndKeepsTheIndent() {
  let lines = Cells.wrap("  one two three four five", width: 12)
  #expect(lines.allSatisfy { Cells.width($0) <= 12 })
  #expect(lines.first == "  one two")
  #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("  ") })
}

@Test func tabBarFallsBackToShortLabelsAt80Columns() {
  let labels = ClusterTab.allCases.map { ($0.label.long.description, $0.label.short.description) }
  let screen = MemoryScreen(rows: 1, columns: 80)
  TabBar.draw(on: screen, row: 0, width: 80, labels: labels, active: 3)
  #expect(screen.contains("Indicators"))
  #expect(screen.style(of: "Matching") == .selected)
  let wide = MemoryScreen(rows: 1, columns: 140)
  TabBar.draw(on: wide, row: 0, width: 140, labels: labels, active: 0)
  #expect(wide.contains("Placements & matching"))
}

@Test func keysFromTyping() {
  #expect(Key.typing("a\n\t\u{13}") == [.character("a"), .enter, .tab, .control("s")])
}

@Test func formValidatesAsYouType() throws {
  let known: Set<String> = ["ENT-AAC", "VC-ASA", "CL-AN-MACH"]
  let form = FormModel(kind: .agreement, mode: .add, prefill: ["cluster": "CL-AN-MACH"]) { _, code in
    known.contains(code)
  }
  #expect(form.record == nil)
  // Nothing shown before anything is typed.
  #expect(form.visibleErrors.isEmpty)
  form.set("signed_on", "2025-13-01")
  #expect(form.visibleError("signed_on")?.contains("date") == true)
  form.set("customer", "NO-SUCH")
  #expect(form.visibleError("customer") == "no organization with code 'NO-SUCH'")
  form.set("customer", "ENT-AAC")
  form.set("provider", "VC-ASA")
  form.set("code", "AG-1")
  form.set("kind", "internship")
  form.set("signed_on", "2025-11-01")
  form.set("valid_until", "2025-01-01")
  // The domain's own rule: the end is not before the start.
  #expect(form.visibleError("valid_until") != nil)
  form.set("valid_until", "2026-11-01")
  form.set("obligations", "Host 10 interns:2026-03-01; Report:2026-06-01:open")
  let record = try #require(form.record)
  #expect(record["customer"] == .text("ENT-AAC"))
  #expect(record.rows("obligations").count == 2)
}

@Test func formChoicesCycleWithArrows() {
  let form = FormModel(kind: .agreement, mode: .add) { _, _ in true }
  form.focus(on: "status")
  _ = form.handle(.right)
  #expect(form.value("status") == "draft")
  _ = form.handle(.right)
  #expect(form.value("status") == "active")
  _ = form.handle(.left)
  _ = form.handle(.left)
  #expect(form.value("status") == "")
  #expect(form.handle(.control("s")) == .save)
  #expect(form.handle(.escape) == .cancel)
}

/// At 80 columns a table hides whole columns, lowest priority first and from the right, rather
/// than cutting every column to "…"; numbers are never cut; the first column always stays.
@Test func narrowTablesHideColumnsByPriorityInsteadOfCuttingThem() {
  let columns = [
    Column("code", maxWidth: 16), Column("name", maxWidth: 30, minWidth: 14), Column("kind", priority: -1),
    Column("places", alignRight: true, priority: 1), Column("status"),
  ]
  let rows = [["PL-AAC-ASSY-INT", "Internship: seat and trim assembly", "internship", "1250", "proposed"]]
  // Wide enough: everything at its natural width (name at its maximum).
  #expect(TableView.widths(columns, rows: rows, available: 100) == [15, 30, 10, 6, 8])
  // 60: the name gives way first (down to its readable width); every column still shown.
  let sixty = TableView.widths(columns, rows: rows, available: 60)
  #expect(sixty == [15, 17, 10, 6, 8])
  // 50: even readable widths do not fit: kind (priority −1) is hidden, not status (0); the
  // places are never cut.
  let fifty = TableView.widths(columns, rows: rows, available: 50)
  #expect(fifty[2] == 0)
  #expect(fifty[3] == 6 && fifty[4] == 8 && fifty[0] == 15)
  #expect(fifty.filter { $0 > 0 }.reduce(0, +) + 3 <= 50)
  // 40: status goes too (the rightmost of priority 0); code, name and places stay.
  let forty = TableView.widths(columns, rows: rows, available: 40)
  #expect(forty[2] == 0 && forty[4] == 0)
  #expect(forty[3] == 6 && forty[0] == 15)
  #expect(forty[1] >= 14)
  // Hidden columns leave no gap in the drawn line.
  let screen = MemoryScreen(rows: 3, columns: 40)
  var state = ListState()
  TableView.draw(
    on: screen, in: Rect(row: 0, column: 0, height: 3, width: 40), columns: columns, rows: rows, state: &state)
  #expect(screen.line(0).hasPrefix("code            name"))
  #expect(screen.line(1).contains("PL-AAC-ASSY-INT Internship"))
  #expect(screen.line(1).contains("1250"))
  #expect(!screen.line(0).contains("kind") && !screen.line(0).contains("status"))
}
