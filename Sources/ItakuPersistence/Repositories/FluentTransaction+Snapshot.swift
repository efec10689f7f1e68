import FluentKit
import Foundation
import ItakuCore
import SQLKit

extension FluentTransaction {
    /// Every row a portfolio scan reads, in one pass per table.
    ///
    /// Rows are read through the driver and copied into records field by field: building Fluent
    /// models from query output reflects over every property of every row, which dominated this read.
    func portfolioSnapshot() async throws -> PortfolioSnapshot {
        PortfolioSnapshot(
            contractors: try await decodeAll(ContractorRecord.schema) { try ContractorRecord(row: $0).domain() },
            entrustments: try await decodeAll(EntrustmentRecord.schema) { try EntrustmentRecord(row: $0).domain() },
            contracts: try await decodeAll(ContractRecord.schema) { try ContractRecord(row: $0).domain() },
            attestations: try await decodeAll(AttestationRecord.schema) { try AttestationRecord(row: $0).domain() },
            incidents: try await decodeAll(IncidentRecord.schema) { try IncidentRecord(row: $0).domain() },
            subcontractings: try await decodeAll(SubcontractingRecord.schema) { try SubcontractingRecord(row: $0).domain() },
            flags: try await decodeAll(FlagRecord.schema) { row in
                try JSONColumn.decode(RiskFlag.self, from: try row.text("body"), column: "risk_flags.body")
            })
    }

    /// Reads a whole table and turns rows into values on every core, a batch per child task.
    private func decodeAll<T: Sendable>(_ table: String, _ transform: @escaping @Sendable (any StoredRow) throws -> T) async throws -> [T] {
        let rows = try await storedRows(sql.select().column(SQLColumn("*")).from(table).query)
        let batchSize = 2000
        let starts = Array(stride(from: 0, to: rows.count, by: batchSize))
        return try await withThrowingTaskGroup(of: (Int, [T]).self) { group in
            for (index, start) in starts.enumerated() {
                let batch = rows[start..<min(start + batchSize, rows.count)]
                group.addTask {
                    // Each batch keeps its own memo: identical JSON (shared terms, shared answers) decodes once per batch.
                    try JSONMemo.$current.withValue(JSONMemo(consultsProcessMemo: false)) { (index, try batch.map(transform)) }
                }
            }
            var parts = [[T]](repeating: [], count: starts.count)
            for try await (index, values) in group { parts[index] = values }
            return parts.flatMap { $0 }
        }
    }
}

extension FluentTransaction {
    /// The rows of `table` whose `column` is `value`, turned into values without the model layer:
    /// re-derivation and the risk view read a contractor's rows on every write and every read,
    /// and building Fluent models reflects over every property of every row.
    func rows<T>(
        _ table: String, where column: String, is value: UUID, orderedBy order: String? = nil, _ transform: (any StoredRow) throws -> T
    ) async throws -> [T] {
        var query = sql.select().column(SQLColumn("*")).from(table).where(SQLColumn(column), .equal, SQLBind(value))
        if let order { query = query.orderBy(order) }
        return try await storedRows(query.query).map(transform)
    }
}

extension ContractorRecord {
    convenience init(row: any StoredRow) throws {
        self.init()
        id = try row.uuid("id")
        legalName = try row.text("legal_name")
        nameKey = try row.text("name_key")
        nameMatch = try row.optionalText("name_match")
        corporateNumber = try row.optionalText("corporate_number")
        country = try row.text("country")
        relationship = try row.text("relationship")
        status = try row.text("status")
        contacts = try row.text("contacts")
        certifications = try row.text("certifications")
        version = try row.number("version")
        createdAt = try row.text("created_at")
        updatedAt = try row.text("updated_at")
    }
}

extension EntrustmentRecord {
    convenience init(row: any StoredRow) throws {
        self.init()
        id = try row.uuid("id")
        contractorID = try row.uuid("contractor_id")
        scope = try row.text("scope")
        startsOn = try row.text("starts_on")
        endsOn = try row.optionalText("ends_on")
        disposition = try row.text("disposition")
        dispositionCertifiedAt = try row.optionalText("disposition_certified_at")
        dispositionCertificate = try row.optionalText("disposition_certificate")
        version = try row.number("version")
        createdAt = try row.text("created_at")
        updatedAt = try row.text("updated_at")
    }
}

extension ContractRecord {
    convenience init(row: any StoredRow) throws {
        self.init()
        id = try row.uuid("id")
        contractorID = try row.uuid("contractor_id")
        reference = try row.text("reference")
        status = try row.text("status")
        effectiveFrom = try row.text("effective_from")
        expiresOn = try row.optionalText("expires_on")
        entrustmentIDs = try row.text("entrustment_ids")
        obligations = try row.text("obligations")
        supersedes = try row.optionalUUID("supersedes_id")
        supersededBy = try row.optionalUUID("superseded_by_id")
        issuedAt = try row.optionalText("issued_at")
        signedOn = try row.optionalText("signed_on")
        signatories = try row.text("signatories")
        terminatedOn = try row.optionalText("terminated_on")
        terminationReason = try row.optionalText("termination_reason")
        version = try row.number("version")
        createdAt = try row.text("created_at")
        updatedAt = try row.text("updated_at")
    }
}

extension AttestationRecord {
    convenience init(row: any StoredRow) throws {
        self.init()
        id = try row.uuid("id")
        contractorID = try row.uuid("contractor_id")
        periodStart = try row.text("period_start")
        periodEnd = try row.text("period_end")
        revision = try row.number("revision")
        previousRevisionID = try row.optionalUUID("previous_revision_id")
        questionnaireVersion = try row.number("questionnaire_version")
        answers = try row.text("answers")
        sections = try row.text("sections")
        status = try row.text("status")
        review = try row.optionalText("review")
        submittedAt = try row.text("submitted_at")
        submittedBy = try row.text("submitted_by")
        version = try row.number("version")
    }
}

extension IncidentRecord {
    convenience init(row: any StoredRow) throws {
        self.init()
        id = try row.uuid("id")
        contractorID = try row.uuid("contractor_id")
        status = try row.text("status")
        reportedAt = try row.text("reported_at")
        body = try row.text("body")
        version = try row.number("version")
    }
}

extension SubcontractingRecord {
    convenience init(row: any StoredRow) throws {
        self.init()
        id = try row.uuid("id")
        parentContractorID = try row.uuid("parent_contractor_id")
        childContractorID = try row.uuid("child_contractor_id")
        parentSubcontractingID = try row.optionalUUID("parent_subcontracting_id")
        entrustmentIDs = try row.text("entrustment_ids")
        scope = try row.text("scope")
        details = try row.optionalText("description")
        status = try row.text("status")
        flowedDownTerms = try row.text("flowed_down_terms")
        requestedAt = try row.text("requested_at")
        requestedBy = try row.text("requested_by")
        decidedAt = try row.optionalText("decided_at")
        decidedBy = try row.optionalText("decided_by")
        decidedByRole = try row.optionalText("decided_by_role")
        decisionNote = try row.optionalText("decision_note")
        version = try row.number("version")
    }
}
