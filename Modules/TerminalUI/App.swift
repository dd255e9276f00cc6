import AppCore
import Dispatch
import Domain
import Foundation
import Localization

/// One screen of the TUI (the clusters list, a cluster, search results, a form…). The app keeps
/// a stack of pages; the top one draws the area between the title bar and the status line and
/// sees each key first.
public protocol Page: AnyObject {
  /// The title bar's text.
  var title: Phrase { get }
  /// The keys in reach, for the status line (most important first) and the help.
  var hints: [(key: String, action: Phrase)] { get }
  /// Draws the page; returns where the text cursor goes, if anywhere.
  func draw(on screen: any Screen, in rect: Rect, app: TerminalApp) -> (row: Int, column: Int)?
  /// Handles a key; returns false to let the app's global keys have it.
  func handle(_ key: Key, app: TerminalApp) -> Bool
  /// Reads its data again from the database.
  func reload(app: TerminalApp)
  /// Whether the page takes text input (then `q`, `/`, `?`, `r` are typed, not commands).
  var takesText: Bool { get }
  /// Every key of the page, for the help (defaults to `hints`).
  var help: [(key: String, action: Phrase)] { get }
}

extension Page {
  public var takesText: Bool { false }
  public var help: [(key: String, action: Phrase)] { hints }
}

/// The TUI's state machine: reacts to keys and renders to any `Screen`. It holds no terminal
/// and does no I/O but through `EduCluster`, so tests drive it with keys and a `MemoryScreen`.
public final class TerminalApp {
  public let core: EduCluster
  /// The interface language every word of the TUI is in (`--lang`, `EDUCLUSTER_LANG`, the locale).
  public let language: Language
  public private(set) var pages: [any Page] = []
  /// The status line's message, until the next key.
  public var message: Message?
  public private(set) var finished = false
  var confirmation: (dialog: ConfirmDialog, action: () -> Void)?
  var showingHelp = false
  /// The `/` search prompt while it is open.
  var searchPrompt: String?
  /// The database's data version when the screen last showed it (see `poll`).
  var seenVersion: Int?

  /// The smallest terminal the TUI draws in.
  public static let minimumRows = 24
  public static let minimumColumns = 80

  /// Whether slow reads (the clusters' overview: a gap analysis per cluster) run on another
  /// thread while the screen is drawn and keys work; the terminal turns it on, tests that
  /// drive keys one by one may leave it off (then they finish before the first screen).
  public let loadsInBackground: Bool
  /// Work running on another thread: each closure applies its result when it has one, on the
  /// UI's thread, and says whether it did (see `collectBackgroundWork`).
  private var waiting: [() -> Bool] = []

  public init(core: EduCluster, loadsInBackground: Bool = false, language: Language = .en) {
    // Tabs show analyses again and again: entity lists are read once and kept until the data
    // version moves (any write, here or in another process).
    self.core = core.cachingWhileUnchanged()
    self.loadsInBackground = loadsInBackground
    self.language = language
    pages = [ClustersPage(app: self)]
    seenVersion = (try? core.dataVersion()) ?? nil
  }

  // MARK: Live data

  /// Asks whether the database changed since the screen last showed it — a write by the CLI,
  /// the server, another TUI or this one — and if so reloads the top page, which keeps its
  /// selection and scroll position. Not while the user is typing into a form or a prompt, or
  /// answering a question: then it waits for the next poll. Returns whether to redraw. The
  /// terminal loop calls it about once a second while no key comes.
  public func poll() -> Bool {
    guard let version = (try? core.dataVersion()) ?? nil else { return false }
    guard version != seenVersion else { return false }
    guard confirmation == nil, searchPrompt == nil, !showingHelp, let page = top, !page.takesText else { return false }
    seenVersion = version
    let kept = message
    page.reload(app: self)
    message = kept
    return true
  }

  // MARK: Background work

  /// Runs `work` on another thread and hands its result to `apply` on the UI's thread, at the
  /// next `collectBackgroundWork`; without `loadsInBackground`, runs it here and now.
  func inBackground<T: Sendable>(
    _ work: @escaping @Sendable () throws -> T, apply: @escaping (Result<T, any Error>) -> Void
  ) {
    guard loadsInBackground else {
      apply(Result { try work() })
      return
    }
    let box = Handoff<Result<T, any Error>>()
    DispatchQueue.global(qos: .userInitiated).async { box.set(Result { try work() }) }
    waiting.append {
      guard let result = box.take() else { return false }
      apply(result)
      return true
    }
  }

  /// Applies the results of finished background work; returns whether any was (then the
  /// screen should be drawn again). The terminal loop calls it while no key comes.
  public func collectBackgroundWork() -> Bool {
    var done = false
    waiting.removeAll { finished in
      let applied = finished()
      done = done || applied
      return applied
    }
    return done
  }

  /// Whether background work is still running.
  public var isWorking: Bool { !waiting.isEmpty }

  public var top: (any Page)? { pages.last }

  public func push(_ page: any Page) { pages.append(page) }

  /// Leaves the top page (the last one quits).
  public func pop() {
    if pages.count <= 1 {
      finished = true
    } else {
      pages.removeLast()
    }
  }

  /// Words in the interface language.
  public func say(_ phrase: Phrase) -> String { phrase.text(in: language) }

  /// Asks before `action` runs.
  public func confirm(_ question: Phrase, detail: [Phrase] = [], action: @escaping () -> Void) {
    let dialog = ConfirmDialog(
      question: say(question), detail: detail.map(say), title: say(tr("Confirm")),
      answers: say(tr("y  yes, go ahead      n / Esc  no")))
    confirmation = (dialog, action)
  }

