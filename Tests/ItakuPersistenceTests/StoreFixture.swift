import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import ItakuCore
import ItakuTestSupport
import Logging
import NIOPosix

@testable import ItakuPersistence

/// A migrated store on a fresh database, without any HTTP in front of it.
struct StoreFixture {
    let databases: Databases
    let store: FluentStore
    let testDatabase: TestDatabase
    let logger = Logger(label: "itaku.persistence-tests")

    var sql: any SQLDatabase {
        databases.database(logger: logger, on: MultiThreadedEventLoopGroup.singleton.any()) as! any SQLDatabase
    }

    static func withStore(_ body: (StoreFixture) async throws -> Void) async throws {
        let testDatabase = try await TestDatabase.fresh()
        let group = MultiThreadedEventLoopGroup.singleton
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: group)
        let engine: FluentStore.Engine
        // sqlite-kit's `.memory` is a file in the temporary directory that it never removes; a
        // file of our own is removed with its directory when the test ends.
        var scratch: URL?
        defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
        switch testDatabase {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("itaku-store-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
            scratch = directory
            // Every SQLite test's statements share one thread pool; while the whole suite runs in
            // parallel, a wait of more than the default ten seconds for a connection has been seen.
            databases.use(.sqlite(.file(directory.appendingPathComponent("itaku.sqlite").path), connectionPoolTimeout: .seconds(60)), as: .sqlite)
            engine = .sqlite
        case .postgres(let url, _):
            databases.use(
                .postgres(configuration: try FluentStore.postgresConfiguration(url: url), maxConnectionsPerEventLoop: 8, connectionPoolTimeout: .seconds(60)),
                as: .psql)
            engine = .postgres
        }
        let logger = Logger(label: "itaku.persistence-tests")
        let fixture = StoreFixture(
            databases: databases,
            store: FluentStore(database: { databases.database(logger: logger, on: group.any()) }, engine: engine),
            testDatabase: testDatabase)
        do {
            let migrations = Migrations()
            migrations.add(ItakuMigrations.all)
            let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: group.any())
            try await migrator.setupIfNeeded().get()
            try await migrator.prepareBatch().get()
            try await FluentStore.installFunctions(on: databases.database(logger: logger, on: group.any())!)
            try await body(fixture)
        } catch {
            await databases.shutdownAsync()
            try? await testDatabase.drop()
            throw error
        }
        await databases.shutdownAsync()
        try await testDatabase.drop()
    }
}

extension StoreFixture {
    /// A migrated store holding a generated portfolio of `contractors`.
    static func withDemo(contractors: Int, _ body: (StoreFixture, DemoPortfolio) async throws -> Void) async throws {
        try await withStore { fixture in
            let demo = try Sample.demo(contractors: contractors).demo
            try await fixture.store.write { tx in try await tx.insert(demo) }
            try await body(fixture, demo)
        }
    }
}

enum Sample {
    static let moment = Date(timeIntervalSince1970: 1_790_000_000)

    /// Values in order of their identifiers, to compare what came back in whatever order.
    static func byID<T: Identifiable>(_ values: [T]) -> [T] where T.ID == UUID { values.sorted { $0.id.uuidString < $1.id.uuidString } }

    static func contractor(_ name: String, corporateNumber: String? = nil, status: ContractorStatus = .onboarding) -> Contractor {
        Contractor(
            id: UUID(),
            profile: ContractorProfile(
                legalName: name, corporateNumber: corporateNumber, country: "JP", relationship: .outsourcee, status: status,
                contacts: [Contact(name: "Hana", email: "hana@example.jp")],
                certifications: [Certification(scheme: "privacy_mark", validUntil: CalendarDay("2027-03-31")!)]),
            version: 1, createdAt: moment, updatedAt: moment)
    }

    /// A generated portfolio with the shipped policy and questionnaire it was generated under.
    static func demo(contractors: Int) throws -> (catalog: Catalog, policy: PolicyVersion, questionnaire: Questionnaire, demo: DemoPortfolio) {
        let catalog = try Catalog.bundled()
        let policy = PolicyVersion(
            version: 1, content: try PolicyContent.shippedDefault(catalog: catalog), createdAt: moment, createdBy: "test", note: nil)
        let questionnaire = Questionnaire(
            version: 1, content: try QuestionnaireContent.shippedDefault(), publishedAt: moment, publishedBy: "test", note: nil)
        let demo = DemoPortfolio.generate(
            contractors: contractors, policy: policy, catalog: catalog, questionnaire: questionnaire, today: CalendarDay("2026-11-25")!)
        return (catalog, policy, questionnaire, demo)
    }

    static func draft(_ n: Int) -> AuditDraft {
        AuditDraft(by: .system("test"), action: "thing.touch", subjectType: "thing", subjectID: "\(n)", before: nil, after: "{}")
    }
}
