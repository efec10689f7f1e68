import Foundation

/// Incidents reported by contractors, their updates, and the deadlines they start.
public struct IncidentDesk: Sendable {
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

    /// An incident and the clocks it started.
    public struct Report: Sendable, Equatable, Codable {
        public var incident: Incident
        public var deadlines: IncidentDeadlines
    }

    public func report(
        _ input: IncidentInput, for contractorID: UUID, idempotency: IdempotencyKey?, by principal: Principal
    ) async throws -> Idempotent<Report> {
        try principal.authorize(.report(forContractor: contractorID))
        let catalog = self.catalog
        let upkeep = self.upkeep
        let moment = now()
        return try await store.idempotentWrite(idempotency, at: moment) { tx in
            try await tx.requireContractor(contractorID, by: principal)
            let own = Set(try await tx.allEntrustments(ofContractor: contractorID).map(\.id))
            let fields = try input.validated(catalog: catalog, ownEntrustments: own, now: moment)
            let incident = Incident(
                id: UUID(), contractorID: contractorID, category: fields.category, discoveredAt: fields.discoveredAt, reportedAt: moment,
                recordsAffected: fields.recordsAffected, dataItemsAffected: fields.dataItems, involvesSpecialCare: fields.involvesSpecialCare,
                improperPurpose: fields.improperPurpose, description: fields.description, entrustmentIDs: fields.entrustmentIDs,
                updatedAt: moment)
            try await tx.insert(incident)
            try await tx.appendAudit(
                AuditDraft(by: principal, action: "incident.report", subjectType: "incident", subjectID: incident.id,
                    before: Incident?.none, after: incident), at: moment)
            try await upkeep.rederive([contractorID], at: moment, in: tx)
            return try await Self.report(for: incident, catalog: catalog, in: tx)
        }
    }

    /// The contractor (its own incidents) or compliance adds a note.
    public func addUpdate(
        _ text: String?, to id: UUID, idempotency: IdempotencyKey?, by principal: Principal
    ) async throws -> Idempotent<Report> {
        let catalog = self.catalog
        let upkeep = self.upkeep
        let moment = now()
        return try await store.idempotentWrite(idempotency, at: moment) { tx in
            let current = try await Self.load(id, in: tx)
            if principal.contractorID != nil {
                try Self.authorize(.report(forContractor: current.contractorID), current, principal)
            } else {
                try principal.authorize(.review)
            }
            var issues = IssueList()
            let text = FieldRules.text(text, "text", required: true, maxLength: 8000, into: &issues)
            try issues.throwIfAny()
            guard current.status != .closed else { throw ItakuError.conflict("the incident is closed") }
            var changed = current
            changed.updates.append(IncidentUpdate(at: moment, by: principal.actorName, role: principal.roleName, text: text!, status: nil))
            let saved = try await Self.save(changed, from: current, action: "incident.update", by: principal, at: moment, upkeep: upkeep, in: tx)
            return try await Self.report(for: saved, catalog: catalog, in: tx)
        }
    }

    /// Compliance moves an incident to `contained` or `closed` (or reopens it).
    public func changeStatus(
        _ id: UUID, to status: String?, comment: String?, ifVersion expected: Int?, by principal: Principal
    ) async throws -> Report {
        try principal.authorize(.review)
        var issues = IssueList()
        var target: IncidentStatus?
        if let status { target = FieldRules.choice(status, "status", into: &issues) } else { issues.add("status", "is required") }
        let comment = FieldRules.text(comment, "comment", required: false, maxLength: 8000, into: &issues)
        try issues.throwIfAny()
        guard let expected else { throw ItakuError.versionRequired }
        let newStatus = target!
        let catalog = self.catalog
        let upkeep = self.upkeep
        let moment = now()
        return try await store.write { tx in
            let current = try await Self.load(id, in: tx)
            guard current.version == expected else { throw ItakuError.staleVersion(current: current.version) }
            guard current.status != newStatus else { throw ItakuError.conflict("the incident is already \(newStatus.rawValue)") }
            var changed = current
            changed.status = newStatus
            changed.updates.append(
                IncidentUpdate(
                    at: moment, by: principal.actorName, role: principal.roleName, text: comment ?? "status changed to \(newStatus.rawValue)",
                    status: newStatus))
            let saved = try await Self.save(changed, from: current, action: "incident.status", by: principal, at: moment, upkeep: upkeep, in: tx)
            return try await Self.report(for: saved, catalog: catalog, in: tx)
        }
    }

    public func incident(_ id: UUID, by principal: Principal) async throws -> Report {
        let catalog = self.catalog
        return try await store.read { tx in
            let incident = try await Self.load(id, in: tx)
            try Self.authorize(.readReports(ofContractor: incident.contractorID), incident, principal)
            return try await Self.report(for: incident, catalog: catalog, in: tx)
        }
    }

    public func incidents(ofContractor contractorID: UUID, page: PageRequest, by principal: Principal) async throws -> Page<Report> {
        try principal.authorize(.readReports(ofContractor: contractorID))
        let catalog = self.catalog
        return try await store.read { tx in
            try await tx.requireContractor(contractorID, by: principal)
            let page = try await tx.incidents(ofContractor: contractorID, page: page)
            guard !page.items.isEmpty else { return Page(items: [], nextCursor: nil) }
            guard let policy = try await tx.currentPolicy() else { throw ItakuError.notFound("no policy is installed") }
            var reports: [Report] = []
            for incident in page.items { reports.append(try await Self.report(for: incident, policy: policy, catalog: catalog, in: tx)) }
            return Page(items: reports, nextCursor: page.nextCursor)
        }
    }

