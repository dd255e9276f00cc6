import AppCore
import AppShell
import ArgumentParser
import Domain
import Foundation
import Localization
import Presentation

extension AccessRole: ExpressibleByArgument {}

struct TokenGroup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "token", abstract: say(tr("API tokens for educluster-server: create, list, revoke.")),
    discussion: """
      A token is a bearer secret with a role. Each role includes the ones before it:
        reader       reads the registry (without people's names), search, exports, the dashboard
        analyst      also runs analyses and matchings
        coordinator  also creates and changes records, moves assignments, reads names
        admin        also deletes records, imports, and manages tokens
      The secret is printed once by `token create`; only its SHA-256 is stored.
      """,
    subcommands: [TokenCreate.self, TokenList.self, TokenRevoke.self])
}

struct TokenCreate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "create", abstract: say(tr("Create a token and print its secret (once).")),
    discussion: """
      Example:
        educluster token create --name hr-portal --role reader
        curl -H "Authorization: Bearer $SECRET" http://127.0.0.1:8080/api/v1/organizations
      """)

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: FormatOptions
  @Option(help: ArgumentHelp(say(tr("A name for the token: who or what uses it (it appears in the audit trail)."))))
  var name: String
  @Option(help: ArgumentHelp(say(tr("reader, analyst, coordinator or admin.")))) var role: AccessRole

  func run() throws {
    let created = try database.open(intent: .write).createToken(name: name, role: role)
    switch output.format {
    case .json: Output.line(try Rendering.json(created))
    case .csv:
      Output.write(Rendering.csv(header: ["name", "role", "secret"], rows: [[name, role.rawValue, created.secret]]))
    case .table:
      if Output.isTerminal {
        Output.line(
          say(tr("Token '\(created.token.name)' (\(created.token.role.rawValue)). Its secret, shown only now:")))
      }
      Output.line(created.secret)
    }
  }
}

struct TokenList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: say(tr("List tokens (never their secrets), revoked ones included.")))

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var output: FormatOptions

  func run() throws {
    let tokens = try database.open().tokens()
    let header = ["name", "role", "key", "created_at", "created_by", "revoked_at"]
    let rows = tokens.map { [$0.name, $0.role.rawValue, $0.key, $0.createdAt, $0.createdBy, $0.revokedAt ?? ""] }
    switch output.format {
    case .json: Output.line(try Rendering.json(tokens))
    case .csv: Output.write(Rendering.csv(header: header, rows: rows))
    case .table: Output.write(table(header: header, rows: rows))
    }
  }
}

struct TokenRevoke: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "revoke", abstract: say(tr("Revoke the active token with this name; the server refuses it at once.")))

  @OptionGroup var database: DatabaseOptions
  @Argument(help: ArgumentHelp(say(tr("The token's name.")))) var name: String

  func run() throws {
    try database.open(intent: .write).revokeToken(name: name)
  }
}
