import Domain

/// What of a record search finds: its code, names and descriptions, folded (`TextFolding`) so
/// queries fold the same way. Both stores index this text.
public enum SearchText {
  public static func body(_ record: Record) -> String {
    var parts = ["code", "name", "title", "alt_labels", "description", "field", "specialization", "sector"]
      .map { record[$0].plain }
    // The names in the other languages (a record read without its lists has none here).
    parts += record.rows("labels").map { $0["name"].plain }
    return TextFolding.fold(parts.filter { !$0.isEmpty }.joined(separator: "\n"))
  }

  /// The name a hit shows.
  public static func name(_ record: Record) -> String {
    record.optText("name") ?? record.optText("title") ?? record["code"].plain
  }
}
