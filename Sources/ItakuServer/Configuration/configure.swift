import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import ItakuAPI
import ItakuCore
import ItakuDocuments
import ItakuPersistence
import ItakuWeb
import OpenAPIVapor
import Vapor

/// Wires one instance together: catalog, database, services, HTTP and commands.
///
/// Throws with a message naming the problem when the catalog or the configuration cannot be used,
/// so the service never starts half-configured.
public func configure(_ app: Application, _ configuration: Configuration) async throws {
    let catalog = try loadCatalog(configuration)

    let engine: FluentStore.Engine
    switch configuration.database {
    case .sqliteFile(let path):
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
        engine = .sqlite
    case .sqliteMemory:
        let throwaway = try ThrowawaySQLite()
        app.lifecycle.use(throwaway)
        app.databases.use(.sqlite(.file(throwaway.path)), as: .sqlite)
        engine = .sqlite
    case .postgres(let url):
        let postgres = try FluentStore.postgresConfiguration(url: url)
        // Writers queue for the audit chain's lock while holding a connection; a generous wait keeps a
        // burst of writes from failing while the pool drains.
        app.databases.use(
            .postgres(configuration: postgres, maxConnectionsPerEventLoop: 8, connectionPoolTimeout: .seconds(30)), as: .psql)
        engine = .postgres
    }
    app.logger.logLevel = configuration.logLevel
    app.migrations.add(ItakuMigrations.all)
    try await app.autoMigrate()
    try await FluentStore.installFunctions(on: app.db)
    if case .sqliteFile = configuration.database, let sql = app.db as? any SQLDatabase {
        // Readers then never wait for the single writer, nor it for them.
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }

    // Captured once: Application's storage is not meant to be read from many tasks at a time.
    let databases = app.databases
    let logger = app.logger
    let eventLoops = app.eventLoopGroup
    ServiceMetrics.bootstrap()
    let store = MeteredStore(base: FluentStore(database: { databases.database(logger: logger, on: eventLoops.any()) }, engine: engine))
    let hasher = BcryptHasher(cost: configuration.bcryptCost)
    let renderer = try MustacheDocumentRenderer(catalog: catalog)
    let services = ItakuServices(
        catalog: catalog, store: store, hasher: hasher, renderer: renderer, companyName: configuration.companyName,
        now: ItakuServices.systemClock)
    app.itaku = services
    try await services.policies.installDefaultIfMissing()
    try await services.attestations.installDefaultIfMissing()
    try await services.templates.installShipped(try shippedTemplates(configuration))

    app.http.server.configuration.hostname = configuration.hostname
    app.http.server.configuration.port = configuration.port
    app.middleware = Middlewares()
    app.middleware.use(ResponseHeadersMiddleware())
    app.middleware.use(ProblemMiddleware())
    app.middleware.use(BodyLimitMiddleware(defaultMaxBytes: configuration.maxBodyBytes, uploadMaxBytes: EvidenceFile.maximumBytes))
    let limiter = RateLimiter()
    app.middleware.use(BearerAuthenticationMiddleware(credentials: services.credentials, limiter: limiter, limits: configuration.rateLimits))
    app.riskViews = RiskViewCache()
    app.middleware.use(RiskViewMiddleware(cache: app.riskViews))

    app.webViews = try WebViews(directory: URL(fileURLWithPath: configuration.templatesPath).appendingPathComponent("Web"))
    try app.register(
        collection: WebRoutes(services: services, limiter: limiter, limits: configuration.rateLimits, throttle: SignInThrottle()))

    let handler = try APIHandler(
        services: services,
        pendingMigrations: { try await ItakuMigrations.pending(on: databases.database(logger: logger, on: eventLoops.any())!) })
    // Compact JSON: the runtime pretty-prints by default, which made every answer larger and
    // its encoding slower. Keys stay sorted, so an answer reads the same every time.
    try handler.registerHandlers(
        on: VaporTransport(routesBuilder: app), serverURL: URL(string: "/")!,
        configuration: .init(dateTranscoder: MillisecondDateTranscoder(), jsonEncodingOptions: [.sortedKeys]))

    app.asyncCommands.use(CreateUserCommand(), as: "create-user")
    app.asyncCommands.use(IssueTokenCommand(), as: "issue-token")
    app.asyncCommands.use(ScanCommand(), as: "scan")
    app.asyncCommands.use(AuditVerifyCommand(), as: "audit-verify")
    app.asyncCommands.use(SeedDemoCommand(), as: "seed-demo")
    app.asyncCommands.use(BenchmarkScanCommand(), as: "benchmark-scan")

    // Only a serving instance keeps the schedule; operator commands come and go.
    let command = app.environment.arguments.dropFirst().first
    if configuration.scanIntervalMinutes > 0, command == nil || command == "serve" {
        app.lifecycle.use(RiskScheduler(services: services, interval: TimeInterval(configuration.scanIntervalMinutes * 60)))
    }
}

/// The templates in `<ITAKU_TEMPLATES_PATH>/Contracts`; a missing directory stops the service.
func shippedTemplates(_ configuration: Configuration) throws -> [(name: String, body: String)] {
    let directory = URL(fileURLWithPath: configuration.templatesPath).appendingPathComponent("Contracts")
    do {
        let templates = try ShippedTemplates.load(from: directory)
        if templates.isEmpty { throw ConfigurationError("no *\(ShippedTemplates.fileSuffix) files") }
        return templates
    } catch {
        throw ConfigurationError(
            "cannot read the shipped contract templates in \(directory.path) (\(error)); run from the project directory or set ITAKU_TEMPLATES_PATH")
    }
}

/// The shipped catalog, or the file `ITAKU_CATALOG` names; validated either way.
func loadCatalog(_ configuration: Configuration) throws -> Catalog {
    if let path = configuration.catalogPath {
        return try Catalog.load(contentsOf: URL(fileURLWithPath: path))
    }
    return try Catalog.bundled()
}
