import Foundation

/// Re-entrustment: contractors ask, compliance decides, and every approved edge is checked
/// against the company's policy however deep the chain.
public struct SubcontractingDesk: Sendable {
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

    /// A contractor asks to pass work it holds on to another organisation, which is registered as a
    /// contractor in `onboarding` if it is not known yet (matched by corporate number, else by name).
    public func request(_ input: SubcontractingInput, by requester: UUID, as principal: Principal) async throws -> Subcontracting {
        try principal.authorize(.requestSubcontracting(forContractor: requester))
        let fields = try input.validated(catalog: catalog)
        let upkeep = self.upkeep
        let moment = now()
        return try await store.write { tx in
            try await tx.requireContractor(requester, by: principal)
            var issues = IssueList()
            if let parentID = fields.parentSubcontractingID {
                let parent = try await tx.subcontracting(parentID)
                if parent?.childContractorID != requester || parent?.status != .approved {
                    issues.add("parentSubcontractingId", "is not an approved sub-contracting through which you hold work")
                }
            } else {
                let own = Set(try await tx.allEntrustments(ofContractor: requester).map(\.id))
                for (index, id) in fields.entrustmentIDs.enumerated() where !own.contains(id) {
                    issues.add("entrustmentIds[\(index)]", "'\(id.uuidString.lowercased())' is not one of your entrustments")
                }
            }
            try issues.throwIfAny()

            let child = try await Self.findOrRegister(fields.subcontractor, by: principal, at: moment, in: tx)
            if child.id == requester {
                throw ItakuError.invalid([FieldIssue("subcontractor", "is yourself; a contractor cannot sub-contract to itself")])
            }
            let graph = try await tx.liveSubcontractings()
            if Self.path(from: child.id, to: requester, in: graph) {
                throw ItakuError.invalid([
                    FieldIssue(
                        "subcontractor",
                        "\(child.profile.legalName) already passes work on to you, directly or through others; this request would close a cycle")
                ])
            }
            let edge = Subcontracting(
                id: UUID(), parentContractorID: requester, childContractorID: child.id, entrustmentIDs: fields.entrustmentIDs,
                parentSubcontractingID: fields.parentSubcontractingID, scope: fields.scope, description: fields.description,
                requestedAt: moment, requestedBy: principal.actorName)
            try await tx.insert(edge)
            try await Self.audit("subcontracting.request", edge, before: nil, by: principal, at: moment, in: tx)
            try await upkeep.rederiveChain(from: requester, at: moment, in: tx)
            return edge
        }
    }

    /// Compliance approves, recording the terms flowed down to the sub-contractor.
    public func approve(_ id: UUID, terms: TermListInput, note: String?, ifVersion expected: Int?, by principal: Principal) async throws -> Subcontracting {
        try principal.authorize(.decideSubcontracting)
        let catalog = self.catalog
        let upkeep = self.upkeep
        let moment = now()
        return try await store.write { tx in
            let current = try await Self.load(id, in: tx)
            try Self.ensure(current, is: .requested, toBe: "approved")
            try Self.check(expected, against: current)
            if let parentID = current.parentSubcontractingID, try await tx.subcontracting(parentID)?.status != .approved {
                throw ItakuError.conflict("the tier above is not approved, so this one cannot be")
            }
            guard let policy = try await tx.currentPolicy() else { throw ItakuError.notFound("no policy is installed") }
            var issues = IssueList()
            let flowed = terms.resolve(policy: policy.content, catalog: catalog, field: "flowedDownTerms", into: &issues)
            if flowed.isEmpty && issues.isEmpty { issues.add("flowedDownTerms", "approval records the terms flowed down; name at least one") }
            let note = FieldRules.text(note, "note", required: false, maxLength: 2000, into: &issues)
            try issues.throwIfAny()
            var changed = current
            changed.status = .approved
            changed.flowedDownTerms = flowed
            changed.decisionNote = note
            let approved = try await Self.decide(changed, from: current, action: "subcontracting.approve", by: principal, at: moment, in: tx)
            try await upkeep.rederiveChain(from: current.parentContractorID, at: moment, in: tx)
            return approved
        }
    }

