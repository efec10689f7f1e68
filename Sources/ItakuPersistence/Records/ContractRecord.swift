import FluentKit
import Foundation
import ItakuCore

/// A row of `contracts`; entrustment ids and signatories are kept whole as JSON, the terms as
/// the digest of their stored list (`StoredTermList`).
final class ContractRecord: Model, @unchecked Sendable {
    static let schema = "contracts"

    @ID(key: .id) var id: UUID?
    @Field(key: "contractor_id") var contractorID: UUID
    @Field(key: "reference") var reference: String
    @Field(key: "status") var status: String
    @Field(key: "effective_from") var effectiveFrom: String
    @OptionalField(key: "expires_on") var expiresOn: String?
    @Field(key: "entrustment_ids") var entrustmentIDs: String
    @Field(key: "obligations_digest") var obligationsDigest: String
    @OptionalField(key: "supersedes_id") var supersedes: UUID?
    @OptionalField(key: "superseded_by_id") var supersededBy: UUID?
    @OptionalField(key: "issued_at") var issuedAt: String?
    @OptionalField(key: "signed_on") var signedOn: String?
    @Field(key: "signatories") var signatories: String
    @OptionalField(key: "terminated_on") var terminatedOn: String?
    @OptionalField(key: "termination_reason") var terminationReason: String?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: String
    @Field(key: "updated_at") var updatedAt: String

    init() {}

    /// `terms` is the stored form of the contract's obligations, which the caller stores too.
    init(_ contract: Contract, terms: StoredTermList) {
        id = contract.id
        apply(contract, terms: terms)
    }

    func apply(_ contract: Contract, terms: StoredTermList) {
        contractorID = contract.contractorID
        reference = contract.reference
        status = contract.status.rawValue
        effectiveFrom = contract.effectiveFrom.description
        expiresOn = contract.expiresOn?.description
        entrustmentIDs = JSONColumn.encode(contract.entrustmentIDs)
        obligationsDigest = terms.digest
        supersedes = contract.supersedes
        supersededBy = contract.supersededBy
        issuedAt = contract.issuedAt.map(TimestampColumn.encode)
        signedOn = contract.signedOn?.description
        signatories = JSONColumn.encode(contract.signatories)
        terminatedOn = contract.terminatedOn?.description
        terminationReason = contract.terminationReason
        version = contract.version
        createdAt = TimestampColumn.encode(contract.createdAt)
        updatedAt = TimestampColumn.encode(contract.updatedAt)
    }

    /// The column naming the terms' list.
    static let termsColumn = "obligations_digest"
    private static let qualifiedTermsColumn = "\(schema).\(termsColumn)"

    func domain(terms: TermListBook) throws -> Contract {
        try Self.domain(
            id: id!, contractorID: contractorID, reference: reference, status: status, effectiveFrom: effectiveFrom,
            expiresOn: expiresOn, entrustmentIDs: entrustmentIDs,
            obligations: try terms.terms(obligationsDigest, column: Self.qualifiedTermsColumn), supersedes: supersedes,
            supersededBy: supersededBy, issuedAt: issuedAt, signedOn: signedOn, signatories: signatories,
            terminatedOn: terminatedOn, terminationReason: terminationReason, version: version, createdAt: createdAt,
            updatedAt: updatedAt)
    }

    /// The value of a row read through the driver, without building the model (see `StoredRow`).
    static func domain(_ row: any StoredRow, terms: TermListBook) throws -> Contract {
        try domain(
            id: row.uuid("id"), contractorID: row.uuid("contractor_id"), reference: row.text("reference"),
            status: row.text("status"), effectiveFrom: row.text("effective_from"), expiresOn: row.optionalText("expires_on"),
            entrustmentIDs: row.text("entrustment_ids"),
            obligations: try terms.terms(row.text(termsColumn), column: qualifiedTermsColumn),
            supersedes: row.optionalUUID("supersedes_id"), supersededBy: row.optionalUUID("superseded_by_id"),
            issuedAt: row.optionalText("issued_at"), signedOn: row.optionalText("signed_on"),
            signatories: row.text("signatories"), terminatedOn: row.optionalText("terminated_on"),
            terminationReason: row.optionalText("termination_reason"), version: row.number("version"),
            createdAt: row.text("created_at"), updatedAt: row.text("updated_at"))
    }

    private static func domain(
        id: UUID, contractorID: UUID, reference: String, status: String, effectiveFrom: String, expiresOn: String?,
        entrustmentIDs: String, obligations: [ObligationTerm], supersedes: UUID?, supersededBy: UUID?, issuedAt: String?, signedOn: String?,
        signatories: String, terminatedOn: String?, terminationReason: String?, version: Int, createdAt: String, updatedAt: String
    ) throws -> Contract {
        guard let status = ContractStatus(rawValue: status) else { throw StoredDataError(column: "contracts.status", detail: status) }
        return Contract(
            id: id, contractorID: contractorID, reference: reference, status: status,
            effectiveFrom: try CalendarDay.stored(effectiveFrom, column: "contracts.effective_from"),
            expiresOn: try expiresOn.map { try CalendarDay.stored($0, column: "contracts.expires_on") },
            entrustmentIDs: try JSONColumn.decode([UUID].self, from: entrustmentIDs, column: "contracts.entrustment_ids"),
            obligations: obligations,
            supersedes: supersedes, supersededBy: supersededBy,
            issuedAt: try TimestampColumn.decode(issuedAt, column: "contracts.issued_at"),
            signedOn: try signedOn.map { try CalendarDay.stored($0, column: "contracts.signed_on") },
            signatories: try JSONColumn.decode([Signatory].self, from: signatories, column: "contracts.signatories"),
            terminatedOn: try terminatedOn.map { try CalendarDay.stored($0, column: "contracts.terminated_on") },
            terminationReason: terminationReason, version: version,
            createdAt: try TimestampColumn.decode(createdAt, column: "contracts.created_at"),
            updatedAt: try TimestampColumn.decode(updatedAt, column: "contracts.updated_at"))
    }
}
