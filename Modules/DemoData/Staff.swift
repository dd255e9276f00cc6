import Domain

/// Teachers (fictional), in-service courses and training records. Qualification is due every
/// three years: as of 2025-09-01 a dozen teachers last qualified before 2022-09-01, two newer
/// teachers have never qualified, and the rest took courses in 2023–2025. A failed or merely
/// attended course does not count as qualification.
enum Staff {
  private typealias TeacherRow = (
    code: String, name: String, org: String, specialty: String?, category: String, hired: String,
    qualified: String, competencies: String, programs: String
  )

  private static let teacherTable: [TeacherRow] = [
    // Universities
    (
      "T-001", "Rustam Qodirov", "NamECI", Catalog.construction, "highest", "2006-09-01", "2021-04-15",
      "C-STRUCT:5 C-STRM:5 C-CAD:3 C-PED:3", "NamECI-B-CONST NamECI-M-CONST"
    ),
    (
      "T-002", "Nodira Yusupova", "NamECI", Catalog.construction, "first", "2014-09-01", "2024-11-29",
      "C-BIM:4 C-CAD:4 C-DIGPED:3", "NamECI-B-CONST NamECI-IS-BIM"
    ),
    (
      "T-003", "Akmal To‘xtasinov", "NamECI", Catalog.buildingMaterials, "highest", "2003-02-01", "2022-03-10",
      "C-BMAT:5 C-CHEM:4 C-RESEARCH:4", "NamECI-B-BMAT"
    ),
    (
      "T-004", "Shahlo Mirzayeva", "NamECI", Catalog.constructionMaster, "highest", "2009-09-01", "2024-11-29",
      "C-RESEARCH:5 C-SITE:4 C-ENG:4 C-BIM:3", "NamECI-M-CONST"
    ),
    (
      "T-005", "Bahodir Ergashev", "AndMI", Catalog.machineBuilding, "highest", "2005-09-01", "2020-12-18",
      "C-TECHPROC:5 C-MACH:4 C-METR:3", "AndMI-B-MACH AndMI-M-MACH"
    ),
    (
      "T-006", "Ulug‘bek Xolmatov", "AndMI", Catalog.machineBuilding, "first", "2016-09-01", "2025-03-28",
      "C-CNC-PROG:4 C-MACH:4 C-CAD:3", "AndMI-B-MACH AndMI-IS-CNC"
    ),
    (
      "T-007", "Dilfuza Abdullayeva", "AndMI", Catalog.automotive, "first", "2012-09-01", "2025-03-14",
      "C-AUTO:4 C-ELEC:4 C-PLC:2 C-DIGPED:3", "AndMI-B-AUTO"
    ),
    (
      "T-008", "Sanjar Nazarov", "AndMI", Catalog.automotive, "second", "2024-09-01", "", "C-AUTO:3 C-QUAL:3 C-LEAN:3",
      "AndMI-B-AUTO"
    ),
    (
      "T-009", "Farhod Rahimov", "TSTU", Catalog.power, "highest", "2001-09-01", "2021-11-25",
      "C-POWER:5 C-RELAY:5 C-ELEC:5", "TSTU-B-POWER"
    ),
    (
      "T-010", "Ирина Ким", "TSTU", Catalog.machineBuilding, "first", "2010-09-01", "2025-03-14",
      "C-TECHPROC:4 C-CNC-PROG:4 C-ROBOT:2 C-DIGPED:3", "TSTU-B-MACH"
    ),
    (
      "T-011", "Jamshid Umarov", "TSTU-OLM", Catalog.mining, "highest", "2008-09-01", "2023-06-30",
      "C-GEO:5 C-BLAST:4 C-MINESAFE:4", "TSTU-OLM-B-MINE"
    ),
    (
      "T-012", "Malika Sobirova", "TSTU-OLM", Catalog.mining, "first", "2017-09-01", "2025-02-28",
      "C-MINEQ:4 C-MINESAFE:4 C-ENG:3", "TSTU-OLM-B-MINE"
    ),
    // Colleges and technical schools
    (
      "T-013", "Anvar Haydarov", "VC-TUR", Catalog.constructionWorks, "first", "2011-08-25", "2021-06-10",
      "C-CONC:4 C-MASON:5 C-SAFE:4", "VC-TUR-CW"
    ),
    (
      "T-014", "Gulnora Salimova", "VC-TUR", Catalog.constructionWorks, "second", "2019-08-25", "2024-11-01",
      "C-SURV:3 C-DRAW:4 C-MATH:3 C-PED:4", "VC-TUR-CW"
    ),
    (
      "T-015", "Oybek G‘aniyev", "VC-TUR", Catalog.welding, "first", "2013-08-25", "2025-04-18",
      "C-WELD:5 C-WELD-TIG:4 C-SAFE:4 C-MENTOR:3", "VC-TUR-WELD"
    ),
    (
      "T-016", "Zulfiya Olimova", "VC-UCH", Catalog.foodProcessing, "first", "2012-08-25", "2020-10-30",
      "C-FOOD:4 C-HACCP:2", "VC-UCH-FOOD"
    ),
    (
      "T-017", "Mohira Usmonova", "VC-UCH", Catalog.sewing, "second", "2018-08-25", "2024-11-01",
      "C-SEW:4 C-PATT:4 C-TEXT:3 C-PED:4", "VC-UCH-SEW"
    ),
    (
      "T-018", "Dilnoza Qo‘chqorova", "VC-NAM", Catalog.sewing, "highest", "2004-08-25", "2024-11-01",
      "C-SEW:5 C-PATT:4 C-QUAL:3 C-PED:4", "VC-NAM-SEW"
    ),
    (
      "T-019", "Sherzod Ismoilov", "VC-NAM", Catalog.electrical, "first", "2015-08-25", "2023-02-18",
      "C-ELINST:4 C-ELEC:4 C-SAFE:3", "VC-NAM-ELEC"
    ),
    (
      "T-020", "Javlon Tursunov", "VC-SHA", Catalog.autoService, "first", "2014-08-25", "2024-03-22",
      "C-AUTO:4 C-ASSY:3 C-HYDR:3", "VC-SHA-AUTO"
    ),
    (
      "T-021", "Xurshida Karimova", "VC-SHA", Catalog.welding, "second", "2020-08-25", "2025-04-18",
      "C-WELD:5 C-WELD-TIG:4 C-SAFE:3", "VC-SHA-WELD"
    ),
    (
      "T-022", "Alisher Jo‘rayev", "VC-SHA2", Catalog.autoService, "second", "2022-08-25", "", "C-AUTO:3 C-ELEC:2",
      "VC-SHA2-AUTO"
    ),
    (
      "T-023", "Nilufar Raxmonova", "VC-MAR", Catalog.foodProcessing, "first", "2010-08-25", "2021-09-24",
      "C-FOOD:4 C-HACCP:4 C-ENTR:3", "VC-MAR-FOOD"
    ),
    (
      "T-024", "Botir Yo‘ldoshev", "VC-MAR", Catalog.electrical, "second", "2016-08-25", "2024-11-01",
      "C-ELINST:3 C-ELEC:3 C-PED:4", "VC-MAR-ELEC"
    ),
    (
      "T-025", "Temur Abdurahmonov", "VC-ASA", Catalog.autoService, "highest", "2007-08-25", "2024-09-27",
      "C-AUTO:5 C-ASSY:4 C-LEAN:3 C-MENTOR:4", "VC-ASA-AUTO"
    ),
    (
      "T-026", "Ravshan Mamatov", "VC-ASA", Catalog.welding, "first", "2013-08-25", "2022-08-12",
      "C-WELD:5 C-WELD-TIG:4 C-QUAL:3", "VC-ASA-WELD"
    ),
    (
      "T-027", "Kamola Saidova", "VC-ANG", Catalog.openPit, "first", "2011-08-25", "2025-02-28",
      "C-MINEQ:4 C-MINESAFE:4 C-BLAST:3", "VC-ANG-MINE"
    ),
    (
      "T-028", "Sergey Pak", "VC-ANG", Catalog.electrical, "highest", "1999-08-25", "2019-05-31",
      "C-ELINST:5 C-RELAY:4 C-ELEC:2", "VC-ANG-ELEC"
    ),
    (
      "T-029", "Dildora Nurmatova", "VC-OLM", Catalog.welding, "first", "2015-08-25", "2025-04-18",
      "C-WELD:5 C-WELD-TIG:4 C-SAFE:4", "VC-OLM-WELD"
    ),
    (
      "T-030", "Aziz Sultonov", "VC-OLM", Catalog.openPit, "second", "2019-08-25", "2021-03-12",
      "C-BLAST:4 C-GEO:3 C-MINESAFE:2", "VC-OLM-MINE"
    ),
    // Teacher training and schools
    (
      "T-031", "Lola Hamidova", "TTI-NG", nil, "highest", "2002-09-01", "2025-03-14", "C-PED:5 C-ASSESS:5 C-DIGPED:4",
      "TTI-NG-PED"
    ),
    (
      "T-032", "Bekzod Fayziyev", "SCH-TUR-07", nil, "first", "2017-08-25", "2022-01-14", "C-MATH:4 C-PHYS:3 C-PED:3",
      "SCH-TUR-07-GS"
    ),
    (
      "T-033", "Shoira Azimova", "SCH-ANG-05", nil, "highest", "2008-08-25", "2025-03-14",
      "C-PHYS:4 C-MATH:4 C-DIGPED:3", "SCH-ANG-05-GS"
    ),
  ]

