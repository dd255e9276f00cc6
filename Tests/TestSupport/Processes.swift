import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A built executable of this package: `$variable` when set, else the product beside the test
/// bundle (SwiftPM puts tests and executables in one products folder), else `.build/debug`.
public func builtBinary(_ name: String, environment variable: String) -> URL {
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
public struct Outcome: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
}

/// Runs a program to its end, stdin from /dev/null, output in files (reading pipes from
/// Foundation can trap on EINTR when many tests run children at once). `environment` is laid
/// over this process's, without `$EDUCLUSTER_DB` and `$EDUCLUSTER_LANG`, with a UTF-8 (English) locale. Spawned with
/// `posix_spawn` and reaped with `waitpid`, not Foundation's `Process`: tmux's server
/// daemonizes and keeps the descriptors it inherits, and `Process` waits for those to close
/// before it reports the exit.
@discardableResult
public func runProcess(
  _ executable: URL, _ args: [String], in dir: URL, environment: [String: String] = [:]
) throws -> Outcome {
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
  env["EDUCLUSTER_LANG"] = nil
  env["LANG"] = "C.UTF-8"
  env["LC_ALL"] = "C.UTF-8"
  for (k, v) in environment { env[k] = v }
  // In `dir`: through the shell, which changes folder and then becomes the program (glibc's
  // posix_spawn_file_actions_addchdir_np does not import into Swift).
  let shell = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", dir.path, executable.path]
  let argv = (shell + args).map { strdup($0) } + [nil]
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
  guard FileManager.default.isExecutableFile(atPath: executable.path) else {
    throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: executable.path])
  }
  let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
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
