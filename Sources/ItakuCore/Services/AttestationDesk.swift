import Foundation

/// Questionnaires, contractors' leak-prevention attestations with their evidence, and review.
public struct AttestationDesk: Sendable {
    let store: any Store
    let catalog: Catalog
    let upkeep: FlagUpkeep
    let now: @Sendable () -> Date
    /// Published versions never change, so each is read and decoded once per process.
    let questionnaires: QuestionnaireCache

    public init(
        store: any Store, catalog: Catalog, questionnaires: QuestionnaireCache, upkeep: FlagUpkeep, now: @escaping @Sendable () -> Date
    ) {
        self.store = store
        self.catalog = catalog
        self.questionnaires = questionnaires
        self.upkeep = upkeep
        self.now = now
    }

    // MARK: Questionnaires

    /// Installs the shipped questionnaire as version 1 when there is none yet.
    @discardableResult
    public func installDefaultIfMissing() async throws -> Questionnaire {
        let content = try QuestionnaireContent.shippedDefault()
        let moment = now()
        return try await store.write { tx in
            if let current = try await tx.currentQuestionnaire() { return current }
            let questionnaire = Questionnaire(version: 1, content: content, publishedAt: moment, publishedBy: "system", note: "Shipped default")
            try await tx.insert(questionnaire)
            try await tx.appendAudit(
                AuditDraft(by: .system("system"), action: "questionnaire.install", subjectType: "questionnaire", subjectID: "1",
                    before: nil, after: CanonicalJSON.string(questionnaire)), at: moment)
            return questionnaire
        }
    }

    public func questionnaire(version: Int? = nil, by principal: Principal) async throws -> Questionnaire {
        try principal.authorize(.readQuestionnaire)
        let found = try await store.read { tx in
            if let version { return try await tx.questionnaire(version: version) }
            return try await tx.currentQuestionnaire()
        }
        guard let found else { throw ItakuError.notFound(version.map { "questionnaire version \($0) not found" } ?? "no questionnaire is in force") }
        return found
    }

    public func publish(_ content: QuestionnaireContent, note: String?, by principal: Principal) async throws -> Questionnaire {
        try principal.authorize(.publishQuestionnaire)
        var issues = IssueList()
        var validated = content
        do { validated = try content.validated() } catch { if case .invalid(let found) = error { issues.append(contentsOf: found) } }
        let note = FieldRules.text(note, "note", required: false, maxLength: 2000, into: &issues)
        try issues.throwIfAny()
        let moment = now()
        let content = validated
        return try await store.write { tx in
            let version = (try await tx.currentQuestionnaire()?.version ?? 0) + 1
            let questionnaire = Questionnaire(version: version, content: content, publishedAt: moment, publishedBy: principal.actorName, note: note)
            try await tx.insert(questionnaire)
            try await tx.appendAudit(
                AuditDraft(by: principal, action: "questionnaire.publish", subjectType: "questionnaire", subjectID: String(version),
                    before: nil, after: CanonicalJSON.string(questionnaire)), at: moment)
            return questionnaire
        }
    }

    // MARK: Attestations

