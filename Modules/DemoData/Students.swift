import Domain

/// About three hundred fictional students, generated from fixed name lists with a seeded
/// SplitMix64, so that every run yields the same people, scores and preferences.
///
/// Preferences go to placements of related specialties in the student's own region, drawn in
/// proportion to each placement's attractiveness: a few small, attractive placements are
/// heavily oversubscribed, the Shahrikhon sewing places (wrong region for most sewing
/// students) stay nearly empty, and the Angren repair-workshop internship is listed by nobody.
enum Students {
  private static let maleFirst = [
    "Aziz", "Bekzod", "Jasur", "Sardor", "Ulug‘bek", "Otabek", "Sherzod", "Doniyor", "Javohir",
    "Islom", "Shoxrux", "Abdulloh", "Mirjalol", "Nodirbek", "Jahongir", "G‘ayrat", "Oybek", "Temur",
    "Farrux", "Asilbek", "Bobur", "Diyorbek", "Elyor", "Husan", "Sanjarbek",
  ]
  private static let femaleFirst = [
    "Madina", "Dilnoza", "Gulnora", "Nilufar", "Sevara", "Shahnoza", "Mohira", "Zarina", "Feruza",
    "Dildora", "O‘g‘iloy", "Gulchehra", "Nodira", "Malika", "Sabina", "Mohinur", "Ozoda", "Hilola",
    "Munisa", "Kamola", "Barno", "Charos", "Yulduz", "Zilola", "Rayhona",
  ]
  /// Male surnames; the female form adds "a" (Karimov → Karimova).
  private static let surnames = [
    "Karimov", "Rahimov", "Tursunov", "Yusupov", "Abdullayev", "Qodirov", "Ergashev", "Xolmatov",
    "Mirzayev", "Nazarov", "To‘xtasinov", "Sobirov", "G‘aniyev", "Umarov", "Raxmonov", "Ismoilov",
    "Jo‘rayev", "Haydarov", "Salimov", "Olimov", "Usmonov", "Qo‘chqorov", "Yo‘ldoshev", "Mamatov",
    "Hamidov", "Sultonov",
  ]

  /// How many students each program contributes.
  private static let perProgram: [(program: String, count: Int)] = [
    ("VC-TUR-CW", 22), ("VC-TUR-WELD", 12), ("VC-UCH-FOOD", 10), ("VC-UCH-SEW", 10),
    ("VC-NAM-SEW", 16), ("VC-NAM-ELEC", 12), ("VC-SHA-AUTO", 18), ("VC-SHA-WELD", 10),
    ("VC-SHA2-AUTO", 5), ("VC-MAR-FOOD", 10), ("VC-MAR-ELEC", 8), ("VC-ASA-AUTO", 20),
    ("VC-ASA-WELD", 10), ("VC-ANG-MINE", 16), ("VC-ANG-ELEC", 12), ("VC-OLM-WELD", 10),
    ("VC-OLM-MINE", 8),
    ("NamECI-B-CONST", 24), ("NamECI-B-BMAT", 10), ("AndMI-B-MACH", 16), ("AndMI-B-AUTO", 14),
    ("TSTU-OLM-B-MINE", 12), ("TSTU-B-POWER", 14), ("TSTU-B-MACH", 6),
    ("NamECI-M-CONST", 4), ("AndMI-M-MACH", 4),
  ]

  /// Placement specialties a student of a program specialty considers.
  private static let related: [String: [String]] = [
    Catalog.welding: [Catalog.welding],
    Catalog.constructionWorks: [Catalog.constructionWorks, Catalog.construction],
    Catalog.foodProcessing: [Catalog.foodProcessing],
    Catalog.sewing: [Catalog.sewing],
    Catalog.electrical: [Catalog.electrical, Catalog.power],
    Catalog.autoService: [Catalog.autoService, Catalog.automotive, Catalog.welding],
    Catalog.openPit: [Catalog.openPit, Catalog.mining, Catalog.welding],
    Catalog.construction: [Catalog.construction, Catalog.buildingMaterials, Catalog.constructionWorks],
    Catalog.buildingMaterials: [Catalog.buildingMaterials, Catalog.construction],
    Catalog.machineBuilding: [Catalog.machineBuilding, Catalog.mechatronics, Catalog.automotive, Catalog.welding],
    Catalog.automotive: [Catalog.automotive, Catalog.autoService, Catalog.mechatronics, Catalog.machineBuilding],
    Catalog.mining: [Catalog.mining, Catalog.openPit],
    Catalog.power: [Catalog.power, Catalog.electrical],
    Catalog.constructionMaster: [Catalog.construction, Catalog.buildingMaterials],
    Catalog.machineBuildingMaster: [Catalog.machineBuilding, Catalog.mechatronics, Catalog.automotive],
  ]

