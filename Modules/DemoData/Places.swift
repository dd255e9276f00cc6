import Domain

/// The country, the three regions the papers name (plus Tashkent city, home of TSTU) and
/// their districts and cities. Names are Uzbek Latin with the proper letters: ‘ (U+2018) in
/// o‘ and g‘, ʻ (U+02BB) where the official spelling uses the modifier letter.
enum Places {
  static let country = "UZ"
  static let namangan = "UZ-NG"
  static let andijan = "UZ-AN"
  static let tashkentRegion = "UZ-TO"
  static let tashkentCity = "UZ-TK"

  private static let table: [(code: String, name: String, level: RegionLevel, parent: String?)] = [
    ("UZ", "Oʻzbekiston Respublikasi", .country, nil),
    ("UZ-NG", "Namangan viloyati", .region, "UZ"),
    ("UZ-NG-NAM", "Namangan shahri", .district, "UZ-NG"),
    ("UZ-NG-TUR", "Turaqo‘rg‘on", .district, "UZ-NG"),
    ("UZ-NG-UCH", "Uchqo‘rg‘on", .district, "UZ-NG"),
    ("UZ-AN", "Andijon viloyati", .region, "UZ"),
    ("UZ-AN-AND", "Andijon shahri", .district, "UZ-AN"),
    ("UZ-AN-SHA", "Shahrikhon", .district, "UZ-AN"),
    ("UZ-AN-MAR", "Marhamat", .district, "UZ-AN"),
    ("UZ-AN-ASA", "Asaka", .district, "UZ-AN"),
    ("UZ-TO", "Toshkent viloyati", .region, "UZ"),
    ("UZ-TO-NUR", "Nurafshon shahri", .district, "UZ-TO"),
    ("UZ-TO-ANG", "Angren", .district, "UZ-TO"),
    ("UZ-TO-OLM", "Olmaliq", .district, "UZ-TO"),
    ("UZ-TK", "Toshkent shahri", .region, "UZ"),
  ]

  static func regions() -> [Region] {
    table.map {
      Region(
        code: $0.code, name: $0.name, level: $0.level, parent: $0.parent, labels: DemoLabels.of($0.code, name: $0.name))
    }
  }

  /// The region (level `region`) a district or city belongs to; a region maps to itself.
  static func topRegion(of code: String) -> String {
    let parts = code.split(separator: "-")
    return parts.count > 2 ? parts[0...1].joined(separator: "-") : code
  }
}
