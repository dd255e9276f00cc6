import Foundation
import Localization

/// Hands values from a producer thread to one consumer in batches, at most `capacity` waiting:
/// the producer blocks when the consumer falls behind, and learns when the consumer has closed.
/// What a workbook's sheet parser and the import's read-and-map stage share.
final class Handoff<Element: Sendable>: @unchecked Sendable {
  private let condition = NSCondition()
  private var queue: [Element] = []
  private var finished = false
  private var cancelled = false
  private var failure: InputError?
  private var progressValue = 0
  /// Batches the consumer has worked through, still holding their values: the producer lets
  /// go of them on its own thread, where their memory was allocated — freeing it on the
  /// consumer's thread took a lock on the producer's allocator arena for every value, against
  /// the producer allocating the next rows.
  private var spent: [[Element]] = []
  /// The consumer's side: the batch it is working through (touched by the consumer only).
  private var batch: [Element] = []
  private var batchIndex = 0
  private var closed = false
  let capacity: Int

  init(capacity: Int = 4096) { self.capacity = capacity }

  /// Runs `body` on a thread of its own; when it returns, the handoff is finished with its error.
  func start(_ body: @escaping @Sendable (Handoff<Element>) -> InputError?) {
    let thread = Thread { [self] in
      let error = body(self)
      condition.lock()
      failure = error
      finished = true
      condition.broadcast()
      condition.unlock()
    }
    thread.stackSize = 1 << 21
    thread.start()
  }

  // MARK: The producer

  /// Hands values over (with how far the producer has come); false when the consumer closed.
  func put(_ values: [Element], progress: Int? = nil) -> Bool {
    condition.lock()
    while queue.count >= capacity && !cancelled { condition.wait() }
    if cancelled {
      condition.unlock()
      return false
    }
    queue.append(contentsOf: values)
    if let progress { progressValue = progress }
    var release = [[Element]]()
    swap(&release, &spent)
    condition.broadcast()
    condition.unlock()
    release.removeAll()
    return true
  }

  /// Whether the consumer has closed (the producer may stop early).
  var isCancelled: Bool {
    condition.lock()
    defer { condition.unlock() }
    return cancelled
  }

  // MARK: The consumer

  /// The next value, or nil at the end; the producer's error once its values are taken.
  func next() throws(InputError) -> Element? {
    while true {
      if closed { return nil }
      if batchIndex < batch.count {
        batchIndex += 1
        return batch[batchIndex - 1]
      }
      condition.lock()
      while queue.isEmpty && !finished { condition.wait() }
      if let failure, queue.isEmpty {
        self.failure = nil
        condition.unlock()
        throw failure
      }
      // The worked-through batch goes back whole (its values released on the producer's thread).
      spent.append(batch)
      batch = queue
      queue = []
      batchIndex = 0
      let done = finished && batch.isEmpty
      condition.broadcast()
      condition.unlock()
      if done { return nil }
    }
  }

  /// How far the producer has come, as it last said.
  var progress: Int {
    condition.lock()
    defer { condition.unlock() }
    return progressValue
  }

  /// Whether the producer is done.
  var isFinished: Bool {
    condition.lock()
    defer { condition.unlock() }
    return finished
  }

  /// Stops the producer at its next handover and waits until it has returned.
  func close() {
    closed = true
    condition.lock()
    cancelled = true
    condition.broadcast()
    while !finished { condition.wait() }
    condition.unlock()
  }
}

/// An import's first stage on the second core: a file's rows read — and turned by `transform`
/// into what the writing thread needs (mapped onto records, validated) — on a thread of their
/// own, while the caller writes what came before. Rows come out in file order; a malformed row
/// ends reading as it does in one thread.
public final class ReadAhead<Output: Sendable>: @unchecked Sendable {
  private let handoff = Handoff<Output>()
  public let totalBytes: Int?
  /// Without a thread of its own: the source and the transform run in `next()`.
  private let inline: (source: any RowSource, transform: (CSVRecord) -> Output)?

  /// Takes over `source` (after its header was read): from now on only the stage's thread reads it.
  /// `ownThread` false runs it all in the caller's `next()` — for a source that already reads on
  /// a thread of its own (a workbook's sheet), where a third busy thread on two cores only adds
  /// handovers.
  public init(
    _ source: sending any RowSource, ownThread: Bool = true, transform: @escaping @Sendable (CSVRecord) -> Output
  ) {
    totalBytes = source.totalBytes
    guard ownThread else {
      inline = (source, transform)
      return
    }
    inline = nil
    let box = SourceBox(source)
    handoff.start { handoff in
      let source = box.source
      var pending = [Output]()
      pending.reserveCapacity(256)
      while true {
        let record: CSVRecord?
        do throws(InputError) { record = try source.next() } catch {
          _ = handoff.put(pending, progress: source.bytesRead)
          return error
        }
        guard let record else { break }
        pending.append(transform(record))
        if pending.count == 256 {
          if !handoff.put(pending, progress: source.bytesRead) { return nil }
          pending.removeAll(keepingCapacity: true)
        }
      }
      _ = handoff.put(pending, progress: source.bytesRead)
      return nil
    }
  }

  deinit { close() }

  /// The next row's output, nil at the end; a malformed row's error (nothing after it is read).
  public func next() throws(InputError) -> Output? {
    if let inline { return try inline.source.next().map(inline.transform) }
    return try handoff.next()
  }

  /// Bytes read so far, as the stage last said.
  public var bytesRead: Int { inline?.source.bytesRead ?? handoff.progress }

  /// Stops reading and waits for the stage's thread.
  public func close() { if inline == nil { handoff.close() } }
}

/// A source handed to the stage's thread, which alone uses it from then on.
private final class SourceBox: @unchecked Sendable {
  let source: any RowSource
  init(_ source: any RowSource) { self.source = source }
}
