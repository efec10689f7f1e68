import Foundation
import ItakuCore
import Vapor

/// `itaku create-user NAME --role ROLE`: creates a staff user; the password is read from stdin.
struct CreateUserCommand: AnyAsyncCommand {
    var help: String { "Create a staff user: create-user NAME --role admin|procurement|compliance|auditor (password on stdin)" }

    func run(using context: inout CommandContext) async throws {
        var arguments = CommandLineArguments(context.input.arguments)
        let roleText = try arguments.option("--role")
        let username = try arguments.positional("NAME")
        try arguments.ensureEmpty()
        guard let roleText, let role = Role(rawValue: roleText) else {
            throw CommandUsageError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let password = readLine(strippingNewline: true) ?? ""
        let user = try await context.application.itaku.credentials.createUser(
            username: username, role: role, password: password, by: .system("cli"))
        FileHandle.standardError.write(Data("created \(user.role.rawValue) user '\(user.username)'\n".utf8))
    }
}

/// `itaku issue-token NAME [--expires-in-days N]` or `itaku issue-token --contractor ID`:
/// prints the new token on stdout, and nothing else.
struct IssueTokenCommand: AnyAsyncCommand {
    var help: String { "Issue an API token: issue-token NAME [--expires-in-days N] | issue-token --contractor ID [--expires-in-days N]" }

    func run(using context: inout CommandContext) async throws {
        var arguments = CommandLineArguments(context.input.arguments)
        let contractor = try arguments.option("--contractor")
        let days = try arguments.option("--expires-in-days")
        let label = try arguments.option("--label")
        let expiresInDays: Int?
        if let days {
            guard let value = Int(days) else { throw CommandUsageError("--expires-in-days needs a whole number of days") }
            expiresInDays = value
        } else {
            expiresInDays = nil
        }
        let credentials = context.application.itaku.credentials
        let issued: Credentials.IssuedToken
        if let contractor {
            try arguments.ensureEmpty()
            guard let id = UUID(uuidString: contractor) else { throw CommandUsageError("--contractor needs a contractor id (UUID)") }
            issued = try await credentials.issueToken(
                forContractor: id, label: label, expiresInDays: expiresInDays, by: .system("cli"))
        } else {
            let username = try arguments.positional("NAME")
            try arguments.ensureEmpty()
            issued = try await credentials.issueToken(
                forUsername: username, label: label, expiresInDays: expiresInDays, by: .system("cli"))
        }
        print(issued.secret)
    }
}

/// Minimal parsing for the operator commands: `--name value` options and positionals.
struct CommandLineArguments {
    private var remaining: [String]

    init(_ arguments: [String]) {
        remaining = arguments
    }

    mutating func option(_ name: String) throws -> String? {
        guard let index = remaining.firstIndex(of: name) else { return nil }
        guard index + 1 < remaining.count, !remaining[index + 1].hasPrefix("--") else {
            throw CommandUsageError("\(name) needs a value")
        }
        let value = remaining[index + 1]
        remaining.removeSubrange(index...index + 1)
        return value
    }

    /// A whole-number option within `range`, or `fallback` when it is not given.
    mutating func number(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let text = try option(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw CommandUsageError("\(name) must be a whole number between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    /// Whether a valueless `--name` was given.
    mutating func flag(_ name: String) -> Bool {
        guard let index = remaining.firstIndex(of: name) else { return false }
        remaining.remove(at: index)
        return true
    }

    mutating func positional(_ name: String) throws -> String {
        guard let index = remaining.firstIndex(where: { !$0.hasPrefix("--") }) else {
            throw CommandUsageError("\(name) is required")
        }
        return remaining.remove(at: index)
    }

    func ensureEmpty() throws {
        if let extra = remaining.first { throw CommandUsageError("unexpected argument '\(extra)'") }
    }
}

/// A command used wrongly; the message says how to use it.
struct CommandUsageError: Error, Equatable, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