  static func teachers() -> [Teacher] {
    teacherTable.map {
      Teacher(
        code: $0.code, name: $0.name, organization: $0.org, specialty: $0.specialty, category: $0.category,
        hiredOn: iso($0.hired), lastQualifiedOn: iso($0.qualified), competencies: levels($0.competencies),
        programs: words($0.programs))
    }
  }

  private typealias CourseRow = (
    code: String, title: String, provider: String, hours: Int, mode: CourseMode, capacity: Int,
    starts: String, ends: String, raises: String
  )

  private static let courseTable: [CourseRow] =
    [
      (
        "CRS-MENT-2024", "Workplace mentoring for dual education", "RC-NG", 24, .informal, 30, "2024-03-04",
        "2024-03-08",
        "C-MENTOR:3"
      ),
      (
        "CRS-PED-2024", "Modern pedagogical technologies in vocational education", "TTI-NG", 72, .formal, 40,
        "2024-10-07", "2024-11-01", "C-PED:4 C-ASSESS:3"
      ),
      (
        "CRS-BIM-2024", "BIM modelling with Revit for construction teachers", "NamECI", 72, .formal, 20, "2024-11-04",
        "2024-11-29", "C-BIM:3 C-CAD:4"
      ),
      (
        "CRS-MINE-2025", "Mine safety and open-pit technology", "TSTU-OLM", 60, .formal, 20, "2025-02-10", "2025-02-28",
        "C-MINESAFE:4 C-BLAST:3"
      ),
      (
        "CRS-DIG-2025", "Digital didactics and e-learning tools", "TTI-AVL", 36, .non_formal, 60, "2025-02-03",
        "2025-03-14", "C-DIGPED:4 C-DIGI:3"
      ),
      (
        "CRS-CNC-2025", "CNC programming (Fanuc, Sinumerik) for teachers", "AndMI", 80, .formal, 15, "2025-03-03",
        "2025-03-28", "C-CNC-PROG:3 C-MACH:4"
      ),
      (
        "CRS-WELD-2025", "Modern welding processes: MIG/MAG and TIG", "AndMI", 48, .formal, 12, "2025-04-07",
        "2025-04-18", "C-WELD:5 C-WELD-TIG:4"
      ),
      (
        "CRS-ENG-2025", "Technical English for engineering teachers", "TTI-NG", 60, .non_formal, 25, "2025-09-15",
        "2025-12-15", "C-ENG:3"
      ),
      (
        "CRS-ENER-2025", "Relay protection and smart grids", "TSTU", 48, .formal, 20, "2025-10-06", "2025-10-24",
        "C-RELAY:4 C-POWER:4"
      ),
      // Courses offered every four months, into the next academic year: whatever the day in the
      // academic year, one of each starts within pd's 180-day horizon.
    ] + upcoming([("10-13", "10-31"), ("02-09", "02-27"), ("06-08", "06-26"), ("10-12", "10-30")])

