import Foundation

/// Registers contractors and the data scopes entrusted to them; every change is audited.
public struct ContractorRegistry: Sendable {
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

    // MARK: Contractors

    public func register(_ input: ContractorInput, by principal: Principal) async throws -> Contractor {
        try principal.authorize(.writeContractor)
        let profile = try input.validatedProfile(catalog: catalog)
        let moment = now()
        let contractor = Contractor(id: UUID(), profile: profile, version: 1, createdAt: moment, updatedAt: moment)
        let upkeep = self.upkeep
        return try await store.write { tx in
            try await Self.ensureCorporateNumberIsFree(profile.corporateNumber, except: nil, in: tx)
            try await tx.insert(contractor)
            try await tx.appendAudit(
                AuditDraft(
                    by: principal, action: "contractor.create", subjectType: "contractor", subjectID: contractor.id,
                    before: Contractor?.none, after: contractor), at: moment)
            try await upkeep.rederive([contractor.id], at: moment, in: tx)
            return contractor
        }
    }

    public func contractor(_ id: UUID, by principal: Principal) async throws -> Contractor {
        try principal.authorize(.readContractor(id))
        guard let contractor = try await store.read({ tx in try await tx.contractor(id) }) else {
            throw ItakuError.notFound("contractor \(id.uuidString.lowercased()) not found")
        }
        return contractor
    }

    /// Legal names by id, for lists showing many contractors; staff only.
    public func names(_ ids: [UUID], by principal: Principal) async throws -> [UUID: String] {
        try principal.authorize(.listContractors)
        return try await store.read { tx in try await tx.contractorNames(ids) }
    }

    public func contractors(_ filter: ContractorFilter, page: PageRequest, by principal: Principal) async throws -> Page<Contractor> {
        try principal.authorize(.listContractors)
        return try await store.read { tx in try await tx.contractors(filter, page: page) }
    }

    public func change(
        _ id: UUID, with input: ContractorInput, ifVersion expected: Int?, by principal: Principal
    ) async throws -> Contractor {
        try principal.authorize(.writeContractor)
        guard let expected else { throw ItakuError.versionRequired }
        let catalog = self.catalog
        let upkeep = self.upkeep
        let moment = now()
        return try await store.write { tx in
            guard let current = try await tx.contractor(id) else {
                throw ItakuError.notFound("contractor \(id.uuidString.lowercased()) not found")
            }
            guard current.version == expected else { throw ItakuError.staleVersion(current: current.version) }
            var changed = current
            changed.profile = try input.applied(to: current.profile, catalog: catalog)
            // A change that changes nothing is not a new version and leaves no audit event.
            if changed.profile == current.profile { return current }
            changed.version += 1
            changed.updatedAt = moment
            if changed.profile.corporateNumber != current.profile.corporateNumber {
                try await Self.ensureCorporateNumberIsFree(changed.profile.corporateNumber, except: id, in: tx)
            }
            guard try await tx.update(changed, expectedVersion: expected) else {
                throw ItakuError.staleVersion(current: (try await tx.contractor(id))?.version ?? expected)
            }
            try await tx.appendAudit(
                AuditDraft(
                    by: principal, action: "contractor.update", subjectType: "contractor", subjectID: id,
                    before: current, after: changed), at: moment)
            try await upkeep.rederive([id], at: moment, in: tx)
            return changed
        }
    }

    static func ensureCorporateNumberIsFree(_ number: String?, except id: UUID?, in tx: any StoreTransaction) async throws {
        guard let number, let holder = try await tx.contractor(corporateNumber: number), holder.id != id else { return }
        throw ItakuError.conflict(
            "corporate number \(number) is already registered to contractor \(holder.id.uuidString.lowercased()) (\(holder.profile.legalName))")
    }

    // MARK: Entrustments

    public func entrust(_ input: EntrustmentInput, to contractorID: UUID, by principal: Principal) async throws -> Entrustment {
        try principal.authorize(.writeEntrustment)
        let scope = try input.validatedScope(catalog: catalog)
        let moment = now()
        let entrustment = Entrustment(
            id: UUID(), contractorID: contractorID, scope: scope, version: 1, createdAt: moment, updatedAt: moment)
        let upkeep = self.upkeep
        return try await store.write { tx in
            guard try await tx.contractorExists(contractorID) else {
                throw ItakuError.notFound("contractor \(contractorID.uuidString.lowercased()) not found")
            }
            try await tx.insert(entrustment)
            try await tx.appendAudit(
                AuditDraft(
                    by: principal, action: "entrustment.create", subjectType: "entrustment", subjectID: entrustment.id,
                    before: Entrustment?.none, after: entrustment), at: moment)
            try await upkeep.rederive([contractorID], at: moment, in: tx)
            return entrustment
        }
    }