    // MARK: Helpers

    static func report(for incident: Incident, catalog: Catalog, in tx: any StoreTransaction) async throws -> Report {
        guard let policy = try await tx.currentPolicy() else { throw ItakuError.notFound("no policy is installed") }
        return try await report(for: incident, policy: policy, catalog: catalog, in: tx)
    }

    static func report(for incident: Incident, policy: PolicyVersion, catalog: Catalog, in tx: any StoreTransaction) async throws -> Report {
        report(for: incident, contracts: try await tx.allContracts(ofContractor: incident.contractorID), policy: policy, catalog: catalog)
    }

    /// The report, given every contract of the incident's contractor.
    static func report(for incident: Incident, contracts: [Contract], policy: PolicyVersion, catalog: Catalog) -> Report {
        let contract = contracts.inForce(on: CalendarDay(incident.discoveredAt))
        return Report(incident: incident, deadlines: IncidentDeadlines.of(incident, contract: contract, policy: policy.content, catalog: catalog))
    }

    static func load(_ id: UUID, in tx: any StoreTransaction) async throws -> Incident {
        guard let incident = try await tx.incident(id) else { throw ItakuError.notFound("incident \(id.uuidString.lowercased()) not found") }
        return incident
    }

    static func authorize(_ permission: Permission, _ incident: Incident, _ principal: Principal) throws {
        do {
            try principal.authorize(permission)
        } catch ItakuError.notFound {
            throw ItakuError.notFound("incident \(incident.id.uuidString.lowercased()) not found")
        }
    }

    static func save(
        _ changed: Incident, from current: Incident, action: String, by principal: Principal, at moment: Date, upkeep: FlagUpkeep,
        in tx: any StoreTransaction
    ) async throws -> Incident {
        var changed = changed
        changed.version = current.version + 1
        changed.updatedAt = moment
        guard try await tx.update(changed, expectedVersion: current.version) else {
            throw ItakuError.staleVersion(current: (try await tx.incident(current.id))?.version ?? current.version)
        }
        try await tx.appendAudit(
            AuditDraft(by: principal, action: action, subjectType: "incident", subjectID: changed.id, before: current, after: changed),
            at: moment)
        try await upkeep.rederive([changed.contractorID], at: moment, in: tx)
        return changed
    }
}

/// An incident report as it arrives.
public struct IncidentInput: Sendable, Equatable {
    public var category: String?
    public var discoveredAt: Date?
    public var recordsAffected: Int?
    public var dataItemsAffected: [String]?
    public var involvesSpecialCare: Bool?
    public var improperPurpose: Bool?
    public var description: String?
    public var entrustmentIDs: [String]?

    public init(
        category: String? = nil, discoveredAt: Date? = nil, recordsAffected: Int? = nil, dataItemsAffected: [String]? = nil,
        involvesSpecialCare: Bool? = nil, improperPurpose: Bool? = nil, description: String? = nil, entrustmentIDs: [String]? = nil
    ) {
        self.category = category
        self.discoveredAt = discoveredAt
        self.recordsAffected = recordsAffected
        self.dataItemsAffected = dataItemsAffected
        self.involvesSpecialCare = involvesSpecialCare
        self.improperPurpose = improperPurpose
        self.description = description
        self.entrustmentIDs = entrustmentIDs
    }

    struct Fields {
        var category: IncidentCategory
        var discoveredAt: Date
        var recordsAffected: Int
        var dataItems: [String]
        var involvesSpecialCare: Bool
        var improperPurpose: Bool
        var description: String
        var entrustmentIDs: [UUID]
    }

    func validated(catalog: Catalog, ownEntrustments: Set<UUID>, now: Date) throws(ItakuError) -> Fields {
        var issues = IssueList()
        var category: IncidentCategory?
        if let raw = self.category { category = FieldRules.choice(raw, "category", into: &issues) } else { issues.add("category", "is required") }
        if let discoveredAt {
            // A few minutes of clock difference between the contractor's systems and ours is tolerated.
            if discoveredAt > now.addingTimeInterval(300) { issues.add("discoveredAt", "is in the future") }
        } else {
            issues.add("discoveredAt", "is required")
        }
        if let records = recordsAffected { if records < 0 { issues.add("recordsAffected", "must be 0 or more") } } else {
            issues.add("recordsAffected", "is required (your best estimate)")
        }
        let items = FieldRules.codes(dataItemsAffected, "dataItemsAffected", what: "data item", required: true, into: &issues, isKnown: catalog.hasDataItem)
        let description = FieldRules.text(description, "description", required: true, maxLength: 8000, into: &issues)
        var entrustments: [UUID] = []
        for (index, raw) in (entrustmentIDs ?? []).enumerated() {
            if let id = UUID(uuidString: raw), ownEntrustments.contains(id) { entrustments.append(id) } else {
                issues.add("entrustmentIds[\(index)]", "'\(raw)' is not one of your entrustments")
            }
        }
        try issues.throwIfAny()
        let specialCare = (items ?? []).contains { catalog.dataItem($0)?.class == .specialCare }
        return Fields(
            category: category!, discoveredAt: discoveredAt!, recordsAffected: recordsAffected!, dataItems: items!,
            involvesSpecialCare: (involvesSpecialCare ?? false) || specialCare,
            improperPurpose: (improperPurpose ?? false) || category == .unauthorizedAccess, description: description!,
            entrustmentIDs: entrustments)
    }
}
