import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// Where the database tests run: a fresh in-memory SQLite database per test by default, or —
/// when `ITAKU_TEST_DATABASE_URL` names a PostgreSQL server — a fresh database created on that
/// server for each test and dropped after it, so suites can run in parallel without colliding.
public enum TestDatabase: Sendable {
    case sqlite
    case postgres(url: String, name: String)

    /// The server the test command started, if any.
    public static var postgresServerURL: String? {
        ProcessInfo.processInfo.environment["ITAKU_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var isPostgres: Bool { postgresServerURL != nil }

    /// A new, empty database for one test.
    public static func fresh() async throws -> TestDatabase {
        guard let server = postgresServerURL else { return .sqlite }
        let name = "itaku_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await administer(server, "CREATE DATABASE \(name)")
        return .postgres(url: url(server, database: name), name: name)
    }

    /// Drops the database again (nothing to do for SQLite).
    public func drop() async throws {
        guard case .postgres(_, let name) = self, let server = Self.postgresServerURL else { return }
        try await Self.administer(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    private static func url(_ server: String, database: String) -> String {
        guard var components = URLComponents(string: server) else { return server }
        components.path = "/" + database
        return components.string ?? server
    }

    private static func administer(_ server: String, _ statement: String) async throws {
        guard let components = URLComponents(string: server), let host = components.host else {
            throw TestDatabaseError("ITAKU_TEST_DATABASE_URL is not a URL: \(server)")
        }
        let configuration = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: String(components.path.dropFirst()).isEmpty ? "postgres" : String(components.path.dropFirst()),
            tls: .disable)
        let connection = try await PostgresConnection.connect(
            configuration: configuration, id: 1, logger: Logger(label: "itaku.test-database"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Logger(label: "itaku.test-database"))
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

struct TestDatabaseError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