    public func reject(_ id: UUID, reason: String?, ifVersion expected: Int?, by principal: Principal) async throws -> Subcontracting {
        try principal.authorize(.decideSubcontracting)
        let upkeep = self.upkeep
        let moment = now()
        return try await store.write { tx in
            let current = try await Self.load(id, in: tx)
            try Self.ensure(current, is: .requested, toBe: "rejected")
            try Self.check(expected, against: current)
            var issues = IssueList()
            let reason = FieldRules.text(reason, "reason", required: true, maxLength: 2000, into: &issues)
            try issues.throwIfAny()
            var changed = current
            changed.status = .rejected
            changed.decisionNote = reason
            let rejected = try await Self.decide(changed, from: current, action: "subcontracting.reject", by: principal, at: moment, in: tx)
            try await upkeep.rederiveChain(from: current.parentContractorID, at: moment, in: tx)
            return rejected
        }
    }

    /// Withdraws an approval; every tier below it loses its footing and is revoked with it.
    public func revoke(_ id: UUID, reason: String?, ifVersion expected: Int?, by principal: Principal) async throws -> Subcontracting {
        try principal.authorize(.decideSubcontracting)
        let upkeep = self.upkeep
        let moment = now()
        return try await store.write { tx in
            let current = try await Self.load(id, in: tx)
            try Self.ensure(current, is: .approved, toBe: "revoked")
            try Self.check(expected, against: current)
            var issues = IssueList()
            let reason = FieldRules.text(reason, "reason", required: true, maxLength: 2000, into: &issues)
            try issues.throwIfAny()
            var changed = current
            changed.status = .revoked
            changed.decisionNote = reason
            let revoked = try await Self.decide(changed, from: current, action: "subcontracting.revoke", by: principal, at: moment, in: tx)
            // Everything below was affected before the cascade cuts it off, so gather it first.
            let affected = try await RiskDerivation.affected(by: current.childContractorID, in: tx).union([current.parentContractorID])
            var pending = [id]
            let graph = try await tx.liveSubcontractings()
            while let parentID = pending.popLast() {
                for below in graph where below.parentSubcontractingID == parentID && below.isLive {
                    var cascaded = below
                    cascaded.status = .revoked
                    cascaded.decisionNote = "revoked with the tier above: \(reason!)"
                    _ = try await Self.decide(cascaded, from: below, action: "subcontracting.revoke", by: principal, at: moment, in: tx)
                    pending.append(below.id)
                }
            }
            try await upkeep.rederive(affected, at: moment, in: tx)
            return revoked
        }
    }

    public func subcontracting(_ id: UUID, by principal: Principal) async throws -> Subcontracting {
        let edge = try await store.read { tx in try await Self.load(id, in: tx) }
        do {
            try principal.authorize(.readSubcontractings(ofContractor: edge.parentContractorID))
        } catch ItakuError.notFound {
            // The sub-contractor itself may read the edge that binds it.
            if principal.contractorID != edge.childContractorID {
                throw ItakuError.notFound("sub-contracting \(id.uuidString.lowercased()) not found")
            }
        }
        return edge
    }

    /// One edge of a contractor's sub-contracting tree, with its chain checks when approved.
    public struct TreeEntry: Sendable, Equatable {
        public var subcontracting: Subcontracting
        /// 1 for the contractor's own sub-contractors, 2 for theirs, and so on.
        public var level: Int
        public var report: ChainCheck.EdgeReport?
    }

