import Domain
import Foundation
import Interchange
import Localization
import Storage

/// Excel workbooks: the registry exported sheet by sheet, an analysis's table as a sheet, and
/// data-collection templates that import back as they are filled in.
extension EduCluster {
  /// Writes the chosen types (every type and list when nil) as one workbook at `path`: a sheet
  /// per type and per list, named as `export all` names its CSV files, so it imports back.
  /// Student and teacher names are left out unless `includePersonal`.
  public func exportWorkbook(
    _ files: [DataFile]? = nil, to path: String, includePersonal: Bool
  ) throws(AppError) -> [ExportedFile] {
    let chosen = files ?? DataFile.all.filter(\.isExportable)
    let writer = try EduCluster.workbook(path)
    var written = [ExportedFile]()
    try mapped {
      for file in chosen {
        let omit = includePersonal ? [] : EduCluster.personalFields(file.kind)
        let rows = try sheet(file, writer: writer, omit: omit)
        written.append(ExportedFile(file: "\(path):\(file.baseName)", rows: rows))
      }
    }
    try EduCluster.finish(writer)
    return written
  }

  /// The sheets `export TYPE --format xlsx` writes: a kind with its lists, or one list.
  public static func workbookFiles(named name: String) throws(AppError) -> [DataFile] {
    if let kind = EntityKind.named(name) {
      return [.entity(kind)] + kind.schema.children.map { .children(kind, $0.name) }
    }
    return [try exportable(named: name, format: .csv)]
  }

  private func sheet(_ file: DataFile, writer: XLSXWriter, omit: Set<String>) throws -> Int {
    let kind = file.kind
    var count = 0
    switch file {
    case .entity:
      let fields = kind.schema.fields.filter { !omit.contains($0.name) }
      try writer.beginSheet(file.baseName, columns: fields.map { XLSXColumn($0.name) })
      try store.scan(kind) { batch in
        for record in batch {
          try writer.append(fields.map { EduCluster.cell(record[$0.name], $0.type) })
          count += 1
        }
      }
    case .children(_, let list):
      guard let child = file.childList else { return 0 }
      try writer.beginSheet(file.baseName, columns: file.columns.map { XLSXColumn($0) })
      try store.scan(kind) { batch in
        for record in batch {
          for (i, row) in record.rows(list).enumerated() {
            var cells = [XLSXValue.text(record["code"].plain)]
            cells += child.fields.map { EduCluster.cell(row[$0.name], $0.type) }
            if file.hasRank { cells.append(.number(Double(i + 1))) }
            try writer.append(cells)
            count += 1
          }
        }
      }
    case .escoSkills, .escoOccupations, .escoRelations: break
    }
    return count
  }

  /// A value as its field's type shows in a spreadsheet: numbers as numbers, days as dates,
  /// everything else (codes, names, choices) as text.
  static func cell(_ value: FieldValue, _ type: FieldType) -> XLSXValue {
    switch (value, type) {
    case (.null, _): return .empty
    case (.integer(let n), _): return .number(Double(n))
    case (.real(let x), _): return .number(x)
    case (.bool(let b), _): return .bool(b)
    case (.text(let s), .date): return Day(iso: s).map(XLSXValue.date) ?? .text(s)
    case (.text(let s), _): return .text(s)
    }
  }

  /// One table (an analysis's rows) as a workbook of one sheet. Cells that read as numbers become
  /// numbers — except in columns whose header names a code — and the rest stays text.
  public static func writeTable(
    sheet: String, header: [String], rows: [[String]], to path: String
  ) throws(AppError) {
    let writer = try workbook(path)
    let textColumns = Set(header.indices.filter { header[$0].lowercased().contains("code") })
    do {
      try writer.beginSheet(sheet, columns: header.map { XLSXColumn($0) })
      for row in rows {
        try writer.append(
          row.enumerated().map { i, cell in
            if cell.isEmpty { return .empty }
            if !textColumns.contains(i), let x = number(cell) { return .number(x) }
            return .text(cell)
          })
      }
    } catch { throw AppError(.unavailable, error.message) }
    try finish(writer)
  }

  /// A number written the way this project writes numbers (`12`, `-0.5`, `1234.75`), not a code
  /// such as `007` or a year range.
  static func number(_ text: String) -> Double? {
    guard let x = Double(text), x.isFinite, text.first != "+", !text.contains("e"), !text.contains("E") else {
      return nil
    }
    let digits = text.drop { $0 == "-" }
    if digits.count > 1, digits.first == "0", digits.dropFirst().first != "." { return nil }
    return x
  }

