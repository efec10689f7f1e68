import Foundation
import Logging

/// Everything the service reads from its environment, read once at start-up.
public struct Configuration: Sendable {
    /// Which database to use.
    public enum DatabaseLocation: Sendable, Equatable {
        /// An embedded SQLite file (created if missing).
        case sqliteFile(String)
        /// A throwaway SQLite database, for tests.
        case sqliteMemory
        /// A PostgreSQL server, by `postgres://` URL.
        case postgres(String)
    }

    public var hostname: String
    public var port: Int
    public var database: DatabaseLocation
    public var logLevel: Logger.Level
    /// Another catalog file to use instead of the shipped one.
    public var catalogPath: String?
    /// The largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// bcrypt work factor for staff passwords.
    public var bcryptCost: Int
    /// Minutes between scheduled whole-portfolio scans (0 turns the schedule off).
    public var scanIntervalMinutes: Int
    /// The directory holding the shipped templates (`Contracts/…`).
    public var templatesPath: String
    /// The company's name as contract documents print it.
    public var companyName: String
    /// How many requests a client may make per minute, by kind.
    public var rateLimits: RateLimits

    /// Printed where the company's name belongs until `ITAKU_COMPANY_NAME` is set, so a document
    /// rendered before configuration is obviously unfinished rather than quietly wrong.
    public static let unsetCompanyName = "[company name: set ITAKU_COMPANY_NAME]"

    public init(
        hostname: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .sqliteFile("itaku.sqlite"),
        logLevel: Logger.Level = .info, catalogPath: String? = nil, maxBodyBytes: Int = 1 << 20, bcryptCost: Int = 12,
        scanIntervalMinutes: Int = 60, templatesPath: String = "Templates", companyName: String = Configuration.unsetCompanyName,
        rateLimits: RateLimits = RateLimits()
    ) {
        self.rateLimits = rateLimits
        self.hostname = hostname
        self.port = port
        self.database = database
        self.logLevel = logLevel
        self.catalogPath = catalogPath
        self.maxBodyBytes = maxBodyBytes
        self.bcryptCost = bcryptCost
        self.scanIntervalMinutes = scanIntervalMinutes
        self.templatesPath = templatesPath
        self.companyName = companyName
    }

    /// Reads the documented environment variables (README, "Configuration"), with their defaults.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Configuration {
        var configuration = Configuration()
        if let host = environment["ITAKU_HOST"], !host.isEmpty { configuration.hostname = host }
        if let text = environment["ITAKU_PORT"], !text.isEmpty {
            guard let port = Int(text), (1...65_535).contains(port) else {
                throw ConfigurationError("ITAKU_PORT must be a port number between 1 and 65535, not '\(text)'")
            }
            configuration.port = port
        }
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ConfigurationError("DATABASE_URL must be a postgres:// URL; leave it unset to use SQLite")
            }
            configuration.database = .postgres(url)
        } else if let path = environment["ITAKU_SQLITE_PATH"], !path.isEmpty {
            configuration.database = path == ":memory:" ? .sqliteMemory : .sqliteFile(path)
        }
        if let text = environment["LOG_LEVEL"], !text.isEmpty {
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                throw ConfigurationError("LOG_LEVEL must be one of \(levels), not '\(text)'")
            }
            configuration.logLevel = level
        }
        if let path = environment["ITAKU_CATALOG"], !path.isEmpty { configuration.catalogPath = path }
        if let text = environment["ITAKU_BCRYPT_COST"], !text.isEmpty {
            guard let cost = Int(text), (4...31).contains(cost) else {
                throw ConfigurationError("ITAKU_BCRYPT_COST must be between 4 and 31, not '\(text)'")
            }
            configuration.bcryptCost = cost
        }
        if let text = environment["ITAKU_SCAN_INTERVAL_MINUTES"], !text.isEmpty {
            guard let minutes = Int(text), (0...10_080).contains(minutes) else {
                throw ConfigurationError("ITAKU_SCAN_INTERVAL_MINUTES must be between 0 and 10080, not '\(text)'")
            }
            configuration.scanIntervalMinutes = minutes
        }
        if let path = environment["ITAKU_TEMPLATES_PATH"], !path.isEmpty { configuration.templatesPath = path }
        if let name = environment["ITAKU_COMPANY_NAME"] {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, trimmed.count <= 200 else {
                throw ConfigurationError("ITAKU_COMPANY_NAME must be the company's name, 1–200 characters")
            }
            configuration.companyName = trimmed
        }
        for (variable, keyPath) in [
            ("ITAKU_RATE_LIMIT_CONTRACTOR", \RateLimits.contractorPerMinute), ("ITAKU_RATE_LIMIT_SIGN_IN", \RateLimits.signInPerMinute),
        ] {
            guard let text = environment[variable], !text.isEmpty else { continue }
            guard let value = Int(text), (1...1_000_000).contains(value) else {
                throw ConfigurationError("\(variable) must be a number of requests per minute between 1 and 1000000, not '\(text)'")
            }
            configuration.rateLimits[keyPath: keyPath] = value
        }
        return configuration
    }
}

/// Requests per minute a client may make before it is answered 429 with `Retry-After`.
public struct RateLimits: Sendable, Equatable {
    /// For each contractor token, and for each client address using contractor tokens.
    public var contractorPerMinute: Int
    /// Sign-in attempts, and requests failing authentication, from one client address.
    public var signInPerMinute: Int

    public init(contractorPerMinute: Int = 600, signInPerMinute: Int = 20) {
        self.contractorPerMinute = contractorPerMinute
        self.signInPerMinute = signInPerMinute
    }
}

/// A configuration value that cannot be used; the message names the variable.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
