import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The demo database, built once with the CLI; each test works on its own copy.
enum DemoTemplate {
  static let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
    "educluster-tui-demo-\(UUID().uuidString)")

  static let path: String? = {
    guard (try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)) != nil else {
      return nil
    }
    // Removed when the test process ends.
    atexit { try? FileManager.default.removeItem(at: DemoTemplate.dir) }
    let db = dir.appendingPathComponent("demo.sqlite").path
    guard let r = try? runProcess(TUISession.cli, ["--db", db, "demo"], in: dir), r.status == 0 else { return nil }
    return db
  }()
}

/// `educluster-tui` running in a detached tmux session of its own (own server socket), on a
/// copy of the demo database. Screens are read with `capture-pane`, polled until they show
/// what a test waits for.
final class TUISession {
  static let tui = builtBinary("educluster-tui", environment: "EDUCLUSTER_TUI_BIN")
  static let cli = builtBinary("educluster", environment: "EDUCLUSTER_BIN")
  static let tmux = URL(fileURLWithPath: "/usr/bin/tmux")

  let dir: URL
  let socket: String
  let session: String
  var db: String { dir.appendingPathComponent("demo.sqlite").path }
  var statusFile: URL { dir.appendingPathComponent("status") }

  init(columns: Int = 100, rows: Int = 30, environment: String = "", arguments: String = "") throws {
    let id = UUID().uuidString.prefix(8).lowercased()
    socket = "educluster-tui-test-\(id)"
    session = "tui-\(id)"
    dir = FileManager.default.temporaryDirectory.appendingPathComponent("educluster-tui-e2e-\(id)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let template = try #require(DemoTemplate.path, "the CLI could not build the demo database")
    try FileManager.default.copyItem(atPath: template, toPath: db)
    // The exit status lands in a file when the TUI ends.
    let command =
      "env -u NO_COLOR -u EDUCLUSTER_LANG LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color \(environment) '\(TUISession.tui.path)' --db '\(db)' \(arguments); echo $? > '\(statusFile.path)'"
    try tmux(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "\(columns)", "-y", "\(rows)", command])
  }

  deinit {
    _ = try? runProcess(TUISession.tmux, ["-L", socket, "kill-server"], in: dir)
    try? FileManager.default.removeItem(at: dir)
    // tmux leaves its socket file behind: $TMUX_TMPDIR (or /tmp)/tmux-UID/NAME.
    let base = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
    try? FileManager.default.removeItem(atPath: "\(base)/tmux-\(getuid())/\(socket)")
  }

  @discardableResult
  func tmux(_ args: [String]) throws -> Outcome {
    try runProcess(TUISession.tmux, ["-L", socket] + args, in: dir)
  }

  /// Sends tmux key names (`Enter`, `Tab`, `BTab`, `Escape`, `C-s`, `Down` …).
  func keys(_ names: String...) throws {
    try tmux(["send-keys", "-t", session] + names)
  }

  /// Types text literally.
  func type(_ text: String) throws {
    try tmux(["send-keys", "-t", session, "-l", text])
  }

  func capture() throws -> String {
    try tmux(["capture-pane", "-p", "-t", session]).stdout
  }

  /// The screen with its attributes and colours as escape sequences.
  func captureWithAttributes() throws -> String {
    try tmux(["capture-pane", "-p", "-e", "-t", session]).stdout
  }

  /// Polls the screen until it contains `text` (or `timeout` passes); returns the last screen.
  @discardableResult
  func wait(for text: String, timeout: TimeInterval = 20) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var screen = ""
    repeat {
      screen = try capture()
      if screen.contains(text) { return screen }
      Thread.sleep(forTimeInterval: 0.05)
    } while Date() < deadline
    Issue.record("timed out waiting for “\(text)”; the screen was:\n\(screen)")
    return screen
  }

  /// Polls for the TUI's exit status.
  func exitStatus(timeout: TimeInterval = 20) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    repeat {
      if let data = try? Data(contentsOf: statusFile), let text = String(data: data, encoding: .utf8),
        let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
      {
        return status
      }
      Thread.sleep(forTimeInterval: 0.05)
    } while Date() < deadline
    return nil
  }

  /// Runs the CLI on the same database.
  func cli(_ args: [String]) throws -> Outcome {
    try runProcess(TUISession.cli, ["--db", db] + args, in: dir)
  }
}
