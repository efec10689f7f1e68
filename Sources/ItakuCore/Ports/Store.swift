import Foundation

/// The persistence port: units of work over the repositories, implemented by ItakuPersistence.
public protocol Store: Sendable {
    /// Runs `work` in one transaction: everything it writes, audit events included, commits
    /// together or not at all. Writers are serialised where the database needs it.
    func write<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T

    /// Runs read-only `work`.
    func read<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T

    /// Whether the database answers a trivial query.
    func isReachable() async -> Bool
}

/// Every repository, as seen from inside one unit of work.
public protocol StoreTransaction: ContractorRepository, EntrustmentRepository, AccessRepository, PolicyRepository,
    AuditRepository, ContractRepository, SubcontractingRepository, QuestionnaireRepository, AttestationRepository,
    IncidentRepository, IdempotencyRepository, RiskRepository, RiskViewRepository, DemoRepository, DocumentRepository,
    WatchlistRepository
{}

/// Portfolio-wide lists for the dashboard: what is about to lapse or still running.
public protocol WatchlistRepository: Sendable {
    /// Contracts whose `expiresOn` falls in `from`…`through`, soonest first.
    func contracts(expiringFrom from: CalendarDay, through: CalendarDay, limit: Int) async throws -> [Contract]
    /// Incidents not yet closed, the earliest reported first.
    func unclosedIncidents(limit: Int) async throws -> [Incident]
    /// Every contract of each of these contractors, oldest first within each.
    func contracts(ofContractors ids: [UUID]) async throws -> [UUID: [Contract]]
    /// Legal names by contractor id, for lists that show many contractors (unknown ids are left out).
    func contractorNames(_ ids: [UUID]) async throws -> [UUID: String]
}

/// Bulk loading of a generated portfolio.
public protocol DemoRepository: Sendable {
    func insert(_ demo: DemoPortfolio) async throws
}

/// Filters for the contractor list.
public struct ContractorFilter: Sendable, Equatable {
    public var status: ContractorStatus?
    public var relationship: Relationship?
    /// Matches anywhere in the legal name, ignoring case.
    public var nameContains: String?

    public init(status: ContractorStatus? = nil, relationship: Relationship? = nil, nameContains: String? = nil) {
        self.status = status
        self.relationship = relationship
        self.nameContains = nameContains
    }
}

/// Contractors, listed by legal name.
public protocol ContractorRepository: Sendable {
    func contractor(_ id: UUID) async throws -> Contractor?
    /// Whether `id` is registered, without reading its profile.
    func contractorExists(_ id: UUID) async throws -> Bool
    func contractor(corporateNumber: String) async throws -> Contractor?
    /// The contractor whose `Contractor.normalisedName` equals `normalisedName`, if any.
    func contractor(normalisedName: String) async throws -> Contractor?
    func contractors(_ filter: ContractorFilter, page: PageRequest) async throws -> Page<Contractor>
    func insert(_ contractor: Contractor) async throws
    /// Stores `contractor` if the stored version is still `expectedVersion`; false otherwise.
    func update(_ contractor: Contractor, expectedVersion: Int) async throws -> Bool
}

/// Entrustments of a contractor, oldest first.
public protocol EntrustmentRepository: Sendable {
    func entrustment(_ id: UUID) async throws -> Entrustment?
    func entrustments(ofContractor contractorID: UUID, page: PageRequest) async throws -> Page<Entrustment>
    func entrustments(_ ids: [UUID]) async throws -> [Entrustment]
    func allEntrustments(ofContractor contractorID: UUID) async throws -> [Entrustment]
    func insert(_ entrustment: Entrustment) async throws
    func update(_ entrustment: Entrustment, expectedVersion: Int) async throws -> Bool
}

/// Staff users and API tokens.
public protocol AccessRepository: Sendable {
    func user(_ id: UUID) async throws -> User?
    func user(username: String) async throws -> User?
    func insert(_ user: User) async throws
    func token(_ id: UUID) async throws -> AccessToken?
    func token(secretHash: String) async throws -> AccessToken?
    /// The token with this secret hash and what it belongs to, in one lookup: every
    /// authenticated request asks. With a contractor id, the same lookup also reads that
    /// contractor's risk view counters (see `RiskViewRepository`). A contractor token names a
    /// registered contractor: tokens are issued only for one, and none is ever removed.
    func bearer(secretHash: String, riskViewOf contractorID: UUID?) async throws -> Bearer?
    func tokens(ofContractor contractorID: UUID) async throws -> [AccessToken]
    func insert(_ token: AccessToken) async throws
    func revokeToken(_ id: UUID, at moment: Date) async throws
}

/// Policy versions; the highest is in force.
public protocol PolicyRepository: Sendable {
    func currentPolicy() async throws -> PolicyVersion?
    func policy(version: Int) async throws -> PolicyVersion?
    func policyVersions(page: PageRequest) async throws -> Page<PolicyVersion>
    func insert(_ policy: PolicyVersion) async throws
}

/// Filters for the audit list.
public struct AuditFilter: Sendable, Equatable {
    public var subjectType: String?
    public var subjectID: String?
    public var action: String?
    public var actor: String?

    public init(subjectType: String? = nil, subjectID: String? = nil, action: String? = nil, actor: String? = nil) {
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.action = action
        self.actor = actor
    }
}

/// The append-only audit chain.
public protocol AuditRepository: Sendable {
    /// Records `draft` for the chain. A write's events are sealed after the current last event
    /// (see `AuditChain.seal`) as the unit of work ends, in the same transaction, so the wait for
    /// the chain's head — which orders every writer — is as short as it can be.
    func appendAudit(_ draft: AuditDraft, at moment: Date) async throws
    /// Events newest first.
    func auditEvents(_ filter: AuditFilter, page: PageRequest) async throws -> Page<AuditEvent>
    /// Events in chain order after `sequence`, for verification in batches.
    func auditEvents(afterSequence sequence: Int, limit: Int) async throws -> [AuditEvent]
}