  static func workbook(_ path: String) throws(AppError) -> XLSXWriter {
    do { return try XLSXWriter(path: path) } catch { throw AppError(.unavailable, error.message) }
  }

  static func finish(_ writer: XLSXWriter) throws(AppError) {
    do { try writer.finish() } catch { throw AppError(.unavailable, error.message) }
  }
}

// MARK: Templates

extension EduCluster {
  /// How many codes a reference may have to become a drop-down list in a template.
  static let templateListLimit = 2000
  /// Rows below the header that a template's validations cover.
  static let templateRows = 5000

  /// Writes a data-collection workbook for `names` (kinds such as students, or lists such as
  /// program_outcomes): a sheet per name whose header is the import's columns, each header
  /// carrying a comment with what the column means and whether it is required (required headers
  /// are also shaded), drop-down lists for every choice field and for references whose codes
  /// this database holds (up to 2,000), and date and number validation. Filled in, the workbook
  /// imports as it is. Returns the sheets written.
  public func template(_ names: [String], to path: String, language: Language) throws(AppError) -> [String] {
    if names.isEmpty {
      throw AppError(.invalid, tr("name at least one type for the template (students, program_outcomes …)"))
    }
    var files = [DataFile]()
    for name in names {
      guard let file = DataFile.named(name), file.isExportable else {
        throw AppError(
          .invalid,
          tr(
            "unknown type '\(name)': use a kind (organizations, students …) or a list (program_outcomes, preferences, rankings …)"
          ))
      }
      if !files.contains(file) { files.append(file) }
    }
    var codes = [EntityKind: [String]]()
    func choices(_ type: FieldType) throws(AppError) -> [String]? {
      switch type {
      case .choice(let values): return values
      case .reference(let kind):
        if codes[kind] == nil {
          let count = try mapped { try store.count(kind, filters: []) }
          codes[kind] =
            count <= EduCluster.templateListLimit
            ? try mapped { try store.scalars(kind, filters: []).map { $0["code"].plain } } : []
        }
        let list = codes[kind] ?? []
        return list.isEmpty ? nil : list.sorted()
      default: return nil
      }
    }
    let writer = try EduCluster.workbook(path)
    do {
      for file in files {
        var columns = [XLSXColumn]()
        let required = Set(file.requiredColumns)
        for (name, field) in EduCluster.templateFields(file) {
          let isRequired = required.contains(name) || (field?.personal == true && field?.required == true)
          var note = (isRequired ? tr("Required.") : tr("Optional.")).text(in: language)
          if let help = field?.help { note += " " + help.text(in: language) }
          var validation: XLSXValidation?
          var text = true
          switch field?.type {
          case .choice, .reference:
            if let values = try choices(field?.type ?? .text) {
              validation = .list(values)
              note += " " + tr("Pick from the list.").text(in: language)
            } else if case .reference(let kind) = field?.type {
              note += " " + tr("The code of one of the \(kind.titlePlural).").text(in: language)
            }
          case .date:
            validation = .date
            text = false
            note += " " + tr("A date.").text(in: language)
          case .integer:
            validation = .whole
            text = false
          case .real:
            validation = .decimal
            text = false
          case .bool:
            validation = .bool
          case .text, .lines, nil:
            if name == "rank" {
              validation = .whole
              text = false
              note += " " + tr("1 for the first choice, 2 for the next …").text(in: language)
            }
          }
          columns.append(XLSXColumn(name, note: note, validation: validation, text: text, required: isRequired))
        }
        try writer.beginSheet(file.baseName, columns: columns, validationRows: EduCluster.templateRows)
      }
    } catch let error as AppError {
      throw error
    } catch {
      throw AppError.from(error)
    }
    try EduCluster.finish(writer)
    return files.map(\.baseName)
  }

  /// A template's columns: the import's columns with their fields (the owner's code and a rank
  /// have none).
  static func templateFields(_ file: DataFile) -> [(String, Field?)] {
    switch file {
    case .entity(let kind):
      return kind.schema.fields.map { ($0.name, $0) }
    case .children(let kind, _):
      var out: [(String, Field?)] = [
        (kind.rawValue, Field(kind.rawValue, .reference(kind), required: true, tr("The \(kind.title)'s code.")))
      ]
      out += (file.childList?.fields ?? []).map { ($0.name, $0) }
      if file.hasRank { out.append(("rank", nil)) }
      return out
    case .escoSkills, .escoOccupations, .escoRelations:
      return file.columns.map { ($0, nil) }
    }
  }
}
