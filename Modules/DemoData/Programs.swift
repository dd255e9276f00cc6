import Domain

/// Programs with outcomes and entry requirements, and their yearly cohorts.
///
/// Continuity is designed in: Shahrikhon's automotive and the Namangan / Angren electrical
/// programs cover every entry requirement of the matching bachelor programs; Turaqo‘rg‘on's
/// construction works and Angren's open-pit mining cover most, with gaps in mathematics,
/// physics or digital literacy; the food-processing and sewing programs lead nowhere onward.
/// Competency lists are `CODE:LEVEL[:HOURS]`, separated by spaces.
enum Programs {
  private typealias Row = (
    code: String, name: String, org: String, specialty: String?, level: ProgramLevel,
    form: ProgramForm, months: Int, intake: Int, language: String, outcomes: String, entry: String
  )

  private static let table: [Row] = [
    // General secondary (school → vocational continuity)
    (
      "SCH-TUR-07-GS", "General secondary education (engineering profile)", "SCH-TUR-07", nil, .general_secondary,
      .full_time, 132, 60, "uz",
      "C-MATH:3 C-PHYS:2 C-DRAW:1 C-DIGI:2 C-ENG:1 C-TEAM:2", ""
    ),
    (
      "SCH-ANG-05-GS", "General secondary education (physics and mathematics)", "SCH-ANG-05", nil, .general_secondary,
      .full_time, 132, 50, "uz",
      "C-MATH:3 C-PHYS:3 C-CHEM:2 C-DIGI:2 C-ENG:2", ""
    ),

    // Vocational: Namangan region
    (
      "VC-TUR-CW", "Construction and installation works", "VC-TUR", Catalog.constructionWorks, .vocational, .dual, 24,
      75, "uz",
      "C-CONC:3:220 C-MASON:4:260 C-SURV:2:80 C-DRAW:2:90 C-SAFE:3:40 C-MATH:2:120 C-PHYS:3:100 C-TEAM:3:20",
      "C-MATH:2 C-PHYS:1"
    ),
    (
      "VC-TUR-WELD", "Welding production", "VC-TUR", Catalog.welding, .vocational, .full_time, 24, 50, "uz",
      "C-WELD:4:320 C-WELD-TIG:2:80 C-DRAW:2:60 C-MAT:2:60 C-SAFE:3:40 C-MATH:2:80", "C-MATH:2"
    ),
    (
      "VC-UCH-FOOD", "Fruit and vegetable processing", "VC-UCH", Catalog.foodProcessing, .vocational, .full_time, 24,
      60, "uz",
      "C-FOOD:3:260 C-HACCP:3:90 C-CHEM:2:80 C-SAFE:2:30 C-ENTR:2:40 C-DIGI:1:40", "C-MATH:1 C-CHEM:1"
    ),
    (
      "VC-UCH-SEW", "Sewing technology and garment production", "VC-UCH", Catalog.sewing, .vocational, .full_time, 24,
      50, "uz",
      "C-SEW:4:360 C-PATT:3:160 C-TEXT:3:90 C-DIGI:2:40 C-SAFE:2:20", "C-MATH:1"
    ),
    (
      "VC-NAM-SEW", "Sewing technology and garment production", "VC-NAM", Catalog.sewing, .vocational, .dual, 24, 90,
      "uz",
      "C-SEW:4:380 C-PATT:2:120 C-TEXT:3:100 C-QUAL:2:40 C-SAFE:2:20", "C-MATH:1"
    ),
    (
      "VC-NAM-ELEC", "Electrical installation and maintenance", "VC-NAM", Catalog.electrical, .vocational, .full_time,
      24, 60, "uz",
      "C-ELINST:4:300 C-ELEC:3:160 C-RELAY:1:40 C-SAFE:3:40 C-MATH:3:120 C-PHYS:3:100 C-DIGI:2:40", "C-MATH:2 C-PHYS:2"
    ),

    // Vocational: Andijan region
    (
      "VC-SHA-AUTO", "Automotive maintenance and repair", "VC-SHA", Catalog.autoService, .vocational, .dual, 24, 80,
      "uz",
      "C-AUTO:3:280 C-ELEC:2:120 C-HYDR:2:80 C-ASSY:3:120 C-MATH:3:100 C-PHYS:3:90 C-SAFE:3:30 C-DIGI:2:40",
      "C-MATH:2 C-PHYS:2"
    ),
    (
      "VC-SHA-WELD", "Welding production", "VC-SHA", Catalog.welding, .vocational, .full_time, 24, 40, "uz",
      "C-WELD:3:300 C-DRAW:2:60 C-MAT:2:60 C-SAFE:3:40 C-MATH:2:80", "C-MATH:2"
    ),
    (
      "VC-SHA2-AUTO", "Automotive maintenance and repair", "VC-SHA2", Catalog.autoService, .vocational, .full_time, 24,
      25, "uz",
      "C-AUTO:2:240 C-ELEC:2:100 C-ASSY:2:80 C-SAFE:2:30", "C-MATH:2"
    ),
    (
      "VC-MAR-FOOD", "Fruit and vegetable processing", "VC-MAR", Catalog.foodProcessing, .vocational, .full_time, 24,
      50, "uz",
      "C-FOOD:3:260 C-HACCP:2:60 C-CHEM:2:80 C-SAFE:2:30 C-ENTR:3:60", "C-MATH:1 C-CHEM:1"
    ),
    (
      "VC-MAR-ELEC", "Electrical installation and maintenance", "VC-MAR", Catalog.electrical, .vocational, .full_time,
      24, 40, "uz",
      "C-ELINST:3:280 C-ELEC:3:160 C-SAFE:3:40 C-MATH:2:100 C-PHYS:2:90", "C-MATH:2 C-PHYS:2"
    ),
    (
      "VC-ASA-AUTO", "Automotive maintenance and repair", "VC-ASA", Catalog.autoService, .vocational, .dual, 24, 100,
      "uz",
      "C-AUTO:3:260 C-ASSY:4:200 C-ELEC:2:100 C-HYDR:2:80 C-LEAN:2:40 C-QUAL:2:40 C-SAFE:3:30 C-MATH:2:90",
      "C-MATH:2 C-PHYS:2"
    ),
    (
      "VC-ASA-WELD", "Welding production", "VC-ASA", Catalog.welding, .vocational, .dual, 24, 40, "uz",
      "C-WELD:4:340 C-WELD-TIG:3:120 C-DRAW:2:60 C-SAFE:3:40 C-QUAL:2:30 C-MATH:2:80", "C-MATH:2"
    ),

    // Vocational: Tashkent region
    (
      "VC-ANG-MINE", "Open-pit mining operations", "VC-ANG", Catalog.openPit, .vocational, .dual, 24, 60, "uz",
      "C-MINEQ:3:320 C-BLAST:2:120 C-MINESAFE:3:80 C-GEO:2:90 C-MATH:2:80 C-PHYS:2:80 C-TEAM:2:20", "C-MATH:2 C-PHYS:2"
    ),
    (
      "VC-ANG-ELEC", "Electrical installation and maintenance", "VC-ANG", Catalog.electrical, .vocational, .full_time,
      24, 50, "uz",
      "C-ELINST:4:320 C-ELEC:3:160 C-RELAY:2:60 C-SAFE:3:40 C-MATH:3:110 C-PHYS:3:100", "C-MATH:2 C-PHYS:2"
    ),
    (
      "VC-OLM-WELD", "Welding production", "VC-OLM", Catalog.welding, .vocational, .dual, 24, 45, "ru",
      "C-WELD:4:320 C-WELD-TIG:2:80 C-DRAW:2:60 C-MAT:2:60 C-SAFE:3:40 C-MATH:2:80", "C-MATH:2"
    ),
    (
      "VC-OLM-MINE", "Open-pit mining operations", "VC-OLM", Catalog.openPit, .vocational, .full_time, 24, 40, "ru",
      "C-MINEQ:3:300 C-BLAST:3:140 C-MINESAFE:3:80 C-GEO:2:80 C-MATH:2:80 C-PHYS:2:80", "C-MATH:2 C-PHYS:2"
    ),

    // Bachelor
    (
      "NamECI-B-CONST", "Construction of buildings and structures", "NamECI", Catalog.construction, .bachelor,
      .full_time, 48, 120, "uz",
      "C-STRUCT:4:360 C-CAD:4:200 C-BIM:3:120 C-CONC:4:160 C-SURV:3:120 C-ESTM:3:90 C-SITE:3:120 C-STRM:4:180 C-MATH:4:300 C-ENG:3:120 C-SAFE:3:40 C-TEAM:3:30",
      "C-MATH:3 C-PHYS:3 C-DRAW:2 C-CONC:2 C-SAFE:2 C-DIGI:2"
    ),
    (
      "NamECI-B-BMAT", "Production of building materials, products and structures", "NamECI", Catalog.buildingMaterials,
      .bachelor, .full_time, 48, 60, "uz",
      "C-BMAT:4:300 C-CHEM:3:160 C-MAT:4:200 C-QUAL:3:90 C-LEAN:2:40 C-SAFE:3:30 C-RESEARCH:2:60",
      "C-MATH:3 C-CHEM:3 C-PHYS:2"
    ),
    (
      "AndMI-B-MACH", "Machine-building technology", "AndMI", Catalog.machineBuilding, .bachelor, .full_time, 48, 100,
      "uz",
      "C-TECHPROC:4:300 C-MACH:4:240 C-CNC-PROG:3:160 C-METR:4:120 C-MAT:4:160 C-WELD:2:60 C-HYDR:3:90 C-CAD:3:120 C-LEAN:3:60 C-ENG:3:120",
      "C-MATH:3 C-PHYS:3 C-DRAW:3 C-MACH:2 C-METR:2"
    ),
    (
      "AndMI-B-AUTO", "Automotive engineering and service", "AndMI", Catalog.automotive, .bachelor, .full_time, 48, 90,
      "uz",
      "C-AUTO:4:280 C-ASSY:3:120 C-ELEC:3:160 C-HYDR:3:90 C-QUAL:3:90 C-LEAN:3:60 C-DIGI:3:60 C-PLC:2:60 C-ENG:3:120",
      "C-MATH:3 C-PHYS:3 C-AUTO:2 C-ELEC:2 C-DIGI:2"
    ),
    (
      "TSTU-OLM-B-MINE", "Mining engineering", "TSTU-OLM", Catalog.mining, .bachelor, .full_time, 48, 80, "ru",
      "C-GEO:4:240 C-BLAST:3:160 C-MINEQ:3:120 C-MINESAFE:4:120 C-MECH:3:120 C-CAD:2:60 C-ENG:3:120 C-MATH:4:280",
      "C-MATH:3 C-PHYS:3 C-GEO:2 C-MINESAFE:2"
    ),
    (
      "TSTU-B-POWER", "Electrical power engineering", "TSTU", Catalog.power, .bachelor, .full_time, 48, 110, "uz",
      "C-POWER:4:300 C-RELAY:4:200 C-ELEC:5:260 C-ELINST:3:90 C-PLC:2:60 C-MATH:4:280 C-ENG:3:120",
      "C-MATH:3 C-PHYS:3 C-ELEC:3 C-ELINST:2"
    ),
    (
      "TSTU-B-MACH", "Machine-building technology", "TSTU", Catalog.machineBuilding, .bachelor, .full_time, 48, 60,
      "ru",
      "C-TECHPROC:4:280 C-MACH:4:220 C-CNC-PROG:4:180 C-METR:4:120 C-MAT:3:140 C-CAD:4:140 C-ROBOT:1:30 C-ENG:3:120",
      "C-MATH:3 C-PHYS:3 C-DRAW:3 C-MACH:2"
    ),

    // Master
    (
      "NamECI-M-CONST", "Construction engineering", "NamECI", Catalog.constructionMaster, .master, .full_time, 24, 25,
      "uz",
      "C-STRUCT:5:240 C-BIM:4:120 C-RESEARCH:4:200 C-SITE:4:90 C-ENG:4:90", "C-STRUCT:4 C-CAD:4 C-STRM:4 C-ENG:3"
    ),
    (
      "AndMI-M-MACH", "Machine-building technology", "AndMI", Catalog.machineBuildingMaster, .master, .full_time, 24,
      20, "uz",
      "C-TECHPROC:5:240 C-CNC-PROG:4:160 C-RESEARCH:4:200 C-ENG:4:90 C-QUAL:4:60",
      "C-TECHPROC:4 C-MACH:4 C-MATH:4 C-ENG:3"
    ),

    // In-service training
    (
      "NamECI-IS-BIM", "BIM for practising engineers and teachers", "NamECI", Catalog.construction, .in_service,
      .part_time, 3, 40, "uz",
      "C-BIM:3:72", "C-CAD:3"
    ),
    (
      "AndMI-IS-CNC", "CNC programming for masters of industrial training", "AndMI", Catalog.machineBuilding,
      .in_service, .part_time, 2, 25, "uz",
      "C-CNC-PROG:3:80 C-MACH:3:40", "C-MACH:2"
    ),
    (
      "TTI-NG-PED", "Modern pedagogical technologies in vocational education", "TTI-NG", nil, .in_service, .part_time,
      1, 150, "uz",
      "C-PED:4:40 C-DIGPED:3:20 C-ASSESS:3:12", ""
    ),
    (
      "TTI-AVL-DIG", "Digital didactics for engineering teachers", "TTI-AVL", nil, .in_service, .distance, 2, 200, "uz",
      "C-DIGPED:4:36 C-DIGI:3:18 C-MENTOR:2:18", ""
    ),
  ]