/// Contracts of a contractor, newest first.
public protocol ContractRepository: Sendable {
    func contract(_ id: UUID) async throws -> Contract?
    func contracts(ofContractor contractorID: UUID, page: PageRequest) async throws -> Page<Contract>
    func allContracts(ofContractor contractorID: UUID) async throws -> [Contract]
    func insert(_ contract: Contract) async throws
    func update(_ contract: Contract, expectedVersion: Int) async throws -> Bool
}

/// The sub-contracting graph.
public protocol SubcontractingRepository: Sendable {
    func subcontracting(_ id: UUID) async throws -> Subcontracting?
    /// Every requested or approved edge: the graph as it stands.
    func liveSubcontractings() async throws -> [Subcontracting]
    /// Every edge, whatever its status, passed on by `contractorID`.
    func subcontractings(passedOnBy contractorID: UUID) async throws -> [Subcontracting]
    func insert(_ subcontracting: Subcontracting) async throws
    func update(_ subcontracting: Subcontracting, expectedVersion: Int) async throws -> Bool
}

/// Questionnaire versions; the highest is in force.
public protocol QuestionnaireRepository: Sendable {
    func currentQuestionnaire() async throws -> Questionnaire?
    func questionnaire(version: Int) async throws -> Questionnaire?
    func insert(_ questionnaire: Questionnaire) async throws
}

/// Filters for the attestation lists.
public struct AttestationFilter: Sendable, Equatable {
    public var contractorID: UUID?
    public var status: AttestationStatus?

    public init(contractorID: UUID? = nil, status: AttestationStatus? = nil) {
        self.contractorID = contractorID
        self.status = status
    }
}

/// Attestation revisions and their evidence.
public protocol AttestationRepository: Sendable {
    func attestation(_ id: UUID) async throws -> Attestation?
    /// Oldest first when `oldestFirst`, else newest first (by submission).
    func attestations(_ filter: AttestationFilter, oldestFirst: Bool, page: PageRequest) async throws -> Page<Attestation>
    func allAttestations(ofContractor contractorID: UUID) async throws -> [Attestation]
    /// The contractor's revisions whose period overlaps `start`…`end`.
    func attestations(ofContractor contractorID: UUID, overlapping start: CalendarDay, _ end: CalendarDay) async throws -> [Attestation]
    func insert(_ attestation: Attestation) async throws
    func update(_ attestation: Attestation, expectedVersion: Int) async throws -> Bool
    func insert(_ evidence: EvidenceFile, bytes: Data) async throws
    func evidence(_ id: UUID) async throws -> EvidenceFile?
    func evidenceContent(_ id: UUID) async throws -> Data?
    func evidence(ofAttestation attestationID: UUID) async throws -> [EvidenceFile]
}

/// Incidents, newest first.
public protocol IncidentRepository: Sendable {
    func incident(_ id: UUID) async throws -> Incident?
    func incidents(ofContractor contractorID: UUID, page: PageRequest) async throws -> Page<Incident>
    func allIncidents(ofContractor contractorID: UUID) async throws -> [Incident]
    func insert(_ incident: Incident) async throws
    func update(_ incident: Incident, expectedVersion: Int) async throws -> Bool
}

/// Document templates (versioned by name) and rendered documents (never changed once stored).
public protocol DocumentRepository: Sendable {
    func insert(_ template: DocumentTemplate) async throws
    /// The newest version of the template called `name`.
    func latestTemplate(named name: String) async throws -> DocumentTemplate?
    func template(named name: String, version: Int) async throws -> DocumentTemplate?
    /// Every version of `name`, newest first.
    func templateVersions(named name: String) async throws -> [DocumentTemplate]
    /// The newest version of every template, by name.
    func latestTemplates() async throws -> [DocumentTemplate]
    func insert(_ document: ContractDocument, bytes: Data) async throws
    func document(_ id: UUID) async throws -> ContractDocument?
    func documentContent(_ id: UUID) async throws -> Data?
    /// Documents of a contract, newest first.
    func documents(ofContract contractID: UUID, page: PageRequest) async throws -> Page<ContractDocument>
}

/// A token as authentication sees it: whose it is, whether it still works and the standing of
/// its user (for staff tokens). Only what authentication reads: every API request asks for one.
public struct Bearer: Sendable {
    /// A staff token's user, as far as authentication needs to know it.
    public struct Staff: Sendable {
        public var username: String
        public var role: Role
        public var isDisabled: Bool

        public init(username: String, role: Role, isDisabled: Bool) {
            self.username = username
            self.role = role
            self.isDisabled = isDisabled
        }
    }

    public var tokenID: UUID
    public var owner: AccessToken.Owner
    public var expiresAt: Date?
    public var revokedAt: Date?
    /// The user of a staff token; nil for contractor tokens and for a user no longer stored.
    public var staff: Staff?
    /// The risk view counters of the contractor asked about, when asked and derived.
    public var riskViewCounters: (flags: Int, structure: Int)?

    public init(
        tokenID: UUID, owner: AccessToken.Owner, expiresAt: Date?, revokedAt: Date?, staff: Staff?,
        riskViewCounters: (flags: Int, structure: Int)? = nil
    ) {
        self.tokenID = tokenID
        self.owner = owner
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.staff = staff
        self.riskViewCounters = riskViewCounters
    }

    /// Whether the token may be used at `now`, as `AccessToken.isUsable(at:)` decides.
    public func isUsable(at now: Date) -> Bool {
        AccessToken.isUsable(revokedAt: revokedAt, expiresAt: expiresAt, at: now)
    }
}
