import FluentKit
import Foundation
import ItakuCore

/// A row of `subcontractings`: one edge of the sub-contracting graph.
final class SubcontractingRecord: Model, @unchecked Sendable {
    static let schema = "subcontractings"

    @ID(key: .id) var id: UUID?
    @Field(key: "parent_contractor_id") var parentContractorID: UUID
    @Field(key: "child_contractor_id") var childContractorID: UUID
    @OptionalField(key: "parent_subcontracting_id") var parentSubcontractingID: UUID?
    @Field(key: "entrustment_ids") var entrustmentIDs: String
    @Field(key: "scope") var scope: String
    @OptionalField(key: "description") var details: String?
    @Field(key: "status") var status: String
    @Field(key: "flowed_down_terms_digest") var flowedDownTermsDigest: String
    @Field(key: "requested_at") var requestedAt: String
    @Field(key: "requested_by") var requestedBy: String
    @OptionalField(key: "decided_at") var decidedAt: String?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_by_role") var decidedByRole: String?
    @OptionalField(key: "decision_note") var decisionNote: String?
    @Field(key: "version") var version: Int

    init() {}

    /// `terms` is the stored form of the edge's flowed-down terms, which the caller stores too.
    init(_ edge: Subcontracting, terms: StoredTermList) {
        id = edge.id
        apply(edge, terms: terms)
    }

    func apply(_ edge: Subcontracting, terms: StoredTermList) {
        parentContractorID = edge.parentContractorID
        childContractorID = edge.childContractorID
        parentSubcontractingID = edge.parentSubcontractingID
        entrustmentIDs = JSONColumn.encode(edge.entrustmentIDs)
        scope = JSONColumn.encode(edge.scope)
        details = edge.description
        status = edge.status.rawValue
        flowedDownTermsDigest = terms.digest
        requestedAt = TimestampColumn.encode(edge.requestedAt)
        requestedBy = edge.requestedBy
        decidedAt = edge.decidedAt.map(TimestampColumn.encode)
        decidedBy = edge.decidedBy
        decidedByRole = edge.decidedByRole
        decisionNote = edge.decisionNote
        version = edge.version
    }

    /// The column naming the flowed-down terms' list (`StoredTermList`).
    static let termsColumn = "flowed_down_terms_digest"
    private static let qualifiedTermsColumn = "\(schema).\(termsColumn)"

    func domain(terms: TermListBook) throws -> Subcontracting {
        try Self.domain(
            id: id!, parentContractorID: parentContractorID, childContractorID: childContractorID,
            parentSubcontractingID: parentSubcontractingID, entrustmentIDs: entrustmentIDs, scope: scope, details: details,
            status: status, flowedDownTerms: try terms.terms(flowedDownTermsDigest, column: Self.qualifiedTermsColumn),
            requestedAt: requestedAt, requestedBy: requestedBy,
            decidedAt: decidedAt, decidedBy: decidedBy, decidedByRole: decidedByRole, decisionNote: decisionNote, version: version)
    }

    /// The value of a row read through the driver, without building the model (see `StoredRow`).
    static func domain(_ row: any StoredRow, terms: TermListBook) throws -> Subcontracting {
        try domain(
            id: row.uuid("id"), parentContractorID: row.uuid("parent_contractor_id"),
            childContractorID: row.uuid("child_contractor_id"),
            parentSubcontractingID: row.optionalUUID("parent_subcontracting_id"), entrustmentIDs: row.text("entrustment_ids"),
            scope: row.text("scope"), details: row.optionalText("description"), status: row.text("status"),
            flowedDownTerms: try terms.terms(row.text(termsColumn), column: qualifiedTermsColumn), requestedAt: row.text("requested_at"),
            requestedBy: row.text("requested_by"), decidedAt: row.optionalText("decided_at"),
            decidedBy: row.optionalText("decided_by"), decidedByRole: row.optionalText("decided_by_role"),
            decisionNote: row.optionalText("decision_note"), version: row.number("version"))
    }

    private static func domain(
        id: UUID, parentContractorID: UUID, childContractorID: UUID, parentSubcontractingID: UUID?, entrustmentIDs: String,
        scope: String, details: String?, status: String, flowedDownTerms: [ObligationTerm], requestedAt: String, requestedBy: String,
        decidedAt: String?, decidedBy: String?, decidedByRole: String?, decisionNote: String?, version: Int
    ) throws -> Subcontracting {
        guard let status = SubcontractingStatus(rawValue: status) else {
            throw StoredDataError(column: "subcontractings.status", detail: status)
        }
        return Subcontracting(
            id: id, parentContractorID: parentContractorID, childContractorID: childContractorID,
            entrustmentIDs: try JSONColumn.decode([UUID].self, from: entrustmentIDs, column: "subcontractings.entrustment_ids"),
            parentSubcontractingID: parentSubcontractingID,
            scope: try JSONColumn.decode(TierScope.self, from: scope, column: "subcontractings.scope"), description: details,
            status: status,
            flowedDownTerms: flowedDownTerms,
            requestedAt: try TimestampColumn.decode(requestedAt, column: "subcontractings.requested_at"), requestedBy: requestedBy,
            decidedAt: try TimestampColumn.decode(decidedAt, column: "subcontractings.decided_at"), decidedBy: decidedBy,
            decidedByRole: decidedByRole, decisionNote: decisionNote, version: version)
    }
}
