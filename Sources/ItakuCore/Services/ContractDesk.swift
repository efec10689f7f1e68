import Foundation

/// Drafts contracts and takes them through issue, signature, termination and supersession, and
/// computes their equivalence to the policy.
public struct ContractDesk: Sendable {
    let store: any Store
    let catalog: Catalog
    let upkeep: FlagUpkeep
    let now: @Sendable () -> Date

    public init(store: any Store, catalog: Catalog, upkeep: FlagUpkeep, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.catalog = catalog
        self.upkeep = upkeep
        self.now = now
    }

    public func draft(_ input: ContractInput, for contractorID: UUID, by principal: Principal) async throws -> Contract {
        try principal.authorize(.writeContract)
        let catalog = self.catalog
        let moment = now()
        return try await store.write { tx in
            try await tx.requireContractor(contractorID, by: principal)
            let policy = try await Self.policy(in: tx)
            let own = Set(try await tx.allEntrustments(ofContractor: contractorID).map(\.id))
            let fields = try input.resolve(over: nil, ownEntrustments: own, policy: policy.content, catalog: catalog)
            if let predecessor = fields.supersedes { try await Self.checkSupersedable(predecessor, of: contractorID, in: tx) }
            let contract = Contract(
                id: UUID(), contractorID: contractorID, reference: fields.reference, effectiveFrom: fields.effectiveFrom,
                expiresOn: fields.expiresOn, entrustmentIDs: fields.entrustmentIDs, obligations: fields.obligations,
                supersedes: fields.supersedes, createdAt: moment, updatedAt: moment)
            try await tx.insert(contract)
            try await Self.audit("contract.create", contract, before: nil, by: principal, at: moment, in: tx)
            return contract
        }
    }

    public func change(_ id: UUID, with input: ContractInput, ifVersion expected: Int?, by principal: Principal) async throws -> Contract {
        try principal.authorize(.writeContract)
        let catalog = self.catalog
        let moment = now()
        return try await store.write { tx in
            let current = try await Self.load(id, in: tx)
            try Self.ensureDraft(current)
            guard let expected else { throw ItakuError.versionRequired }
            guard current.version == expected else { throw ItakuError.staleVersion(current: current.version) }
            let policy = try await Self.policy(in: tx)
            let own = Set(try await tx.allEntrustments(ofContractor: current.contractorID).map(\.id))
            let fields = try input.resolve(over: current, ownEntrustments: own, policy: policy.content, catalog: catalog)
            if let predecessor = fields.supersedes, predecessor != current.supersedes {
                try await Self.checkSupersedable(predecessor, of: current.contractorID, in: tx)
            }
            var changed = current
            changed.reference = fields.reference
            changed.effectiveFrom = fields.effectiveFrom
            changed.expiresOn = fields.expiresOn
            changed.entrustmentIDs = fields.entrustmentIDs
            changed.obligations = fields.obligations
            changed.supersedes = fields.supersedes
            if changed == current { return current }
            return try await Self.save(changed, from: current, action: "contract.update", by: principal, at: moment, in: tx)
        }
    }

    /// draft → issued: the text is final from here on.
    public func issue(_ id: UUID, ifVersion expected: Int?, by principal: Principal) async throws -> Contract {
        try principal.authorize(.writeContract)
        let upkeep = self.upkeep
        let moment = now()
        return try await store.write { tx in
            let current = try await Self.load(id, in: tx)
            try Self.ensureDraft(current)
            try Self.check(expected, against: current)
            var issues = IssueList()
            if current.entrustmentIDs.isEmpty { issues.add("entrustmentIds", "a contract must cover at least one entrustment") }
            if current.obligations.isEmpty { issues.add("obligations", "a contract without obligations cannot be issued") }
            try issues.throwIfAny()
            var changed = current
            changed.status = .issued
            changed.issuedAt = moment
            let issued = try await Self.save(changed, from: current, action: "contract.issue", by: principal, at: moment, in: tx)
            try await upkeep.rederive([current.contractorID], at: moment, in: tx)
            return issued
        }
    }

