import AppCore
import Foundation
import HTTPTypes
import Localization
import Synchronization

/// How much heavy work (analyses, matching runs, imports, exports, the dashboard) the server
/// does at once. Past `workers`, requests wait in a queue of `queue` places for up to `wait`;
/// past that they get `503 Service Unavailable` with `Retry-After`, so that `/healthz`,
/// `/readyz` and reads of one record stay fast however many heavy requests arrive.
public struct WorkLimits: Sendable, Equatable {
  public var workers: Int
  public var queue: Int
  public var wait: Duration

  public init(
    workers: Int = max(2, ProcessInfo.processInfo.activeProcessorCount), queue: Int = 32,
    wait: Duration = .seconds(30)
  ) {
    self.workers = max(1, workers)
    self.queue = max(0, queue)
    self.wait = wait
  }
}

/// A counting gate with a bounded FIFO queue and a longest wait.
final class WorkGate: Sendable {
  private struct Waiter {
    let id: UInt64
    let continuation: CheckedContinuation<Bool, Never>
  }
  private struct State {
    var running = 0
    var queue = [Waiter]()
    var nextID: UInt64 = 0
  }
  private let state = Mutex(State())
  let limits: WorkLimits

  init(_ limits: WorkLimits) { self.limits = limits }

  /// Runs `body` once a place is free; refuses with a 503 problem when the queue is full or the
  /// wait runs out.
  func run<T>(_ body: () async throws -> T) async throws -> T {
    try await acquire()
    defer { release() }
    return try await body()
  }

  /// Takes a place (call `release()` when done) or throws a 503 problem.
  func acquire() async throws {
    enum Decision {
      case go, full
      case wait(UInt64)
    }
    let limits = self.limits
    let decision = state.withLock { s -> Decision in
      if s.running < limits.workers {
        s.running += 1
        return .go
      }
      if s.queue.count >= limits.queue { return .full }
      s.nextID += 1
      return .wait(s.nextID)
    }
    switch decision {
    case .go:
      return
    case .full:
      throw Problem.busy("\(limits.workers) heavy requests are running and \(limits.queue) are waiting", retryAfter: 5)
    case .wait(let id):
      let admitted = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
        let queued = state.withLock { s -> Bool in
          if s.running < limits.workers {
            s.running += 1
            return false
          }
          s.queue.append(Waiter(id: id, continuation: continuation))
          return true
        }
        guard queued else { return continuation.resume(returning: true) }
        Task { [weak self] in
          try? await Task.sleep(for: limits.wait)
          self?.expire(id)
        }
      }
      if !admitted {
        throw Problem.busy(
          "the server was busy with heavy requests for \(limits.wait.components.seconds) s", retryAfter: 10)
      }
    }
  }

  /// Frees a place: the first waiter takes it over.
  func release() {
    let next = state.withLock { s -> CheckedContinuation<Bool, Never>? in
      if !s.queue.isEmpty { return s.queue.removeFirst().continuation }
      s.running -= 1
      return nil
    }
    next?.resume(returning: true)
  }

  private func expire(_ id: UInt64) {
    let waiter = state.withLock { s -> CheckedContinuation<Bool, Never>? in
      guard let i = s.queue.firstIndex(where: { $0.id == id }) else { return nil }
      return s.queue.remove(at: i).continuation
    }
    waiter?.resume(returning: false)
  }

  /// Places taken and requests waiting (for `/metrics`-style checks in tests).
  var load: (running: Int, waiting: Int) { state.withLock { ($0.running, $0.queue.count) } }
}

extension Problem {
  /// 503 with Retry-After: the server is saturated, not broken.
  static func busy(_ why: String, retryAfter seconds: Int) -> Problem {
    var p = Problem(
      status: .serviceUnavailable, detail: tr("\(why); try again in \(seconds) s"), type: "urn:educluster:problem:busy")
    p.headers[.retryAfter] = String(seconds)
    return p
  }
}

/// Carries an export from the worker thread that reads the database to the task that writes
/// the response: at most `capacity` chunks wait between them, so a slow client slows the reader
/// down instead of filling memory, and a client that goes away stops it.
final class ChunkPipe: @unchecked Sendable {
  // @unchecked: every field is read and written under `condition`.
  private let condition = NSCondition()
  private let capacity: Int
  private var chunks = [String]()
  private var finished = false
  private var failure: (any Error)?
  private var cancelled = false
  private var consumer: CheckedContinuation<String?, any Error>?

  init(capacity: Int = 4) { self.capacity = capacity }

  /// Called by the producer; blocks while the pipe is full; throws once the consumer is gone.
  func put(_ chunk: String) throws(AppError) {
    condition.lock()
    while chunks.count >= capacity && !cancelled { condition.wait() }
    if cancelled {
      condition.unlock()
      throw AppError(.unavailable, tr("the client went away"))
    }
    if let waiting = consumer {
      consumer = nil
      condition.unlock()
      waiting.resume(returning: chunk)
      return
    }
    chunks.append(chunk)
    condition.unlock()
  }

  /// Called by the producer when it is done (with the error that stopped it, if any).
  func finish(_ error: (any Error)?) {
    condition.lock()
    finished = true
    failure = error
    let waiting = consumer
    consumer = nil
    condition.unlock()
    if let waiting {
      if let error { waiting.resume(throwing: error) } else { waiting.resume(returning: nil) }
    }
  }

  /// The next chunk, or nil at the end.
  func next() async throws -> String? {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String?, any Error>) in
      condition.lock()
      if !chunks.isEmpty {
        let chunk = chunks.removeFirst()
        condition.signal()
        condition.unlock()
        continuation.resume(returning: chunk)
      } else if finished {
        let error = failure
        condition.unlock()
        if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: nil) }
      } else {
        consumer = continuation
        condition.unlock()
      }
    }
  }

  /// Called by the consumer when it stops reading: the producer's next `put` throws.
  func cancel() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    condition.unlock()
  }
}
