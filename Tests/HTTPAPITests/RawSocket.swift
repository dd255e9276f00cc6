import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A plain TCP client socket, as an attacker (or a trickling client) would use one: connect,
/// send bytes when it likes, and see when the server closes.
final class RawSocket {
  let fd: Int32

  /// `receiveBuffer`: a small kernel buffer, for a client that reads slowly or not at all.
  init(port: Int, receiveBuffer: Int32? = nil) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EMFILE) }
    if var size = receiveBuffer {
      setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard result == 0 else {
      close(fd)
      throw POSIXError(.ECONNREFUSED)
    }
    var noSigPipe: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &noSigPipe, socklen_t(MemoryLayout<Int32>.size))
  }

  deinit { close(fd) }

  /// Sends bytes; false once the server has closed the connection.
  @discardableResult
  func send(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
  }

  /// Reads until the server closes the connection or `timeout` seconds pass; returns what was
  /// read and whether the connection was closed.
  func readUntilClosed(timeout: Double) -> (data: [UInt8], closed: Bool) {
    var data = [UInt8]()
    let deadline = Date().addingTimeInterval(timeout)
    var buffer = [UInt8](repeating: 0, count: 65536)
    while Date() < deadline {
      var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let ready = poll(&p, 1, Int32(max(1, deadline.timeIntervalSinceNow * 1000)))
      if ready <= 0 { continue }
      let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if n <= 0 { return (data, true) }
      data.append(contentsOf: buffer[0..<n])
    }
    return (data, false)
  }

  /// True when the server closed the connection within `timeout` seconds (bytes it sent first,
  /// such as a 408, are skipped).
  func isClosed(within timeout: Double) -> Bool { readUntilClosed(timeout: timeout).closed }

  /// One HTTP/1.1 request with `Connection: close`; the status and the whole response.
  static func request(
    port: Int, _ path: String, method: String = "GET", headers: [String: String] = [:], body: String = "",
    timeout: Double = 60
  ) throws -> (status: Int, text: String) {
    let socket = try RawSocket(port: port)
    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.utf8.count)\r\n" }
    socket.send(head + "\r\n" + body)
    let (data, _) = socket.readUntilClosed(timeout: timeout)
    let text = String(decoding: data, as: UTF8.self)
    let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
    return (status, text)
  }
}

extension String {
  /// The body of a raw HTTP response, chunked transfer coding removed.
  var httpBody: String {
    let bytes = Array(utf8)
    let crlf: [UInt8] = [13, 10]
    func find(_ needle: [UInt8], from: Int) -> Int? {
      var i = from
      while i + needle.count <= bytes.count {
        if Array(bytes[i..<i + needle.count]) == needle { return i }
        i += 1
      }
      return nil
    }
    guard let split = find(crlf + crlf, from: 0) else { return "" }
    let head = String(decoding: bytes[..<split], as: UTF8.self).lowercased()
    var at = split + 4
    guard head.contains("transfer-encoding: chunked") else { return String(decoding: bytes[at...], as: UTF8.self) }
    var body = [UInt8]()
    while let line = find(crlf, from: at),
      let size = Int(String(decoding: bytes[at..<line], as: UTF8.self), radix: 16), size > 0,
      line + 2 + size <= bytes.count
    {
      body += bytes[(line + 2)..<(line + 2 + size)]
      at = line + 2 + size + 2
    }
    return String(decoding: body, as: UTF8.self)
  }
}
