import Domain

/// Specialties (classifier-like codes: 60… bachelor, 70… master, 3-… vocational),
/// competencies (own `C-…` codes) and occupations (national codes by ISCO-08 group).
enum Catalog {
  // Specialty codes used across the data files.
  static let construction = "60730300"
  static let buildingMaterials = "60730500"
  static let machineBuilding = "60710900"
  static let automotive = "60711400"
  static let mechatronics = "60711500"
  static let mining = "60720600"
  static let power = "60710200"
  static let machineBuildingMaster = "70710900"
  static let constructionMaster = "70730300"
  static let welding = "3-0715-01"
  static let constructionWorks = "3-0732-02"
  static let autoService = "3-0716-03"
  static let electrical = "3-0713-04"
  static let openPit = "3-0724-05"
  static let sewing = "3-0723-06"
  static let foodProcessing = "3-0721-07"

  private static let specialtyTable: [(code: String, name: String, level: ProgramLevel, field: String)] = [
    (construction, "Construction of buildings and structures", .bachelor, "Architecture and construction"),
    (
      buildingMaterials, "Production of building materials, products and structures", .bachelor,
      "Architecture and construction"
    ),
    (machineBuilding, "Machine-building technology", .bachelor, "Engineering and engineering trades"),
    (automotive, "Automotive engineering and service", .bachelor, "Engineering and engineering trades"),
    (mechatronics, "Mechatronics and robotics", .bachelor, "Engineering and engineering trades"),
    (mining, "Mining engineering", .bachelor, "Manufacturing and processing"),
    (power, "Electrical power engineering", .bachelor, "Engineering and engineering trades"),
    (machineBuildingMaster, "Machine-building technology (master)", .master, "Engineering and engineering trades"),
    (constructionMaster, "Construction engineering (master)", .master, "Architecture and construction"),
    (welding, "Welding production", .vocational, "Engineering and engineering trades"),
    (constructionWorks, "Construction and installation works", .vocational, "Architecture and construction"),
    (autoService, "Automotive maintenance and repair", .vocational, "Engineering and engineering trades"),
    (electrical, "Electrical installation and maintenance", .vocational, "Engineering and engineering trades"),
    (openPit, "Open-pit mining operations", .vocational, "Manufacturing and processing"),
    (sewing, "Sewing technology and garment production", .vocational, "Manufacturing and processing"),
    (foodProcessing, "Fruit and vegetable processing", .vocational, "Manufacturing and processing"),
  ]

  static func specialties() -> [Specialty] {
    specialtyTable.map {
      Specialty(
        code: $0.code, name: $0.name, level: $0.level, field: $0.field, labels: DemoLabels.of($0.code, name: $0.name))
    }
  }

  /// Reuse levels as ESCO names them.
  private static let transversal = "transversal"
  private static let crossSector = "cross-sector"
  private static let sector = "sector-specific"
  private static let occupational = "occupation-specific"

  private typealias CompetencyRow = (
    code: String, name: String, type: CompetencyType, reuse: String, alt: [String], broader: String?,
    description: String?
  )

