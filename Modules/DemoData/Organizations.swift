import Domain

/// Universities, colleges, schools, enterprises, businesses, research institutes, government
/// bodies and support centres. Sector codes follow NACE/OKED sections (P85 education, C13
/// textiles, C23 building materials, C29 motor-vehicle parts, B07 metal ores, D35 energy…).
/// Enterprises other than Almalyk MMC are fictional.
enum Organizations {
  private typealias Row = (
    code: String, name: String, kind: OrganizationKind, region: String, sector: String,
    ownership: Ownership, rating: Rating?
  )

  private static let table: [Row] = [
    // Universities named in the papers.
    ("NamECI", "Namangan Engineering and Construction Institute", .university, "UZ-NG-NAM", "P85", .state, nil),
    ("AndMI", "Andijan Machine-Building Institute", .university, "UZ-AN-AND", "P85", .state, nil),
    ("TSTU", "Tashkent State Technical University", .university, "UZ-TK", "P85", .state, nil),
    ("TSTU-OLM", "Almalyk branch of Tashkent State Technical University", .university, "UZ-TO-OLM", "P85", .state, nil),

    // Vocational colleges and technical schools, one or two per district.
    ("VC-TUR", "Turaqo‘rg‘on Construction Technical School", .vocational_college, "UZ-NG-TUR", "P85", .state, nil),
    (
      "VC-UCH", "Uchqo‘rg‘on Vocational College of Agro-Industry and Light Industry", .vocational_college, "UZ-NG-UCH",
      "P85", .state, nil
    ),
    (
      "VC-NAM", "Namangan Technical School of Textile Industry and Energy", .vocational_college, "UZ-NG-NAM", "P85",
      .state, nil
    ),
    ("VC-SHA", "Shahrikhon Technical College", .vocational_college, "UZ-AN-SHA", "P85", .state, nil),
    // A likely duplicate of VC-SHA (same college entered twice with a variant spelling).
    ("VC-SHA2", "Shahrixon Technical College", .vocational_college, "UZ-AN-SHA", "P85", .state, nil),
    ("VC-MAR", "Marhamat Agro-Industrial College", .vocational_college, "UZ-AN-MAR", "P85", .state, nil),
    ("VC-ASA", "Asaka Automotive Technical School", .vocational_college, "UZ-AN-ASA", "P85", .state, nil),
    ("VC-ANG", "Angren Mining and Energy Technical School", .vocational_college, "UZ-TO-ANG", "P85", .state, nil),
    ("VC-OLM", "Olmaliq Metallurgical College", .vocational_college, "UZ-TO-OLM", "P85", .state, nil),

    // General schools with their rating bands.
    ("SCH-NAM-44", "Namangan city general school No. 44", .school, "UZ-NG-NAM", "P85", .state, .green),
    ("SCH-TUR-07", "Turaqo‘rg‘on district general school No. 7", .school, "UZ-NG-TUR", "P85", .state, .green),
    ("SCH-TUR-21", "Turaqo‘rg‘on district general school No. 21", .school, "UZ-NG-TUR", "P85", .state, .red),
    ("SCH-UCH-12", "Uchqo‘rg‘on district general school No. 12", .school, "UZ-NG-UCH", "P85", .state, .yellow),
    ("SCH-SHA-03", "Shahrikhon district general school No. 3", .school, "UZ-AN-SHA", "P85", .state, .yellow),
    ("SCH-MAR-15", "Marhamat district general school No. 15", .school, "UZ-AN-MAR", "P85", .state, .red),
    ("SCH-ANG-05", "Angren city specialised school No. 5", .school, "UZ-TO-ANG", "P85", .state, .green),

    // Enterprises of the regions' industries.
    ("ENT-NTEX", "Namangan To‘qimachilik MChJ", .enterprise, "UZ-NG-NAM", "C13", .private, nil),
    ("ENT-NQM", "Namangan Qurilish Materiallari AJ", .enterprise, "UZ-NG-NAM", "C23", .mixed, nil),
    ("ENT-TURBUILD", "Turaqo‘rg‘on Qurilish Trest", .enterprise, "UZ-NG-TUR", "F41", .private, nil),
    ("ENT-UCHAGRO", "Uchqo‘rg‘on Agro Export MChJ", .enterprise, "UZ-NG-UCH", "C10", .private, nil),
    ("ENT-AAC", "Asaka Auto Components JV", .enterprise, "UZ-AN-ASA", "C29", .mixed, nil),
    ("ENT-AMSH", "Andijon Mexanika Zavodi AJ", .enterprise, "UZ-AN-AND", "C28", .mixed, nil),
    ("ENT-SHATEX", "Shahrikhon Textile LLC", .enterprise, "UZ-AN-SHA", "C13", .private, nil),
    ("ENT-MARAGRO", "Marhamat Meva Qayta Ishlash MChJ", .enterprise, "UZ-AN-MAR", "C10", .private, nil),
    ("ENT-AGMK", "АО «Алмалыкский ГМК»", .enterprise, "UZ-TO-OLM", "B07", .state, nil),
    ("ENT-ANGCOAL", "Angren koʻmir konlari AJ", .enterprise, "UZ-TO-ANG", "B05", .state, nil),
    ("ENT-ANGTPP", "Angren Thermal Power Plant", .enterprise, "UZ-TO-ANG", "D35", .state, nil),

    // Small and medium businesses.
    ("BUS-NAMIT", "SmartBuild Soft MChJ", .business, "UZ-NG-NAM", "J62", .private, nil),
    ("BUS-TURDESIGN", "Turaqo‘rg‘on Dizayn Studiyasi", .business, "UZ-NG-TUR", "M71", .private, nil),
    ("BUS-WELD", "Andijon Payvand Servis MChJ", .business, "UZ-AN-AND", "C33", .private, nil),
    ("BUS-ANGSERV", "Angren Texnik Servis MChJ", .business, "UZ-TO-ANG", "C33", .private, nil),

    // Research institutes.
    (
      "RI-BMAT", "Research Institute of Building Materials and Structures", .research_institute, "UZ-NG-NAM", "M72",
      .state, nil
    ),
    (
      "RI-MACH", "Andijan Research and Design Centre for Machine-Building", .research_institute, "UZ-AN-AND", "M72",
      .state, nil
    ),
    ("RI-GEO", "Institute of Mining and Geotechnology", .research_institute, "UZ-TO-ANG", "M72", .state, nil),

    // Government bodies.
    ("GOV-NG-KH", "Namangan viloyati hokimligi", .government_body, "UZ-NG", "O84", .state, nil),
    ("GOV-AN-KH", "Andijon viloyati hokimligi", .government_body, "UZ-AN", "O84", .state, nil),
    ("GOV-TO-KH", "Toshkent viloyati hokimligi", .government_body, "UZ-TO", "O84", .state, nil),
    (
      "GOV-NG-EDU", "Namangan Regional Department of Preschool and School Education", .government_body, "UZ-NG", "O84",
      .state, nil
    ),
    ("GOV-MHE", "Ministry of Higher Education, Science and Innovation", .government_body, "UZ-TK", "O84", .state, nil),

    // Support centres, teacher training, NGOs.
    (
      "RC-NG", "Namangan Regional Resource Centre for Professional Education", .resource_center, "UZ-NG-NAM", "P85",
      .state, nil
    ),
    ("MC-AN", "Andijan Regional Methodological Centre", .methodological_center, "UZ-AN-AND", "P85", .state, nil),
    ("TC-NG", "Namangan Regional Testing and Assessment Centre", .testing_center, "UZ-NG-NAM", "P85", .state, nil),
    (
      "TTI-NG", "Namangan Regional Institute for Teacher Retraining and Professional Development",
      .teacher_training_institute, "UZ-NG-NAM", "P85", .state, nil
    ),
    (
      "TTI-AVL", "National Institute of Teacher Training in New Methods named after A. Avloni",
      .teacher_training_institute, "UZ-TK", "P85", .state, nil
    ),
    ("NGO-YEA", "Fergana Valley Young Engineers Association", .ngo, "UZ-NG-NAM", "S94", .private, nil),
    ("NGO-EDB", "EduBridge Central Asia Foundation", .ngo, "UZ-TK", "S94", .private, nil),
  ]

