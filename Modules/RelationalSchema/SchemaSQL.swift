import Domain
import Foundation

/// The schema's tables, as SQLite DDL — frozen text that both stores share: SQLite runs it as
/// its migrations (`v1` … `v7`), PostgreSQL runs `SchemaSQL.postgres(…)` of it. Table and column
/// names are written out here, never derived from app types, so an old database always migrates
/// the same.
public enum SchemaSQL {
  /// Parent rows own their child lists (`owner_id … ON DELETE CASCADE`); every other reference
  /// has no ON DELETE action (SQLite's NO ACTION), so deleting a referenced row fails; `remove`
  /// checks first and names what still refers to it.
  public static let registry = """
    CREATE TABLE region (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, level TEXT,
      parent_id INTEGER REFERENCES region(id));
    CREATE INDEX region_parent ON region(parent_id);

    CREATE TABLE organization (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL,
      region_id INTEGER NOT NULL REFERENCES region(id), sector TEXT, ownership TEXT, rating TEXT);
    CREATE INDEX organization_region ON organization(region_id);
    CREATE INDEX organization_kind ON organization(kind);

    CREATE TABLE cluster (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
      region_id INTEGER NOT NULL REFERENCES region(id), specialization TEXT,
      core_id INTEGER REFERENCES organization(id), established TEXT, mission TEXT);
    CREATE INDEX cluster_region ON cluster(region_id);
    CREATE INDEX cluster_core ON cluster(core_id);

    CREATE TABLE membership (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,
      cluster_id INTEGER NOT NULL REFERENCES cluster(id),
      organization_id INTEGER NOT NULL REFERENCES organization(id),
      role TEXT NOT NULL, joined TEXT, "left" TEXT);
    CREATE INDEX membership_cluster ON membership(cluster_id);
    CREATE INDEX membership_organization ON membership(organization_id);

    CREATE TABLE specialty (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, level TEXT, field TEXT);

    CREATE TABLE competency (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, type TEXT,
      reuse_level TEXT, description TEXT, alt_labels TEXT, broader_id INTEGER REFERENCES competency(id));
    CREATE INDEX competency_broader ON competency(broader_id);

    CREATE TABLE occupation (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, isco_group TEXT,
      description TEXT);
    CREATE TABLE occupation_skills (
      owner_id INTEGER NOT NULL REFERENCES occupation(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      competency_id INTEGER NOT NULL REFERENCES competency(id), essential INTEGER NOT NULL DEFAULT 1,
      PRIMARY KEY (owner_id, position));
    CREATE INDEX occupation_skills_competency ON occupation_skills(competency_id);

    CREATE TABLE program (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
      organization_id INTEGER NOT NULL REFERENCES organization(id),
      specialty_id INTEGER REFERENCES specialty(id), level TEXT NOT NULL, form TEXT NOT NULL,
      duration_months INTEGER CHECK (duration_months > 0),
      annual_intake INTEGER CHECK (annual_intake >= 0), language TEXT);
    CREATE INDEX program_organization ON program(organization_id);
    CREATE INDEX program_specialty ON program(specialty_id);
    CREATE TABLE program_outcomes (
      owner_id INTEGER NOT NULL REFERENCES program(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      competency_id INTEGER NOT NULL REFERENCES competency(id),
      level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5), hours INTEGER,
      PRIMARY KEY (owner_id, position));
    CREATE INDEX program_outcomes_competency ON program_outcomes(competency_id);
    CREATE TABLE program_entry_requirements (
      owner_id INTEGER NOT NULL REFERENCES program(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      competency_id INTEGER NOT NULL REFERENCES competency(id),
      level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
      PRIMARY KEY (owner_id, position));
    CREATE INDEX program_entry_requirements_competency ON program_entry_requirements(competency_id);

    CREATE TABLE cohort (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,
      program_id INTEGER NOT NULL REFERENCES program(id), year INTEGER NOT NULL,
      enrolled INTEGER NOT NULL CHECK (enrolled >= 0), graduated INTEGER CHECK (graduated >= 0),
      employed INTEGER, employed_in_cluster INTEGER);
    CREATE INDEX cohort_program_year ON cohort(program_id, year);

    CREATE TABLE student (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
      program_id INTEGER REFERENCES program(id), cohort_year INTEGER,
      region_id INTEGER REFERENCES region(id), score REAL);
    CREATE INDEX student_program ON student(program_id, cohort_year);
    CREATE INDEX student_region ON student(region_id);
    CREATE TABLE student_competencies (
      owner_id INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      competency_id INTEGER NOT NULL REFERENCES competency(id),
      level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5), assessed_on TEXT,
      PRIMARY KEY (owner_id, position));
    CREATE INDEX student_competencies_competency ON student_competencies(competency_id);

    CREATE TABLE teacher (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
      organization_id INTEGER NOT NULL REFERENCES organization(id),
      specialty_id INTEGER REFERENCES specialty(id), category TEXT, hired_on TEXT,
      last_qualified_on TEXT);
    CREATE INDEX teacher_organization ON teacher(organization_id);
    CREATE INDEX teacher_specialty ON teacher(specialty_id);
    CREATE TABLE teacher_competencies (
      owner_id INTEGER NOT NULL REFERENCES teacher(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      competency_id INTEGER NOT NULL REFERENCES competency(id),
      level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
      PRIMARY KEY (owner_id, position));
    CREATE INDEX teacher_competencies_competency ON teacher_competencies(competency_id);
    CREATE TABLE teacher_programs (
      owner_id INTEGER NOT NULL REFERENCES teacher(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      program_id INTEGER NOT NULL REFERENCES program(id),
      PRIMARY KEY (owner_id, position));
    CREATE INDEX teacher_programs_program ON teacher_programs(program_id);

    CREATE TABLE course (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
      provider_id INTEGER NOT NULL REFERENCES organization(id), hours INTEGER NOT NULL,
      mode TEXT NOT NULL, capacity INTEGER CHECK (capacity >= 0), starts_on TEXT, ends_on TEXT);
    CREATE INDEX course_provider ON course(provider_id);
    CREATE TABLE course_raises (
      owner_id INTEGER NOT NULL REFERENCES course(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      competency_id INTEGER NOT NULL REFERENCES competency(id),
      level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
      PRIMARY KEY (owner_id, position));
    CREATE INDEX course_raises_competency ON course_raises(competency_id);

    CREATE TABLE training (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,
      teacher_id INTEGER NOT NULL REFERENCES teacher(id),
      course_id INTEGER NOT NULL REFERENCES course(id), completed_on TEXT NOT NULL, hours INTEGER,
      result TEXT);
    CREATE INDEX training_teacher ON training(teacher_id);
    CREATE INDEX training_course ON training(course_id);

    CREATE TABLE need (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,
      organization_id INTEGER NOT NULL REFERENCES organization(id),
      specialty_id INTEGER REFERENCES specialty(id), occupation_id INTEGER REFERENCES occupation(id),
      region_id INTEGER NOT NULL REFERENCES region(id), year INTEGER NOT NULL,
      count INTEGER NOT NULL CHECK (count >= 0));
    CREATE INDEX need_organization ON need(organization_id);
    CREATE INDEX need_specialty ON need(specialty_id, region_id, year);
    CREATE INDEX need_occupation ON need(occupation_id);
    CREATE INDEX need_region_year ON need(region_id, year);
    CREATE TABLE need_requirements (
      owner_id INTEGER NOT NULL REFERENCES need(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      competency_id INTEGER NOT NULL REFERENCES competency(id),
      level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5), essential INTEGER NOT NULL DEFAULT 1,
      PRIMARY KEY (owner_id, position));
    CREATE INDEX need_requirements_competency ON need_requirements(competency_id);

    CREATE TABLE placement (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,
      organization_id INTEGER NOT NULL REFERENCES organization(id), title TEXT NOT NULL,
      kind TEXT NOT NULL, specialty_id INTEGER REFERENCES specialty(id),
      region_id INTEGER REFERENCES region(id), capacity INTEGER NOT NULL CHECK (capacity >= 0),
      starts_on TEXT, ends_on TEXT);
    CREATE INDEX placement_organization ON placement(organization_id);
    CREATE INDEX placement_specialty ON placement(specialty_id);
    CREATE INDEX placement_region ON placement(region_id);
    CREATE TABLE placement_requirements (
      owner_id INTEGER NOT NULL REFERENCES placement(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      competency_id INTEGER NOT NULL REFERENCES competency(id),
      level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5), essential INTEGER NOT NULL DEFAULT 1,
      PRIMARY KEY (owner_id, position));
    CREATE INDEX placement_requirements_competency ON placement_requirements(competency_id);
    CREATE TABLE placement_ranking (
      owner_id INTEGER NOT NULL REFERENCES placement(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      student_id INTEGER NOT NULL REFERENCES student(id),
      PRIMARY KEY (owner_id, position));
    CREATE INDEX placement_ranking_student ON placement_ranking(student_id);
    CREATE TABLE student_preferences (
      owner_id INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      placement_id INTEGER NOT NULL REFERENCES placement(id),
      PRIMARY KEY (owner_id, position));
    CREATE INDEX student_preferences_placement ON student_preferences(placement_id);

    CREATE TABLE agreement (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
      customer_id INTEGER NOT NULL REFERENCES organization(id),
      provider_id INTEGER NOT NULL REFERENCES organization(id),
      cluster_id INTEGER REFERENCES cluster(id), signed_on TEXT, valid_until TEXT,
      value INTEGER CHECK (value >= 0), currency TEXT NOT NULL, status TEXT NOT NULL);
    CREATE INDEX agreement_customer ON agreement(customer_id);
    CREATE INDEX agreement_provider ON agreement(provider_id);
    CREATE INDEX agreement_cluster ON agreement(cluster_id);
    CREATE TABLE agreement_obligations (
      owner_id INTEGER NOT NULL REFERENCES agreement(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      text TEXT NOT NULL, due_on TEXT, status TEXT NOT NULL DEFAULT 'open',
      PRIMARY KEY (owner_id, position));

    CREATE TABLE project (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
      cluster_id INTEGER REFERENCES cluster(id), kind TEXT, funding_source TEXT NOT NULL,
      budget INTEGER CHECK (budget >= 0), currency TEXT NOT NULL, starts_on TEXT, ends_on TEXT,
      status TEXT NOT NULL);
    CREATE INDEX project_cluster ON project(cluster_id);
    CREATE TABLE project_participants (
      owner_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      organization_id INTEGER NOT NULL REFERENCES organization(id), role TEXT,
      PRIMARY KEY (owner_id, position));
    CREATE INDEX project_participants_organization ON project_participants(organization_id);
    CREATE TABLE project_outputs (
      owner_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      kind TEXT NOT NULL, title TEXT NOT NULL, "on" TEXT,
      PRIMARY KEY (owner_id, position));

    CREATE TABLE ledger (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, date TEXT NOT NULL,
      from_id INTEGER NOT NULL REFERENCES organization(id),
      to_id INTEGER NOT NULL REFERENCES organization(id), amount INTEGER NOT NULL,
      currency TEXT NOT NULL, project_id INTEGER REFERENCES project(id),
      agreement_id INTEGER REFERENCES agreement(id), purpose TEXT, prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL);
    CREATE INDEX ledger_from ON ledger(from_id);
    CREATE INDEX ledger_to ON ledger(to_id);
    CREATE INDEX ledger_project ON ledger(project_id);
    CREATE INDEX ledger_agreement ON ledger(agreement_id);
    CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
      BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: add a reversing entry instead'); END;
    CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
      BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: add a reversing entry instead'); END;

    CREATE TABLE swot (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,
      cluster_id INTEGER NOT NULL REFERENCES cluster(id), category TEXT NOT NULL, text TEXT NOT NULL);
    CREATE INDEX swot_cluster ON swot(cluster_id);
    """

