import AppCore
import Domain
import Localization

/// Programs: the cluster's educational programs.
struct ProgramsTab: ClusterTabView {
  let cluster: String

  func load(_ core: EduCluster, alternate: Bool, language: Language) throws(AppError) -> TabContent {
    try .entities(
      core, .program, cluster: cluster, fields: ["code", "name", "level", "organization"],
      titles: [tr("code"), tr("name"), tr("level"), tr("institution")], language: language)
  }
}
