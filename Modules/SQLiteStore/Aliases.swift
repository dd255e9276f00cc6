import Domain
import Storage

/// GRDB also declares a `Record`; inside this module the name means the domain's.
typealias Record = Domain.Record
