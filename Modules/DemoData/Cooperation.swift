import Domain

/// Agreements with obligations, joint projects, the funding ledger and SWOT items.
/// Money is in tiyin (1 UZS = 100 tiyin): `150_000_000_00` is 150 million sum.
enum Cooperation {
  private typealias Duty = (text: String, due: String, status: ObligationStatus)
  private typealias AgreementRow = (
    code: String, kind: AgreementKind, customer: String, provider: String, cluster: String,
    signed: String, until: String, value: Int?, status: AgreementStatus, duties: [Duty]
  )

  private static let agreementTable: [AgreementRow] = [
    (
      "AG-2021-01", .dual_education, "ENT-TURBUILD", "VC-TUR", Clusters.namangan, "2021-09-01", "2027-08-31",
      150_000_000_00, .active,
      [
        ("Approve a joint curriculum for construction and installation works", "2022-06-30", .fulfilled),
        ("Equip the formwork and concrete workshop", "2024-12-31", .overdue),
        ("Provide 20 dual-education places each academic year", "2026-09-15", .open),
      ]
    ),
    (
      "AG-2022-02", .research, "ENT-NQM", "NamECI", Clusters.namangan, "2022-03-01", "2025-02-28", 420_000_000_00,
      .expired,
      [
        ("Report on low-clinker cement mix design", "2023-12-31", .fulfilled),
        ("Pilot batch test at the plant", "2024-10-31", .fulfilled),
      ]
    ),
    (
      "AG-2023-03", .target_training, "ENT-NQM", "NamECI", Clusters.namangan, "2023-07-01", "2028-06-30", 96_000_000_00,
      .active,
      [
        ("Pay tuition for three target students a year", "2026-09-30", .open),
        ("Summer practice at the cement plant", "2025-08-31", .fulfilled),
      ]
    ),
    (
      "AG-2023-04", .internship, "BUS-NAMIT", "NamECI", Clusters.namangan, "2023-02-15", "2027-02-14", nil, .active,
      [
        ("Four BIM internship places each semester", "2026-10-01", .open)
      ]
    ),
    (
      "AG-2021-05", .dual_education, "ENT-AAC", "VC-ASA", Clusters.andijan, "2021-09-01", "2027-08-31", 380_000_000_00,
      .active,
      [
        ("Supply body-shop welding equipment", "2023-03-31", .fulfilled),
        ("Train ten workshop mentors", "2024-06-30", .overdue),
        ("Dual-education places for 100 students", "2026-09-15", .open),
      ]
    ),
    (
      "AG-2022-06", .equipment, "ENT-AMSH", "AndMI", Clusters.andijan, "2022-05-10", "2025-05-09", 1_250_000_000_00,
      .expired,
      [
        ("Install two CNC lathes in the shared workshop", "2023-01-31", .fulfilled),
        ("Train 15 teachers on the new CNC lathes", "2024-12-31", .overdue),
      ]
    ),
    (
      "AG-2024-07", .dual_education, "ENT-SHATEX", "VC-SHA", Clusters.andijan, "2024-09-01", "2027-08-31",
      60_000_000_00, .draft,
      [
        ("Open a sewing technology group of 25 students", "2026-09-01", .open)
      ]
    ),
    (
      "AG-2022-08", .cooperation, "ENT-MARAGRO", "VC-MAR", Clusters.andijan, "2022-02-01", "2024-01-31", 20_000_000_00,
      .terminated,
      [
        ("Seasonal internships on the drying line", "2023-08-31", .cancelled)
      ]
    ),
    (
      "AG-2022-09", .target_training, "ENT-AGMK", "TSTU-OLM", Clusters.angren, "2022-07-01", "2027-06-30",
      2_100_000_000_00, .active,
      [
        ("Practice places at the copper concentrator", "2025-07-31", .fulfilled),
        ("Tuition and stipends for ten target students a year", "2026-10-15", .open),
      ]
    ),
    (
      "AG-2022-10", .dual_education, "ENT-AGMK", "VC-OLM", Clusters.angren, "2022-09-01", "2025-08-31", 300_000_000_00,
      .expired,
      [
        ("Thirty dual-education places a year", "2025-06-30", .fulfilled),
        ("Negotiate renewal of the agreement", "2025-06-30", .overdue),
      ]
    ),
    (
      "AG-2023-11", .teacher_training, "ENT-ANGTPP", "TSTU", Clusters.angren, "2023-01-15", "2027-01-14", 75_000_000_00,
      .active,
      [
        ("Relay protection course for 20 college teachers", "2026-10-24", .open)
      ]
    ),
    (
      "AG-2023-12", .internship, "ENT-ANGTPP", "VC-ANG", Clusters.angren, "2023-09-01", "2027-08-31", 45_000_000_00,
      .active,
      [
        ("Twelve dual places for electricians a year", "2026-09-15", .open)
      ]
    ),
    (
      "AG-2024-13", .research, "ENT-ANGCOAL", "RI-GEO", Clusters.angren, "2024-04-01", "2027-03-31", 540_000_000_00,
      .active,
      [
        ("Interim report on pit-slope stability", "2024-12-31", .fulfilled),
        ("Slope monitoring system design", "2025-06-30", .overdue),
      ]
    ),
  ]