  /// Broader competencies come before the narrower ones that point to them.
  private static let competencyTable: [CompetencyRow] = [
    // Transversal and general
    (
      "C-TEAM", "Teamwork", .transversal, transversal, ["Collaboration", "Jamoada ishlash"], nil,
      "Work with others towards a shared goal."
    ),
    ("C-COMM", "Professional communication", .transversal, transversal, [], nil, nil),
    (
      "C-DIGI", "Digital literacy", .transversal, transversal, ["ICT skills", "Raqamli savodxonlik"], nil,
      "Use office software, e-mail and online services safely."
    ),
    ("C-PROB", "Problem solving", .transversal, transversal, [], nil, nil),
    ("C-ENTR", "Entrepreneurship", .transversal, transversal, ["Tadbirkorlik"], nil, nil),
    (
      "C-SAFE", "Occupational health and safety", .competence, crossSector,
      ["OHS", "Mehnat muhofazasi", "Охрана труда"], nil, "Apply safety rules and use protective equipment at work."
    ),
    ("C-ENG", "Technical English", .skill, crossSector, ["English for engineers"], nil, nil),
    ("C-QUAL", "Quality management", .competence, crossSector, ["ISO 9001"], nil, nil),
    ("C-RESEARCH", "Research methods", .competence, crossSector, [], nil, "Plan, run and report an applied study."),
    // Engineering fundamentals
    ("C-MATH", "Engineering mathematics", .knowledge, crossSector, ["Oliy matematika"], nil, nil),
    ("C-PHYS", "Physics", .knowledge, crossSector, [], nil, nil),
    ("C-CHEM", "Chemistry", .knowledge, crossSector, [], nil, nil),
    (
      "C-DRAW", "Technical drawing", .skill, crossSector, ["Engineering graphics", "Chizmachilik"], nil,
      "Read and produce drawings to standard."
    ),
    ("C-CAD", "Computer-aided design", .skill, crossSector, ["AutoCAD", "CAD"], "C-DRAW", nil),
    ("C-MAT", "Materials science", .knowledge, sector, [], nil, nil),
    ("C-MECH", "Theoretical mechanics", .knowledge, sector, [], nil, nil),
    ("C-STRM", "Strength of materials", .knowledge, sector, ["Materiallar qarshiligi"], "C-MECH", nil),
    ("C-ELEC", "Electrical engineering fundamentals", .knowledge, sector, ["Elektrotexnika"], nil, nil),
    // Construction
    (
      "C-BIM", "BIM modelling", .skill, occupational, ["Revit", "Building information modelling"], "C-CAD",
      "Build and coordinate information models of buildings."
    ),
    ("C-STRUCT", "Structural analysis and design", .skill, occupational, [], nil, nil),
    ("C-CONC", "Concrete and reinforced-concrete works", .skill, occupational, ["Beton ishlari"], nil, nil),
    ("C-MASON", "Masonry and finishing works", .skill, occupational, [], nil, nil),
    ("C-SURV", "Surveying and site layout", .skill, occupational, ["Geodesy", "Geodeziya"], nil, nil),
    ("C-ESTM", "Cost estimating", .skill, occupational, ["Smeta"], nil, nil),
    ("C-BMAT", "Building materials technology", .knowledge, sector, [], "C-MAT", nil),
    ("C-SITE", "Construction site management", .competence, occupational, [], nil, nil),
    // Machine-building and automotive
    (
      "C-WELD", "Welding", .skill, occupational, ["MIG/MAG welding", "Payvandlash", "Сварка"], nil,
      "Join metal parts by arc welding to drawing and quality requirements."
    ),
    ("C-WELD-TIG", "TIG welding", .skill, occupational, ["GTAW"], "C-WELD", nil),
    ("C-MACH", "Machining and CNC operation", .skill, occupational, ["CNC operator"], nil, nil),
    ("C-CNC-PROG", "CNC programming", .skill, occupational, ["G-code"], "C-MACH", nil),
    ("C-METR", "Metrology and tolerances", .knowledge, sector, [], nil, nil),
    ("C-HYDR", "Hydraulics and pneumatics", .knowledge, sector, [], nil, nil),
    ("C-TECHPROC", "Machine-building process design", .competence, occupational, [], nil, nil),
    ("C-LEAN", "Lean manufacturing", .competence, crossSector, ["Kaizen", "5S"], nil, nil),
    ("C-AUTO", "Automotive diagnostics", .skill, occupational, ["Avtodiagnostika"], nil, nil),
    ("C-ASSY", "Assembly-line operations", .skill, occupational, [], nil, nil),
    (
      "C-ROBOT", "Industrial robotics", .skill, occupational, ["Robot programming"], nil,
      "Program, operate and maintain industrial robots."
    ),
    ("C-PLC", "PLC programming", .skill, occupational, ["Industrial controllers"], nil, nil),
    // Energy and mining
    ("C-ELINST", "Electrical installation", .skill, occupational, ["Elektr montaj"], nil, nil),
    ("C-RELAY", "Relay protection and automation", .skill, occupational, [], nil, nil),
    ("C-POWER", "Power systems operation", .competence, occupational, [], nil, nil),
    ("C-GEO", "Geology of mineral deposits", .knowledge, sector, [], nil, nil),
    ("C-BLAST", "Drilling and blasting", .skill, occupational, ["Burg‘ulash-portlatish ishlari"], nil, nil),
    ("C-MINEQ", "Mining equipment operation", .skill, occupational, ["Excavator operation"], nil, nil),
    ("C-MINESAFE", "Mine safety", .competence, sector, ["Kon xavfsizligi"], "C-SAFE", nil),
    // Light industry and agro-processing
    ("C-TEXT", "Textile materials", .knowledge, sector, [], "C-MAT", nil),
    ("C-SEW", "Industrial sewing", .skill, occupational, ["Tikuvchilik"], nil, nil),
    ("C-PATT", "Garment pattern design", .skill, occupational, ["Konstruktorlik"], nil, nil),
    ("C-FOOD", "Food processing technology", .knowledge, sector, [], nil, nil),
    ("C-HACCP", "Food safety (HACCP)", .competence, sector, ["HACCP"], nil, nil),
    // Teaching
    (
      "C-PED", "Pedagogical technologies", .competence, sector, ["Pedagogik texnologiyalar"], nil,
      "Design lessons with active and project-based methods."
    ),
    ("C-DIGPED", "Digital teaching tools", .skill, sector, ["E-learning", "LMS"], "C-DIGI", nil),
    ("C-ASSESS", "Assessment of learning outcomes", .skill, sector, [], nil, nil),
    (
      "C-MENTOR", "Workplace mentoring", .competence, crossSector, ["Ustoz-shogird"], nil,
      "Guide dual-education students at the workplace."
    ),
  ]

