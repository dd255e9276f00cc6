/// The charts of the report and the dashboard as geometry: the templates
/// (`bar-chart.mustache`, `line-chart.mustache`) draw it as SVG.
public struct BarChart: Sendable {
  public struct Label: Sendable { var x, y: Int; var text: String }
  public struct Bar: Sendable {
    var x, y, length, textX, textY: Int
    var color, value: String
  }
  public struct Legend: Sendable {
    var x, y, textX, textY: Int
    var color, name: String
  }

  var title: String
  var width = 720
  var height: Int
  var labels: [Label] = []
  var bars: [Bar] = []
  var legend: [Legend] = []

  /// Grouped horizontal bars: for each label, one bar per series.
  public init(title: String, labels: [String], series: [(name: String, color: String, values: [Double])]) {
    let rowHeight = 14 * series.count + 10
    let labelWidth = 260
    self.title = title
    height = labels.count * rowHeight + 40
    let maximum = max(1, series.flatMap(\.values).max() ?? 1)
    for (i, label) in labels.enumerated() {
      let y = 10 + i * rowHeight
      self.labels.append(Label(x: labelWidth - 6, y: y + 12, text: String(label.prefix(40))))
      for (k, s) in series.enumerated() {
        let v = i < s.values.count ? s.values[i] : 0
        let w = Int(Double(width - labelWidth - 60) * v / maximum)
        let by = y + k * 14
        bars.append(
          Bar(
            x: labelWidth, y: by, length: max(w, 0), textX: labelWidth + w + 4, textY: by + 10, color: s.color,
            value: Formats.count(v.rounded())))
      }
    }
    for (k, s) in series.enumerated() {
      let lx = labelWidth + k * 110
      legend.append(Legend(x: lx, y: height - 18, textX: lx + 14, textY: height - 9, color: s.color, name: s.name))
    }
  }
}

/// Lines over years, values 0–1 (rates).
public struct LineChart: Sendable {
  struct Tick: Sendable { var left, right, y, labelX, labelY: Int; var label: String }
  struct Year: Sendable { var x, y, year: Int }
  struct Dot: Sendable { var x, y: Int }
  struct Line: Sendable {
    /// `dash`: each series its own stroke pattern, so the lines stay apart on a grey printout.
    var color, name, points, dash: String
    var hasLine: Bool
    var dots: [Dot]
    var legendX, legendY, legendTextX, legendTextY: Int
    /// The legend's sample of the line (stored: the template reads stored properties only).
    var legendLineEnd, legendMidY: Int
  }

  var title: String
  var width = 720
  var height = 260
  var ticks: [Tick] = []
  var years: [Year] = []
  var lines: [Line] = []

  static let dashes = ["none", "8 4", "2 3", "10 3 2 3", "4 4"]

  init(title: String, years: [Int], series: [(name: String, color: String, values: [Double?])]) {
    self.title = title
    let (left, right, top, bottom) = (50, 170, 20, 30)
    let plotW = width - left - right
    let plotH = height - top - bottom
    func x(_ i: Int) -> Int { left + (years.count > 1 ? i * plotW / (years.count - 1) : plotW / 2) }
    func y(_ v: Double) -> Int { top + Int(Double(plotH) * (1 - min(1, max(0, v)))) }
    ticks = [0.0, 0.25, 0.5, 0.75, 1.0].map {
      Tick(left: left, right: left + plotW, y: y($0), labelX: left - 6, labelY: y($0) + 4, label: Formats.percent($0))
    }
    self.years = years.enumerated().map { Year(x: x($0.offset), y: height - 10, year: $0.element) }
    for (k, s) in series.enumerated() {
      let dots = s.values.enumerated().compactMap { i, v in v.map { Dot(x: x(i), y: y($0)) } }
      lines.append(
        Line(
          color: s.color, name: s.name, points: dots.map { "\($0.x),\($0.y)" }.joined(separator: " "),
          dash: LineChart.dashes[k % LineChart.dashes.count],
          hasLine: dots.count > 1, dots: dots, legendX: left + plotW + 12, legendY: top + k * 18,
          legendTextX: left + plotW + 40, legendTextY: top + k * 18 + 9, legendLineEnd: left + plotW + 34,
          legendMidY: top + k * 18 + 5))
    }
  }
}

/// A table for the `table` partial: a header and rows of text cells.
public struct PageTable: Sendable {
  struct Row: Sendable { var cells: [String] }
  var header: [String]
  var rows: [Row]

  init(_ header: [String], _ rows: [[String]]) {
    self.header = header
    self.rows = rows.map(Row.init)
  }
}
