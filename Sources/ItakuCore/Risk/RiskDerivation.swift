import Foundation

/// Loads the facts the rules read, runs them and brings the stored flags in line — for a few
/// contractors inside a write's own transaction, or for the whole portfolio from one snapshot.
public enum RiskDerivation {
    /// What one re-derivation changed.
    public struct Outcome: Sendable, Equatable {
        public var opened = 0
        public var changed = 0
        public var resolved = 0

        public init() {}

        mutating func add(_ changes: FlagChanges) {
            opened += changes.inserted.count
            for flag in changes.updated {
                if flag.status == .resolved { resolved += 1 } else { changed += 1 }
            }
        }
    }

    /// Re-derives the flags of `contractorIDs` inside `tx`, so the write that called it commits
    /// its facts and their flags together.
    @discardableResult
    public static func rederive(
        _ contractorIDs: Set<UUID>, catalog: Catalog, questionnaires: QuestionnaireCache, at moment: Date, in tx: any StoreTransaction,
        evaluators: EvaluatorCache? = nil
    ) async throws -> Outcome {
        guard !contractorIDs.isEmpty else { return Outcome() }
        let stored = try await tx.storedRisks(
            holdingFlagsOf: contractorIDs.sorted(by: { $0.uuidString < $1.uuidString }), on: CalendarDay(moment))
        // Which version is in force comes with the contractors' rows: one round trip fewer per
        // write, and the content (larger than a contractor's facts) is read only when it changed.
        guard let stamp = stored.first?.policy,
            let evaluator = try await (evaluators ?? EvaluatorCache()).evaluator(
                for: stamp, catalog: catalog, reading: { try await tx.policy(version: stamp.version) })
        else { return Outcome() }
        let policy = evaluator.policy
        var surroundings = ChainSurroundings()
        for risk in stored {
            surroundings.merge(risk.chain)
            surroundings.add(risk.facts)
        }
        let context = try await context(
            for: stored.map(\.facts), policy: policy, catalog: catalog, questionnaires: questionnaires, evaluator: evaluator, at: moment,
            surroundings: surroundings, in: tx)
        var outcome = Outcome()
        var scores: [ContractorScore] = []
        var all = FlagChanges()
        for risk in stored {
            let facts = risk.facts
            let changes = FlagReconciliation.reconcile(existing: risk.flags, findings: RiskRules.evaluate(facts, in: context), at: moment)
            if !changes.isEmpty { try await tx.apply(changes) }
            outcome.add(changes)
            all.inserted += changes.inserted
            all.updated += changes.updated
            scores.append(ContractorScore(contractorID: facts.contractor.id, legalName: facts.contractor.profile.legalName, flags: merged(risk.flags, changes)))
        }
        let moved = scoresToWrite(scores, stored: stored.compactMap(\.score), changes: all)
        if !moved.isEmpty { try await tx.setScores(moved) }
        return outcome
    }

    /// The contractor and every contractor below it in the sub-contracting graph: whose findings a
    /// change to its contract or its sub-contracting can move (chain checks read the tiers above).
    public static func affected(by contractorID: UUID, in tx: any StoreTransaction) async throws -> Set<UUID> {
        var affected: Set<UUID> = [contractorID]
        var pending = [contractorID]
        while let next = pending.popLast() {
            for edge in try await tx.subcontractings(passedOnBy: next) where edge.isLive && affected.insert(edge.childContractorID).inserted {
                pending.append(edge.childContractorID)
            }
        }
        return affected
    }

