import Foundation
import ItakuCore
import SQLKit
import Testing
import VaporTesting

@testable import ItakuServer

@Suite("Contractor API tokens")
struct AccessAPITests {
    @Test("procurement issues a contractor token shown once; it authenticates as that contractor; revoking it ends it")
    func issueUseRevoke() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            let issued = try await harness.send(
                .POST, "/api/v1/contractors/\(contractor)/tokens", token: procurement,
                json: #"{"label": "nightly upload", "expiresInDays": 30}"#)
            #expect(issued.status == .created)
            let secret = try #require(issued.json?.token?.string)
            let tokenID = try #require(issued.json?.id?.string)
            #expect(secret.hasPrefix("itk_"))
            #expect(secret.count >= 4 + 43)
            #expect(issued.json?.expiresAt?.string != nil)

            let me = try await harness.send(.GET, "/api/v1/me", token: secret)
            #expect(me.json?.contractor?.id?.string == contractor)

            let list = try await harness.send(.GET, "/api/v1/contractors/\(contractor)/tokens", token: procurement)
            #expect(list.status == .ok)
            #expect(list.json?.items?.array.count == 1)
            #expect(!list.text.contains(secret))
            #expect(!list.text.contains(AccessToken.hash(secret: secret)))

            #expect(try await harness.send(.DELETE, "/api/v1/tokens/\(tokenID)", token: procurement).status == .noContent)
            #expect(try await harness.send(.GET, "/api/v1/me", token: secret).status == .unauthorized)
            #expect(try await harness.send(.DELETE, "/api/v1/tokens/\(tokenID)", token: procurement).status == .noContent)
        }
    }

    @Test("a disabled user's token and an expired token authenticate no one; a working one does")
    func unusableTokens() async throws {
        try await withHarness { harness in
            let compliance = try await harness.token(.compliance, username: "soon-disabled")
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            let contractorToken = try await harness.contractorToken(contractor)
            #expect(try await harness.send(.GET, "/api/v1/flags", token: compliance).status == .ok)
            #expect(try await harness.send(.GET, "/api/v1/contractors/\(contractor)", token: contractorToken).status == .ok)

            let sql = try #require(harness.app.db as? any SQLDatabase)
            try await sql.update("users").set("disabled", to: true).where("username", .equal, "soon-disabled").run()
            let disabled = try await harness.send(.GET, "/api/v1/flags", token: compliance)
            #expect(disabled.status == .unauthorized)
            try await sql.update("access_tokens").set("expires_at", to: "2020-01-01T00:00:00.000Z").where("contractor_id", .equal, UUID(uuidString: contractor)!).run()
            #expect(try await harness.send(.GET, "/api/v1/contractors/\(contractor)", token: contractorToken).status == .unauthorized)
            #expect(try await harness.send(.GET, "/api/v1/flags", token: procurement).status == .ok)
        }
    }

    @Test("admin may issue and revoke too; compliance, auditors and contractors may not")
    func whoManagesTokens() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            let admin = try await harness.token(.admin)
            #expect(try await harness.send(.POST, "/api/v1/contractors/\(contractor)/tokens", token: admin, json: "{}").status == .created)
            for role in [Role.compliance, .auditor] {
                let token = try await harness.token(role)
                #expect(try await harness.send(.POST, "/api/v1/contractors/\(contractor)/tokens", token: token, json: "{}").status == .forbidden)
            }
            let own = try await harness.contractorToken(contractor)
            #expect(try await harness.send(.POST, "/api/v1/contractors/\(contractor)/tokens", token: own, json: "{}").status == .forbidden)
            #expect(try await harness.send(.GET, "/api/v1/contractors/\(contractor)/tokens", token: own).status == .forbidden)
        }
    }

    @Test("procurement cannot revoke a staff user's token; an admin can")
    func staffTokens() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            _ = try await harness.services.credentials.createUser(
                username: "carol", role: .compliance, password: "another long password", by: .system("test"))
            let issued = try await harness.services.credentials.issueToken(
                forUsername: "carol", label: nil, expiresInDays: nil, by: .system("test"))
            let path = "/api/v1/tokens/\(issued.token.id.uuidString)"
            #expect(try await harness.send(.DELETE, path, token: procurement).status == .forbidden)
            #expect(try await harness.send(.DELETE, path, token: try await harness.token(.admin)).status == .noContent)
            #expect(try await harness.send(.GET, "/api/v1/me", token: issued.secret).status == .unauthorized)
        }
    }

    @Test("bad token requests are named: expiry out of range, unknown contractor, unknown token")
    func badRequests() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            let invalid = try await harness.send(
                .POST, "/api/v1/contractors/\(contractor)/tokens", token: procurement, json: #"{"expiresInDays": 0}"#)
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.json?.errorFields == ["expiresInDays"])
            let unknown = try await harness.send(
                .POST, "/api/v1/contractors/\(UUID().uuidString)/tokens", token: procurement, json: "{}")
            #expect(unknown.status == .notFound)
            #expect(try await harness.send(.DELETE, "/api/v1/tokens/\(UUID().uuidString)", token: procurement).status == .notFound)
            #expect(try await harness.send(.DELETE, "/api/v1/tokens/not-a-uuid", token: procurement).status == .notFound)
        }
    }
}

@Suite("Reading the bearer secret of an Authorization header")
struct BearerSecretTests {
    @Test("takes the scheme in any case and blanks around the secret; refuses other schemes and malformed values")
    func bearerSecret() {
        let read = BearerAuthenticationMiddleware.bearerSecret
        #expect(read("Bearer itk_abc") == "itk_abc")
        #expect(read("bearer itk_abc") == "itk_abc")
        #expect(read("BEARER   itk_abc \t ") == "itk_abc")
        #expect(read("Bearer itk_ä") == "itk_ä")
        #expect(read("Bearer ") == "")
        #expect(read("Bearer") == nil)
        #expect(read("Bearer\titk_abc") == nil)
        #expect(read("Bearerx itk_abc") == nil)
        #expect(read("Basic dXNlcjpwYXNz") == nil)
        #expect(read("Beare itk_abc") == nil)
        #expect(read("") == nil)
    }
}
