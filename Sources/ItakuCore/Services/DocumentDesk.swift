import Foundation

/// Renders contract documents from templates and keeps them, byte for byte, under their hash.
public struct DocumentDesk: Sendable {
    let store: any Store
    let catalog: Catalog
    let renderer: any DocumentRenderer
    let companyName: String
    let now: @Sendable () -> Date

    public init(
        store: any Store, catalog: Catalog, renderer: any DocumentRenderer, companyName: String, now: @escaping @Sendable () -> Date
    ) {
        self.store = store
        self.catalog = catalog
        self.renderer = renderer
        self.companyName = companyName
        self.now = now
    }

    /// Renders the newest version of template `templateName` for contract `contractID` and stores it.
    public func render(
        contract contractID: UUID, template templateName: String?, format formatName: String?, by principal: Principal
    ) async throws -> ContractDocument {
        try principal.authorize(.renderDocument)
        var issues = IssueList()
        let format = Self.format(formatName, into: &issues)
        if templateName?.isEmpty ?? true { issues.add("template", "is required") }
        let catalog = self.catalog
        let companyName = self.companyName
        let moment = now()
        let known = issues
        let (facts, template) = try await store.read { tx in
            guard let contract = try await tx.contract(contractID) else {
                throw ItakuError.notFound("contract \(contractID.uuidString.lowercased()) not found")
            }
            var issues = known
            var template: DocumentTemplate?
            if let templateName, !templateName.isEmpty {
                template = try await tx.latestTemplate(named: templateName)
                if template == nil {
                    let known = try await tx.latestTemplates().map(\.name).joined(separator: ", ")
                    issues.add("template", "no template is called '\(templateName)'; there are: \(known)")
                }
            }
            try issues.throwIfAny()
            guard let template, let format else { throw ItakuError.malformed("template and format are required") }
            let facts = try await Self.facts(of: contract, companyName: companyName, catalog: catalog, at: moment, in: tx)
            return (facts, (template, format))
        }
        let snapshot = DocumentSnapshot(facts, catalog: catalog)
        let bytes = try renderer.render(template.0.body, snapshot: snapshot, format: template.1)
        let document = ContractDocument(
            id: UUID(), contractID: contractID, contractorID: facts.contractor.id, templateName: template.0.name,
            templateVersion: template.0.version, format: template.1,
            filename: Self.filename(reference: facts.contract.reference, template: template.0.name, format: template.1), size: bytes.count,
            sha256: ContentHash.sha256(bytes), snapshot: snapshot, createdAt: moment, createdBy: principal.actorName)
        return try await store.write { tx in
            try await tx.insert(document, bytes: bytes)
            try await tx.appendAudit(
                AuditDraft(
                    by: principal, action: "document.render", subjectType: "document", subjectID: document.id.uuidString.lowercased(),
                    before: nil,
                    after: CanonicalJSON.string(
                        AuditedDocument(
                            contractID: document.contractID, template: document.templateName, templateVersion: document.templateVersion,
                            format: document.format, sha256: document.sha256, size: document.size))), at: moment)
            return document
        }
    }

    public func document(_ id: UUID, by principal: Principal) async throws -> ContractDocument {
        let document = try await store.read { tx in try await tx.document(id) }
        return try Self.authorizeRead(document, id: id, by: principal)
    }

    /// The stored bytes, exactly as rendered.
    public func content(_ id: UUID, by principal: Principal) async throws -> (ContractDocument, Data) {
        let (document, bytes) = try await store.read { tx in (try await tx.document(id), try await tx.documentContent(id)) }
        let readable = try Self.authorizeRead(document, id: id, by: principal)
        guard let bytes else { throw ItakuError.notFound("document \(id.uuidString.lowercased()) not found") }
        return (readable, bytes)
    }

    public func documents(ofContract contractID: UUID, page: PageRequest, by principal: Principal) async throws -> Page<ContractDocument> {
        try await store.read { tx in
            guard let contract = try await tx.contract(contractID) else {
                throw ItakuError.notFound("contract \(contractID.uuidString.lowercased()) not found")
            }
            try ContractDesk.authorizeRead(contract, by: principal)
            return try await tx.documents(ofContract: contractID, page: page)
        }
    }