  static func agreements() -> [Agreement] {
    agreementTable.map { row in
      Agreement(
        code: row.code, kind: row.kind, customer: row.customer, provider: row.provider, cluster: row.cluster,
        signedOn: iso(row.signed), validUntil: iso(row.until), value: row.value, status: row.status,
        obligations: row.duties.map { Agreement.Obligation(text: $0.text, dueOn: iso($0.due), status: $0.status) })
    }
  }

  // MARK: Projects

  static func projects() -> [Project] {
    [
      Project(
        code: "PRJ-NG-CEM", title: "Low-clinker cement from local raw materials", cluster: Clusters.namangan,
        kind: "research", fundingSource: .state_grant, budget: 850_000_000_00, startsOn: d(2022, 3, 1),
        endsOn: d(2024, 12, 31), status: .completed,
        participants: [
          .init(organization: "RI-BMAT", role: "lead"), .init(organization: "NamECI", role: "partner"),
          .init(organization: "ENT-NQM", role: "industrial partner"),
        ],
        outputs: [
          .init(kind: .patent, title: "Method of producing composite cement with a loess additive", on: d(2024, 7, 15)),
          .init(kind: .implementation, title: "Pilot line at Namangan Qurilish Materiallari", on: d(2024, 10, 31)),
          .init(
            kind: .publication, title: "Loess-based supplementary materials for Portland cement", on: d(2024, 11, 20)),
        ]),
      Project(
        code: "PRJ-NG-BIM", title: "BIM laboratory for the Namangan cluster", cluster: Clusters.namangan,
        kind: "equipment", fundingSource: .ppp, budget: 2_400_000_000_00, startsOn: d(2023, 1, 15),
        endsOn: d(2025, 12, 31), status: .active,
        participants: [
          .init(organization: "NamECI", role: "lead"), .init(organization: "ENT-NQM", role: "co-funder"),
          .init(organization: "GOV-NG-KH", role: "co-funder"),
          .init(organization: "BUS-NAMIT", role: "software partner"),
          .init(organization: "VC-TUR", role: "beneficiary"),
        ],
        outputs: [
          .init(kind: .implementation, title: "BIM laboratory with 24 workstations commissioned", on: d(2024, 3, 1)),
          .init(
            kind: .publication, title: "BIM in vocational construction education: first results", on: d(2025, 5, 20)),
        ]),
      Project(
        code: "PRJ-AN-CNC", title: "Shared CNC and welding training centre", cluster: Clusters.andijan,
        kind: "equipment", fundingSource: .state_grant, budget: 3_500_000_000_00, startsOn: d(2022, 5, 1),
        endsOn: d(2025, 10, 31), status: .active,
        participants: [
          .init(organization: "AndMI", role: "lead"), .init(organization: "ENT-AMSH", role: "industrial partner"),
          .init(organization: "VC-SHA", role: "beneficiary"), .init(organization: "VC-ASA", role: "beneficiary"),
          .init(organization: "GOV-AN-KH", role: "co-funder"),
        ],
        outputs: [
          .init(kind: .implementation, title: "Shared workshop opened with six CNC machines", on: d(2023, 9, 1))
        ]),
      Project(
        code: "PRJ-AN-DUAL", title: "Dual education model for automotive component suppliers",
        cluster: Clusters.andijan,
        kind: "curriculum", fundingSource: .international, budget: 1_800_000_000_00, startsOn: d(2023, 9, 1),
        endsOn: d(2026, 8, 31), status: .active,
        participants: [
          .init(organization: "NGO-EDB", role: "donor"), .init(organization: "MC-AN", role: "methodology"),
          .init(organization: "VC-ASA", role: "pilot college"), .init(organization: "VC-SHA", role: "pilot college"),
          .init(organization: "ENT-AAC", role: "employer"),
        ],
        outputs: [
          .init(kind: .publication, title: "Guide to dual education in automotive supply chains", on: d(2025, 4, 15))
        ]),
      Project(
        code: "PRJ-TO-SAFE", title: "Open-pit mine safety simulator", cluster: Clusters.angren,
        kind: "equipment", fundingSource: .private, budget: 1_200_000_000_00, startsOn: d(2024, 2, 1),
        endsOn: d(2025, 12, 31), status: .active,
        participants: [
          .init(organization: "ENT-AGMK", role: "funder"), .init(organization: "TSTU-OLM", role: "lead"),
          .init(organization: "VC-ANG", role: "beneficiary"), .init(organization: "RI-GEO", role: "scenarios"),
        ],
        outputs: [
          .init(kind: .implementation, title: "Excavator and haul-truck simulator installed", on: d(2025, 3, 20))
        ]),
      Project(
        code: "PRJ-TO-QUAL", title: "Cluster network for teacher qualification", cluster: Clusters.angren,
        kind: "teacher training", fundingSource: .own, budget: 150_000_000_00, startsOn: d(2025, 10, 1),
        endsOn: d(2026, 6, 30), status: .planned,
        participants: [
          .init(organization: "TTI-AVL", role: "lead"), .init(organization: "TSTU", role: "partner"),
          .init(organization: "VC-ANG", role: "member"), .init(organization: "VC-OLM", role: "member"),
        ]),
    ]
  }

