import Foundation
import Testing

@testable import ItakuCore

@Suite("Contractor and entrustment input validation")
struct RegistryInputTests {
    let catalog: Catalog

    init() throws {
        catalog = try Catalog.bundled()
    }

    private func issues(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch {
            guard case ItakuError.invalid(let issues) = error else { return ["unexpected \(error)"] }
            return issues.map(\.field)
        }
    }

    @Test("a registration is trimmed, upper-cases the country and defaults to onboarding")
    func registration() throws {
        let profile = try ContractorInput(legalName: "  Acme  ", country: "jp", relationship: "group_company")
            .validatedProfile(catalog: catalog)
        #expect(profile.legalName == "Acme")
        #expect(profile.country == "JP")
        #expect(profile.relationship == .groupCompany)
        #expect(profile.status == .onboarding)
    }

    @Test("a change keeps what it leaves out and validates only what it names")
    func change() throws {
        let base = try ContractorInput(legalName: "Acme", corporateNumber: "7000012050002", country: "JP", relationship: "outsourcee")
            .validatedProfile(catalog: catalog)
        let changed = try ContractorInput(status: "active").applied(to: base, catalog: catalog)
        #expect(changed.legalName == "Acme")
        #expect(changed.corporateNumber == "7000012050002")
        #expect(changed.status == .active)
        let cleared = try ContractorInput(corporateNumber: "").applied(to: base, catalog: catalog)
        #expect(cleared.corporateNumber == nil)
        #expect(issues { _ = try ContractorInput(legalName: " ").applied(to: base, catalog: catalog) } == ["legalName"])
        #expect(issues { _ = try ContractorInput(legalName: "Acme\u{202E}KK").applied(to: base, catalog: catalog) } == ["legalName"])
        #expect(issues { _ = try ContractorInput(legalName: "Ac\u{0}me").applied(to: base, catalog: catalog) } == ["legalName"])
    }

    @Test("contacts and certifications are checked field by field")
    func nestedValidation() {
        let input = ContractorInput(
            legalName: "Acme", country: "JP", relationship: "outsourcee",
            contacts: [
                ContactInput(name: "A", email: "a@b.example"), ContactInput(name: nil, email: "a@@b"),
                ContactInput(name: "B", email: "b@c.example", phone: "call me"),
            ],
            certifications: [CertificationInput(scheme: "iso27001", validUntil: "2026-13-01"), CertificationInput()])
        #expect(
            issues { _ = try input.validatedProfile(catalog: catalog) } == [
                "contacts[1].name", "contacts[1].email", "contacts[2].phone", "certifications[0].validUntil",
                "certifications[1].scheme", "certifications[1].validUntil",
            ])
    }

    @Test("a scope rejects unknown codes, negative volume, zero retention and reversed dates")
    func scope() throws {
        let valid = EntrustmentInput(
            title: "Desk", purposes: ["customer_support", "customer_inquiries"], subjectCategories: ["customers"],
            dataItems: ["name"], estimatedRecords: 0, locations: ["jp", "SG", "JP"], retentionDays: 1, startsOn: "2026-01-01",
            endsOn: "2026-01-01")
        let scope = try valid.validatedScope(catalog: catalog)
        #expect(scope.purposes == ["customer_inquiries", "customer_support"])
        #expect(scope.locations == ["JP", "SG"])
        var bad = valid
        bad.purposes = ["customer_support", "customer_support"]
        bad.dataItems = ["name", "aura"]
        bad.estimatedRecords = -3
        bad.retentionDays = 0
        bad.endsOn = "2025-12-31"
        bad.locations = []
        #expect(
            issues { _ = try bad.validatedScope(catalog: catalog) } == [
                "purposes[1]", "dataItems[1]", "estimatedRecords", "locations", "retentionDays", "endsOn",
            ])
    }
}

@Suite("Authorization matrix (PRODUCT §5)")
struct PermissionTests {
    let contractorID = UUID()
    let otherID = UUID()

    func user(_ role: Role) -> Principal { Principal(.user(id: UUID(), username: role.rawValue, role: role)) }

    @Test("procurement writes contractors and entrustments; other staff roles may not")
    func writes() {
        #expect(throws: Never.self) { try user(.procurement).authorize(.writeContractor) }
        #expect(throws: Never.self) { try user(.procurement).authorize(.writeEntrustment) }
        for role in [Role.admin, .compliance, .auditor] {
            #expect(throws: ItakuError.self) { try user(role).authorize(.writeContractor) }
        }
    }

    @Test("only compliance writes the policy; every staff role reads it")
    func policy() {
        #expect(throws: Never.self) { try user(.compliance).authorize(.writePolicy) }
        #expect(throws: ItakuError.self) { try user(.procurement).authorize(.writePolicy) }
        for role in Role.allCases { #expect(throws: Never.self) { try user(role).authorize(.readPolicy) } }
    }

    @Test("a contractor reads only itself: another contractor is not found, staff lists are forbidden")
    func contractorScope() {
        let contractor = Principal(.contractor(id: contractorID))
        #expect(throws: Never.self) { try contractor.authorize(.readContractor(contractorID)) }
        #expect(throws: Never.self) { try contractor.authorize(.readEntrustments(ofContractor: contractorID)) }
        #expect(throws: ItakuError.notFound("contractor \(otherID.uuidString.lowercased()) not found")) {
            try contractor.authorize(.readContractor(otherID))
        }
        #expect(throws: ItakuError.forbidden("a contractor token cannot do this")) { try contractor.authorize(.listContractors) }
        #expect(throws: ItakuError.self) { try contractor.authorize(.readPolicy) }
        #expect(throws: Never.self) { try contractor.authorize(.readCatalog) }
    }

    @Test("the audit trail is for auditors, compliance and admins")
    func audit() {
        for role in [Role.auditor, .compliance, .admin] { #expect(throws: Never.self) { try user(role).authorize(.readAudit) } }
        #expect(throws: ItakuError.self) { try user(.procurement).authorize(.readAudit) }
    }
}