    // MARK: Helpers

    /// Gathers everything the snapshot needs in the same read.
    static func facts(
        of contract: Contract, companyName: String, catalog: Catalog, at moment: Date, in tx: any StoreTransaction
    ) async throws -> DocumentFacts {
        guard let contractor = try await tx.contractor(contract.contractorID) else {
            throw ItakuError.notFound(ContractDesk.missingContractor(contract.contractorID))
        }
        let policy = try await ContractDesk.policy(in: tx)
        let loaded = Dictionary(uniqueKeysWithValues: try await tx.entrustments(contract.entrustmentIDs).map { ($0.id, $0) })
        let entrustments = contract.entrustmentIDs.compactMap { loaded[$0] }
        let edges = try await tx.subcontractings(passedOnBy: contract.contractorID).filter(\.isLive)
        var subcontractings: [(Subcontracting, Contractor)] = []
        for edge in edges.sorted(by: { ($0.requestedAt, $0.id.uuidString) < ($1.requestedAt, $1.id.uuidString) }) {
            if let child = try await tx.contractor(edge.childContractorID) { subcontractings.append((edge, child)) }
        }
        let today = CalendarDay(moment)
        let months = AttestationSchedule.intervalMonths(of: contract, catalog: catalog)
        let attested = try await tx.allAttestations(ofContractor: contract.contractorID)
        let periods =
            months.map {
                AttestationSchedule.periods(
                    contract: contract, months: $0, graceDays: policy.content.settings.attestationGraceDays, attestations: attested.map(\.outline),
                    today: today)
            } ?? []
        let scope = ScopeFacts(entrustments: entrustments, hasSubcontracting: !edges.isEmpty)
        return DocumentFacts(
            companyName: companyName, renderedOn: today, contract: contract, contractor: contractor, entrustments: entrustments,
            policy: policy, equivalence: Equivalence.evaluate(contract.obligations, scope: scope, policy: policy, catalog: catalog),
            subcontractings: subcontractings, predecessor: try await predecessor(of: contract, in: tx),
            questionnaireVersion: try await tx.currentQuestionnaire()?.version, reportingIntervalMonths: months, periods: periods)
    }

    static func predecessor(of contract: Contract, in tx: any StoreTransaction) async throws -> Contract? {
        guard let id = contract.supersedes else { return nil }
        return try await tx.contract(id)
    }

    static func format(_ name: String?, into issues: inout IssueList) -> DocumentFormat? {
        guard let name else {
            issues.add("format", "is required (one of: html, docx)")
            return nil
        }
        guard let format = DocumentFormat(rawValue: name) else {
            issues.add("format", "'\(name)' is not a format; use one of: html, docx")
            return nil
        }
        return format
    }

    /// `OUT-2025-007-outsourcing-agreement.docx`, with anything unsafe in a file name replaced.
    static func filename(reference: String, template: String, format: DocumentFormat) -> String {
        let safe = String(reference.unicodeScalars.map { scalar -> Character in
            let c = Character(scalar)
            return c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".") ? c : "_"
        })
        return "\(safe.isEmpty ? "contract" : safe)-\(template).\(format.fileExtension)"
    }

    static func authorizeRead(_ document: ContractDocument?, id: UUID, by principal: Principal) throws -> ContractDocument {
        let missing = ItakuError.notFound("document \(id.uuidString.lowercased()) not found")
        guard let document else { throw missing }
        do {
            try principal.authorize(.readDocuments(ofContractor: document.contractorID))
        } catch ItakuError.notFound {
            throw missing
        }
        return document
    }

    /// What the audit record keeps of a rendered document.
    struct AuditedDocument: Codable {
        var contractID: UUID
        var template: String
        var templateVersion: Int
        var format: DocumentFormat
        var sha256: String
        var size: Int
    }
}