  // MARK: Ledger

  private static let ledgerTable:
    [(on: String, from: String, to: String, amount: Int, project: String?, agreement: String?, purpose: String)] = [
      ("2022-04-05", "GOV-MHE", "RI-BMAT", 400_000_000_00, "PRJ-NG-CEM", nil, "State grant, first tranche"),
      ("2022-07-20", "GOV-MHE", "AndMI", 1_500_000_000_00, "PRJ-AN-CNC", nil, "State grant, first tranche"),
      ("2022-08-15", "ENT-AMSH", "AndMI", 625_000_000_00, nil, "AG-2022-06", "Equipment agreement, 50 % advance"),
      ("2022-09-10", "ENT-AGMK", "TSTU-OLM", 420_000_000_00, nil, "AG-2022-09", "Target training tuition 2022/23"),
      ("2023-02-01", "ENT-NQM", "NamECI", 800_000_000_00, "PRJ-NG-BIM", nil, "PPP contribution, private share"),
      (
        "2023-02-15", "GOV-NG-KH", "NamECI", 1_000_000_000_00, "PRJ-NG-BIM", nil,
        "PPP contribution, regional budget share"
      ),
      ("2023-03-01", "GOV-MHE", "RI-BMAT", 450_000_000_00, "PRJ-NG-CEM", nil, "State grant, second tranche"),
      ("2023-06-10", "ENT-AMSH", "AndMI", 625_000_000_00, nil, "AG-2022-06", "Equipment agreement, final payment"),
      ("2023-09-01", "GOV-MHE", "AndMI", 2_000_000_000_00, "PRJ-AN-CNC", nil, "State grant, second tranche"),
      ("2023-09-20", "NGO-EDB", "VC-ASA", 600_000_000_00, "PRJ-AN-DUAL", nil, "International grant, year 1"),
      ("2023-09-20", "NGO-EDB", "VC-ASA", 600_000_000_00, "PRJ-AN-DUAL", nil, "International grant, year 1"),
      (
        "2023-09-25", "NGO-EDB", "VC-ASA", -600_000_000_00, "PRJ-AN-DUAL", nil,
        "Correction: reverses LE-000011, a duplicate of LE-000010"
      ),
      ("2023-10-05", "ENT-AGMK", "TSTU-OLM", 420_000_000_00, nil, "AG-2022-09", "Target training tuition 2023/24"),
      ("2024-02-15", "ENT-AGMK", "TSTU-OLM", 700_000_000_00, "PRJ-TO-SAFE", nil, "Simulator purchase"),
      ("2024-04-10", "ENT-ANGCOAL", "RI-GEO", 270_000_000_00, nil, "AG-2024-13", "Research agreement, first stage"),
      ("2024-09-16", "NGO-EDB", "VC-SHA", 550_000_000_00, "PRJ-AN-DUAL", nil, "International grant, year 2"),
      ("2024-10-01", "ENT-AGMK", "TSTU-OLM", 420_000_000_00, nil, "AG-2022-09", "Target training tuition 2024/25"),
      (
        "2025-01-20", "ENT-AAC", "VC-ASA", 120_000_000_00, nil, "AG-2021-05",
        "Dual education: workshop consumables 2025"
      ),
      ("2025-03-05", "NamECI", "BUS-NAMIT", 180_000_000_00, "PRJ-NG-BIM", nil, "BIM software licences"),
      (
        "2025-06-30", "ENT-TURBUILD", "VC-TUR", 50_000_000_00, nil, "AG-2021-01",
        "Dual-education stipends, spring semester"
      ),
    ]