  static func all() -> [Organization] {
    table.map {
      Organization(
        code: $0.code, name: $0.name, kind: $0.kind, region: $0.region, sector: $0.sector,
        ownership: $0.ownership, rating: $0.rating, labels: DemoLabels.of($0.code, name: $0.name))
    }
  }

  /// The district or region code of an organization of the table.
  static func region(of code: String) -> String? {
    table.first { $0.code == code }?.region
  }
}

/// The three clusters, their members and roles.
enum Clusters {
  static let namangan = "CL-NG-BUILD"
  static let andijan = "CL-AN-MACH"
  static let angren = "CL-TO-ENERGY"

  static func clusters() -> [Cluster] {
    defined().map {
      var cluster = $0
      cluster.labels = DemoLabels.of(cluster.code, name: cluster.name)
      return cluster
    }
  }

  private static func defined() -> [Cluster] {
    [
      Cluster(
        code: namangan, name: "Namangan Construction and Engineering Educational Cluster",
        region: "UZ-NG", specialization: "construction, building materials, light industry",
        core: "NamECI", established: d(2021, 3, 15),
        mission: """
          Join schools, technical schools, Namangan Engineering and Construction Institute and the \
          region's builders and manufacturers in one continuous path from school to workplace: \
          employers state the competencies they need, programs are aligned with them, and \
          graduates of Turaqo‘rg‘on and Uchqo‘rg‘on find work at home.
          """),
      Cluster(
        code: andijan, name: "Andijan Machine-Building Educational Cluster",
        region: "UZ-AN", specialization: "machine-building, automotive components, agro-processing",
        core: "AndMI", established: d(2021, 9, 1),
        mission: """
          Train welders, machinists, automotive technicians and engineers for the automotive \
          supply chain of Asaka and Andijan through dual education with enterprises, shared \
          workshops and continuous vocational-to-bachelor pathways for Shahrikhon and Marhamat.
          """),
      Cluster(
        code: angren, name: "Angren Energy and Mining Educational Cluster",
        region: "UZ-TO", specialization: "mining, metallurgy, power engineering",
        core: "TSTU", established: d(2022, 2, 10),
        mission: """
          Secure the next generation of miners, metallurgists and power engineers for Angren and \
          Olmaliq: target training with Tashkent State Technical University, safety-first dual \
          education and joint research with the region's mining and energy enterprises.
          """),
    ]
  }

