import AppCore
import Domain
import Localization
import Presentation

/// Printing entities in the chosen format.
enum Render {
  static func entities(_ items: [any Entity], kind: EntityKind, format: OutputFormat) {
    switch format {
    case .table:
      if items.isEmpty {
        Output.line(tr("no \(kind.titlePlural)").text(in: CLI.language))
      } else {
        Output.write(Rendering.table(items, kind: kind, language: CLI.language))
      }
    case .csv: Output.write(Rendering.csv(items, kind: kind))
    case .json: Output.line((try? Rendering.json(items)) ?? "[]")
    }
  }

  static func entity(_ item: any Entity, format: OutputFormat) {
    switch format {
    case .table: Output.write(Rendering.detail(item, language: CLI.language))
    case .csv: Output.write(Rendering.csv([item], kind: type(of: item).kind))
    case .json: Output.line((try? Rendering.json(AnyEntity(item))) ?? "{}")
    }
  }
}
