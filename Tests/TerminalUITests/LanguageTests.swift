import Localization
import Testing

@testable import TerminalUI

// The TUI in the interface languages (issue #14), on a memory screen over the demo database.

@Test func theClustersListAndAClusterSpeakUzbekCyrillic() throws {
  let h = try Harness(language: .uzCyrl)
  #expect(h.screen.line(0).contains("EduCluster · кластерлар"))
  // The demo's Uzbek Cyrillic label of the cluster, and the overview's words.
  #expect(h.screen.contains("Андижон машинасозлик таълим кластери"))
  #expect(h.screen.contains("эҳтиёж ва битирувчилар"))
  #expect(h.screen.line(29).contains("кластерни очиш"))
  h.openCluster()
  #expect(h.screen.contains("Аъзолар"))
  #expect(h.screen.style(of: "Аъзолар") == .selected)
  #expect(h.screen.contains("аъзоликлар: 16, фаол:"))
  // The member institutions' labels.
  #expect(h.screen.contains("Андижон машинасозлик институти"))
  h.tab(.indicators)
  #expect(h.screen.contains("кўрсаткич"))
  h.press(.character("?"))
  #expect(h.screen.contains("Тугмалар —"))
  #expect(h.screen.contains("исталган тугма ёрдамни ёпади"))
}

@Test func aFormSpeaksRussianAndItsErrorsToo() throws {
  let h = try Harness(language: .ru)
  h.openCluster()
  h.tab(.agreements)
  h.press(.character("a"))
  #expect(h.screen.contains("Добавить: соглашение"))
  #expect(h.screen.contains("[ Сохранить ]"))
  h.press(.control("s"))
  #expect(h.screen.contains("не сохранено: исправьте поля"))
  #expect(h.screen.contains("обязательно"))
  h.press(.escape)
  #expect(h.screen.contains("отменено: ничего не записано"))
}
