import Foundation
import Localization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Converts text in a legacy encoding (Windows-1251, KOI8-R, CP866, Windows-1252, UTF-16 …)
/// to UTF-8, chunk by chunk, through the C library's iconv — which knows every encoding by its
/// usual name. A character split between two chunks is carried over to the next.
public final class Transcoder {
  public let encoding: String
  private let descriptor: iconv_t
  private var carry: [UInt8] = []
  /// Bytes of input converted so far: where an undecodable byte is.
  public private(set) var offset = 0

  /// Names people type that iconv spells otherwise.
  static func iconvName(_ name: String) -> String {
    let lower = name.lowercased().replacing("_", with: "-")
    switch lower {
    case "cp1251", "win1251", "windows1251", "ansi-1251": return "WINDOWS-1251"
    case "cp1252", "win1252", "windows1252": return "WINDOWS-1252"
    case "cp866", "dos866", "ibm866": return "CP866"
    case "latin1": return "ISO-8859-1"
    default: return lower.uppercased()
    }
  }

  /// Nil when the C library does not know the encoding.
  public init?(encoding: String) {
    self.encoding = encoding
    guard let d = iconv_open("UTF-8", Transcoder.iconvName(encoding)), d != iconv_t(bitPattern: -1) else {
      return nil
    }
    descriptor = d
  }

  deinit { iconv_close(descriptor) }

  public enum Failure: Error {
    /// A byte (at this offset from the start) that is not a character of the encoding.
    case invalid(offset: Int)
  }

  /// Converts the next chunk; `final` on the last (an incomplete character then is an error).
  public func convert(_ chunk: [UInt8], final: Bool = false) throws(Failure) -> [UInt8] {
    var input = carry + chunk
    carry = []
    var output = [UInt8](repeating: 0, count: max(64, input.count * 4))
    var produced = 0
    var consumed = 0
    while consumed < input.count {
      let (used, made, error) = input.withUnsafeMutableBytes { inBuffer in
        output.withUnsafeMutableBytes { outBuffer in
          var inPointer: UnsafeMutablePointer<CChar>? =
            inBuffer.baseAddress?.advanced(by: consumed).assumingMemoryBound(to: CChar.self)
          var inLeft = inBuffer.count - consumed
          var outPointer: UnsafeMutablePointer<CChar>? =
            outBuffer.baseAddress?.advanced(by: produced).assumingMemoryBound(to: CChar.self)
          var outLeft = outBuffer.count - produced
          let before = (inLeft, outLeft)
          let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
          return (before.0 - inLeft, before.1 - outLeft, result == -1 ? errno : 0)
        }
      }
      consumed += used
      produced += made
      if error == 0 { break }
      if error == E2BIG {
        output.append(contentsOf: [UInt8](repeating: 0, count: output.count))
      } else if error == EINVAL && !final {
        carry = Array(input[consumed...])
        break
      } else {
        throw .invalid(offset: offset + consumed - carryCount(input, chunk))
      }
    }
    offset += chunk.count
    input.removeAll()
    return Array(output[..<produced])
  }

  private func carryCount(_ input: [UInt8], _ chunk: [UInt8]) -> Int { input.count - chunk.count }

  /// The encodings people most often have, for help and errors.
  public static let common = "windows-1251, koi8-r, cp866, windows-1252, iso-8859-1, utf-16"
}