  /// The two recurring update courses, one run per (start, end) month-day pair; a start in
  /// January–August falls in the demo's second calendar year.
  private static func upcoming(_ runs: [(String, String)]) -> [CourseRow] {
    runs.enumerated().flatMap { i, run -> [CourseRow] in
      let year = i == 0 ? 2025 : 2026
      let n = i + 1
      return [
        (
          "CRS-TECH-\(n)", "Engineering technologies update: CAD, metrology, automotive and electrical systems",
          "AndMI", 72, .formal, 20, "\(year)-\(run.0)", "\(year)-\(run.1)", "C-CAD:4 C-METR:4 C-AUTO:4 C-ELEC:4"
        ),
        (
          "CRS-SAFE-\(n)", "Safety and quality in production: HACCP, mine safety, quality systems", "TTI-NG", 48,
          .formal, 25, "\(year)-\(run.0)", "\(year)-\(run.1)", "C-HACCP:4 C-MINESAFE:4 C-SAFE:4 C-QUAL:4"
        ),
      ]
    }
  }

  static func courses() -> [Course] {
    courseTable.map {
      Course(
        code: $0.code, title: $0.title, provider: $0.provider, hours: $0.hours, mode: $0.mode,
        capacity: $0.capacity, startsOn: iso($0.starts), endsOn: iso($0.ends), raises: levels($0.raises))
    }
  }

