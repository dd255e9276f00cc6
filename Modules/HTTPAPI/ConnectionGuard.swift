import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import Metrics
import NIOCore
import NIOHTTPTypes
import Synchronization

/// What one connection may take from the server: how long it may sit idle, how long a request
/// may take to arrive, and how many connections are open at once. The defaults keep a server
/// at the common 1,024-descriptor limit answering while idle or trickling clients hold sockets.
public struct ConnectionLimits: Sendable, Equatable {
  /// A connection with no request in progress (before its first, between keep-alive requests)
  /// is closed after this long; so is one whose client stops reading a response for this long.
  public var idleTimeout: Duration
  /// From the first byte of a request to the end of its headers.
  public var headerTimeout: Duration
  /// From the end of a request's headers to the end of its body.
  public var bodyTimeout: Duration
  /// Open connections at most. At the cap, the connection that has stalled longest (idle, or
  /// still sending its headers) is closed to admit the new one; if none has, the new one waits
  /// in the listen backlog until a connection ends.
  public var maxConnections: Int

  public init(
    idleTimeout: Duration = .seconds(30), headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(60),
    maxConnections: Int = ConnectionLimits.defaultMaxConnections()
  ) {
    self.idleTimeout = idleTimeout
    self.headerTimeout = headerTimeout
    self.bodyTimeout = bodyTimeout
    self.maxConnections = maxConnections
  }

  /// Below the process's descriptor limit, leaving 128 for the database, logs and listeners:
  /// 896 at the common soft limit of 1,024, at most 10,000.
  public static func defaultMaxConnections() -> Int {
    var limit = rlimit()
    #if canImport(Glibc)
      let resource = Int32(RLIMIT_NOFILE.rawValue)
    #else
      let resource = RLIMIT_NOFILE
    #endif
    guard getrlimit(resource, &limit) == 0 else { return 896 }
    let soft = Int(clamping: limit.rlim_cur)  // RLIM_INFINITY is the largest value: clamped below
    return max(16, min(10_000, soft - 128))
  }
}

/// Connections that could be closed without losing work: idle ones and ones that have not
/// finished sending their headers, each with the moment it stalled.
final class ConnectionBook: Sendable {
  private struct Stalled {
    let channel: any Channel
    let since: ContinuousClock.Instant
  }
  private struct State {
    var stalled: [ObjectIdentifier: Stalled] = [:]
    /// An eviction was asked for while no connection had stalled — the ones just accepted were
    /// not in the book yet — and is retried shortly, until one has or a connection closes by
    /// itself. Without it a server at the cap whose open connections were all that new admitted
    /// nobody until an idle timeout (seen as a 60-second /healthz under load).
    var owed = false
    var retrying = false
  }
  private let state = Mutex(State())
  private let evictions = Counter(label: "educluster_connections_evicted_total")

  func markStalled(_ channel: any Channel) {
    state.withLock { book in
      let id = ObjectIdentifier(channel)
      if book.stalled[id] == nil { book.stalled[id] = Stalled(channel: channel, since: .now) }
    }
  }

  func markBusy(_ channel: any Channel) {
    _ = state.withLock { $0.stalled.removeValue(forKey: ObjectIdentifier(channel)) }
  }

  /// Closes the connection that has stalled longest; when none has, tries again in a moment
  /// (false then).
  @discardableResult
  func evictOldest() -> Bool {
    let (victim, retry) = state.withLock { book -> ((any Channel)?, Bool) in
      if let oldest = Self.takeOldest(&book) { return (oldest, false) }
      book.owed = true
      guard !book.retrying else { return (nil, false) }
      book.retrying = true
      return (nil, true)
    }
    if retry { retryLater() }
    close(victim)
    return victim != nil
  }

  /// A connection closed: the place an owed eviction was for is free.
  func settle() {
    state.withLock { $0.owed = false }
  }

  private func retryLater() {
    DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) { [self] in
      let (victim, again) = state.withLock { book -> ((any Channel)?, Bool) in
        guard book.owed else {
          book.retrying = false
          return (nil, false)
        }
        guard let oldest = Self.takeOldest(&book) else { return (nil, true) }
        book.owed = false
        book.retrying = false
        return (oldest, false)
      }
      if again { retryLater() }
      close(victim)
    }
  }

  private static func takeOldest(_ book: inout State) -> (any Channel)? {
    guard let oldest = book.stalled.min(by: { $0.value.since < $1.value.since }) else { return nil }
    book.stalled.removeValue(forKey: oldest.key)
    return oldest.value.channel
  }

  private func close(_ victim: (any Channel)?) {
    guard let victim else { return }
    evictions.increment()
    victim.close(promise: nil)
  }

  var stalledCount: Int { state.withLock { $0.stalled.count } }
}

/// Hummingbird's admission hook: below the cap every connection is accepted; at the cap the
/// longest-stalled one is closed so the new one gets its place when that close completes.
struct Admission: AvailableConnectionsDelegate {
  let maximum: Int
  let book: ConnectionBook
  var open = 0

  mutating func connectionOpened() { open += 1 }
  mutating func connectionClosed() {
    open -= 1
    book.settle()
  }

  func isAcceptingNewConnections() -> Bool {
    if open < maximum { return true }
    book.evictOldest()
    return false
  }
}

