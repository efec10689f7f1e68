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
        guard let relationship = Relationship(rawValue: relationship), let status = ContractorStatus(rawValue: status) else {
            throw StoredDataError(column: "contractors.relationship/status", detail: "\(relationship)/\(status)")
        }
        let profile = ContractorProfile(
            legalName: legalName, corporateNumber: corporateNumber, country: country, relationship: relationship,
            status: status, contacts: try JSONColumn.decode([Contact].self, from: contacts, column: "contractors.contacts"),
            certifications: try JSONColumn.decode(
                [Certification].self, from: certifications, column: "contractors.certifications"))
        return Contractor(
            id: id!, profile: profile, version: version,
            createdAt: try TimestampColumn.decode(createdAt, column: "contractors.created_at"),
            updatedAt: try TimestampColumn.decode(updatedAt, column: "contractors.updated_at"))
    }
}
