import Domain
import Foundation
import Interchange
import Localization

/// Records as the HTTP API reads and writes them: the JSON of `export --format json`, one object.
extension EduCluster {
  /// The first key a JSON text names twice in one object, if any (such input is refused, not
  /// read with one of the two values silently kept).
  public static func duplicateKey(inJSON data: Data) -> String? { JSONReader.duplicateKey(in: [UInt8](data)) }

  /// Reads one JSON object as a record of `kind`. Unknown keys are refused (the field is
  /// named), so a misspelt field is never silently dropped.
  public static func record(json data: Data, kind: EntityKind) throws(AppError) -> Record {
    let elements: [JSONElement]
    do {
      elements = try JSONReader.elements(data: data, file: "body")
    } catch {
      throw AppError(.invalid, tr("the body cannot be read as JSON: \(error.message)"))
    }
    guard elements.count == 1, let element = elements.first, case .object(let object) = element.value else {
      throw AppError(.invalid, tr("the body must be one JSON object (\(kind.indefinite))"))
    }
    let schema = kind.schema
    let known = Set(schema.fields.map(\.name) + schema.children.map(\.name))
    if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
      throw AppError(
        .invalid,
        tr("\(kind.title) has no field '\(unknown)' (fields: \(known.sorted().joined(separator: ", ")))"),
        fields: [unknown])
    }
    do {
      guard case .entity(let record, _) = try RecordMapper.item(json: element, kind: kind) else {
        throw AppError(.invalid, tr("the body must be \(kind.indefinite)"))
      }
      return record
    } catch let error as InputError {
      let field = object.keys.sorted().first { error.message.description.contains($0) }
      throw AppError(.invalid, error.message, fields: field.map { [$0] } ?? [])
    } catch {
      throw AppError.from(error)
    }
  }

  /// A record with every field and list it leaves out set to empty: what a full replacement
  /// (HTTP PUT) means.
  public static func completed(_ record: Record) -> Record {
    var r = record
    for field in record.kind.schema.fields where r.values[field.name] == nil { r[field.name] = .null }
    for child in record.kind.schema.children where r.children[child.name] == nil { r.children[child.name] = [] }
    return r
  }

  /// One entity as a JSON object (the export's form). Student and teacher names only with
  /// `includePersonal`.
  public static func json(_ entity: any Entity, includePersonal: Bool) -> String {
    let omit = includePersonal ? [] : personalFields(entity.record.kind)
    return RecordJSON.object(entity.record, omitting: omit, indent: "")
  }
}