  /// Placements name the occupation they train for (v3).
  public static let placementOccupation = """
    ALTER TABLE placement ADD COLUMN occupation_id INTEGER REFERENCES occupation(id);
    CREATE INDEX placement_occupation ON placement(occupation_id);
    """

  /// Matching runs are snapshots: they keep codes, not foreign keys, so history survives later edits (v4).
  public static let matchRuns = """
    CREATE TABLE match_run (
      id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, author TEXT NOT NULL,
      proposing TEXT NOT NULL, options TEXT NOT NULL, students INTEGER NOT NULL, placements INTEGER NOT NULL,
      matched INTEGER NOT NULL);
    CREATE TABLE match_assignment (
      run_id INTEGER NOT NULL REFERENCES match_run(id) ON DELETE CASCADE, student TEXT NOT NULL,
      placement TEXT NOT NULL, rank INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'proposed', changed_at TEXT,
      PRIMARY KEY (run_id, student));
    CREATE INDEX match_assignment_placement ON match_assignment(run_id, placement);
    """

  /// Only the SHA-256 of a token's secret is kept; `key` is the public part a request names (v5).
  public static let apiTokens = """
    CREATE TABLE api_token (
      id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT NOT NULL,
      secret_sha256 BLOB NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL, revoked_at TEXT);
    CREATE UNIQUE INDEX api_token_active_name ON api_token(name) WHERE revoked_at IS NULL;
    """

