import Domain

/// A filter a kind cannot take; each store turns it into its `StoreError.badFilter`.
public struct FilterError: Error, Sendable {
  public let reason: String
  init(_ reason: String) { self.reason = reason }
}

extension TableMapping {
  /// A WHERE clause (or nothing) for list filters over `t`, and its arguments.
  public static func conditions(_ kind: EntityKind, _ filters: [ListFilter]) throws -> (String, [FieldValue]) {
    let mapping = TableMapping.of(kind)
    var clauses = [String]()
    var args = [FieldValue]()
    for filter in filters {
      switch filter {
      case .field(let name, let raw):
        if name == "code" {
          clauses.append("t.code = ?")
          args.append(.text(raw))
          continue
        }
        guard let c = mapping.columns.first(where: { $0.field.name == name }) else {
          throw FilterError("they have no field '\(name)'")
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
          args.append(.text(raw))
        } else {
          let value = try c.field.parse(raw, kind: kind)
          if value.isNull {
            clauses.append("t.\"\(c.column)\" IS NULL")
          } else {
            clauses.append("t.\"\(c.column)\" = ?")
            args.append(value)
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
          args.append(.text(cluster))
        case .region, .specialty, .competency, .occupation:
          throw FilterError("they do not belong to a cluster")
        }
        args.append(.text(cluster))
      }
    }
    return (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "), args)
  }

}