  /// Districts (and cities) of each region, for students who live away from their college.
  private static func districts(of region: String) -> [String] {
    let codes = Places.regions().map(\.code)
    let inside = codes.filter { $0.hasPrefix(region + "-") }
    return inside.isEmpty ? [region] : inside
  }

  static func all() -> [Student] {
    var rng = SplitMix64(seed: 0x5EED_2025_0000_0301)
    let programs = Programs.all()
    var usedNames = Set<String>()
    var out: [Student] = []

    for (programCode, count) in perProgram {
      guard let program = programs.first(where: { $0.code == programCode }),
        let home = Organizations.region(of: program.organization)
      else { continue }
      let zone = Places.topRegion(of: home) == Places.tashkentCity ? Places.tashkentRegion : Places.topRegion(of: home)
      let specialties = program.specialty.flatMap { related[$0] } ?? []
      let candidates = Demand.offers
        .filter { specialties.contains($0.specialty) && $0.zones.contains(zone) }
        .map { ($0.code, $0.weight) }
      let nearby = districts(of: zone) + (zone == Places.tashkentRegion ? [Places.tashkentCity] : [])

      for _ in 0..<count {
        let number = out.count + 1
        let name = uniqueName(&rng, used: &usedNames)
        let region = rng.chance(75) ? home : (rng.pick(nearby) ?? home)
        let score = Double(rng.int(350...995)) / 10
        let cohortYear = rng.chance(80) ? Programs.currentCohortYear : Programs.lastGraduationYear

        // Assessed competencies: 3–6 of the program's outcomes, stronger students nearer the
        // outcome level; now and then a transversal skill picked up elsewhere.
        let wanted = min(program.outcomes.count, rng.int(3...6))
        let chosen = rng.weightedSample(program.outcomes.map { ($0, 1) }, count: wanted)
        var competencies = chosen.map { outcome -> Student.AssessedCompetency in
          let delta = score >= 80 ? rng.int(-1...1) : (score >= 60 ? rng.int(-1...0) : rng.int(-2...0))
          return Student.AssessedCompetency(
            competency: outcome.competency, level: min(5, max(1, outcome.level + delta)),
            assessedOn: d(cohortYear, 5, rng.int(12...30)))
        }
        if rng.chance(20), !competencies.contains(where: { $0.competency == "C-ENG" }) {
          competencies.append(
            Student.AssessedCompetency(competency: "C-ENG", level: rng.int(1...3), assessedOn: d(cohortYear, 4, 20)))
        }

        // Preferences: a few students list nothing; the rest 1–5 related placements.
        let preferences =
          rng.chance(4) ? [] : rng.weightedSample(candidates, count: rng.int(1...5))

        out.append(
          Student(
            code: numbered("ST-", number, width: 4), name: name, program: program.code,
            cohortYear: cohortYear, region: region, score: score, competencies: competencies,
            preferences: preferences))
      }
    }
    return out
  }

  /// A first name and surname not used before (gender chosen at random).
  private static func uniqueName(_ rng: inout SplitMix64, used: inout Set<String>) -> String {
    while true {
      let female = rng.chance(50)
      let first = rng.pick(female ? femaleFirst : maleFirst) ?? "Aziz"
      let surname = (rng.pick(surnames) ?? "Karimov") + (female ? "a" : "")
      let name = "\(first) \(surname)"
      if used.insert(name).inserted { return name }
    }
  }
}