    public func entrustments(ofContractor contractorID: UUID, page: PageRequest, by principal: Principal) async throws -> Page<Entrustment> {
        try principal.authorize(.readEntrustments(ofContractor: contractorID))
        return try await store.read { tx in
            guard try await tx.contractorExists(contractorID) else {
                throw ItakuError.notFound("contractor \(contractorID.uuidString.lowercased()) not found")
            }
            return try await tx.entrustments(ofContractor: contractorID, page: page)
        }
    }

    public func entrustment(_ id: UUID, ofContractor contractorID: UUID, by principal: Principal) async throws -> Entrustment {
        try principal.authorize(.readEntrustments(ofContractor: contractorID))
        guard let entrustment = try await store.read({ tx in try await tx.entrustment(id) }),
            entrustment.contractorID == contractorID
        else {
            throw ItakuError.notFound("entrustment \(id.uuidString.lowercased()) not found")
        }
        return entrustment
    }

    public func change(
        entrustment id: UUID, ofContractor contractorID: UUID, with input: EntrustmentInput, ifVersion expected: Int?,
        by principal: Principal
    ) async throws -> Entrustment {
        try principal.authorize(.writeEntrustment)
        guard let expected else { throw ItakuError.versionRequired }
        let catalog = self.catalog
        let upkeep = self.upkeep
        let moment = now()
        return try await store.write { tx in
            guard let current = try await tx.entrustment(id), current.contractorID == contractorID else {
                throw ItakuError.notFound("entrustment \(id.uuidString.lowercased()) not found")
            }
            guard current.version == expected else { throw ItakuError.staleVersion(current: current.version) }
            var changed = current
            changed.scope = try input.applied(to: current.scope, catalog: catalog)
            if changed.scope == current.scope { return current }
            changed.version += 1
            changed.updatedAt = moment
            guard try await tx.update(changed, expectedVersion: expected) else {
                throw ItakuError.staleVersion(current: (try await tx.entrustment(id))?.version ?? expected)
            }
            try await tx.appendAudit(
                AuditDraft(
                    by: principal, action: "entrustment.update", subjectType: "entrustment", subjectID: id,
                    before: current, after: changed), at: moment)
            try await upkeep.rederiveChain(from: contractorID, at: moment, in: tx)
            return changed
        }
    }

    // MARK: Dispositions

    /// The contractor certifies that an ended entrustment's data was returned or deleted.
    public func certifyDisposition(
        _ input: DispositionInput, of entrustmentID: UUID, contractorID: UUID, idempotency: IdempotencyKey?, by principal: Principal
    ) async throws -> Idempotent<Entrustment> {
        try principal.authorize(.report(forContractor: contractorID))
        let moment = now()
        let today = CalendarDay(moment)
        let upkeep = self.upkeep
        return try await store.idempotentWrite(idempotency, at: moment) { tx in
            guard let entrustment = try await tx.entrustment(entrustmentID), entrustment.contractorID == contractorID else {
                throw ItakuError.notFound("entrustment \(entrustmentID.uuidString.lowercased()) not found")
            }
            var issues = IssueList()
            var stated = input
            stated.entrustmentID = entrustmentID.uuidString
            let certificate = stated.validated("", ownEntrustments: [entrustmentID: entrustment], today: today, into: &issues)
            if let certificate {
                try await AttestationDesk.checkDispositions(
                    [certificate], own: [entrustmentID: entrustment], contractorID: contractorID, today: today, field: "", in: tx,
                    into: &issues)
            }
            try issues.throwIfAny()
            let certified = try await Self.recordDisposition(certificate!, by: principal, at: moment, in: tx)
            try await upkeep.rederive([contractorID], at: moment, in: tx)
            return certified
        }
    }

    /// Applies a certificate to its entrustment, with an audit event.
    @discardableResult
    static func recordDisposition(
        _ certificate: DispositionCertificate, by principal: Principal, at moment: Date, in tx: any StoreTransaction
    ) async throws -> Entrustment {
        guard let current = try await tx.entrustment(certificate.entrustmentID) else {
            throw ItakuError.notFound("entrustment \(certificate.entrustmentID.uuidString.lowercased()) not found")
        }
        var changed = current
        changed.disposition = certificate.method
        changed.dispositionCertifiedAt = moment
        changed.dispositionCertificate = certificate
        changed.version += 1
        changed.updatedAt = moment
        guard try await tx.update(changed, expectedVersion: current.version) else {
            throw ItakuError.staleVersion(current: current.version)
        }
        try await tx.appendAudit(
            AuditDraft(by: principal, action: "entrustment.disposition", subjectType: "entrustment", subjectID: current.id,
                before: current, after: changed), at: moment)
        return changed
    }
}