  private static let table: [(cluster: String, org: String, role: MemberRole, joined: String, left: String)] = [
    // Namangan
    (namangan, "NamECI", .core, "2021-03-15", ""),
    (namangan, "RC-NG", .coordinator, "2021-03-15", ""),
    (namangan, "GOV-NG-KH", .coordinator, "2021-03-15", ""),
    (namangan, "GOV-NG-EDU", .member, "2021-04-01", ""),
    (namangan, "VC-TUR", .member, "2021-03-15", ""),
    (namangan, "VC-UCH", .member, "2021-05-10", ""),
    (namangan, "VC-NAM", .member, "2021-05-10", ""),
    (namangan, "SCH-NAM-44", .member, "2021-09-01", ""),
    (namangan, "SCH-TUR-07", .member, "2021-09-01", ""),
    (namangan, "SCH-TUR-21", .member, "2022-09-01", ""),
    (namangan, "SCH-UCH-12", .member, "2022-09-01", ""),
    (namangan, "RI-BMAT", .member, "2021-06-01", ""),
    (namangan, "TTI-NG", .member, "2021-06-01", ""),
    (namangan, "TC-NG", .member, "2022-01-20", ""),
    (namangan, "ENT-NQM", .social_partner, "2021-03-15", ""),
    (namangan, "ENT-TURBUILD", .social_partner, "2021-04-20", ""),
    (namangan, "ENT-NTEX", .social_partner, "2021-07-01", ""),
    (namangan, "ENT-UCHAGRO", .social_partner, "2022-03-01", ""),
    (namangan, "BUS-NAMIT", .social_partner, "2023-02-01", ""),
    (namangan, "BUS-TURDESIGN", .social_partner, "2023-05-15", ""),
    (namangan, "NGO-YEA", .social_partner, "2022-10-01", ""),
    // Andijan
    (andijan, "AndMI", .core, "2021-09-01", ""),
    (andijan, "MC-AN", .coordinator, "2021-09-01", ""),
    (andijan, "GOV-AN-KH", .coordinator, "2021-09-01", ""),
    (andijan, "VC-SHA", .member, "2021-09-01", ""),
    (andijan, "VC-SHA2", .member, "2023-01-10", ""),
    (andijan, "VC-MAR", .member, "2021-10-15", ""),
    (andijan, "VC-ASA", .member, "2021-09-01", ""),
    (andijan, "SCH-SHA-03", .member, "2022-09-01", ""),
    (andijan, "SCH-MAR-15", .member, "2022-09-01", ""),
    (andijan, "RI-MACH", .member, "2021-11-01", ""),
    (andijan, "ENT-AAC", .social_partner, "2021-09-01", ""),
    (andijan, "ENT-AMSH", .social_partner, "2021-09-01", ""),
    (andijan, "ENT-SHATEX", .social_partner, "2022-04-01", ""),
    (andijan, "ENT-MARAGRO", .social_partner, "2022-06-01", ""),
    (andijan, "BUS-WELD", .social_partner, "2023-03-01", ""),
    (andijan, "NGO-EDB", .social_partner, "2023-09-01", ""),
    // Angren
    (angren, "TSTU", .core, "2022-02-10", ""),
    (angren, "GOV-TO-KH", .coordinator, "2022-02-10", ""),
    (angren, "TSTU-OLM", .member, "2022-02-10", ""),
    (angren, "VC-ANG", .member, "2022-02-10", ""),
    (angren, "VC-OLM", .member, "2022-02-10", ""),
    (angren, "SCH-ANG-05", .member, "2022-09-01", ""),
    (angren, "RI-GEO", .member, "2022-02-10", ""),
    (angren, "TTI-AVL", .member, "2022-06-01", ""),
    (angren, "ENT-AGMK", .social_partner, "2022-02-10", ""),
    (angren, "ENT-ANGCOAL", .social_partner, "2022-02-10", ""),
    (angren, "ENT-ANGTPP", .social_partner, "2022-04-01", ""),
    (angren, "BUS-ANGSERV", .social_partner, "2022-05-01", "2024-06-30"),
    (angren, "GOV-MHE", .member, "2022-02-10", ""),
  ]

  static func memberships() -> [Membership] {
    table.map {
      Membership(
        cluster: $0.cluster, organization: $0.org, role: $0.role, joined: iso($0.joined),
        left: iso($0.left))
    }
  }
}
