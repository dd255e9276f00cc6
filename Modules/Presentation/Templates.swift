import Mustache

/// The page templates (Mustache files in `Templates/`, compiled into the binary so an
/// installed executable needs no resource folder beside it), with the shared partials
/// (`{{> bar-chart}}`, `{{> line-chart}}`, `{{> table}}`) registered under their names.
public struct PageTemplates: Sendable {
  private let library: MustacheLibrary

  public init() throws(PresentationError) {
    var library = MustacheLibrary()
    let files: [(String, [UInt8])] = [
      ("dashboard-layout", PackageResources.dashboard_layout_mustache),
      ("dashboard-login", PackageResources.dashboard_login_mustache),
      ("dashboard-overview", PackageResources.dashboard_overview_mustache),
      ("dashboard-refused", PackageResources.dashboard_refused_mustache),
      ("report", PackageResources.report_mustache),
      ("organization", PackageResources.organization_mustache),
      ("bar-chart", PackageResources.bar_chart_mustache),
      ("line-chart", PackageResources.line_chart_mustache),
      ("table", PackageResources.table_mustache),
    ]
    for (name, bytes) in files {
      do { try library.register(String(decoding: bytes, as: UTF8.self), named: name) } catch {
        throw PresentationError("the template \(name) does not parse: \(error)")
      }
    }
    self.library = library
  }

  /// Renders a view model (a struct whose properties the template names) with a template.
  public func render(_ model: some Sendable, _ template: String) -> String {
    library.render(model, withTemplate: template) ?? ""
  }

  public static let dashboardStylesheet = String(decoding: PackageResources.dashboard_css, as: UTF8.self)
  static let reportStylesheet = String(decoding: PackageResources.report_css, as: UTF8.self)
}

/// A page that cannot be made, with why.
public struct PresentationError: Error, CustomStringConvertible, Sendable {
  public var description: String
  init(_ description: String) { self.description = description }
}