    /// A contractor submits an attestation (or a new revision after `changes_requested`).
    public func submit(
        _ input: AttestationInput, for contractorID: UUID, idempotency: IdempotencyKey?, by principal: Principal
    ) async throws -> Idempotent<Attestation> {
        try principal.authorize(.report(forContractor: contractorID))
        let catalog = self.catalog
        let moment = now()
        let today = CalendarDay(moment)
        let questionnaires = self.questionnaires
        let upkeep = self.upkeep
        return try await store.idempotentWrite(idempotency, at: moment) { tx in
            try await tx.requireContractor(contractorID, by: principal)
            let questionnaire = try await input.questionnaireVersion.asyncMap { try await questionnaires.version($0, in: tx) } ?? nil
            // Entrustments matter only to certify their disposition.
            let own =
                (input.dispositions ?? []).isEmpty
                ? [:] : Dictionary(try await tx.allEntrustments(ofContractor: contractorID).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            var fields = try input.validated(questionnaire: questionnaire, catalog: catalog, ownEntrustments: own, today: today)
            let existing = try await tx.attestations(ofContractor: contractorID, overlapping: fields.periodStart, fields.periodEnd)
            var issues = IssueList()
            var previous: Attestation?
            if let previousID = fields.resubmissionOf {
                previous = try await tx.attestation(previousID).flatMap { $0.contractorID == contractorID ? $0 : nil }
                if previous == nil {
                    issues.add("resubmissionOf", "is not one of your attestations")
                } else if previous!.status != .changesRequested {
                    issues.add("resubmissionOf", "is \(previous!.status.rawValue); only an attestation with changes requested can be resubmitted")
                } else if previous!.periodStart != fields.periodStart || previous!.periodEnd != fields.periodEnd {
                    issues.add("periodStart", "a resubmission covers the same period as the revision it answers (\(previous!.periodStart) to \(previous!.periodEnd))")
                }
            }
            // A revision that a later one answered is history, not a pending request for changes.
            let answered = Set(existing.compactMap(\.previousRevisionID))
            for other in existing
            where other.id != previous?.id && !answered.contains(other.id) && other.overlaps(fields.periodStart, fields.periodEnd) {
                switch other.status {
                case .accepted:
                    issues.add("periodStart", "the period overlaps accepted attestation \(other.id.uuidString.lowercased()) (\(other.periodStart) to \(other.periodEnd))")
                case .submitted:
                    issues.add("periodStart", "the period overlaps attestation \(other.id.uuidString.lowercased()), which awaits review")
                case .changesRequested where previous == nil:
                    issues.add("resubmissionOf", "changes were requested on attestation \(other.id.uuidString.lowercased()) for this period; resubmit it by naming it here")
                default:
                    break
                }
            }
            try await Self.checkDispositions(fields.sections.dispositions, own: own, contractorID: contractorID, today: today, field: "dispositions", in: tx, into: &issues)
            try issues.throwIfAny()
            fields.sections.dispositions.sort { $0.entrustmentID.uuidString < $1.entrustmentID.uuidString }
            let attestation = Attestation(
                id: UUID(), contractorID: contractorID, periodStart: fields.periodStart, periodEnd: fields.periodEnd,
                revision: (previous?.revision ?? 0) + 1, previousRevisionID: previous?.id, questionnaireVersion: fields.questionnaireVersion,
                answers: fields.answers, sections: fields.sections, submittedAt: moment, submittedBy: principal.actorName)
            try await tx.insert(attestation)
            try await tx.appendAudit(
                AuditDraft(by: principal, action: "attestation.submit", subjectType: "attestation", subjectID: attestation.id,
                    before: Attestation?.none, after: attestation), at: moment)
            for certificate in fields.sections.dispositions {
                try await ContractorRegistry.recordDisposition(certificate, by: principal, at: moment, in: tx)
            }
            try await upkeep.rederive([contractorID], at: moment, in: tx)
            return attestation
        }
    }

    /// Whether each certified entrustment's work has ended, so return or deletion is due.
    static func checkDispositions(
        _ certificates: [DispositionCertificate], own: [UUID: Entrustment], contractorID: UUID, today: CalendarDay, field: String,
        in tx: any StoreTransaction, into issues: inout IssueList
    ) async throws {
        guard !certificates.isEmpty else { return }
        let contracts = try await tx.allContracts(ofContractor: contractorID)
        for (index, certificate) in certificates.enumerated() {
            let path = field.isEmpty ? "entrustmentId" : "\(field)[\(index)].entrustmentId"
            guard let entrustment = own[certificate.entrustmentID] else { continue }
            let endedByContract = contracts.contains { contract in
                contract.entrustmentIDs.contains(entrustment.id) && [.terminated, .expired].contains(contract.status(on: today))
            }
            if !entrustment.hasEnded(before: today.adding(days: 1)) && !endedByContract {
                issues.add(path, "the work on this entrustment has not ended, and no contract covering it was terminated or expired")
            } else if entrustment.disposition != .pending {
                issues.add(path, "its \(entrustment.disposition.rawValue) was already certified")
            }
        }
    }

    public func attestation(_ id: UUID, by principal: Principal) async throws -> Attestation {
        let attestation = try await store.read { tx in try await Self.load(id, in: tx) }
        try Self.authorizeRead(attestation, by: principal)
        return attestation
    }

    public func attestations(ofContractor contractorID: UUID, page: PageRequest, by principal: Principal) async throws -> Page<Attestation> {
        try principal.authorize(.readReports(ofContractor: contractorID))
        return try await store.read { tx in
            try await tx.requireContractor(contractorID, by: principal)
            return try await tx.attestations(AttestationFilter(contractorID: contractorID), oldestFirst: false, page: page)
        }
    }

    /// The review queue and other staff lists, oldest first.
    public func queue(_ filter: AttestationFilter, page: PageRequest, by principal: Principal) async throws -> Page<Attestation> {
        try principal.authorize(.readReviewQueue)
        return try await store.read { tx in try await tx.attestations(filter, oldestFirst: true, page: page) }
    }

    /// Every revision for the same period as `id`, oldest first.
    public func revisions(of id: UUID, by principal: Principal) async throws -> [Attestation] {
        let attestation = try await self.attestation(id, by: principal)
        return try await store.read { tx in
            try await tx.allAttestations(ofContractor: attestation.contractorID)
                .filter { $0.periodStart == attestation.periodStart && $0.periodEnd == attestation.periodEnd }
                .sorted { $0.revision < $1.revision }
        }
    }

    /// Compliance decides on one revision. Two reviewers deciding the same revision: the first
    /// wins, the second is told the version is stale (412) or the revision is decided (409).
    public func review(
        _ id: UUID, decision: String?, comment: String?, ifVersion expected: Int?, by principal: Principal
    ) async throws -> Attestation {
        try principal.authorize(.review)
        var issues = IssueList()
        var parsed: ReviewDecision?
        if let decision { parsed = FieldRules.choice(decision, "decision", into: &issues) } else { issues.add("decision", "is required") }
        let comment = FieldRules.text(comment, "comment", required: false, maxLength: 4000, into: &issues)
        if let parsed, parsed != .accepted, comment == nil { issues.add("comment", "is required when the decision is \(parsed.rawValue)") }
        try issues.throwIfAny()
        guard let expected else { throw ItakuError.versionRequired }
        let decision = parsed!
        let moment = now()
        let upkeep = self.upkeep
        return try await store.write { tx in
            let current = try await Self.load(id, in: tx)
            guard current.status == .submitted else {
                throw ItakuError.conflict("this revision was already decided: \(current.status.rawValue)")
            }
            guard current.version == expected else { throw ItakuError.staleVersion(current: current.version) }
            var decided = current
            decided.status = AttestationStatus(rawValue: decision.rawValue)!
            decided.review = Review(decision: decision, comment: comment, decidedAt: moment, decidedBy: principal.actorName)
            decided.version += 1
            guard try await tx.update(decided, expectedVersion: expected) else {
                throw ItakuError.staleVersion(current: (try await tx.attestation(id))?.version ?? expected)
            }
            try await tx.appendAudit(
                AuditDraft(by: principal, action: "attestation.review", subjectType: "attestation", subjectID: id, before: current,
                    after: decided), at: moment)
            try await upkeep.rederive([current.contractorID], at: moment, in: tx)
            return decided
        }
    }

    /// The periods the contractor owes, from the reporting term of its contract in force.
    public func due(ofContractor contractorID: UUID, by principal: Principal) async throws -> (contract: Contract?, months: Int?, periods: [AttestationSchedule.Period]) {
        try principal.authorize(.readReports(ofContractor: contractorID))
        let catalog = self.catalog
        let today = CalendarDay(now())
        return try await store.read { tx in
            try await tx.requireContractor(contractorID, by: principal)
            guard let contract = try await tx.allContracts(ofContractor: contractorID).inForce(on: today),
                let months = AttestationSchedule.intervalMonths(of: contract, catalog: catalog),
                let policy = try await tx.currentPolicy()
            else { return (nil, nil, []) }
            let periods = AttestationSchedule.periods(
                contract: contract, months: months, graceDays: policy.content.settings.attestationGraceDays,
                attestations: try await tx.allAttestations(ofContractor: contractorID).map(\.outline), today: today)
            return (contract, months, periods)
        }
    }

    // MARK: Evidence

    /// The contractor attaches a file to one of its attestations while it awaits review.
    public func attach(
        _ bytes: Data, contentType: String, filename: String?, to attestationID: UUID, idempotency: IdempotencyKey?, by principal: Principal
    ) async throws -> Idempotent<EvidenceFile> {
        let moment = now()
        return try await store.idempotentWrite(idempotency, at: moment) { tx in
            let attestation = try await Self.load(attestationID, in: tx)
            do {
                try principal.authorize(.report(forContractor: attestation.contractorID))
            } catch ItakuError.notFound {
                throw ItakuError.notFound("attestation \(attestationID.uuidString.lowercased()) not found")
            }
            let (type, name) = try EvidenceFile.check(contentType: contentType, filename: filename, bytes: bytes)
            guard attestation.status == .submitted else {
                throw ItakuError.conflict("evidence can be attached only while the attestation awaits review; it is \(attestation.status.rawValue)")
            }
            let file = EvidenceFile(
                id: UUID(), attestationID: attestationID, contractorID: attestation.contractorID, filename: name, contentType: type,
                size: bytes.count, sha256: EvidenceFile.sha256(of: bytes), uploadedAt: moment, uploadedBy: principal.actorName)
            try await tx.insert(file, bytes: bytes)
            try await tx.appendAudit(
                AuditDraft(by: principal, action: "evidence.upload", subjectType: "evidence", subjectID: file.id, before: EvidenceFile?.none,
                    after: file), at: moment)
            return file
        }
    }

    public func evidence(ofAttestation attestationID: UUID, by principal: Principal) async throws -> [EvidenceFile] {
        let attestation = try await self.attestation(attestationID, by: principal)
        return try await store.read { tx in try await tx.evidence(ofAttestation: attestation.id) }
    }

    /// A file's record and bytes, for staff and for the contractor that sent it.
    public func evidenceContent(_ id: UUID, by principal: Principal) async throws -> (EvidenceFile, Data) {
        let found = try await store.read { tx -> (EvidenceFile, Data)? in
            guard let file = try await tx.evidence(id), let bytes = try await tx.evidenceContent(id) else { return nil }
            return (file, bytes)
        }
        guard let found else { throw ItakuError.notFound("evidence \(id.uuidString.lowercased()) not found") }
        do {
            try principal.authorize(.readReports(ofContractor: found.0.contractorID))
        } catch ItakuError.notFound {
            throw ItakuError.notFound("evidence \(id.uuidString.lowercased()) not found")
        }
        return found
    }

    // MARK: Helpers

    static func load(_ id: UUID, in tx: any StoreTransaction) async throws -> Attestation {
        guard let attestation = try await tx.attestation(id) else {
            throw ItakuError.notFound("attestation \(id.uuidString.lowercased()) not found")
        }
        return attestation
    }

    static func authorizeRead(_ attestation: Attestation, by principal: Principal) throws {
        do {
            try principal.authorize(.readReports(ofContractor: attestation.contractorID))
        } catch ItakuError.notFound {
            throw ItakuError.notFound("attestation \(attestation.id.uuidString.lowercased()) not found")
        }
    }
}

/// Questionnaire versions read so far; a version never changes once published.
public final class QuestionnaireCache: @unchecked Sendable {
    private let lock = NSLock()
    private var versions: [Int: Questionnaire] = [:]

    public init() {}

    public func version(_ number: Int, in tx: any StoreTransaction) async throws -> Questionnaire? {
        if let cached = lock.withLock({ versions[number] }) { return cached }
        guard let loaded = try await tx.questionnaire(version: number) else { return nil }
        lock.withLock { versions[number] = loaded }
        return loaded
    }
}

extension Optional {
    /// `map` for async transforms.
    public func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
