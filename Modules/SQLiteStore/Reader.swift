import Domain
import GRDB
import Storage

/// Generic reads driven by `TableMapping`: rows come back as `Record`s with references as codes.
enum Reader {
  static func record(_ row: Row, _ mapping: TableMapping) -> Record {
    var r = Record(mapping.kind)
    r["code"] = .text(row[1])
    for (i, c) in mapping.columns.enumerated() {
      let dbValue: DatabaseValue = row[i + 2]
      r[c.field.name] = FieldValue(dbValue, type: c.field.type)
    }
    return r
  }

  static func fetch(_ db: Database, _ kind: EntityKind, code: String, id: Int64? = nil) throws -> Record? {
    let mapping = TableMapping.of(kind)
    guard
      let row = try Row.fetchOne(
        db.cachedStatement(sql: mapping.selectSQL + " WHERE t.code = ?"), arguments: [code])
    else { return nil }
    var records = [record(row, mapping)]
    let rowID: Int64 = row[0]
    try attachChildren(db, mapping, ids: [rowID], to: &records)
    return records.first
  }

  static func conditions(
    _ db: Database, _ kind: EntityKind, _ filters: [ListFilter]
  ) throws -> (String, StatementArguments) {
    let mapping = TableMapping.of(kind)
    var clauses = [String]()
    var args = StatementArguments()
    for filter in filters {
      switch filter {
      case .field(let name, let raw):
        if name == "code" {
          clauses.append("t.code = ?")
          args += [raw]
          continue
        }
        guard let c = mapping.columns.first(where: { $0.field.name == name }) else {
          throw StoreError.badFilter(kind, "they have no field '\(name)'")
        }
        if let target = c.target {
          if raw.isBlank {
            clauses.append("t.\"\(c.column)\" IS NULL")
            continue
          }
          if target == .region && name != "parent" {
            // A region takes in everything inside it: its districts, their subdistricts.
            clauses.append(
              """
              t."\(c.column)" IN (WITH RECURSIVE inside(id) AS (SELECT id FROM region WHERE code = ? \
              UNION SELECT r.id FROM region r JOIN inside ON r.parent_id = inside.id) SELECT id FROM inside)
              """)
          } else {
            clauses.append("t.\"\(c.column)\" = (SELECT id FROM \"\(target.rawValue)\" WHERE code = ?)")
          }
          args += [raw]
        } else {
          let value = try c.field.parse(raw, kind: kind)
          if value.isNull {
            clauses.append("t.\"\(c.column)\" IS NULL")
          } else {
            clauses.append("t.\"\(c.column)\" = ?")
            args += [value.databaseValue]
          }
        }
      case .cluster(let cluster):
        let members =
          "(SELECT m.organization_id FROM membership m WHERE m.\"left\" IS NULL AND m.cluster_id = (SELECT id FROM cluster WHERE code = ?))"
        switch kind {
        case .organization: clauses.append("t.id IN \(members)")
        case .cluster: clauses.append("t.code = ?")
        case .program, .teacher, .need, .placement: clauses.append("t.organization_id IN \(members)")
        case .membership, .agreement, .project, .swot:
          clauses.append("t.cluster_id = (SELECT id FROM cluster WHERE code = ?)")
        case .course: clauses.append("t.provider_id IN \(members)")
        case .cohort, .student:
          clauses.append("t.program_id IN (SELECT id FROM program WHERE organization_id IN \(members))")
        case .training:
          clauses.append("t.teacher_id IN (SELECT id FROM teacher WHERE organization_id IN \(members))")
        case .ledger:
          clauses.append("(t.from_id IN \(members) OR t.to_id IN \(members))")
          args += [cluster]
        case .region, .specialty, .competency, .occupation:
          throw StoreError.badFilter(kind, "they do not belong to a cluster")
        }
        args += [cluster]
      }
    }
    return (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "), args)
  }

  static func list(
    _ db: Database, _ kind: EntityKind, filters: [ListFilter], limit: Int?, offset: Int,
    children: Bool = true, after: String? = nil
  ) throws -> [Record] {
    let mapping = TableMapping.of(kind)
    var (whereSQL, args) = try conditions(db, kind, filters)
    if let after {
      // Keyset pagination: rows after the given code in listing order.
      let clause =
        kind == .ledger ? "t.id > (SELECT id FROM ledger WHERE code = ?)" : "t.code > ?"
      whereSQL += (whereSQL.isEmpty ? " WHERE " : " AND ") + clause
      args += [after]
    }
    let order = kind == .ledger ? " ORDER BY t.id" : " ORDER BY t.code"
    var sql = mapping.selectSQL + whereSQL + order
    if let limit {
      sql += " LIMIT ? OFFSET ?"
      args += [limit, offset]
    }
    var ids = [Int64]()
    var records = [Record]()
    let cursor = try Row.fetchCursor(db, sql: sql, arguments: args)
    while let row = try cursor.next() {
      ids.append(row[0])
      records.append(record(row, mapping))
    }
    if children { try attachChildren(db, mapping, ids: ids, to: &records) }
    return records
  }

  static func count(_ db: Database, _ kind: EntityKind, filters: [ListFilter]) throws -> Int {
    let (whereSQL, args) = try conditions(db, kind, filters)
    return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(kind.rawValue)\" t" + whereSQL, arguments: args) ?? 0
  }

  static func attachChildren(
    _ db: Database, _ mapping: TableMapping, ids: [Int64], to records: inout [Record]
  ) throws {
    guard !mapping.children.isEmpty, !ids.isEmpty else { return }
    var index = [Int64: Int]()
    for (i, id) in ids.enumerated() { index[id] = i }
    for child in mapping.children {
      for i in records.indices { records[i].children[child.child.name] = [] }
      var start = 0
      while start < ids.count {
        let chunk = Array(ids[start..<min(ids.count, start + 500)])
        start += chunk.count
        let rows = try Row.fetchCursor(
          db.cachedStatement(sql: mapping.childSelectSQL(child, placeholders: chunk.count)),
          arguments: StatementArguments(chunk))
        while let row = try rows.next() {
          let owner: Int64 = row[0]
          guard let at = index[owner] else { continue }
          var r = Record(mapping.kind)
          for (j, c) in child.columns.enumerated() {
            let dbValue: DatabaseValue = row[j + 1]
            r[c.field.name] = FieldValue(dbValue, type: c.field.type)
          }
          records[at].children[child.child.name, default: []].append(r)
        }
      }
    }
  }
}
