import Localization

/// Words of the matching and of teachers' plans that several pages show.
public enum MatchReasons {
  /// A placement's or a student's reason in the matching review.
  public static func phrase(_ code: String) -> Phrase {
    switch code {
    case "assigned": tr("assigned")
    case "notRankedByPlacement": tr("not ranked by placement")
    case "noCapacity": tr("no capacity")
    case "fullOfHigherRanked": tr("full of higher ranked")
    case "notReached": tr("not reached")
    case "invalidChoice": tr("invalid choice")
    case "blockingPair": tr("blocking pair")
    case "emptyList": tr("empty list")
    case "noAcceptableChoice": tr("no acceptable choice")
    case "outranked": tr("outranked")
    case "resultNotStable": tr("result not stable")
    case "nobodyListed": tr("nobody listed")
    case "noAcceptableApplicant": tr("no acceptable applicant")
    case "applicantsMatchedElsewhere": tr("applicants matched elsewhere")
    default: Phrase(verbatim: Rendering.words(code))
    }
  }

  /// A teacher's qualification status: overdue, due soon, never qualified.
  public static func planStatus(_ status: String) -> Phrase {
    switch status {
    case "overdue": tr("overdue")
    case "never_qualified": tr("never qualified")
    case "due_soon": tr("due soon")
    default: Phrase(verbatim: Rendering.words(status))
    }
  }
}

/// Words of the data-quality check.
public enum QualityWords {
  /// A finding's category: duplicate, outlier, dangling, expired.
  public static func category(_ code: String) -> Phrase {
    switch code {
    case "duplicate": tr("duplicate")
    case "outlier": tr("outlier")
    case "dangling": tr("dangling")
    case "expired": tr("expired")
    default: Phrase(verbatim: code)
    }
  }
}