    /// Everything passed on by `contractorID` and, recursively, by its sub-contractors, depth first.
    public func tree(of contractorID: UUID, by principal: Principal) async throws -> [TreeEntry] {
        try principal.authorize(.readSubcontractings(ofContractor: contractorID))
        let catalog = self.catalog
        let today = CalendarDay(now())
        return try await store.read { tx in
            try await tx.requireContractor(contractorID, by: principal)
            var entries: [TreeEntry] = []
            func visit(_ edges: [Subcontracting], level: Int) async throws {
                for edge in edges.sorted(by: { $0.requestedAt < $1.requestedAt }) {
                    entries.append(TreeEntry(subcontracting: edge, level: level, report: nil))
                    // Levels are bounded: cycles are refused on request, this guards against stored ones.
                    guard edge.isLive, level < 64 else { continue }
                    let below = try await tx.subcontractings(passedOnBy: edge.childContractorID)
                        .filter { $0.parentSubcontractingID == edge.id }
                    try await visit(below, level: level + 1)
                }
            }
            try await visit(try await tx.subcontractings(passedOnBy: contractorID), level: 1)
            // Only this tree's chains are checked: the page of one contractor must not read the whole graph.
            let approved = entries.map(\.subcontracting).filter { $0.status == .approved }
            guard !approved.isEmpty, let policy = try await tx.currentPolicy() else { return entries }
            let reports = try await RiskDerivation.chainReports(for: approved, policy: policy, catalog: catalog, today: today, in: tx)
            return entries.map { entry in
                var entry = entry
                entry.report = reports[entry.subcontracting.id]
                return entry
            }
        }
    }

    // MARK: Helpers

    /// Whether `target` can be reached from `start` along live edges.
    static func path(from start: UUID, to target: UUID, in graph: [Subcontracting]) -> Bool {
        var next: [UUID: [UUID]] = [:]
        for edge in graph where edge.isLive { next[edge.parentContractorID, default: []].append(edge.childContractorID) }
        var stack = [start]
        var seen: Set<UUID> = []
        while let node = stack.popLast() {
            if node == target { return true }
            if seen.insert(node).inserted { stack.append(contentsOf: next[node] ?? []) }
        }
        return false
    }

    static func findOrRegister(_ profile: ContractorProfile, by principal: Principal, at moment: Date, in tx: any StoreTransaction) async throws -> Contractor {
        if let number = profile.corporateNumber, let known = try await tx.contractor(corporateNumber: number) { return known }
        if let known = try await tx.contractor(normalisedName: Contractor.normalisedName(profile.legalName)) { return known }
        var onboarding = profile
        onboarding.status = .onboarding
        let contractor = Contractor(id: UUID(), profile: onboarding, version: 1, createdAt: moment, updatedAt: moment)
        try await tx.insert(contractor)
        try await tx.appendAudit(
            AuditDraft(
                by: principal, action: "contractor.create", subjectType: "contractor", subjectID: contractor.id,
                before: Contractor?.none, after: contractor), at: moment)
        return contractor
    }

    static func load(_ id: UUID, in tx: any StoreTransaction) async throws -> Subcontracting {
        guard let edge = try await tx.subcontracting(id) else {
            throw ItakuError.notFound("sub-contracting \(id.uuidString.lowercased()) not found")
        }
        return edge
    }

    static func ensure(_ edge: Subcontracting, is status: SubcontractingStatus, toBe target: String) throws {
        guard edge.status == status else {
            throw ItakuError.conflict("a \(edge.status.rawValue) sub-contracting cannot be \(target); only a \(status.rawValue) one can")
        }
    }

    static func check(_ expected: Int?, against edge: Subcontracting) throws {
        if let expected, expected != edge.version { throw ItakuError.staleVersion(current: edge.version) }
    }

    static func decide(
        _ changed: Subcontracting, from current: Subcontracting, action: String, by principal: Principal, at moment: Date,
        in tx: any StoreTransaction
    ) async throws -> Subcontracting {
        var changed = changed
        changed.decidedAt = moment
        changed.decidedBy = principal.actorName
        changed.decidedByRole = principal.roleName
        changed.version = current.version + 1
        guard try await tx.update(changed, expectedVersion: current.version) else {
            throw ItakuError.staleVersion(current: (try await tx.subcontracting(current.id))?.version ?? current.version)
        }
        try await audit(action, changed, before: current, by: principal, at: moment, in: tx)
        return changed
    }

    static func audit(
        _ action: String, _ edge: Subcontracting, before: Subcontracting?, by principal: Principal, at moment: Date,
        in tx: any StoreTransaction
    ) async throws {
        try await tx.appendAudit(
            AuditDraft(by: principal, action: action, subjectType: "subcontracting", subjectID: edge.id, before: before, after: edge),
            at: moment)
    }
}