  static func ledger() -> [LedgerEntry] {
    ledgerTable.enumerated().map { index, row in
      LedgerEntry(
        code: numbered("LE-", index + 1, width: 6), date: iso(row.on) ?? DemoDataSet.today, from: row.from,
        to: row.to, amount: row.amount, project: row.project, agreement: row.agreement, purpose: row.purpose)
    }
  }

  // MARK: SWOT

  private static let swotTable: [(cluster: String, category: SwotCategory, text: String)] = [
    (
      Clusters.namangan, .strength,
      "A construction institute, a technical school and the main builders of the region share one BIM laboratory."
    ),
    (
      Clusters.namangan, .weakness,
      "Two of the member schools in Turaqo‘rg‘on are rated red; few school leavers reach the bachelor's entry level in mathematics."
    ),
    (
      Clusters.namangan, .opportunity,
      "Regional housing programmes keep demand for construction workers growing about 10 % a year."
    ),
    (Clusters.namangan, .threat, "Sewing graduates outnumber jobs in the textile industry; many leave the region."),
    (
      Clusters.andijan, .strength,
      "Automotive component suppliers in Asaka offer dual education for welders and assembly workers."
    ),
    (Clusters.andijan, .weakness, "No program in the region trains mechatronics engineers or sewing operators."),
    (Clusters.andijan, .opportunity, "International donor support for the dual-education model."),
    (Clusters.andijan, .threat, "Skilled welders are recruited away to Tashkent region and abroad."),
    (Clusters.angren, .strength, "Almalyk MMC funds target training and a mine-safety simulator."),
    (
      Clusters.angren, .weakness,
      "Several college teachers have not renewed their qualification for more than three years."
    ),
    (
      Clusters.angren, .opportunity,
      "Expansion of the Almalyk copper deposits will need hundreds of open-pit operators."
    ),
    (Clusters.angren, .threat, "Power engineers are trained only in Tashkent city and rarely return to Angren."),
  ]

  static func swot() -> [SwotItem] {
    swotTable.enumerated().map { index, row in
      SwotItem(code: numbered("SW-", index + 1, width: 3), cluster: row.cluster, category: row.category, text: row.text)
    }
  }
}