    /// The shared context for a few contractors: only the organisations their attestations name,
    /// and chain reports for the edges they pass on.
    static func context(
        for allFacts: [ContractorFacts], policy: PolicyVersion, catalog: Catalog, questionnaires: QuestionnaireCache,
        evaluator: Equivalence.Evaluator, at moment: Date, surroundings: ChainSurroundings, in tx: any StoreTransaction
    ) async throws -> RiskContext {
        var versions: [Int: QuestionnaireContent] = [:]
        var numbers: Set<String> = []
        var names: Set<String> = []
        for facts in allFacts {
            guard let latest = facts.latestAttestation else { continue }
            versions[latest.questionnaireVersion] = try await questionnaires.version(latest.questionnaireVersion, in: tx)?.content
            for disclosure in latest.sections.thirdPartyDisclosures {
                if let number = disclosure.recipientCorporateNumber { numbers.insert(number) }
                names.insert(Contractor.normalisedName(disclosure.recipient))
            }
        }
        let organisations = numbers.isEmpty && names.isEmpty
            ? [] : try await tx.contractors(corporateNumbers: Array(numbers), normalisedNames: Array(names))

        var reports: [UUID: ChainCheck.EdgeReport] = [:]
        let approved = allFacts.flatMap(\.subcontractings).filter { $0.status == .approved }
        if !approved.isEmpty {
            reports = try await chainReports(
                for: approved, policy: policy, catalog: catalog, evaluator: evaluator, today: CalendarDay(moment), surroundings: surroundings,
                in: tx)
        }
        return RiskContext(
            policy: policy, catalog: catalog, now: moment, questionnaires: versions, organisations: organisations, chainReports: reports,
            equivalence: evaluator)
    }

