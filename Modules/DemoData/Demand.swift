import Domain

/// Employers' personnel needs (forecasts 2021–2027) and the placements they offer.
///
/// Designed findings: welders, construction workers and open-pit miners are short (demand far
/// above graduates); sewing and automotive-service graduates are in surplus; mechatronics and
/// sewing are demanded in Andijan region and power engineering in Tashkent region, where no
/// program of those specialties exists. Requirement lists are `CODE:LEVEL`, a `?` after the
/// level marking a requirement that is not essential.
enum Demand {
  private typealias NeedLine = (
    org: String, specialty: String?, occupation: String?, region: String, from: Int, counts: [Int],
    requires: String
  )

  private static let needTable: [NeedLine] = [
    // Andijan: welders short, automotive service in surplus, mechatronics and sewing untaught.
    (
      "ENT-AAC", Catalog.welding, nil, "UZ-AN", 2023, [50, 60, 70, 75, 80],
      "C-WELD:4 C-WELD-TIG:3 C-DRAW:2 C-SAFE:3 C-QUAL:2?"
    ),
    (
      "ENT-AMSH", Catalog.welding, nil, "UZ-AN", 2024, [35, 40, 40],
      "C-WELD:3 C-DRAW:2 C-SAFE:3 C-TEAM:2?"
    ),
    (
      "ENT-AAC", Catalog.autoService, nil, "UZ-AN", 2024, [70, 80, 85],
      "C-AUTO:3 C-ASSY:3 C-ELEC:2 C-SAFE:3 C-LEAN:2?"
    ),
    (
      "ENT-AAC", Catalog.mechatronics, nil, "UZ-AN", 2024, [15, 20, 25, 30],
      "C-ROBOT:3 C-PLC:3 C-ELEC:3 C-HYDR:2 C-ENG:2?"
    ),
    (
      "ENT-SHATEX", Catalog.sewing, nil, "UZ-AN", 2024, [55, 60, 60],
      "C-SEW:3 C-TEXT:2 C-QUAL:2?"
    ),
    (
      "ENT-AMSH", Catalog.machineBuilding, nil, "UZ-AN", 2024, [30, 30, 35],
      "C-TECHPROC:4 C-MACH:4 C-CNC-PROG:3 C-METR:3 C-CAD:3? C-ENG:2?"
    ),
    (
      "ENT-AAC", Catalog.automotive, nil, "UZ-AN", 2024, [15, 20, 20],
      "C-QUAL:3 C-AUTO:3 C-LEAN:3 C-ENG:2?"
    ),
    (
      "ENT-MARAGRO", Catalog.foodProcessing, nil, "UZ-AN", 2025, [20, 25],
      "C-FOOD:3 C-HACCP:3 C-SAFE:2"
    ),
    ("BUS-WELD", nil, Catalog.welder, "UZ-AN", 2025, [10, 12], ""),
    // Namangan: construction workers short, sewing in surplus.
    (
      "ENT-TURBUILD", Catalog.constructionWorks, nil, "UZ-NG", 2022, [80, 90, 100, 110, 120],
      "C-CONC:3 C-MASON:3 C-SURV:2 C-SAFE:3 C-DRAW:2?"
    ),
    (
      "ENT-TURBUILD", Catalog.construction, nil, "UZ-NG", 2024, [20, 25, 25],
      "C-STRUCT:4 C-SITE:3 C-ESTM:3 C-BIM:3? C-SAFE:3"
    ),
    (
      "ENT-NQM", Catalog.buildingMaterials, nil, "UZ-NG", 2024, [15, 18, 20],
      "C-BMAT:4 C-CHEM:3 C-QUAL:3 C-LEAN:2?"
    ),
    (
      "ENT-NTEX", Catalog.sewing, nil, "UZ-NG", 2024, [40, 40],
      "C-SEW:4 C-PATT:2? C-TEXT:2 C-QUAL:2?"
    ),
    (
      "ENT-UCHAGRO", Catalog.foodProcessing, nil, "UZ-NG", 2024, [25, 30],
      "C-FOOD:3 C-HACCP:3 C-ENG:1?"
    ),
    ("BUS-NAMIT", nil, Catalog.civilTechnician, "UZ-NG", 2026, [6], ""),
    // Tashkent region: open-pit miners short, power engineers untaught in the region.
    (
      "ENT-AGMK", Catalog.openPit, nil, "UZ-TO", 2022, [90, 100, 110, 120, 130, 140],
      "C-MINEQ:3 C-BLAST:2 C-MINESAFE:4 C-TEAM:2?"
    ),
    (
      "ENT-ANGCOAL", Catalog.mining, nil, "UZ-TO", 2024, [30, 30, 35],
      "C-GEO:3 C-MINESAFE:4 C-BLAST:3 C-MINEQ:2? C-ENG:2?"
    ),
    ("ENT-ANGCOAL", nil, Catalog.miner, "UZ-TO-ANG", 2025, [40], ""),
    (
      "ENT-ANGTPP", Catalog.power, nil, "UZ-TO", 2024, [20, 25, 25],
      "C-POWER:4 C-RELAY:4 C-ELEC:4 C-PLC:2?"
    ),
    (
      "ENT-ANGTPP", Catalog.electrical, nil, "UZ-TO-ANG", 2025, [30, 35],
      "C-ELINST:3 C-ELEC:3 C-SAFE:3 C-RELAY:2?"
    ),
    (
      "ENT-AGMK", Catalog.welding, nil, "UZ-TO", 2021, [20, 22, 25],
      "C-WELD:4 C-SAFE:3 C-WELD-TIG:2?"
    ),
    ("ENT-AGMK", nil, Catalog.electricalEngineer, "UZ-TO", 2027, [15], ""),
  ]

