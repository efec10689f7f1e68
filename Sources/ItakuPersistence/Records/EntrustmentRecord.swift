import FluentKit
import Foundation
import ItakuCore

/// A row of `entrustments`.
final class EntrustmentRecord: Model, @unchecked Sendable {
    static let schema = "entrustments"

    @ID(key: .id) var id: UUID?
    @Field(key: "contractor_id") var contractorID: UUID
    /// The scope as JSON: it is read and written whole, never queried field by field.
    @Field(key: "scope") var scope: String
    @Field(key: "starts_on") var startsOn: String
    @OptionalField(key: "ends_on") var endsOn: String?
    @Field(key: "disposition") var disposition: String
    @OptionalField(key: "disposition_certified_at") var dispositionCertifiedAt: String?
    @OptionalField(key: "disposition_certificate") var dispositionCertificate: String?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: String
    @Field(key: "updated_at") var updatedAt: String

    init() {}

    init(_ entrustment: Entrustment) {
        id = entrustment.id
        apply(entrustment)
    }

    func apply(_ entrustment: Entrustment) {
        contractorID = entrustment.contractorID
        scope = JSONColumn.encode(entrustment.scope)
        startsOn = entrustment.scope.startsOn.description
        endsOn = entrustment.scope.endsOn?.description
        disposition = entrustment.disposition.rawValue
        dispositionCertifiedAt = entrustment.dispositionCertifiedAt.map(TimestampColumn.encode)
        dispositionCertificate = entrustment.dispositionCertificate.map { JSONColumn.encode($0) }
        version = entrustment.version
        createdAt = TimestampColumn.encode(entrustment.createdAt)
        updatedAt = TimestampColumn.encode(entrustment.updatedAt)
    }

    func domain() throws -> Entrustment {
        try Self.domain(
            id: id!, contractorID: contractorID, scope: scope, disposition: disposition,
            dispositionCertifiedAt: dispositionCertifiedAt, dispositionCertificate: dispositionCertificate, version: version,
            createdAt: createdAt, updatedAt: updatedAt)
    }

    /// The value of a row read through the driver, without building the model (see `StoredRow`).
    static func domain(_ row: any StoredRow) throws -> Entrustment {
        try domain(
            id: row.uuid("id"), contractorID: row.uuid("contractor_id"), scope: row.text("scope"),
            disposition: row.text("disposition"), dispositionCertifiedAt: row.optionalText("disposition_certified_at"),
            dispositionCertificate: row.optionalText("disposition_certificate"), version: row.number("version"),
            createdAt: row.text("created_at"), updatedAt: row.text("updated_at"))
    }

    private static func domain(
        id: UUID, contractorID: UUID, scope: String, disposition: String, dispositionCertifiedAt: String?,
        dispositionCertificate: String?, version: Int, createdAt: String, updatedAt: String
    ) throws -> Entrustment {
        guard let disposition = Disposition(rawValue: disposition) else {
            throw StoredDataError(column: "entrustments.disposition", detail: disposition)
        }
        return Entrustment(
            id: id, contractorID: contractorID,
            scope: try JSONColumn.decode(EntrustmentScope.self, from: scope, column: "entrustments.scope"),
            disposition: disposition,
            dispositionCertifiedAt: try TimestampColumn.decode(dispositionCertifiedAt, column: "entrustments.disposition_certified_at"),
            dispositionCertificate: try dispositionCertificate.map {
                try JSONColumn.decode(DispositionCertificate.self, from: $0, column: "entrustments.disposition_certificate")
            },
            version: version,
            createdAt: try TimestampColumn.decode(createdAt, column: "entrustments.created_at"),
            updatedAt: try TimestampColumn.decode(updatedAt, column: "entrustments.updated_at"))
    }
}
