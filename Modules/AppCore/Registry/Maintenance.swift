import DemoData
import Domain
import Foundation
import Localization
import Storage

/// The database itself: backup, check, facts, and the demo cluster.
extension EduCluster {
  // MARK: Database maintenance

  public func backup(to path: String) throws(AppError) {
    try mapped { try store.backup(to: path) }
  }

  /// Integrity, foreign keys, the ledger chain, and the text rule over every stored record
  /// (databases written before the rule may hold control characters).
  public func check() throws(AppError) -> CheckReport {
    try mapped {
      var report = try store.check()
      var text = [String]()
      for kind in EntityKind.allCases {
        try store.scan(kind) { batch in
          for record in batch {
            for issue in TextRules.issues(in: record) {
              text.append("\(kind.rawValue) \(record["code"].plain) \(issue.field): \(issue.message)")
            }
          }
        }
      }
      report.text = text
      for entry in try store.ledger() {
        for issue in entry.lookalikeText() {
          report.ledgerGuards.append("ledger \(entry.code) \(issue.field): \(issue.message)")
        }
      }
      return report
    }
  }

  public func info() throws(AppError) -> DatabaseInfo {
    try mapped { try store.info() }
  }

  // MARK: Demo

  /// Fills the database with the embedded demo cluster. Refuses a database that already holds
  /// data unless `replace` is set, in which case everything in it is replaced — in one
  /// transaction, so a failure leaves it as it was.
  /// `academicDay`: build the demo for the academic year of this day (default today).
  public func loadDemo(replace: Bool, academicDay: Day? = nil) throws(AppError) -> [EntityKind: Int] {
    try mapped {
      let existing = try store.totalRows()
      if existing > 0 && !replace {
        throw AppError(
          .conflict,
          tr(
            "\(store.path) already holds \(existing) records: use `demo --force` to replace all of them with the demo, or pass another --db"
          )
        )
      }
      // The demo is moved to the academic year of today, so that it never ages.
      let year = DemoDataSet.academicYear(of: academicDay ?? EduCluster.today)
      let entities = DemoDataSet.entities(academicYear: year)
      for e in entities { try e.validate() }
      _ = try store.load(
        entities.map(\.record), ledger: DemoDataSet.ledger(academicYear: year), clearFirst: existing > 0,
        actor: author)
      var counts = [EntityKind: Int]()
      for kind in EntityKind.allCases { counts[kind] = try store.count(kind) }
      return counts
    }
  }
}
