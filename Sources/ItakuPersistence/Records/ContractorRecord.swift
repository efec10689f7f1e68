import FluentKit
import Foundation
import ItakuCore

/// A row of `contractors`.
final class ContractorRecord: Model, @unchecked Sendable {
    static let schema = "contractors"

    @ID(key: .id) var id: UUID?
    @Field(key: "legal_name") var legalName: String
    /// Lower-cased legal name: the list's sort key and what the name filter searches.
    @Field(key: "name_key") var nameKey: String
    /// `Contractor.normalisedName`: how organisations named without a corporate number are matched.
    @OptionalField(key: "name_match") var nameMatch: String?
    @OptionalField(key: "corporate_number") var corporateNumber: String?
    @Field(key: "country") var country: String
    @Field(key: "relationship") var relationship: String
    @Field(key: "status") var status: String
    @Field(key: "contacts") var contacts: String
    @Field(key: "certifications") var certifications: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: String
    @Field(key: "updated_at") var updatedAt: String

    init() {}

    init(_ contractor: Contractor) {
        id = contractor.id
        apply(contractor)
    }

    func apply(_ contractor: Contractor) {
        let profile = contractor.profile
        legalName = profile.legalName
        nameKey = profile.legalName.lowercased()
        nameMatch = Contractor.normalisedName(profile.legalName)
        corporateNumber = profile.corporateNumber
        country = profile.country
        relationship = profile.relationship.rawValue
        status = profile.status.rawValue
        contacts = JSONColumn.encode(profile.contacts)
        certifications = JSONColumn.encode(profile.certifications)
        version = contractor.version
        createdAt = TimestampColumn.encode(contractor.createdAt)
        updatedAt = TimestampColumn.encode(contractor.updatedAt)
    }

    func domain() throws -> Contractor {
        try Self.domain(
            id: id!, legalName: legalName, corporateNumber: corporateNumber, country: country, relationship: relationship,
            status: status, contacts: contacts, certifications: certifications, version: version, createdAt: createdAt,
            updatedAt: updatedAt)
    }

    /// The value of a row read through the driver, without building the model (see `StoredRow`).
    static func domain(_ row: any StoredRow) throws -> Contractor {
        try domain(
            id: row.uuid("id"), legalName: row.text("legal_name"), corporateNumber: row.optionalText("corporate_number"),
            country: row.text("country"), relationship: row.text("relationship"), status: row.text("status"),
            contacts: row.text("contacts"), certifications: row.text("certifications"), version: row.number("version"),
            createdAt: row.text("created_at"), updatedAt: row.text("updated_at"))
    }

    private static func domain(
        id: UUID, legalName: String, corporateNumber: String?, country: String, relationship: String, status: String,
        contacts: String, certifications: String, version: Int, createdAt: String, updatedAt: String
    ) throws -> Contractor {
        guard let relationship = Relationship(rawValue: relationship), let status = ContractorStatus(rawValue: status) else {
            throw StoredDataError(column: "contractors.relationship/status", detail: "\(relationship)/\(status)")
        }
        let profile = ContractorProfile(
            legalName: legalName, corporateNumber: corporateNumber, country: country, relationship: relationship,
            status: status, contacts: try JSONColumn.decode([Contact].self, from: contacts, column: "contractors.contacts"),
            certifications: try JSONColumn.decode(
                [Certification].self, from: certifications, column: "contractors.certifications"))
        return Contractor(
            id: id, profile: profile, version: version,
            createdAt: try TimestampColumn.decode(createdAt, column: "contractors.created_at"),
            updatedAt: try TimestampColumn.decode(updatedAt, column: "contractors.updated_at"))
    }
}
