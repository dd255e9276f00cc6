import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Finds a built executable next to the test bundle, as the CLI tests do.
func builtBinary(_ name: String, environment variable: String) -> URL {
  if let path = ProcessInfo.processInfo.environment[variable] { return URL(fileURLWithPath: path) }
  var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  for _ in 0..<4 {
    let candidate = dir.appendingPathComponent(name)
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    dir = dir.deletingLastPathComponent()
  }
  return URL(fileURLWithPath: ".build/debug/\(name)")
}

/// The result of a child process.
struct Outcome {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs a program to its end, with output in files. Spawned with `posix_spawn` and reaped with
/// `waitpid`, not Foundation's `Process`: tmux's server daemonizes and keeps the descriptors it
/// inherits, and `Process` waits for those to close before it reports the exit.
@discardableResult
func runProcess(_ executable: URL, _ args: [String], in dir: URL) throws -> Outcome {
  let id = UUID().uuidString
  let outPath = dir.appendingPathComponent("\(id).out").path
  let errPath = dir.appendingPathComponent("\(id).err").path
  defer {
    try? FileManager.default.removeItem(atPath: outPath)
    try? FileManager.default.removeItem(atPath: errPath)
  }
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  var env = ProcessInfo.processInfo.environment
  env["EDUCLUSTER_DB"] = nil
  env["LANG"] = "C.UTF-8"
  env["LC_ALL"] = "C.UTF-8"
  let argv = ([executable.path] + args).map { strdup($0) } + [nil]
  let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
  defer {
    for p in argv { free(p) }
    for p in envp { free(p) }
  }
  // The test runner's threads block signals; children (tmux, the TUI) start with none blocked
  // and default handlers, as from a shell.
  var attributes = posix_spawnattr_t()
  posix_spawnattr_init(&attributes)
  defer { posix_spawnattr_destroy(&attributes) }
  var none = sigset_t()
  sigemptyset(&none)
  posix_spawnattr_setsigmask(&attributes, &none)
  var all = sigset_t()
  sigfillset(&all)
  posix_spawnattr_setsigdefault(&attributes, &all)
  posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
  var pid = pid_t()
  let spawned = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
  guard spawned == 0 else {
    throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: executable.path])
  }
  var status: Int32 = 0
  while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
  // WIFEXITED / WEXITSTATUS, WTERMSIG by hand: the macros do not import.
  let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
  return Outcome(
    status: exitCode,
    stdout: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data(), as: UTF8.self),
    stderr: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data(), as: UTF8.self))
}

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

  init(columns: Int = 100, rows: Int = 30, environment: String = "") throws {
    let id = UUID().uuidString.prefix(8).lowercased()
    socket = "educluster-tui-test-\(id)"
    session = "tui-\(id)"
    dir = FileManager.default.temporaryDirectory.appendingPathComponent("educluster-tui-e2e-\(id)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let template = try #require(DemoTemplate.path, "the CLI could not build the demo database")
    try FileManager.default.copyItem(atPath: template, toPath: db)
    // The exit status lands in a file when the TUI ends.
    let command =
      "env -u NO_COLOR LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color \(environment) '\(TUISession.tui.path)' --db '\(db)'; echo $? > '\(statusFile.path)'"
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
