import Domain

/// The codes of one kind by row id, read once for a large read: such a read takes references
/// as row ids and looks their codes up here, rather than joining the referenced table for each
/// row's code. Both stores use it (a national need list with its four references: SQLite's time
/// 0.14 → 0.03 s; PostgreSQL's 0.60 → 0.16 s a page of 50,000).
public final class CodeTable {
  @usableFromInline var dense: [String?] = []
  @usableFromInline var sparse: [Int64: String] = [:]

  /// An empty table for ids up to about `maxID`: row ids run from 1 with few gaps, so up to
  /// 4 M of them are an array (64 MB at most), more are hashed.
  public init(maxID: Int64) {
    if maxID >= 0, maxID < 4_000_000 { dense = Array(repeating: nil, count: Int(maxID) + 1) }
  }

  public func set(_ id: Int64, _ code: String) {
    if id >= 0, id < Int64(dense.count) { dense[Int(id)] = code } else { sparse[id] = code }
  }

  /// The code of row `id`; nil for a dangling id (as the join it replaces would give).
  @inlinable
  public func code(_ id: Int64) -> String? {
    if id >= 0, id < Int64(dense.count), let code = dense[Int(id)] { return code }
    return sparse[id]
  }

  /// Code tables for the references among `columns` whose kind has at most `rows` rows (at
  /// least 1,024), keyed by column index; columns referring to one kind share its table.
  /// `maxID(kind)` is a kind's highest row id (its size, near enough, without a count);
  /// `read(kind, maxID)` reads a kind's table.
  public static func tables(
    for columns: [ColumnMapping], rows: Int64, maxID: (EntityKind) throws -> Int64,
    read: (EntityKind, Int64) throws -> CodeTable
  ) rethrows -> [Int: CodeTable] {
    var tables = [Int: CodeTable]()
    var byKind = [EntityKind: CodeTable]()
    for (i, c) in columns.enumerated() {
      guard let target = c.target else { continue }
      if let known = byKind[target] {
        tables[i] = known
        continue
      }
      let size = try maxID(target)
      guard size <= max(rows, 1_024) else { continue }
      let table = try read(target, size)
      byKind[target] = table
      tables[i] = table
    }
    return tables
  }
}
