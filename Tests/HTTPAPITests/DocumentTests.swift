import Domain
import Testing

@testable import HTTPAPI

@Suite struct DocumentSchemaTests {
  /// Walks a schema and collects every part described only in words.
  func freeParts(_ schema: APISchema, at path: String = "") -> [String] {
    switch schema {
    case .freeObject(let text): return ["\(path): \(text)"]
    case .array(let items): return freeParts(items, at: path + "[]")
    case .map(let values): return freeParts(values, at: path + "{}")
    case .nullable(let inner), .described(let inner, _): return freeParts(inner, at: path)
    case .object(let properties, _, _): return properties.flatMap { freeParts($0.1, at: path + "." + $0.0) }
    case .string, .enumeration, .integer, .number, .boolean, .ref: return []
    }
  }

  @Test func everyAnalysisResultHasAFieldByFieldSchema() throws {
    // SPEC §3's analyses, the overview, the report, and the ledger's verification, checkpoint
    // and two proofs.
    #expect(AnalysisRoutes.endpoints.count == 16)
    for endpoint in AnalysisRoutes.endpoints {
      let components = endpoint.operation.components
      #expect(components.count == 1, "\(endpoint.operation.id)")
      for (name, schema) in components {
        #expect(freeParts(schema).isEmpty, "\(name): \(freeParts(schema))")
        guard case .described(let inner, _) = schema else {
          Issue.record("\(name) has no description")
          continue
        }
        switch inner {
        case .object(let properties, _, false): #expect(!properties.isEmpty, "\(name)")
        case .array: break
        default: Issue.record("\(name) is neither an object nor an array: \(inner)")
        }
      }
    }
  }

  /// The entity's Codable conformance (what the API writes) and its schema (what the document,
  /// the CSV columns and the validation use) name the same fields; the only difference allowed
  /// is which of them the conformance may leave out.
  @Test func entityJSONAndEntitySchemaNameTheSameFields() throws {
    for kind in EntityKind.allCases {
      let reflected = try SchemaReflection.properties(of: SchemaRegistry.entityType(for: kind))
      guard case .object(let properties, _, _) = reflected else {
        Issue.record("\(kind) is not an object")
        continue
      }
      let schema = kind.schema
      let declared = Set(schema.fields.map(\.name) + schema.children.map(\.name))
      #expect(Set(properties.map(\.0)) == declared, "\(kind)")
    }
  }

  @Test func declaredDefaultsAreWhatHandlersUseAndWhatTheDocumentSays() {
    let limit = AnalysisRoutes.alignParameters.limit
    #expect(limit.defaultValue == "500")
    #expect(limit.description.hasSuffix("Default: 500."))
  }
}
