import Foundation
import ItakuAPI
import ItakuCore
import OpenAPIRuntime

// Conversions between the generated wire types and the domain, one initialiser per type.

extension UUID {
    /// The wire form: lower-case.
    var wire: String { uuidString.lowercased() }
}

extension Components.Schemas.Role {
    init(_ role: Role) {
        self = Self(rawValue: role.rawValue)!
    }
}

extension Components.Schemas.Contractor {
    init(_ contractor: Contractor) {
        let profile = contractor.profile
        self.init(
            id: contractor.id.wire, legalName: profile.legalName, corporateNumber: profile.corporateNumber,
            country: profile.country, relationship: .init(rawValue: profile.relationship.rawValue)!,
            status: .init(rawValue: profile.status.rawValue)!,
            contacts: profile.contacts.map { .init(name: $0.name, email: $0.email, role: $0.role, phone: $0.phone) },
            certifications: profile.certifications.map {
                .init(scheme: $0.scheme, validUntil: $0.validUntil.description, reference: $0.reference)
            },
            version: contractor.version, createdAt: contractor.createdAt, updatedAt: contractor.updatedAt)
    }
}

extension ContractorInput {
    init(_ body: Components.Schemas.ContractorInput) {
        self.init(
            legalName: body.legalName, corporateNumber: body.corporateNumber, country: body.country,
            relationship: body.relationship, status: body.status,
            contacts: body.contacts?.map { ContactInput(name: $0.name, email: $0.email, role: $0.role, phone: $0.phone) },
            certifications: body.certifications?.map {
                CertificationInput(scheme: $0.scheme, validUntil: $0.validUntil, reference: $0.reference)
            })
    }
}

extension Components.Schemas.Entrustment {
    init(_ entrustment: Entrustment) {
        let scope = entrustment.scope
        self.init(
            id: entrustment.id.wire, contractorId: entrustment.contractorID.wire, title: scope.title,
            description: scope.description, purposes: scope.purposes, subjectCategories: scope.subjectCategories,
            dataItems: scope.dataItems, estimatedRecords: scope.estimatedRecords, locations: scope.locations,
            retentionDays: scope.retentionDays, startsOn: scope.startsOn.description, endsOn: scope.endsOn?.description,
            disposition: .init(rawValue: entrustment.disposition.rawValue)!,
            dispositionCertifiedAt: entrustment.dispositionCertifiedAt,
            dispositionCertificate: entrustment.dispositionCertificate.map(Components.Schemas.DispositionCertificate.init),
            version: entrustment.version,
            createdAt: entrustment.createdAt, updatedAt: entrustment.updatedAt)
    }
}

extension EntrustmentInput {
    init(_ body: Components.Schemas.EntrustmentInput) {
        self.init(
            title: body.title, description: body.description, purposes: body.purposes,
            subjectCategories: body.subjectCategories, dataItems: body.dataItems, estimatedRecords: body.estimatedRecords,
            locations: body.locations, retentionDays: body.retentionDays, startsOn: body.startsOn, endsOn: body.endsOn)
    }
}

extension Components.Schemas.TokenInfo {
    init(_ token: AccessToken) {
        var contractorID: String?
        let ownerType: OwnerTypePayload
        switch token.owner {
        case .user:
            ownerType = .user
        case .contractor(let id):
            ownerType = .contractor
            contractorID = id.wire
        }
        self.init(
            id: token.id.wire, ownerType: ownerType, contractorId: contractorID, label: token.label,
            createdAt: token.createdAt, createdBy: token.createdBy, expiresAt: token.expiresAt, revokedAt: token.revokedAt)
    }
}

extension Components.Schemas.AuditEvent {
    init(_ event: AuditEvent) throws {
        func parsed(_ json: String?) throws -> OpenAPIValueContainer? {
            try json.map { try JSONDecoder().decode(OpenAPIValueContainer.self, from: Data($0.utf8)) }
        }
        self.init(
            id: event.id.wire, sequence: event.sequence, occurredAt: Timestamp.date(event.occurredAt) ?? Date(timeIntervalSince1970: 0),
            actor: event.actor, role: event.role, action: event.action, subjectType: event.subjectType,
            subjectId: event.subjectID, before: try parsed(event.before), after: try parsed(event.after),
            previousHash: event.previousHash, hash: event.hash)
    }
}

extension Components.Schemas.ObligationTerm {
    init(_ term: ObligationTerm) throws {
        self.init(
            kind: term.kind,
            parameters: .init(additionalProperties: try term.parameters.mapValues { try OpenAPIValueContainer($0) }))
    }
}

extension OpenAPIValueContainer {
    init(_ value: TermValue) throws {
        switch value {
        case .flag(let flag): try self.init(unvalidatedValue: flag)
        case .number(let number): try self.init(unvalidatedValue: number)
        case .unspecified: try self.init(unvalidatedValue: TermValue.unspecifiedWord)
        case .unbounded: try self.init(unvalidatedValue: TermValue.unboundedWord)
        case .code(let code): try self.init(unvalidatedValue: code)
        case .codes(let codes): try self.init(unvalidatedValue: codes)
        }
    }
}

extension Components.Schemas.PolicyVersion {
    init(_ policy: PolicyVersion) throws {
        let content = policy.content
        self.init(
            version: policy.version, createdAt: policy.createdAt, createdBy: policy.createdBy, note: policy.note,
            settings: try WireCoding.convert(content.settings, to: Components.Schemas.PolicySettings.self),
            purposes: content.purposes, necessity: .init(additionalProperties: content.necessity),
            terms: try content.terms.map(Components.Schemas.ObligationTerm.init))
    }
}