  static func competencies() -> [Competency] {
    competencyTable.map {
      Competency(
        code: $0.code, name: $0.name, type: $0.type, reuseLevel: $0.reuse, description: $0.description,
        altLabels: $0.alt, broader: $0.broader)
    }
  }

  // Occupations: national code built on the ISCO-08 unit group.
  static let welder = "7212.01"
  static let autoMechanic = "7231.02"
  static let civilTechnician = "3112.01"
  static let miner = "8111.03"
  static let electricalEngineer = "2151.01"

  private static let occupationTable: [(code: String, name: String, isco: String, skills: String)] = [
    (welder, "Electric and gas welder", "7212", "C-WELD C-DRAW C-SAFE C-MAT C-WELD-TIG? C-TEAM?"),
    (autoMechanic, "Motor vehicle mechanic", "7231", "C-AUTO C-ELEC C-HYDR C-SAFE C-DIGI? C-COMM?"),
    (civilTechnician, "Civil engineering technician", "3112", "C-CAD C-SURV C-CONC C-ESTM C-BIM? C-SAFE"),
    (miner, "Miner and quarrier (open pit)", "8111", "C-MINEQ C-MINESAFE C-BLAST C-GEO? C-TEAM"),
    (electricalEngineer, "Electrical engineer", "2151", "C-POWER C-RELAY C-ELEC C-PLC? C-ENG? C-SAFE"),
  ]

  static func occupations() -> [Occupation] {
    occupationTable.map { row in
      Occupation(
        code: row.code, name: row.name, iscoGroup: row.isco,
        skills: words(row.skills).map { word in
          let optional = word.hasSuffix("?")
          return Occupation.OccupationSkill(
            competency: optional ? String(word.dropLast()) : word, essential: !optional)
        })
    }
  }
}