  private static let trainingTable:
    [(teacher: String, course: String, on: String, hours: Int, result: TrainingResult)] = [
      ("T-013", "CRS-MENT-2024", "2024-03-08", 24, .attended),
      ("T-015", "CRS-MENT-2024", "2024-03-08", 24, .attended),
      ("T-025", "CRS-MENT-2024", "2024-03-08", 24, .attended),
      ("T-014", "CRS-PED-2024", "2024-11-01", 72, .passed),
      ("T-017", "CRS-PED-2024", "2024-11-01", 72, .passed),
      ("T-018", "CRS-PED-2024", "2024-11-01", 72, .passed),
      ("T-024", "CRS-PED-2024", "2024-11-01", 72, .passed),
      ("T-002", "CRS-BIM-2024", "2024-11-29", 72, .passed),
      ("T-004", "CRS-BIM-2024", "2024-11-29", 72, .passed),
      ("T-001", "CRS-BIM-2024", "2024-11-29", 40, .failed),
      ("T-011", "CRS-MINE-2025", "2025-02-28", 60, .failed),
      ("T-012", "CRS-MINE-2025", "2025-02-28", 60, .passed),
      ("T-027", "CRS-MINE-2025", "2025-02-28", 60, .passed),
      ("T-007", "CRS-DIG-2025", "2025-03-14", 36, .passed),
      ("T-010", "CRS-DIG-2025", "2025-03-14", 36, .passed),
      ("T-031", "CRS-DIG-2025", "2025-03-14", 36, .passed),
      ("T-033", "CRS-DIG-2025", "2025-03-14", 36, .passed),
      ("T-022", "CRS-DIG-2025", "2025-03-14", 18, .attended),
      ("T-006", "CRS-CNC-2025", "2025-03-28", 80, .passed),
      ("T-015", "CRS-WELD-2025", "2025-04-18", 48, .passed),
      ("T-021", "CRS-WELD-2025", "2025-04-18", 48, .passed),
      ("T-029", "CRS-WELD-2025", "2025-04-18", 48, .passed),
      ("T-026", "CRS-WELD-2025", "2025-04-18", 24, .attended),
    ]

  static func trainings() -> [TrainingRecord] {
    trainingTable.map {
      TrainingRecord(
        teacher: $0.teacher, course: $0.course, completedOn: iso($0.on) ?? DemoDataSet.today,
        hours: $0.hours, result: $0.result)
    }
  }
}