  static func needs() -> [PersonnelNeed] {
    var out: [PersonnelNeed] = []
    for line in needTable {
      for (offset, count) in line.counts.enumerated() {
        out.append(
          PersonnelNeed(
            code: numbered("PN-", out.count + 1, width: 3), organization: line.org,
            specialty: line.specialty, occupation: line.occupation, region: line.region,
            year: line.from + offset, count: count, requirements: requirements(line.requires)))
      }
    }
    return out
  }

  // MARK: Placements

  /// A placement row. `weight` is how attractive students find it (0: nobody lists it);
  /// `zones` are the regions whose students consider it.
  struct Offer {
    var code: String
    var org: String
    var title: String
    var kind: PlacementKind
    var specialty: String
    var capacity: Int
    var starts: String
    var ends: String
    var requires: String
    var weight: Int
    var zones: [String]
  }

  private static let an = [Places.andijan]
  private static let ng = [Places.namangan]
  private static let to = [Places.tashkentRegion, Places.tashkentCity]

  static let offers: [Offer] = [
    // Andijan region
    Offer(
      code: "PL-AAC-WELD-DUAL", org: "ENT-AAC", title: "Dual education: welder, body-in-white shop",
      kind: .dual_education,
      specialty: Catalog.welding, capacity: 12, starts: "2025-09-15", ends: "2026-06-30",
      requires: "C-WELD:3 C-SAFE:3 C-DRAW:2?", weight: 10, zones: an),
    Offer(
      code: "PL-AAC-ASSY-INT", org: "ENT-AAC", title: "Internship: seat and trim assembly line", kind: .internship,
      specialty: Catalog.autoService, capacity: 25, starts: "2025-10-01", ends: "2025-12-20",
      requires: "C-ASSY:2 C-SAFE:2 C-LEAN:1?", weight: 5, zones: an),
    Offer(
      code: "PL-AAC-QC-JOB", org: "ENT-AAC", title: "Job: quality inspector, component plant", kind: .job,
      specialty: Catalog.automotive, capacity: 6, starts: "2025-09-01", ends: "",
      requires: "C-QUAL:3 C-AUTO:3 C-METR:2? C-ENG:2?", weight: 12, zones: an),
    Offer(
      code: "PL-AAC-MECH-TT", org: "ENT-AAC", title: "Target training: mechatronics engineer", kind: .target_training,
      specialty: Catalog.mechatronics, capacity: 5, starts: "2025-09-01", ends: "2029-06-30",
      requires: "C-MATH:3 C-PHYS:3 C-ELEC:2 C-PLC:1?", weight: 6, zones: an),
    Offer(
      code: "PL-AMSH-CNC-INT", org: "ENT-AMSH", title: "Internship: CNC machining shop", kind: .internship,
      specialty: Catalog.machineBuilding, capacity: 10, starts: "2025-10-01", ends: "2026-01-31",
      requires: "C-MACH:3 C-METR:2 C-CNC-PROG:2?", weight: 6, zones: an),
    Offer(
      code: "PL-AMSH-WELD-JOB", org: "ENT-AMSH", title: "Job: welder, press and frame workshop", kind: .job,
      specialty: Catalog.welding, capacity: 8, starts: "2025-09-01", ends: "",
      requires: "C-WELD:3 C-SAFE:3", weight: 5, zones: an),
    Offer(
      code: "PL-AAC-ELEC-INT", org: "ENT-AAC", title: "Internship: plant maintenance electrician", kind: .internship,
      specialty: Catalog.electrical, capacity: 8, starts: "2025-10-01", ends: "2025-12-31",
      requires: "C-ELINST:3 C-SAFE:3 C-PLC:1?", weight: 5, zones: an),
    Offer(
      code: "PL-SHATEX-SEW-DUAL", org: "ENT-SHATEX", title: "Dual education: sewing operator", kind: .dual_education,
      specialty: Catalog.sewing, capacity: 30, starts: "2025-09-15", ends: "2026-06-30",
      requires: "C-SEW:2 C-TEXT:1?", weight: 1, zones: an + ng),
    Offer(
      code: "PL-MARAGRO-INT", org: "ENT-MARAGRO", title: "Internship: fruit drying and canning line", kind: .internship,
      specialty: Catalog.foodProcessing, capacity: 15, starts: "2025-07-01", ends: "2025-10-31",
      requires: "C-FOOD:2 C-HACCP:2", weight: 4, zones: an),
    Offer(
      code: "PL-BUSWELD-INT", org: "BUS-WELD", title: "Internship: mobile welding service", kind: .internship,
      specialty: Catalog.welding, capacity: 4, starts: "2025-10-01", ends: "2025-12-31",
      requires: "C-WELD:2 C-SAFE:2", weight: 3, zones: an),
    // Namangan region
    Offer(
      code: "PL-TURB-CW-DUAL", org: "ENT-TURBUILD", title: "Dual education: construction site works",
      kind: .dual_education,
      specialty: Catalog.constructionWorks, capacity: 20, starts: "2025-09-15", ends: "2026-06-30",
      requires: "C-CONC:2 C-MASON:2 C-SAFE:3", weight: 6, zones: ng),
    Offer(
      code: "PL-TURB-ENG-JOB", org: "ENT-TURBUILD", title: "Job: junior site engineer", kind: .job,
      specialty: Catalog.construction, capacity: 5, starts: "2025-09-01", ends: "",
      requires: "C-STRUCT:3 C-SITE:3 C-ESTM:2 C-SAFE:3", weight: 10, zones: ng),
    Offer(
      code: "PL-NQM-LAB-INT", org: "ENT-NQM", title: "Internship: building materials laboratory", kind: .internship,
      specialty: Catalog.buildingMaterials, capacity: 8, starts: "2025-10-01", ends: "2025-12-31",
      requires: "C-BMAT:2 C-CHEM:2 C-QUAL:2?", weight: 4, zones: ng),
    Offer(
      code: "PL-NQM-PROC-TT", org: "ENT-NQM", title: "Target training: cement process engineer", kind: .target_training,
      specialty: Catalog.buildingMaterials, capacity: 3, starts: "2025-09-01", ends: "2029-06-30",
      requires: "C-MATH:3 C-CHEM:3", weight: 5, zones: ng),
    Offer(
      code: "PL-NQM-WELD-INT", org: "ENT-NQM", title: "Internship: maintenance welder, cement kilns", kind: .internship,
      specialty: Catalog.welding, capacity: 6, starts: "2025-10-01", ends: "2026-01-31",
      requires: "C-WELD:3 C-SAFE:3", weight: 5, zones: ng),
    Offer(
      code: "PL-NTEX-SEW-JOB", org: "ENT-NTEX", title: "Job: sewing operator, knitwear line", kind: .job,
      specialty: Catalog.sewing, capacity: 25, starts: "2025-09-01", ends: "",
      requires: "C-SEW:3 C-QUAL:1?", weight: 4, zones: ng),
    Offer(
      code: "PL-NTEX-PATT-INT", org: "ENT-NTEX", title: "Internship: pattern design studio", kind: .internship,
      specialty: Catalog.sewing, capacity: 6, starts: "2025-10-01", ends: "2025-12-31",
      requires: "C-PATT:2 C-DIGI:2?", weight: 6, zones: ng),
    Offer(
      code: "PL-NTEX-ELEC-INT", org: "ENT-NTEX", title: "Internship: electrician, knitting factory", kind: .internship,
      specialty: Catalog.electrical, capacity: 6, starts: "2025-10-01", ends: "2025-12-31",
      requires: "C-ELINST:3 C-SAFE:3", weight: 5, zones: ng),
    Offer(
      code: "PL-UCHAGRO-INT", org: "ENT-UCHAGRO", title: "Internship: dried-fruit export line", kind: .internship,
      specialty: Catalog.foodProcessing, capacity: 10, starts: "2025-07-01", ends: "2025-10-31",
      requires: "C-FOOD:2 C-HACCP:2", weight: 4, zones: ng),
    Offer(
      code: "PL-SMART-BIM-INT", org: "BUS-NAMIT", title: "Internship: BIM modelling", kind: .internship,
      specialty: Catalog.construction, capacity: 4, starts: "2025-10-01", ends: "2026-01-31",
      requires: "C-BIM:2 C-CAD:3 C-ENG:2?", weight: 12, zones: ng),
    Offer(
      code: "PL-DESIGN-INT", org: "BUS-TURDESIGN", title: "Internship: interior design studio (suspended)",
      kind: .internship,
      specialty: Catalog.construction, capacity: 0, starts: "2025-10-01", ends: "2025-12-31",
      requires: "C-CAD:2 C-DRAW:3", weight: 3, zones: ng),
    // Tashkent region
    Offer(
      code: "PL-AGMK-MINE-DUAL", org: "ENT-AGMK", title: "Dual education: open-pit equipment operator",
      kind: .dual_education,
      specialty: Catalog.openPit, capacity: 30, starts: "2025-09-15", ends: "2026-06-30",
      requires: "C-MINEQ:2 C-MINESAFE:3 C-BLAST:1?", weight: 6, zones: to),
    Offer(
      code: "PL-AGMK-ENG-TT", org: "ENT-AGMK", title: "Target training: mining engineer", kind: .target_training,
      specialty: Catalog.mining, capacity: 10, starts: "2025-09-01", ends: "2029-06-30",
      requires: "C-GEO:3 C-MINESAFE:3 C-MATH:3", weight: 8, zones: to),
    Offer(
      code: "PL-AGMK-WELD-JOB", org: "ENT-AGMK", title: "Job: maintenance welder, concentrator plant", kind: .job,
      specialty: Catalog.welding, capacity: 6, starts: "2025-09-01", ends: "",
      requires: "C-WELD:4 C-SAFE:3", weight: 7, zones: to),
    Offer(
      code: "PL-COAL-MINE-INT", org: "ENT-ANGCOAL", title: "Internship: coal open pit", kind: .internship,
      specialty: Catalog.openPit, capacity: 15, starts: "2025-10-01", ends: "2025-12-31",
      requires: "C-MINEQ:2 C-MINESAFE:2", weight: 4, zones: to),
    Offer(
      code: "PL-COAL-SAFE-JOB", org: "ENT-ANGCOAL", title: "Job: mine safety technician", kind: .job,
      specialty: Catalog.mining, capacity: 3, starts: "2025-09-01", ends: "",
      requires: "C-MINESAFE:4 C-GEO:2?", weight: 6, zones: to),
    Offer(
      code: "PL-TPP-ELEC-DUAL", org: "ENT-ANGTPP", title: "Dual education: power plant electrician",
      kind: .dual_education,
      specialty: Catalog.electrical, capacity: 12, starts: "2025-09-15", ends: "2026-06-30",
      requires: "C-ELINST:3 C-ELEC:2 C-SAFE:3", weight: 7, zones: to),
    Offer(
      code: "PL-TPP-RELAY-JOB", org: "ENT-ANGTPP", title: "Job: relay protection engineer", kind: .job,
      specialty: Catalog.power, capacity: 4, starts: "2025-09-01", ends: "",
      requires: "C-RELAY:4 C-POWER:3 C-ELEC:4", weight: 9, zones: to),
    Offer(
      code: "PL-ANGSERV-INT", org: "BUS-ANGSERV", title: "Internship: equipment repair workshop", kind: .internship,
      specialty: Catalog.welding, capacity: 5, starts: "2025-10-01", ends: "2025-12-31",
      requires: "C-WELD:2 C-HYDR:1?", weight: 0, zones: to),
    Offer(
      code: "PL-RIGEO-INT", org: "RI-GEO", title: "Research internship: geotechnical laboratory", kind: .internship,
      specialty: Catalog.mining, capacity: 4, starts: "2025-10-01", ends: "2026-05-31",
      requires: "C-GEO:3 C-RESEARCH:2?", weight: 3, zones: to),
  ]

