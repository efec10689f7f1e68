import Foundation

/// What is stored about one contractor's risk: the facts its rules read, the flags they last
/// raised, the score last written, what the chain checks of its sub-contractings read, and the
/// policy version in force — everything a re-derivation of it reads.
public struct StoredContractorRisk: Sendable {
    public var facts: ContractorFacts
    public var flags: [RiskFlag]
    /// Nil for a contractor never scored.
    public var score: ContractorScore?
    public var chain: ChainSurroundings
    /// The current policy version, not its content: a write finds the content already at hand
    /// (`EvaluatorCache`) unless the policy changed since. Nil before any is stored.
    public var policy: PolicyStamp?

    public init(
        facts: ContractorFacts, flags: [RiskFlag], score: ContractorScore?, chain: ChainSurroundings = ChainSurroundings(),
        policy: PolicyStamp?
    ) {
        self.facts = facts
        self.flags = flags
        self.score = score
        self.chain = chain
        self.policy = policy
    }
}

/// The part of the sub-contracting graph around some contractors that their chain checks read:
/// the edges above them, what their sub-contractors pass on, and the entrustments and contracts
/// of the first tiers the chains start from. What it lacks is read from the store.
public struct ChainSurroundings: Sendable {
    public var edges: [UUID: Subcontracting] = [:]
    /// Every sub-contracting each of these contractors passes on.
    public var passedOn: [UUID: [Subcontracting]] = [:]
    public var entrustments: [UUID: Entrustment] = [:]
    /// Every contract of each of these contractors.
    public var contracts: [UUID: [Contract]] = [:]

    public init() {}

    /// Adds a contractor's own facts, which are complete for it.
    public mutating func add(_ facts: ContractorFacts) {
        let id = facts.contractor.id
        passedOn[id] = facts.subcontractings
        contracts[id] = facts.contracts
        for edge in facts.subcontractings { edges[edge.id] = edge }
        for entrustment in facts.entrustments { entrustments[entrustment.id] = entrustment }
    }

    public mutating func merge(_ other: ChainSurroundings) {
        edges.merge(other.edges) { kept, _ in kept }
        passedOn.merge(other.passedOn) { kept, _ in kept }
        entrustments.merge(other.entrustments) { kept, _ in kept }
        contracts.merge(other.contracts) { kept, _ in kept }
    }

    func edge(_ id: UUID, in tx: any StoreTransaction) async throws -> Subcontracting? {
        if let known = edges[id] { return known }
        return try await tx.subcontracting(id)
    }

    func edges(passedOnBy contractorID: UUID, in tx: any StoreTransaction) async throws -> [Subcontracting] {
        if let known = passedOn[contractorID] { return known }
        return try await tx.subcontractings(passedOnBy: contractorID)
    }

    func entrustments(_ ids: Set<UUID>, in tx: any StoreTransaction) async throws -> [Entrustment] {
        let missing = ids.filter { entrustments[$0] == nil }
        let read = missing.isEmpty ? [] : try await tx.entrustments(Array(missing))
        return ids.compactMap { entrustments[$0] } + read
    }

    func contracts(of contractorID: UUID, in tx: any StoreTransaction) async throws -> [Contract] {
        if let known = contracts[contractorID] { return known }
        return try await tx.allContracts(ofContractor: contractorID)
    }
}
