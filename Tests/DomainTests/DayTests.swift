import Domain
import Testing

@Test("ISO dates: exactly YYYY-MM-DD in ASCII digits, and a real day")
func isoDates() throws {
  let d = try #require(Day(iso: "2024-02-29"))
  #expect((d.year, d.month, d.day) == (2024, 2, 29))
  #expect(d.description == "2024-02-29")
  #expect(Day(iso: "0001-01-01")?.description == "0001-01-01")
  let refused = [
    "", "2024-2-05", "2024-02-5", "24-02-05", "2024/02/05", "2024-02-05 ", " 2024-02-05", "2023-02-29",
    "2024-13-01", "2024-00-10", "2024-01-00", "0000-01-01", "+024-01-01", "2024-0a-01", "２０２４-01-01",
    "2024-01-01T00", "2024−01−01",
  ]
  for text in refused { #expect(Day(iso: text) == nil, "\(text)") }
  // A string that is not stored contiguously (bridged or sliced) is read the same way.
  #expect(Day(iso: String("x2025-12-31".dropFirst())) == Day(year: 2025, month: 12, day: 31))
}