  static func all() -> [Program] {
    table.map {
      Program(
        code: $0.code, name: $0.name, organization: $0.org, specialty: $0.specialty, level: $0.level,
        form: $0.form, durationMonths: $0.months, annualIntake: $0.intake, language: $0.language,
        outcomes: outcomes($0.outcomes), entryRequirements: levels($0.entry))
    }
  }

  // MARK: Cohorts

  /// Which programs have cohorts, from which graduation year, and the share of graduates who
  /// find work (percent) and of those, who stay in the cluster (percent). Years run to 2026;
  /// the 2026 cohort has not graduated yet.
  private static let cohortTable: [(program: String, from: Int, employed: Int, inCluster: Int)] = [
    ("VC-TUR-CW", 2020, 78, 72),
    ("VC-TUR-WELD", 2020, 85, 62),
    ("VC-UCH-FOOD", 2020, 64, 55),
    ("VC-UCH-SEW", 2020, 55, 45),
    ("VC-NAM-SEW", 2020, 60, 52),
    ("VC-NAM-ELEC", 2020, 80, 62),
    ("VC-SHA-AUTO", 2020, 82, 75),
    ("VC-SHA-WELD", 2020, 88, 80),
    ("VC-SHA2-AUTO", 2023, 70, 60),
    ("VC-MAR-FOOD", 2020, 60, 50),
    ("VC-MAR-ELEC", 2021, 72, 40),
    ("VC-ASA-AUTO", 2020, 90, 86),
    ("VC-ASA-WELD", 2021, 92, 88),
    ("VC-ANG-MINE", 2020, 90, 84),
    ("VC-ANG-ELEC", 2020, 86, 78),
    ("VC-OLM-WELD", 2020, 90, 85),
    ("VC-OLM-MINE", 2022, 85, 80),
    ("NamECI-B-CONST", 2020, 70, 45),
    ("NamECI-B-BMAT", 2020, 75, 60),
    ("AndMI-B-MACH", 2020, 74, 55),
    ("AndMI-B-AUTO", 2020, 80, 66),
    ("TSTU-OLM-B-MINE", 2021, 88, 70),
    ("TSTU-B-POWER", 2020, 84, 35),
    ("TSTU-B-MACH", 2020, 76, 30),
    ("NamECI-M-CONST", 2022, 90, 60),
    ("AndMI-M-MACH", 2022, 92, 70),
  ]