  private static func placement(_ o: Offer, ranking: [String] = []) -> Placement {
    Placement(
      code: o.code, organization: o.org, title: o.title, kind: o.kind, specialty: o.specialty,
      region: Organizations.region(of: o.org), capacity: o.capacity, startsOn: iso(o.starts),
      endsOn: iso(o.ends), requirements: requirements(o.requires), ranking: ranking)
  }

  /// Every placement, with an empty ranking (students come later and list them).
  static func placements() -> [Placement] { offers.map { placement($0) } }

  /// Placements whose employers have ranked the applicants: repeated after the students,
  /// carrying the ranking (an upsert of the earlier records).
  static let rankedCodes = ["PL-AAC-WELD-DUAL", "PL-TURB-ENG-JOB", "PL-AGMK-ENG-TT", "PL-SMART-BIM-INT"]

  /// The ranked placements: each employer ranks the students who listed it, best score
  /// first, leaving out the weakest quarter.
  static func rankedPlacements(students: [Student]) -> [Placement] {
    offers.filter { rankedCodes.contains($0.code) }.map { offer in
      let applicants = students.filter { $0.preferences.contains(offer.code) }
        .sorted { ($0.score ?? 0, $1.code) > ($1.score ?? 0, $0.code) }
      let keep = max(1, applicants.count - applicants.count / 4)
      return placement(offer, ranking: applicants.prefix(keep).map(\.code))
    }
  }
}