    /// issued → signed; a contract it supersedes becomes `superseded`.
    public func sign(_ id: UUID, _ input: SigningInput, ifVersion expected: Int?, by principal: Principal) async throws -> Contract {
        try principal.authorize(.writeContract)
        let upkeep = self.upkeep
        let moment = now()
        return try await store.write { tx in
            let current = try await Self.load(id, in: tx)
            guard current.status == .issued else {
                throw ItakuError.conflict("only an issued contract can be signed; this one is \(current.status.rawValue)")
            }
            try Self.check(expected, against: current)
            let (signedOn, signatories) = try input.validated(today: CalendarDay(moment))
            var changed = current
            changed.status = .signed
            changed.signedOn = signedOn
            changed.signatories = signatories
            let signed = try await Self.save(changed, from: current, action: "contract.sign", by: principal, at: moment, in: tx)
            if let predecessorID = current.supersedes, let predecessor = try await tx.contract(predecessorID),
                predecessor.status == .issued || predecessor.status == .signed
            {
                var replaced = predecessor
                replaced.status = .superseded
                replaced.supersededBy = id
                _ = try await Self.save(replaced, from: predecessor, action: "contract.supersede", by: principal, at: moment, in: tx)
            }
            try await upkeep.rederiveChain(from: current.contractorID, at: moment, in: tx)
            return signed
        }
    }

    /// issued or signed → terminated.
    public func terminate(_ id: UUID, _ input: TerminationInput, ifVersion expected: Int?, by principal: Principal) async throws -> Contract {
        try principal.authorize(.writeContract)
        let upkeep = self.upkeep
        let moment = now()
        return try await store.write { tx in
            let current = try await Self.load(id, in: tx)
            guard current.status == .issued || current.status == .signed else {
                throw ItakuError.conflict("only an issued or signed contract can be terminated; this one is \(current.status.rawValue)")
            }
            try Self.check(expected, against: current)
            let (reason, day) = try input.validated()
            var changed = current
            changed.status = .terminated
            changed.terminatedOn = day
            changed.terminationReason = reason
            let terminated = try await Self.save(changed, from: current, action: "contract.terminate", by: principal, at: moment, in: tx)
            try await upkeep.rederiveChain(from: current.contractorID, at: moment, in: tx)
            return terminated
        }
    }

    public func contract(_ id: UUID, by principal: Principal) async throws -> Contract {
        let contract = try await store.read { tx in try await Self.load(id, in: tx) }
        try Self.authorizeRead(contract, by: principal)
        return contract
    }

    public func contracts(ofContractor contractorID: UUID, page: PageRequest, by principal: Principal) async throws -> Page<Contract> {
        try principal.authorize(.readContracts(ofContractor: contractorID))
        return try await store.read { tx in
            try await tx.requireContractor(contractorID, by: principal)
            return try await tx.contracts(ofContractor: contractorID, page: page)
        }
    }

    /// The chain of versions `id` belongs to, oldest first.
    public func versions(of id: UUID, by principal: Principal) async throws -> [Contract] {
        let contract = try await self.contract(id, by: principal)
        return try await store.read { tx in
            var chain = [contract]
            var seen: Set<UUID> = [contract.id]
            while let previous = chain.first?.supersedes, seen.insert(previous).inserted, let older = try await tx.contract(previous) {
                chain.insert(older, at: 0)
            }
            // Later versions: drafts and contracts naming the newest one as the one they supersede.
            let siblings = try await tx.allContracts(ofContractor: contract.contractorID)
            while let newest = chain.last, let next = siblings.filter({ $0.supersedes == newest.id && !seen.contains($0.id) })
                .min(by: { $0.createdAt < $1.createdAt })
            {
                seen.insert(next.id)
                chain.append(next)
            }
            return chain
        }
    }