  static let lastGraduationYear = 2025
  static let currentCohortYear = 2026

  /// The program's annual intake, by code (0 when unknown).
  static func intake(of code: String) -> Int {
    table.first { $0.code == code }?.intake ?? 0
  }

  static func cohorts() -> [Cohort] {
    var rng = SplitMix64(seed: 0x00C0_4027_2025_0901)
    var out: [Cohort] = []
    for row in cohortTable {
      let intake = intake(of: row.program)
      for year in row.from...currentCohortYear {
        // Intake grows slowly over the years; enrolment wobbles around it.
        let planned = intake * (92 + 2 * (year - 2020)) / 100
        let enrolled = max(1, planned * rng.int(90...104) / 100)
        guard year <= lastGraduationYear else {
          out.append(Cohort(program: row.program, year: year, enrolled: enrolled))
          continue
        }
        let graduated = enrolled * rng.int(80...93) / 100
        let employed = min(graduated, graduated * (row.employed + rng.int(-5...5)) / 100)
        let inCluster = min(employed, employed * (row.inCluster + rng.int(-6...6)) / 100)
        out.append(
          Cohort(
            program: row.program, year: year, enrolled: enrolled, graduated: graduated,
            employed: employed, employedInCluster: inCluster))
      }
    }
    return out
  }
}
