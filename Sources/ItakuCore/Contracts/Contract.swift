import Foundation

/// Where a contract stands. `expired` is never stored: it is derived from `expiresOn`.
public enum ContractStatus: String, Codable, Sendable, CaseIterable {
    case draft, issued, signed, terminated
    /// Replaced by a newer contract that was signed.
    case superseded
    case expired
}

/// Which side a signatory signs for.
public enum SigningParty: String, Codable, Sendable, CaseIterable {
    case company, contractor
}

/// A person who signed a contract.
public struct Signatory: Codable, Sendable, Equatable {
    public var name: String
    public var title: String?
    public var party: SigningParty

    public init(name: String, title: String? = nil, party: SigningParty) {
        self.name = name
        self.title = title
        self.party = party
    }
}

/// Binds a contractor to obligation terms for some of its entrustments.
public struct Contract: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var contractorID: UUID
    public var reference: String
    /// The stored status (`draft`, `issued`, `signed`, `terminated` or `superseded`).
    public var status: ContractStatus
    public var effectiveFrom: CalendarDay
    public var expiresOn: CalendarDay?
    public var entrustmentIDs: [UUID]
    public var obligations: [ObligationTerm]
    /// The contract this one replaces when signed.
    public var supersedes: UUID?
    public var supersededBy: UUID?
    public var issuedAt: Date?
    public var signedOn: CalendarDay?
    public var signatories: [Signatory]
    public var terminatedOn: CalendarDay?
    public var terminationReason: String?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, contractorID: UUID, reference: String, status: ContractStatus = .draft, effectiveFrom: CalendarDay,
        expiresOn: CalendarDay?, entrustmentIDs: [UUID], obligations: [ObligationTerm], supersedes: UUID? = nil,
        supersededBy: UUID? = nil, issuedAt: Date? = nil, signedOn: CalendarDay? = nil, signatories: [Signatory] = [],
        terminatedOn: CalendarDay? = nil, terminationReason: String? = nil, version: Int = 1, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.contractorID = contractorID
        self.reference = reference
        self.status = status
        self.effectiveFrom = effectiveFrom
        self.expiresOn = expiresOn
        self.entrustmentIDs = entrustmentIDs
        self.obligations = obligations
        self.supersedes = supersedes
        self.supersededBy = supersededBy
        self.issuedAt = issuedAt
        self.signedOn = signedOn
        self.signatories = signatories
        self.terminatedOn = terminatedOn
        self.terminationReason = terminationReason
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The status as of `day`: an issued or signed contract past `expiresOn` is `expired`.
    public func status(on day: CalendarDay) -> ContractStatus {
        if status == .issued || status == .signed, let expiresOn, expiresOn < day { return .expired }
        return status
    }

    /// Whether this contract binds the contractor on `day`: signed, started, not expired.
    public func isInForce(on day: CalendarDay) -> Bool {
        status(on: day) == .signed && effectiveFrom <= day
    }

    public func term(_ kind: String) -> ObligationTerm? {
        obligations.first { $0.kind == kind }
    }
}

extension Collection where Element == Contract {
    /// The contract in force on `day` — the one that started last if several overlap.
    public func inForce(on day: CalendarDay) -> Contract? {
        // By index, without an intermediate array: every rule asks, for every contractor of a scan.
        var latest: Index?
        for candidate in indices where self[candidate].isInForce(on: day) {
            if let best = latest, (self[candidate].effectiveFrom, self[candidate].createdAt) <= (self[best].effectiveFrom, self[best].createdAt) {
                continue
            }
            latest = candidate
        }
        return latest.map { self[$0] }
    }
}