/// Sent down the pipeline by `ArrivalHandler` whenever bytes arrive, before the HTTP decoder
/// has seen a whole request head: the moment a request starts.
struct BytesArrived: Sendable {}

/// First in the pipeline: tells `DeadlineHandler` that bytes came in.
final class ArrivalHandler: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = ByteBuffer

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    context.fireUserInboundEventTriggered(BytesArrived())
    context.fireChannelRead(data)
  }
}

/// After the HTTP decoder: closes a connection whose request headers or body do not arrive in
/// time, and keeps the connection book up to date (stalled while idle or reading headers).
final class DeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPRequestPart
  typealias InboundOut = HTTPRequestPart
  typealias OutboundIn = HTTPResponsePart
  typealias OutboundOut = HTTPResponsePart

  enum Phase { case idle, head, body, responding }

  private let limits: ConnectionLimits
  private let book: ConnectionBook
  private var phase = Phase.idle
  private var inFlight = 0
  private var deadline: Scheduled<Void>?
  /// Armed while the client does not read what the server writes (the channel is unwritable).
  private var stall: Scheduled<Void>?
  private static let stalls = Counter(
    label: "educluster_connections_timed_out_total", dimensions: [("phase", "response")])
  private static let timeouts = [
    Phase.head: Counter(label: "educluster_connections_timed_out_total", dimensions: [("phase", "headers")]),
    Phase.body: Counter(label: "educluster_connections_timed_out_total", dimensions: [("phase", "body")]),
  ]

  init(limits: ConnectionLimits, book: ConnectionBook) {
    self.limits = limits
    self.book = book
  }

  func handlerAdded(context: ChannelHandlerContext) {
    book.markStalled(context.channel)
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    disarm(context)
  }

  func channelInactive(context: ChannelHandlerContext) {
    disarm(context)
    context.fireChannelInactive()
  }

  private func disarm(_ context: ChannelHandlerContext) {
    deadline?.cancel()
    deadline = nil
    stall?.cancel()
    stall = nil
    book.markBusy(context.channel)
  }

  /// A client that stops reading a response (a streamed export) for the idle timeout is closed:
  /// otherwise it would hold its heavy-work place and the database reader for ever.
  func channelWritabilityChanged(context: ChannelHandlerContext) {
    if context.channel.isWritable {
      stall?.cancel()
      stall = nil
    } else if stall == nil {
      let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
      stall = context.eventLoop.scheduleTask(in: .init(limits.idleTimeout)) {
        let context = bound.value
        guard !context.channel.isWritable else { return }
        DeadlineHandler.stalls.increment()
        context.close(promise: nil)
      }
    }
    context.fireChannelWritabilityChanged()
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    guard event is BytesArrived else {
      context.fireUserInboundEventTriggered(event)
      return
    }
    if phase == .idle {
      phase = .head
      arm(context, limits.headerTimeout, for: .head)
    }
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head:
      inFlight += 1
      phase = .body
      book.markBusy(context.channel)
      arm(context, limits.bodyTimeout, for: .body)
    case .body:
      break
    case .end:
      phase = .responding
      deadline?.cancel()
      deadline = nil
    }
    context.fireChannelRead(data)
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    if case .end = unwrapOutboundIn(data) {
      inFlight -= 1
      if inFlight <= 0, phase == .responding {
        inFlight = 0
        phase = .idle
        book.markStalled(context.channel)
      }
    }
    context.write(data, promise: promise)
  }

  /// Closes the connection unless the phase has moved on by the time `limit` has passed.
  private func arm(_ context: ChannelHandlerContext, _ limit: Duration, for waiting: Phase) {
    deadline?.cancel()
    let loop = context.eventLoop
    let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
    deadline = loop.scheduleTask(in: .init(limit)) {
      let (handler, context) = bound.value
      guard handler.phase == waiting else { return }
      DeadlineHandler.timeouts[waiting]?.increment()
      context.close(promise: nil)
    }
  }
}

/// Hummingbird's HTTP/1.1 channel with the limits above around it.
struct GuardedHTTP1Channel: ServerChildChannel {
  typealias Value = HTTP1Channel.Value
  let http: HTTP1Channel

  init(responder: @escaping HTTPChannelHandler.Responder, limits: ConnectionLimits, book: ConnectionBook) {
    var configuration = HTTP1Channel.Configuration(
      additionalChannelHandlers: [DeadlineHandler(limits: limits, book: book)],
      idleTimeout: .init(limits.idleTimeout))
    configuration.httpDecoder = .init(
      maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 64 * 1024, maxHeaderFieldCount: 200)
    http = HTTP1Channel(responder: responder, configuration: configuration)
  }

  func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
    channel.eventLoop.makeCompletedFuture {
      try channel.pipeline.syncOperations.addHandler(ArrivalHandler(), position: .first)
    }.flatMap { http.setup(channel: channel, logger: logger) }
  }

  func handle(value: Value, logger: Logger) async {
    await http.handle(value: value, logger: logger)
  }
}

extension HTTPServerBuilder {
  /// HTTP/1.1 with idle, header and body timeouts and a connection cap.
  static func guarded(_ limits: ConnectionLimits, book: ConnectionBook) -> HTTPServerBuilder {
    .init { responder in GuardedHTTP1Channel(responder: responder, limits: limits, book: book) }
  }
}