    /// Chain reports for `edges`, reading only their chains above them and what their children
    /// pass on — from `surroundings` where it has them, from the store otherwise.
    static func chainReports(
        for edges: [Subcontracting], policy: PolicyVersion, catalog: Catalog, evaluator: Equivalence.Evaluator? = nil, today: CalendarDay,
        surroundings: ChainSurroundings = ChainSurroundings(), in tx: any StoreTransaction
    ) async throws -> [UUID: ChainCheck.EdgeReport] {
        // The chains down to `edges`, and apart from them what each child passes on: a check needs
        // only to know that the child sub-contracts, so the first tiers (entrustments, contracts)
        // read are those of the chains alone, not of chains a child heads itself.
        var chains: [UUID: Subcontracting] = [:]
        var below: [UUID: Subcontracting] = [:]
        for edge in edges {
            chains[edge.id] = edge
            var cursor = edge.parentSubcontractingID
            while let id = cursor, chains[id] == nil, let parent = try await surroundings.edge(id, in: tx) {
                chains[id] = parent
                cursor = parent.parentSubcontractingID
            }
            for passed in try await surroundings.edges(passedOnBy: edge.childContractorID, in: tx) where passed.isLive {
                below[passed.id] = passed
            }
        }
        let graph = chains.merging(below) { inChain, _ in inChain }
        let roots = chains.values.filter { $0.parentSubcontractingID == nil }
        let entrustments = try await surroundings.entrustments(Set(roots.flatMap(\.entrustmentIDs)), in: tx)
        var windows: [UUID: TermValue?] = [:]
        if let budget = ChainCheck.budget(policy: policy.content, catalog: catalog) {
            for contractor in Set(roots.map(\.parentContractorID)) {
                if let contract = try await surroundings.contracts(of: contractor, in: tx).inForce(on: today) {
                    windows[contractor] = contract.term(budget.kind)?.parameters[budget.parameter]
                }
            }
        }
        let wanted = Set(edges.map(\.id))
        return ChainCheck.evaluate(
            edges: Array(graph.values), entrustments: Dictionary(entrustments.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }),
            firstTierWindows: windows, policy: policy, catalog: catalog, evaluator: evaluator, reportingOn: wanted)
    }

    /// The scores a scan or a re-derivation must write: those that differ from what is stored,
    /// and those of every contractor whose flags changed — a score write is what tells remembered
    /// risk views that the flags moved. A quiet scan or re-derivation writes none.
    public static func scoresToWrite(_ scores: [ContractorScore], stored: [ContractorScore], changes: FlagChanges) -> [ContractorScore] {
        let storedByID = Dictionary(stored.map { ($0.contractorID, $0) }, uniquingKeysWith: { a, _ in a })
        let moved = Set((changes.inserted + changes.updated).map(\.contractorID))
        return scores.filter { moved.contains($0.contractorID) || storedByID[$0.contractorID] != $0 }
    }

    /// `existing` after `changes`.
    static func merged(_ existing: [RiskFlag], _ changes: FlagChanges) -> [RiskFlag] {
        var byID = Dictionary(existing.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for flag in changes.updated { byID[flag.id] = flag }
        for flag in changes.inserted { byID[flag.id] = flag }
        return Array(byID.values)
    }

    // MARK: Whole portfolio

    /// The whole portfolio, grouped once so contractors can be evaluated in chunks (pure).
    public struct Portfolio: Sendable {
        private(set) var contractors: [Contractor]
        let context: RiskContext
        private(set) var entrustments: RowsByContractor<Entrustment>
        private(set) var contracts: RowsByContractor<Contract>
        private(set) var attestations: RowsByContractor<Attestation>
        private(set) var incidents: RowsByContractor<Incident>
        /// Each contractor's sub-contractings, by the contractor that passes them on.
        private(set) var edges: RowsByContractor<Subcontracting>
        private(set) var flags: RowsByContractor<RiskFlag>
        private let positions: ContractorPositions
        /// The stored scores, held only to be freed with the rest.
        private var scores: [ContractorScore]
        let moment: Date

        /// Groups the snapshot and checks every chain; the chain check, the longest part, runs
        /// on another core while the rest is grouped.
        public init(
            _ snapshot: PortfolioSnapshot, policy: PolicyVersion, catalog: Catalog, questionnaires: [Int: QuestionnaireContent], at moment: Date
        ) async {
            self.moment = moment
            let today = CalendarDay(moment)
            let positions = ContractorPositions(snapshot.contractors.map(\.id))
            var contracts = RowsByContractor(snapshot.contracts, contractors: positions, by: \.contractorID)
            contracts.putGroupsInStoredOrder()
            var windows: [UUID: TermValue?] = [:]
            if let budget = ChainCheck.budget(policy: policy.content, catalog: catalog) {
                for root in snapshot.subcontractings where root.parentSubcontractingID == nil && root.isLive {
                    if let position = positions[root.parentContractorID], let contract = contracts[contractorAt: position].inForce(on: today) {
                        windows[root.parentContractorID] = contract.term(budget.kind)?.parameters[budget.parameter]
                    }
                }
            }
            let rootEntrustments = Set(snapshot.subcontractings.flatMap(\.entrustmentIDs))
            let held = snapshot.entrustments.filter { rootEntrustments.contains($0.id) }
            // One evaluator for the chains and the contracts: they share the same few term lists.
            let evaluator = Equivalence.Evaluator(policy: policy, catalog: catalog)
            async let reports = ChainCheck.evaluate(
                edges: snapshot.subcontractings, entrustments: Dictionary(held.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }),
                firstTierWindows: windows, policy: policy, catalog: catalog, evaluator: evaluator)
            self.contracts = contracts
            self.positions = positions
            // Each contractor's rows in the order its re-derivation reads them (see `StoredInOrder`).
            entrustments = RowsByContractor(snapshot.entrustments, contractors: positions, by: \.contractorID)
            entrustments.putGroupsInStoredOrder()
            attestations = RowsByContractor(snapshot.attestations, contractors: positions, by: \.contractorID)
            attestations.putGroupsInStoredOrder()
            incidents = RowsByContractor(snapshot.incidents, contractors: positions, by: \.contractorID)
            incidents.putGroupsInStoredOrder()
            edges = RowsByContractor(snapshot.subcontractings, contractors: positions, by: \.parentContractorID)
            edges.putGroupsInStoredOrder()
            flags = RowsByContractor(snapshot.flags, contractors: positions, by: \.contractorID)
            contractors = snapshot.contractors
            scores = snapshot.scores
            var context = RiskContext(
                policy: policy, catalog: catalog, now: moment, questionnaires: questionnaires, organisations: snapshot.contractors,
                chainReports: [:], equivalence: evaluator)
            context.chainReports = await reports
            self.context = context
        }

        /// Lets go of the snapshot, its largest parts freed on different cores at once: a whole
        /// portfolio's values freed one by one on one core took a tenth of a scan. Frees nothing
        /// another copy of the portfolio still holds.
        public mutating func release() async {
            let remains = [
                Remains(entrustments.removeAll()),
                Remains(attestations.removeAll()),
                Remains((contracts.removeAll(), incidents.removeAll(), flags.removeAll())),
                Remains((contractors, edges.removeAll(), scores)),
            ]
            (contractors, scores) = ([], [])
            await withTaskGroup(of: Void.self) { group in
                for part in remains { group.addTask { part.free() } }
            }
        }

        /// Flag changes and scores for the contractors at `range` of the snapshot.
        public func evaluate(_ range: Range<Int>) -> (changes: FlagChanges, scores: [ContractorScore]) {
            var all = FlagChanges()
            var scores: [ContractorScore] = []
            for position in range {
                let contractor = contractors[position]
                let own = edges[contractorAt: position]
                var subcontractors: [UUID: Contractor] = [:]
                for edge in own {
                    if let child = positions[edge.childContractorID] { subcontractors[edge.childContractorID] = contractors[child] }
                }
                // Earlier revisions only in outline, as a re-derivation reads them: a whole
                // revision is copied only for the latest.
                let outlines = attestations.map(contractorAt: position) { $0.outline }
                let facts = ContractorFacts(
                    contractor: contractor, entrustments: entrustments[contractorAt: position], contracts: contracts[contractorAt: position],
                    attestations: outlines,
                    latestAttestation: AttestationOutline.latest(of: outlines).map { attestations.row(ofContractorAt: position, $0) },
                    incidents: incidents[contractorAt: position], subcontractings: own, subcontractors: subcontractors)
                let existing = flags[contractorAt: position]
                let changes = FlagReconciliation.reconcile(existing: existing, findings: RiskRules.evaluate(facts, in: context), at: moment)
                all.inserted += changes.inserted
                all.updated += changes.updated
                scores.append(ContractorScore(contractorID: contractor.id, legalName: contractor.profile.legalName, flags: merged(existing, changes)))
            }
            return (all, scores)
        }
    }
}

