import Domain
import Foundation
import Interchange
import Localization
import Storage

public enum ExportFormat: String, Sendable, CaseIterable, Codable {
  case csv, json
}

/// One file an export wrote.
public struct ExportedFile: Sendable, Codable, Hashable {
  public var file: String
  public var rows: Int
}

extension EduCluster {
  /// Fields left out of exports unless personal data is asked for.
  static func personalFields(_ kind: EntityKind) -> Set<String> { Set(kind.schema.personalFields) }

  /// The fields of a kind that are personal data (student and teacher names).
  public static func personalFieldNames(_ kind: EntityKind) -> [String] { kind.schema.personalFields }

  /// Writes `kinds` (every kind when nil) into `directory` in the import formats: CSV, one file
  /// per kind plus one per child list, or JSON, one array per kind with lists nested. Student
  /// and teacher names are left out unless `includePersonal`.
  public func export(
    kinds: [EntityKind]? = nil, to directory: String, format: ExportFormat, includePersonal: Bool,
    spreadsheetSafe: Bool = false
  ) throws(AppError) -> [ExportedFile] {
    let selected = Set(kinds ?? EntityKind.allCases)
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw AppError(.unavailable, tr("cannot create \(directory): \(error.localizedDescription)"))
    }
    var written = [ExportedFile]()
    let files: [DataFile] =
      format == .csv
      ? DataFile.all.filter { selected.contains($0.kind) }
      : EntityKind.allCases.filter { selected.contains($0) }.map { DataFile.entity($0) }
    for file in files {
      written.append(
        try write(
          file, into: directory, format: format, includePersonal: includePersonal, spreadsheetSafe: spreadsheetSafe))
    }
    return written
  }

  /// Writes the one file a name denotes (a kind, or a list such as `preferences`) into
  /// `directory`, as `export all` would name it.
  public func export(
    named name: String, to directory: String, format: ExportFormat, includePersonal: Bool,
    spreadsheetSafe: Bool = false
  ) throws(AppError) -> ExportedFile {
    guard let file = DataFile.named(name), file.isExportable else {
      throw AppError(
        .invalid,
        tr(
          "unknown type '\(name)': use all, a kind (organizations, students …) or a list (program_outcomes, preferences, rankings …)"
        )
      )
    }
    if format == .json, case .children(let kind, _) = file {
      throw AppError(.invalid, tr("\(file) are exported as CSV; in JSON they are nested in their \(kind.titlePlural)"))
    }
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw AppError(.unavailable, tr("cannot create \(directory): \(error.localizedDescription)"))
    }
    return try write(
      file, into: directory, format: format, includePersonal: includePersonal, spreadsheetSafe: spreadsheetSafe)
  }

  func write(
    _ file: DataFile, into directory: String, format: ExportFormat, includePersonal: Bool,
    spreadsheetSafe: Bool = false
  ) throws(AppError) -> ExportedFile {
    let path = (directory as NSString).appendingPathComponent(file.baseName + "." + format.rawValue)
    // Written beside the target and renamed over it only when complete: a full disk or a failed
    // read leaves the previous file (or none), never a truncated one.
    let temporary = (directory as NSString).appendingPathComponent(
      ".\(file.baseName).\(format.rawValue).partial-\(UUID().uuidString.prefix(8))")
    guard FileManager.default.createFile(atPath: temporary, contents: nil),
      let handle = FileHandle(forWritingAtPath: temporary)
    else {
      throw AppError(.unavailable, tr("cannot write in \(directory)"))
    }
    var failure: (any Error)?
    let rows: Int
    do {
      rows = try exportFile(
        file, format: format, includePersonal: includePersonal, spreadsheetSafe: spreadsheetSafe
      ) { chunk in
        guard failure == nil else { return }
        do { try handle.write(contentsOf: Data(chunk.utf8)) } catch { failure = error }
      }
      if failure == nil {
        do { try handle.synchronize() } catch { failure = error }
      }
      try? handle.close()
    } catch {
      try? handle.close()
      try? FileManager.default.removeItem(atPath: temporary)
      throw error
    }
    if let failure {
      try? FileManager.default.removeItem(atPath: temporary)
      throw AppError(
        .unavailable, tr("cannot write \(path): \(failure.localizedDescription) (that file was left as it was)"))
    }
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(atPath: temporary)
      throw AppError(.unavailable, tr("cannot write \(path): \(reason)"))
    }
    return ExportedFile(file: path, rows: rows)
  }

  /// Streams the file a name denotes (`organizations`, `program_outcomes`, `preferences` …).
  public func exportFile(
    named name: String, format: ExportFormat, includePersonal: Bool, spreadsheetSafe: Bool = false,
    write: (String) throws(AppError) -> Void
  ) throws(AppError) -> Int {
    let file = try EduCluster.exportable(named: name, format: format)
    return try exportFile(
      file, format: format, includePersonal: includePersonal, spreadsheetSafe: spreadsheetSafe, write: write)
  }

  /// The file an export of `name` in `format` writes, or the error it would stop with: checked
  /// before anything is written (the server answers 400 before it starts a streamed body).
  public static func exportable(named name: String, format: ExportFormat) throws(AppError) -> DataFile {
    guard let file = DataFile.named(name), file.isExportable else {
      throw AppError(
        .invalid,
        tr(
          "unknown type '\(name)': use all, a kind (organizations, students …) or a list (program_outcomes, preferences, rankings …)"
        )
      )
    }
    if format == .json, case .children = file {
      throw AppError(
        .invalid, tr("\(file) are exported as CSV; in JSON they are nested in their \(file.kind.titlePlural)"))
    }
    return file
  }

  /// Streams one file's content to `write`; returns the number of records (or list rows).
  /// An error thrown by `write` (the reader went away) stops the export.
  public func exportFile(
    _ file: DataFile, format: ExportFormat, includePersonal: Bool, spreadsheetSafe: Bool = false,
    write: (String) throws(AppError) -> Void
  ) throws(AppError) -> Int {
    let kind = file.kind
    let omit = includePersonal ? [] : EduCluster.personalFields(kind)
    var count = 0
    try mapped {
      switch (file, format) {
      case (.entity, .csv):
        let fields = kind.schema.fields.map(\.name).filter { !omit.contains($0) }
        let csv = CSVWriter(spreadsheetSafe: spreadsheetSafe)
        try write(csv.row(fields))
        try store.scan(kind) { batch in
          var chunk = ""
          for record in batch {
            chunk += csv.row(fields.map { record[$0].plain })
            count += 1
          }
          try write(chunk)
        }
      case (.children(_, let list), .csv):
        guard let child = file.childList else { return }
        let csv = CSVWriter(spreadsheetSafe: spreadsheetSafe)
        try write(csv.row(file.columns))
        try store.scan(kind) { batch in
          var chunk = ""
          for record in batch {
            for (i, row) in record.rows(list).enumerated() {
              var cells = [record["code"].plain] + child.fields.map { row[$0.name].plain }
              if file.hasRank { cells.append(String(i + 1)) }
              chunk += csv.row(cells)
              count += 1
            }
          }
          try write(chunk)
        }
      case (.entity, .json):
        try write("[")
        try store.scan(kind) { batch in
          var chunk = ""
          for record in batch {
            chunk += (count == 0 ? "\n" : ",\n") + RecordJSON.object(record, omitting: omit)
            count += 1
          }
          try write(chunk)
        }
        try write(count == 0 ? "]\n" : "\n]\n")
      default:
        throw AppError(
          .invalid, tr("\(file) are exported as CSV; in JSON they are nested in their \(kind.titlePlural)"))
      }
    }
    return count
  }
}

extension DataFile {
  var isExportable: Bool {
    switch self {
    case .entity, .children: return true
    case .escoSkills, .escoOccupations, .escoRelations: return false
    }
  }
}

extension EduCluster {
  /// The names `exportFile(named:)` takes: every kind, then every child list (CSV only).
  public static var exportableTypes: [String] {
    DataFile.all.filter(\.isExportable).map(\.baseName)
  }
}