  /// Shows an error from the application layer in the status line.
  public func report(_ error: any Error) {
    message = Message((error as? AppError).map { say($0.message) } ?? "\(error)", isError: true)
  }

  /// Shows a message in the status line.
  public func info(_ phrase: Phrase) { message = Message(say(phrase)) }

  /// Shows a refusal in the status line.
  public func refuse(_ phrase: Phrase) { message = Message(say(phrase), isError: true) }

  // MARK: Keys

  public func handle(_ key: Key) {
    if key == .resize { return }
    message = nil
    if showingHelp {
      showingHelp = false
      return
    }
    if let c = confirmation {
      switch key {
      case .character("y"), .character("Y"):
        confirmation = nil
        c.action()
      case .character("n"), .character("N"), .escape, .character("q"):
        confirmation = nil
        info(tr("nothing changed"))
      default: break
      }
      return
    }
    if let query = searchPrompt {
      handleSearchPrompt(key, query: query)
      return
    }
    if key == .control("c") {
      finished = true
      return
    }
    guard let page = top else {
      finished = true
      return
    }
    if page.handle(key, app: self) { return }
    switch key {
    case .character("q"), .escape:
      if key == .escape && pages.count == 1 { return }
      pop()
    case .character("?"), .function(1): showingHelp = true
    case .character("/"): searchPrompt = ""
    case .character("r"), .function(5):
      page.reload(app: self)
      if message == nil { info(tr("refreshed from \(core.path)")) }
    default: break
    }
  }

  func handleSearchPrompt(_ key: Key, query: String) {
    switch key {
    case .escape: searchPrompt = nil
    case .enter:
      searchPrompt = nil
      let text = query.trimmed
      guard !text.isEmpty else { return }
      push(SearchPage(app: self, query: text))
    case .backspace: searchPrompt = String(query.dropLast())
    case .control("u"): searchPrompt = ""
    case .character(let ch): searchPrompt = query + String(ch)
    default: break
    }
  }

  /// Keys that work everywhere, for the help.
  static let globalKeys: [(key: String, action: Phrase)] = [
    ("↑ ↓  j k", tr("move in a list (PgUp PgDn Home End too)")),
    ("Enter", tr("open the selection")),
    ("/", tr("search every entity")),
    ("r", tr("refresh from the database")),
    ("?", tr("this help")),
    ("q  Esc", tr("back (quit on the clusters list)")),
    ("Ctrl-C", tr("quit")),
  ]

  // MARK: Drawing

  public func render(on screen: any Screen) {
    screen.clear()
    let rows = screen.rows
    let columns = screen.columns
    if rows < TerminalApp.minimumRows || columns < TerminalApp.minimumColumns {
      let lines = [
        tr("terminal too small"),
        tr("\(columns)×\(rows): EduCluster needs at least \(TerminalApp.minimumColumns)×\(TerminalApp.minimumRows)"),
        tr("enlarge the window, or press q to quit"),
      ].map(say)
      for (i, line) in lines.enumerated() {
        let r = max(0, rows / 2 - 1 + i)
        guard r < rows else { break }
        let shown = Cells.prefix(line, width: columns)
        screen.put(shown, row: r, column: max(0, (columns - Cells.width(shown)) / 2), style: i == 0 ? .error : .normal)
      }
      screen.present(cursor: nil)
      return
    }
    guard let page = top else {
      screen.present(cursor: nil)
      return
    }
    let name = " EduCluster · " + say(page.title)
    let file = " " + core.path + " "
    screen.put(String(repeating: " ", count: columns), row: 0, column: 0, style: .title)
    screen.put(name, row: 0, column: 0, width: max(0, columns - min(Cells.width(file), columns / 3)), style: .title)
    if Cells.width(file) <= columns / 3 {
      screen.put(file, row: 0, column: columns - Cells.width(file), style: .title)
    }
    var cursor = page.draw(on: screen, in: Rect(row: 1, column: 0, height: rows - 2, width: columns), app: self)
    if let query = searchPrompt {
      screen.put(String(repeating: " ", count: columns), row: rows - 1, column: 0, style: .normal)
      let prompt = say(tr("search:")) + " "
      screen.put(prompt, row: rows - 1, column: 0, style: .key)
      let shown = query + " "
      let start = max(0, Cells.width(shown) - (columns - 10))
      let visible = String(shown.dropFirst(start))
      let start8 = Cells.width(prompt)
      screen.put(visible, row: rows - 1, column: start8, style: .inputFocused)
      let keys = say(tr("Enter search · Esc cancel"))
      screen.put(
        keys, row: rows - 1, column: max(start8 + Cells.width(visible) + 2, columns - Cells.width(keys) - 1),
        style: .muted)
      cursor = (rows - 1, start8 + Cells.width(String(visible.dropLast())))
    } else {
      var hints = page.hints
      if !page.takesText {
        hints += [("/", tr("search")), ("?", tr("help")), ("q", pages.count == 1 ? tr("quit") : tr("back"))]
      }
      StatusLine.draw(
        on: screen, row: rows - 1, width: columns, hints: hints.map { ($0.key, say($0.action)) }, message: message)
    }
    if let c = confirmation {
      c.dialog.draw(on: screen)
      cursor = nil
    } else if showingHelp {
      var seen = Set<String>()
      let keys = (page.help + TerminalApp.globalKeys).filter { seen.insert($0.key).inserted }
      HelpOverlay.draw(
        on: screen, title: say(tr("Keys — \(page.title)")), keys: keys.map { ($0.key, say($0.action)) },
        closing: say(tr("any key closes this help")))
      cursor = nil
    }
    screen.present(cursor: cursor)
  }
}
