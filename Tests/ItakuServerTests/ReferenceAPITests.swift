import Foundation
import ItakuCore
import Testing
import VaporTesting

@testable import ItakuServer

@Suite("Catalog, policy and the caller")
struct ReferenceAPITests {
    @Test("any token reads the catalog; without one it is 401")
    func catalogNeedsAnyToken() async throws {
        try await withHarness { harness in
            let staff = try await harness.token(.auditor)
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.contractorToken(try await harness.registerContractor(procurement))
            for token in [staff, contractor] {
                let reply = try await harness.send(.GET, "/api/v1/catalog", token: token)
                #expect(reply.status == .ok)
                #expect(reply.json?.obligationKinds?.array.count == 35)
                let myNumber = reply.json?.dataItems?.array.first { $0.code?.string == "my_number" }
                #expect(myNumber?.class?.string == "individual_number")
            }
            let anonymous = try await harness.send(.GET, "/api/v1/catalog")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers.first(name: .wwwAuthenticate) == "Bearer")
            let forged = try await harness.send(.GET, "/api/v1/catalog", token: "itk_not-a-real-token")
            #expect(forged.status == .unauthorized)
        }
    }

    @Test("policy version 1 is installed on first start and staff read it; contractors may not")
    func defaultPolicy() async throws {
        try await withHarness { harness in
            let compliance = try await harness.token(.compliance)
            let reply = try await harness.send(.GET, "/api/v1/policy", token: compliance)
            #expect(reply.status == .ok)
            #expect(reply.json?.version?.int == 1)
            #expect(reply.json?.settings?.companyCountry?.string == "JP")
            let breach = reply.json?.terms?.array.first { $0.kind?.string == "breach_notification_to_company" }
            #expect(breach?.parameters?.notice_max_hours?.int == 24)
            #expect(reply.json?.necessity?.customer_delivery?.array.isEmpty == false)

            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.contractorToken(try await harness.registerContractor(procurement))
            #expect(try await harness.send(.GET, "/api/v1/policy", token: contractor).status == .forbidden)

            // A second start finds the policy and does not install another version.
            let again = try await harness.services.policies.installDefaultIfMissing()
            #expect(again.version == 1)
        }
    }

    @Test("me names the user and role, or the contractor")
    func me() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement, username: "pat")
            let user = try await harness.send(.GET, "/api/v1/me", token: procurement)
            #expect(user.json?.kind?.string == "user")
            #expect(user.json?.user?.username?.string == "pat")
            #expect(user.json?.user?.role?.string == "procurement")

            let id = try await harness.registerContractor(procurement, name: "Kansai Logistics")
            let contractor = try await harness.send(.GET, "/api/v1/me", token: try await harness.contractorToken(id))
            #expect(contractor.json?.kind?.string == "contractor")
            #expect(contractor.json?.contractor?.id?.string == id)
            #expect(contractor.json?.contractor?.legalName?.string == "Kansai Logistics")
        }
    }
}