  /// Signed checkpoints of the ledger's Merkle tree: the note text is what a funder holds (v7).
  public static let ledgerCheckpoints = """
    CREATE TABLE ledger_checkpoint (
      id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, size INTEGER NOT NULL, note TEXT NOT NULL);
    """
}

extension SchemaSQL {
  /// The dashboard's sign-in sessions, in the database so that every server behind a proxy
  /// knows them (v8). Only the SHA-256 of a session's id is kept, and the public key of the
  /// token it signed in with — never a secret.
  /// v10: names per interface language (issue #14), one list table per named kind. SQLite
  /// makes them `WITHOUT ROWID` tables as v9 made the others; the search index is rebuilt,
  /// because its folding now reads Cyrillic in Latin.
  public static let labels = """
    CREATE TABLE region_labels (
      owner_id INTEGER NOT NULL REFERENCES region(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      lang TEXT NOT NULL, name TEXT NOT NULL,
      PRIMARY KEY (owner_id, position));
    CREATE TABLE organization_labels (
      owner_id INTEGER NOT NULL REFERENCES organization(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      lang TEXT NOT NULL, name TEXT NOT NULL,
      PRIMARY KEY (owner_id, position));
    CREATE TABLE cluster_labels (
      owner_id INTEGER NOT NULL REFERENCES cluster(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      lang TEXT NOT NULL, name TEXT NOT NULL,
      PRIMARY KEY (owner_id, position));
    CREATE TABLE specialty_labels (
      owner_id INTEGER NOT NULL REFERENCES specialty(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      lang TEXT NOT NULL, name TEXT NOT NULL,
      PRIMARY KEY (owner_id, position));
    CREATE TABLE competency_labels (
      owner_id INTEGER NOT NULL REFERENCES competency(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      lang TEXT NOT NULL, name TEXT NOT NULL,
      PRIMARY KEY (owner_id, position));
    CREATE TABLE occupation_labels (
      owner_id INTEGER NOT NULL REFERENCES occupation(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      lang TEXT NOT NULL, name TEXT NOT NULL,
      PRIMARY KEY (owner_id, position));
    CREATE TABLE program_labels (
      owner_id INTEGER NOT NULL REFERENCES program(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      lang TEXT NOT NULL, name TEXT NOT NULL,
      PRIMARY KEY (owner_id, position));
    CREATE TABLE course_labels (
      owner_id INTEGER NOT NULL REFERENCES course(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      lang TEXT NOT NULL, name TEXT NOT NULL,
      PRIMARY KEY (owner_id, position));
    CREATE TABLE placement_labels (
      owner_id INTEGER NOT NULL REFERENCES placement(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      lang TEXT NOT NULL, name TEXT NOT NULL,
      PRIMARY KEY (owner_id, position));
    """

