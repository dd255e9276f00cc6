import AppCore
import Domain

/// Programs: the cluster's educational programs.
struct ProgramsTab: ClusterTabView {
  let cluster: String

  func load(_ core: EduCluster, alternate: Bool) throws(AppError) -> TabContent {
    try .entities(
      core, .program, cluster: cluster, fields: ["code", "name", "level", "organization"],
      titles: ["code", "name", "level", "institution"])
  }
}