/// Keeps flags current: every write that can move a finding calls it in its own transaction.
public struct FlagUpkeep: Sendable {
    let catalog: Catalog
    let questionnaires: QuestionnaireCache
    private let evaluators = EvaluatorCache()

    public init(catalog: Catalog, questionnaires: QuestionnaireCache) {
        self.catalog = catalog
        self.questionnaires = questionnaires
    }

    /// Re-derives the flags of `contractorIDs`.
    public func rederive(_ contractorIDs: Set<UUID>, at moment: Date, in tx: any StoreTransaction) async throws {
        try await RiskDerivation.rederive(
            contractorIDs, catalog: catalog, questionnaires: questionnaires, at: moment, in: tx, evaluators: evaluators)
    }

    /// Re-derives `contractorID` and everything below it in the sub-contracting graph.
    public func rederiveChain(from contractorID: UUID, at moment: Date, in tx: any StoreTransaction) async throws {
        try await rederive(try await RiskDerivation.affected(by: contractorID, in: tx), at: moment, in: tx)
    }
}

/// The evaluator of the current policy version, kept across writes: its memo of requirements
/// and reports is what spares one contractor's re-derivation from working out the policy's
/// requirements and every contract's report afresh. Versions are never changed once stored, so
/// a version number and its creation time name one policy.
public final class EvaluatorCache: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Equivalence.Evaluator?

    public init() {}

    public func evaluator(for policy: PolicyVersion, catalog: Catalog) -> Equivalence.Evaluator {
        lock.withLock {
            if let current, current.policy.stamp == policy.stamp { return current }
            let fresh = Equivalence.Evaluator(policy: policy, catalog: catalog)
            current = fresh
            return fresh
        }
    }

    /// The evaluator of the version `stamp` names: the one at hand when it is that version, else
    /// one of the policy `read` gives; nil when there is no such policy.
    public func evaluator(
        for stamp: PolicyStamp, catalog: Catalog, reading read: () async throws -> PolicyVersion?
    ) async throws -> Equivalence.Evaluator? {
        if let current = lock.withLock({ current }), current.policy.stamp == stamp { return current }
        return try await read().map { evaluator(for: $0, catalog: catalog) }
    }
}

/// Values handed to another task to be freed there.
private final class Remains: @unchecked Sendable {
    // Touched by the task that frees it and, before that, only by the one that filled it.
    private var value: Any?

    init(_ value: Any) {
        self.value = value
    }

    func free() {
        value = nil
    }
}