    /// How the contract's terms compare with the policy in force, for the scope it covers.
    public func equivalence(of id: UUID, by principal: Principal) async throws -> EquivalenceReport {
        let contract = try await self.contract(id, by: principal)
        let catalog = self.catalog
        return try await store.read { tx in
            let policy = try await Self.policy(in: tx)
            return try await Self.equivalence(of: contract, policy: policy, catalog: catalog, in: tx)
        }
    }

    /// The equivalence of `contract` under `policy`, reading its scope from the store.
    public static func equivalence(
        of contract: Contract, policy: PolicyVersion, catalog: Catalog, in tx: any StoreTransaction
    ) async throws -> EquivalenceReport {
        let entrustments = try await tx.entrustments(contract.entrustmentIDs)
        let passesOn = try await tx.subcontractings(passedOnBy: contract.contractorID).contains(where: \.isLive)
        let scope = ScopeFacts(entrustments: entrustments, hasSubcontracting: passesOn)
        return Equivalence.evaluate(contract.obligations, scope: scope, policy: policy, catalog: catalog)
    }

    // MARK: Helpers

    static func missingContractor(_ id: UUID) -> String { "contractor \(id.uuidString.lowercased()) not found" }

    static func load(_ id: UUID, in tx: any StoreTransaction) async throws -> Contract {
        guard let contract = try await tx.contract(id) else { throw ItakuError.notFound("contract \(id.uuidString.lowercased()) not found") }
        return contract
    }

    static func policy(in tx: any StoreTransaction) async throws -> PolicyVersion {
        guard let policy = try await tx.currentPolicy() else { throw ItakuError.notFound("no policy is installed") }
        return policy
    }

    static func authorizeRead(_ contract: Contract, by principal: Principal) throws {
        do {
            try principal.authorize(.readContracts(ofContractor: contract.contractorID))
        } catch ItakuError.notFound {
            // Same words as for a contract that does not exist.
            throw ItakuError.notFound("contract \(contract.id.uuidString.lowercased()) not found")
        }
    }

    static func ensureDraft(_ contract: Contract) throws {
        guard contract.status == .draft else {
            throw ItakuError.conflict(
                "contract \(contract.reference) is \(contract.status.rawValue) and cannot change; draft a new contract that supersedes it")
        }
    }

    static func check(_ expected: Int?, against contract: Contract) throws {
        if let expected, expected != contract.version { throw ItakuError.staleVersion(current: contract.version) }
    }

    static func checkSupersedable(_ predecessorID: UUID, of contractorID: UUID, in tx: any StoreTransaction) async throws {
        guard let predecessor = try await tx.contract(predecessorID), predecessor.contractorID == contractorID else {
            throw ItakuError.invalid([FieldIssue("supersedes", "'\(predecessorID.uuidString.lowercased())' is not a contract of this contractor")])
        }
        guard predecessor.status == .issued || predecessor.status == .signed else {
            throw ItakuError.invalid([
                FieldIssue("supersedes", "contract \(predecessor.reference) is \(predecessor.status.rawValue); only an issued or signed contract can be superseded")
            ])
        }
    }

    static func save(
        _ changed: Contract, from current: Contract, action: String, by principal: Principal, at moment: Date,
        in tx: any StoreTransaction
    ) async throws -> Contract {
        var changed = changed
        changed.version = current.version + 1
        changed.updatedAt = moment
        guard try await tx.update(changed, expectedVersion: current.version) else {
            throw ItakuError.staleVersion(current: (try await tx.contract(current.id))?.version ?? current.version)
        }
        try await audit(action, changed, before: current, by: principal, at: moment, in: tx)
        return changed
    }

    static func audit(
        _ action: String, _ contract: Contract, before: Contract?, by principal: Principal, at moment: Date, in tx: any StoreTransaction
    ) async throws {
        try await tx.appendAudit(
            AuditDraft(by: principal, action: action, subjectType: "contract", subjectID: contract.id, before: before, after: contract),
            at: moment)
    }
}
