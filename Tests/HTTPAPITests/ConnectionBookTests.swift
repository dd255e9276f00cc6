import Foundation
import NIOCore
import NIOEmbedded
import Testing

@testable import HTTPAPI

/// The connection cap's book (issue #11, finding 4): at the cap the longest-stalled connection
/// is closed for a new one. An eviction asked for while the book is empty — the connections
/// just accepted not in it yet — is not lost: it is retried, and the first connection to stall
/// is closed. Before, the server admitted nobody until an idle timeout (a CI run saw /healthz
/// take 60 s).
@Suite struct ConnectionBookTests {
  func connected() async throws -> NIOAsyncTestingChannel {
    let channel = NIOAsyncTestingChannel()
    try await channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 8080))
    return channel
  }

  func closes(_ channel: NIOAsyncTestingChannel, within seconds: Double) async throws -> Bool {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
      if !channel.isActive { return true }
      try await Task.sleep(for: .milliseconds(10))
    }
    return !channel.isActive
  }

  @Test func theLongestStalledIsClosedFirst() async throws {
    let book = ConnectionBook()
    let first = try await connected()
    let second = try await connected()
    book.markStalled(first)
    try await Task.sleep(for: .milliseconds(5))
    book.markStalled(second)
    #expect(book.evictOldest())
    #expect(try await closes(first, within: 2))
    #expect(second.isActive)
    #expect(book.stalledCount == 1)
  }

  @Test func anEvictionAskedOfAnEmptyBookClosesTheNextConnectionToStall() async throws {
    let book = ConnectionBook()
    #expect(book.evictOldest() == false)
    let late = try await connected()
    book.markStalled(late)
    #expect(try await closes(late, within: 2))
    #expect(book.stalledCount == 0)
  }

  @Test func anOwedEvictionIsDroppedWhenAConnectionClosesByItself() async throws {
    let book = ConnectionBook()
    #expect(book.evictOldest() == false)
    book.settle()  // a connection closed: its place is free, nobody need be closed
    let late = try await connected()
    book.markStalled(late)
    #expect(try await closes(late, within: 0.3) == false)
    #expect(book.stalledCount == 1)
  }
}