  public static let dashboardSessions = """
    CREATE TABLE dashboard_session (
      id_sha256 TEXT PRIMARY KEY, token_key TEXT NOT NULL, form_token TEXT NOT NULL, expires_at INTEGER NOT NULL);
    CREATE INDEX dashboard_session_expiry ON dashboard_session(expires_at);
    """

  /// The schema versions this build knows, oldest first (SQLite's migration identifiers; a
  /// PostgreSQL database records the same).
  public static let versions = [
    "v1-registry", "v2-search-audit", "v3-placement-occupation", "v4-match-runs", "v5-api-tokens",
    "v6-application-id", "v7-ledger-checkpoints", "v8-dashboard-sessions", "v9-clustered-lists",
    "v10-labels",
  ]

  /// SQLite DDL as PostgreSQL's: 64-bit integers (row ids as identity columns), `DOUBLE
  /// PRECISION`, `BYTEA`, text compared byte by byte (`COLLATE "C"`, as SQLite's `BINARY`, so
  /// codes sort the same on both), and SQLite's triggers left out (the PostgreSQL store writes
  /// its own).
  public static func postgres(_ sqlite: String) -> String {
    var out = [String]()
    var inTrigger = false
    for line in sqlite.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("CREATE TRIGGER") { inTrigger = true }
      if inTrigger {
        if trimmed.hasSuffix("END;") { inTrigger = false }
        continue
      }
      out.append(String(line))
    }
    var sql = out.joined(separator: "\n")
    for (from, to) in [
      ("id INTEGER PRIMARY KEY", "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
      (" INTEGER", " BIGINT"), (" REAL", " DOUBLE PRECISION"), (" BLOB", " BYTEA"),
      (" TEXT", " TEXT COLLATE \"C\""),
    ] {
      sql = sql.replacingOccurrences(of: from, with: to)
    }
    return sql
  }
}
