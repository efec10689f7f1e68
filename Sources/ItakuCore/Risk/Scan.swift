import Foundation

/// A re-derivation of the whole portfolio, with its progress.
public struct Scan: Codable, Sendable, Equatable, Identifiable {
    public enum Status: String, Codable, Sendable {
        case running, finished, failed
    }

    public var id: UUID
    /// Why it ran: `policy version 3`, `schedule 2026-11-26T01:00Z`, `command`.
    public var trigger: String
    public var status: Status
    public var total: Int
    public var done: Int
    public var startedAt: Date
    public var finishedAt: Date?
    /// Flags opened, updated and resolved, once finished.
    public var opened: Int
    public var changed: Int
    public var resolved: Int
    public var error: String?

    public init(id: UUID = UUID(), trigger: String, total: Int, startedAt: Date) {
        self.id = id
        self.trigger = trigger
        self.status = .running
        self.total = total
        self.done = 0
        self.startedAt = startedAt
        self.opened = 0
        self.changed = 0
        self.resolved = 0
    }
}

/// Filters for the flag list.
public struct FlagFilter: Sendable, Equatable {
    public var contractorID: UUID?
    public var rule: String?
    public var severity: Severity?
    public var status: FlagStatus?

    public init(contractorID: UUID? = nil, rule: String? = nil, severity: Severity? = nil, status: FlagStatus? = nil) {
        self.contractorID = contractorID
        self.rule = rule
        self.severity = severity
        self.status = status
    }
}

/// Every row the rules read, for a whole-portfolio scan.
public struct PortfolioSnapshot: Sendable {
    public var contractors: [Contractor]
    public var entrustments: [Entrustment]
    public var contracts: [Contract]
    public var attestations: [Attestation]
    public var incidents: [Incident]
    public var subcontractings: [Subcontracting]
    public var flags: [RiskFlag]
    /// The scores as stored, so a scan writes only those that move.
    public var scores: [ContractorScore]

    public init(
        contractors: [Contractor], entrustments: [Entrustment], contracts: [Contract], attestations: [Attestation],
        incidents: [Incident], subcontractings: [Subcontracting], flags: [RiskFlag], scores: [ContractorScore] = []
    ) {
        self.contractors = contractors
        self.entrustments = entrustments
        self.contracts = contracts
        self.attestations = attestations
        self.incidents = incidents
        self.subcontractings = subcontractings
        self.flags = flags
        self.scores = scores
    }
}

/// Flags, scans and the rows a portfolio scan reads.
public protocol RiskRepository: Sendable {
    func flags(ofContractor contractorID: UUID) async throws -> [RiskFlag]
    /// Everything a re-derivation reads about one contractor, in as few statements as the engine
    /// allows (one on PostgreSQL): a write re-derives in its own transaction, and each round trip
    /// to the database was most of its cost. Of the contractor's revisions, those in the
    /// `OutlineWindow` of `day`.
    func storedRisk(ofContractor contractorID: UUID, on day: CalendarDay) async throws -> StoredContractorRisk?
    func flags(_ filter: FlagFilter, page: PageRequest) async throws -> Page<RiskFlag>
    func flag(_ id: UUID) async throws -> RiskFlag?
    /// Makes other units of work that re-derive any of these contractors wait until this one ends,
    /// so two never reconcile one contractor's flags from the same stale reading.
    func holdFlags(of contractorIDs: [UUID]) async throws
    /// `holdFlags(of:)`, then each contractor's `storedRisk(ofContractor:on:)` in the order given,
    /// read after the hold; contractors not found are left out. One method, so an engine can
    /// take the locks and read in one round trip.
    func storedRisks(holdingFlagsOf contractorIDs: [UUID], on day: CalendarDay) async throws -> [StoredContractorRisk]
    /// Writes re-derivation's result.
    func apply(_ changes: FlagChanges) async throws
    func update(_ flag: RiskFlag, expectedVersion: Int) async throws -> Bool
    /// Contractors registered under any of these corporate numbers or normalised names.
    func contractors(corporateNumbers: [String], normalisedNames: [String]) async throws -> [Contractor]
    func incidents(ofContractors ids: [UUID]) async throws -> [Incident]
    func portfolioSnapshot() async throws -> PortfolioSnapshot
    func insert(_ scan: Scan) async throws
    func update(_ scan: Scan) async throws
    func scan(_ id: UUID) async throws -> Scan?
    func scans(limit: Int) async throws -> [Scan]
    /// Claims one scheduled slot for `holder`; false if another instance holds it and is alive.
    func claimScheduledRun(slot: String, holder: String, at moment: Date, staleAfter: TimeInterval) async throws -> Bool
    func finishScheduledRun(slot: String, at moment: Date) async throws
    func setScores(_ scores: [ContractorScore]) async throws
    /// The stored scores of `contractorIDs` (those never scored are absent).
    func scores(of contractorIDs: [UUID]) async throws -> [ContractorScore]
    /// Contractors by score, highest first (then by name).
    func portfolio(page: PageRequest) async throws -> Page<ContractorScore>
    /// Live flags counted by rule and severity, across the portfolio.
    func liveFlagCounts() async throws -> [FlagCount]
}

/// A contractor's score and its live flags by severity.
public struct ContractorScore: Codable, Sendable, Equatable {
    public var contractorID: UUID
    public var legalName: String
    public var score: Int
    public var critical: Int
    public var high: Int
    public var medium: Int
    public var low: Int

    public init(contractorID: UUID, legalName: String, flags: [RiskFlag]) {
        self.contractorID = contractorID
        self.legalName = legalName
        let live = flags.filter(\.isLive)
        score = RiskScore.of(live)
        critical = live.filter { $0.severity == .critical }.count
        high = live.filter { $0.severity == .high }.count
        medium = live.filter { $0.severity == .medium }.count
        low = live.filter { $0.severity == .low }.count
    }

    public init(contractorID: UUID, legalName: String, score: Int, critical: Int, high: Int, medium: Int, low: Int) {
        self.contractorID = contractorID
        self.legalName = legalName
        self.score = score
        self.critical = critical
        self.high = high
        self.medium = medium
        self.low = low
    }
}

/// How many live flags one rule has at one severity.
public struct FlagCount: Codable, Sendable, Equatable {
    public var rule: String
    public var severity: Severity
    public var count: Int

    public init(rule: String, severity: Severity, count: Int) {
        self.rule = rule
        self.severity = severity
        self.count = count
    }
}
