import AppCore
import Domain
import Foundation
import Localization
import TerminalUI
import TestSupport

/// A fresh demo database in a temp folder, and a TUI on a memory screen over it.
final class Harness {
  let dir: URL
  let core: EduCluster
  let app: TerminalApp
  let screen: MemoryScreen

  init(rows: Int = 30, columns: Int = 100, language: Language = .en) throws {
    let database = try TestDatabase("educluster-tui", file: "demo.sqlite", user: nil)
    dir = database.dir
    core = database.app
    app = TerminalApp(core: core, language: language)
    screen = MemoryScreen(rows: rows, columns: columns)
    app.render(on: screen)
  }

  deinit { try? FileManager.default.removeItem(at: dir) }

  /// Presses keys, rendering after each as the terminal loop does.
  func press(_ keys: Key...) {
    for key in keys {
      app.handle(key)
      app.render(on: screen)
    }
  }

  /// Types text, one key per character.
  func type(_ text: String) {
    for key in Key.typing(text) { press(key) }
  }

  var text: String { screen.text }

  /// Opens the cluster with this code from the clusters list.
  func openCluster(_ code: String = "CL-AN-MACH") {
    for _ in 0..<10 where screen.style(of: code) != .selected { press(.down) }
    press(.enter)
  }

  func clusterPage() -> ClusterPage? { app.top as? ClusterPage }

  /// Goes to a tab of the open cluster.
  func tab(_ tab: ClusterTab) {
    press(.character(Character(String(tab.rawValue + 1))))
  }
}
