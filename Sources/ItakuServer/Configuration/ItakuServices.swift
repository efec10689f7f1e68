import Foundation
import ItakuCore
import Vapor

/// The domain services one running instance uses, built once in `configure`.
public struct ItakuServices: Sendable {
    public let catalog: Catalog
    public let store: any Store
    public let registry: ContractorRegistry
    public let credentials: Credentials
    public let policies: PolicyLibrary
    public let audit: AuditTrail
    public let contracts: ContractDesk
    public let subcontracting: SubcontractingDesk
    public let attestations: AttestationDesk
    public let incidents: IncidentDesk
    public let risk: RiskDesk
    /// Whole-portfolio scans running in the background.
    public let scans: ScanRunner
    /// Re-derives flags inside writes.
    public let upkeep: FlagUpkeep
    public let templates: TemplateLibrary
    public let documents: DocumentDesk
    public let watch: PortfolioWatch
    public let now: @Sendable () -> Date

    init(
        catalog: Catalog, store: any Store, hasher: any ItakuCore.PasswordHasher, renderer: any DocumentRenderer, companyName: String,
        now: @escaping @Sendable () -> Date
    ) {
        self.catalog = catalog
        self.store = store
        self.now = now
        let questionnaires = QuestionnaireCache()
        let upkeep = FlagUpkeep(catalog: catalog, questionnaires: questionnaires)
        self.upkeep = upkeep
        registry = ContractorRegistry(store: store, catalog: catalog, upkeep: upkeep, now: now)
        credentials = Credentials(store: store, hasher: hasher, now: now)
        policies = PolicyLibrary(store: store, catalog: catalog, now: now)
        audit = AuditTrail(store: store)
        contracts = ContractDesk(store: store, catalog: catalog, upkeep: upkeep, now: now)
        subcontracting = SubcontractingDesk(store: store, catalog: catalog, upkeep: upkeep, now: now)
        attestations = AttestationDesk(store: store, catalog: catalog, questionnaires: questionnaires, upkeep: upkeep, now: now)
        incidents = IncidentDesk(store: store, catalog: catalog, upkeep: upkeep, now: now)
        risk = RiskDesk(
            store: store, catalog: catalog, questionnaires: questionnaires, bulkWork: BulkWorkExecutor.shared,
            afterScan: { MallocArenas.trim() }, now: now)
        scans = ScanRunner(risk: risk)
        templates = TemplateLibrary(store: store, renderer: renderer, now: now)
        documents = DocumentDesk(store: store, catalog: catalog, renderer: renderer, companyName: companyName, now: now)
        watch = PortfolioWatch(store: store, catalog: catalog, now: now)
    }

    /// The service clock: the current time, at the millisecond precision everything is stored with.
    static let systemClock: @Sendable () -> Date = { Timestamp.truncated(Date()) }
}

extension Application {
    private struct ServicesKey: StorageKey {
        typealias Value = ItakuServices
    }

    /// The services `configure` built; reading them before that is a programming error.
    public var itaku: ItakuServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:) has not run") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }

    private struct RiskViewsKey: StorageKey {
        typealias Value = RiskViewCache
    }

    /// The risk views this instance remembers (see `RiskViewMiddleware`).
    var riskViews: RiskViewCache {
        get {
            guard let cache = storage[RiskViewsKey.self] else { fatalError("configure(_:) has not run") }
            return cache
        }
        set { storage[RiskViewsKey.self] = newValue }
    }
}

/// bcrypt through Vapor's implementation, on NIO's thread pool: at the production cost one hash
/// takes a quarter of a second, which on an event loop would stall every request it serves.
struct BcryptHasher: ItakuCore.PasswordHasher {
    let cost: Int

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }
}
