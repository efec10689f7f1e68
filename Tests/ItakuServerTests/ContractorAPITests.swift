import Foundation
import ItakuCore
import Testing
import VaporTesting

@testable import ItakuServer

@Suite("Contractors over the API")
struct ContractorAPITests {
    @Test("procurement registers a contractor: 201 with ETag, Location and a trimmed, normalised record")
    func register() async throws {
        try await withHarness { harness in
            let token = try await harness.token(.procurement)
            let number = Fixtures.corporateNumber()
            let reply = try await harness.send(
                .POST, "/api/v1/contractors", token: token,
                json: """
                    {"legalName": "  Acme Data Services  ", "corporateNumber": "\(number)", "country": "jp",
                     "relationship": "outsourcee",
                     "contacts": [{"name": "Hana Sato", "email": "hana@acme.example", "phone": "+81 3-1234-5678"}],
                     "certifications": [{"scheme": "privacy_mark", "validUntil": "2027-03-31"}]}
                    """)
            #expect(reply.status == .created)
            let id = try #require(reply.json?.id?.string)
            #expect(reply.headers.first(name: .eTag) == "\"1\"")
            #expect(reply.headers.first(name: .location) == "/api/v1/contractors/\(id)")
            #expect(reply.json?.legalName?.string == "Acme Data Services")
            #expect(reply.json?.country?.string == "JP")
            #expect(reply.json?.status?.string == "onboarding")
            #expect(reply.json?.corporateNumber?.string == number)
            #expect(reply.json?.certifications?[0]?.validUntil?.string == "2027-03-31")

            let read = try await harness.send(.GET, "/api/v1/contractors/\(id)", token: token)
            #expect(read.status == .ok)
            #expect(read.json == reply.json)
        }
    }

    @Test("a registration with many bad fields names every one of them and stores nothing")
    func everyBadFieldIsNamed() async throws {
        try await withHarness { harness in
            let token = try await harness.token(.procurement)
            let auditor = try await harness.token(.auditor)
            let before = try await harness.send(.GET, "/api/v1/audit", token: auditor).json?.items?.array.count
            let reply = try await harness.send(
                .POST, "/api/v1/contractors", token: token,
                json: """
                    {"legalName": "   ", "corporateNumber": "1234567890123", "country": "XX", "relationship": "friend",
                     "status": "sleeping", "contacts": [{"name": "", "email": "not-an-address"}],
                     "certifications": [{"scheme": "gold_star", "validUntil": "2027-02-30"}]}
                    """)
            #expect(reply.status == .unprocessableEntity)
            #expect(reply.isProblem)
            #expect(
                Set(reply.json?.errorFields ?? []) == [
                    "legalName", "corporateNumber", "country", "relationship", "status", "contacts[0].name",
                    "contacts[0].email", "certifications[0].scheme", "certifications[0].validUntil",
                ])
            let digit = reply.json?.errors?.array.first { $0.field?.string == "corporateNumber" }
            #expect(digit?.message?.string?.contains("check digit") == true)

            let list = try await harness.send(.GET, "/api/v1/contractors", token: token)
            #expect(list.json?.items?.array.isEmpty == true)
            let after = try await harness.send(.GET, "/api/v1/audit", token: auditor).json?.items?.array.count
            #expect(before == after)
        }
    }

    @Test("required fields are named when missing; a 12-digit corporate number is refused")
    func missingFields() async throws {
        try await withHarness { harness in
            let token = try await harness.token(.procurement)
            let reply = try await harness.send(.POST, "/api/v1/contractors", token: token, json: #"{"corporateNumber": "123"}"#)
            #expect(reply.status == .unprocessableEntity)
            #expect(Set(reply.json?.errorFields ?? []) == ["legalName", "country", "relationship", "corporateNumber"])
        }
    }

    @Test("a corporate number already registered is a 409 conflict")
    func duplicateCorporateNumber() async throws {
        try await withHarness { harness in
            let token = try await harness.token(.procurement)
            let number = Fixtures.corporateNumber("987654321098")
            _ = try await harness.registerContractor(token, name: "First KK", corporateNumber: number)
            let reply = try await harness.send(
                .POST, "/api/v1/contractors", token: token,
                json: #"{"legalName": "Second KK", "country": "JP", "relationship": "outsourcee", "corporateNumber": "\#(number)"}"#)
            #expect(reply.status == .conflict)
            #expect(reply.json?.detail?.string?.contains("First KK") == true)
        }
    }

    @Test("only procurement writes: compliance and contractors get 403, no token 401")
    func writesNeedProcurement() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let id = try await harness.registerContractor(procurement)
            let body = #"{"legalName": "X", "country": "JP", "relationship": "outsourcee"}"#
            for role in [Role.compliance, .auditor, .admin] {
                let token = try await harness.token(role)
                #expect(try await harness.send(.POST, "/api/v1/contractors", token: token, json: body).status == .forbidden)
                let patch = try await harness.send(
                    .PATCH, "/api/v1/contractors/\(id)", token: token, json: #"{"status": "active"}"#, headers: [("If-Match", "1")])
                #expect(patch.status == .forbidden)
            }
            let contractor = try await harness.contractorToken(id)
            #expect(try await harness.send(.POST, "/api/v1/contractors", token: contractor, json: body).status == .forbidden)
            #expect(try await harness.send(.POST, "/api/v1/contractors", json: body).status == .unauthorized)
        }
    }

    @Test("a contractor reads itself; another contractor answers exactly like a missing one")
    func contractorIsolation() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let mine = try await harness.registerContractor(procurement, name: "Mine KK")
            let theirs = try await harness.registerContractor(procurement, name: "Theirs KK")
            let token = try await harness.contractorToken(mine)

            #expect(try await harness.send(.GET, "/api/v1/contractors/\(mine)", token: token).status == .ok)
            let other = try await harness.send(.GET, "/api/v1/contractors/\(theirs)", token: token)
            let missingID = UUID().uuidString.lowercased()
            let missing = try await harness.send(.GET, "/api/v1/contractors/\(missingID)", token: token)
            #expect(other.status == .notFound)
            #expect(missing.status == .notFound)
            #expect(other.json?.title == missing.json?.title)
            #expect(other.json?.detail?.string == missing.json?.detail?.string?.replacingOccurrences(of: missingID, with: theirs))
            #expect(try await harness.send(.GET, "/api/v1/contractors", token: token).status == .forbidden)
        }
    }

    @Test("PATCH needs If-Match: missing is 428, stale is 412, current applies the change and bumps the version")
    func patchWithIfMatch() async throws {
        try await withHarness { harness in
            let token = try await harness.token(.procurement)
            let id = try await harness.registerContractor(token, corporateNumber: Fixtures.corporateNumber())
            let path = "/api/v1/contractors/\(id)"

            let missing = try await harness.send(.PATCH, path, token: token, json: #"{"status": "active"}"#)
            #expect(missing.status.code == 428)
            let stale = try await harness.send(.PATCH, path, token: token, json: #"{"status": "active"}"#, headers: [("If-Match", "\"7\"")])
            #expect(stale.status == .preconditionFailed)
            let garbage = try await harness.send(.PATCH, path, token: token, json: #"{"status": "active"}"#, headers: [("If-Match", "abc")])
            #expect(garbage.status == .preconditionFailed)

            let changed = try await harness.send(
                .PATCH, path, token: token, json: #"{"status": "active", "corporateNumber": ""}"#, headers: [("If-Match", "\"1\"")])
            #expect(changed.status == .ok)
            #expect(changed.json?.status?.string == "active")
            #expect(changed.json?.version?.int == 2)
            #expect(changed.json?.corporateNumber == nil)
            #expect(changed.json?.legalName?.string == "Acme Data Services")
            #expect(changed.headers.first(name: .eTag) == "\"2\"")

            let invalid = try await harness.send(.PATCH, path, token: token, json: #"{"country": "ZZ"}"#, headers: [("If-Match", "W/\"2\"")])
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.json?.errorFields == ["country"])
            let unchanged = try await harness.send(.GET, path, token: token)
            #expect(unchanged.json?.version?.int == 2)
            #expect(unchanged.json?.country?.string == "JP")
        }
    }

    @Test("the list pages by cursor in name order and filters by status, relationship and name")
    func listPagesAndFilters() async throws {
        try await withHarness { harness in
            let token = try await harness.token(.procurement)
            for name in ["Delta", "alpha", "Charlie", "Bravo", "Echo"] {
                _ = try await harness.registerContractor(token, name: "\(name) Corp")
            }
            _ = try await harness.registerContractor(token, name: "Group Sister", relationship: "group_company")

            var names: [String] = []
            var cursor: String?
            repeat {
                let query = cursor.map { "&cursor=\($0)" } ?? ""
                let page = try await harness.send(.GET, "/api/v1/contractors?limit=4\(query)", token: token)
                #expect(page.status == .ok)
                #expect(page.json?.items?.array.count ?? 0 <= 4)
                names += page.json?.items?.array.compactMap { $0.legalName?.string } ?? []
                cursor = page.json?.nextCursor?.string
            } while cursor != nil
            #expect(names == ["alpha Corp", "Bravo Corp", "Charlie Corp", "Delta Corp", "Echo Corp", "Group Sister"])

            let group = try await harness.send(.GET, "/api/v1/contractors?relationship=group_company", token: token)
            #expect(group.json?.items?.array.compactMap { $0.legalName?.string } == ["Group Sister"])
            let search = try await harness.send(.GET, "/api/v1/contractors?q=HARL", token: token)
            #expect(search.json?.items?.array.compactMap { $0.legalName?.string } == ["Charlie Corp"])
            let wildcard = try await harness.send(.GET, "/api/v1/contractors?q=%25", token: token)
            #expect(wildcard.json?.items?.array.isEmpty == true)
            let onboarding = try await harness.send(.GET, "/api/v1/contractors?status=onboarding", token: token)
            #expect(onboarding.json?.items?.array.count == 6)

            let bad = try await harness.send(.GET, "/api/v1/contractors?status=asleep&limit=0&cursor=@@@", token: token)
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(bad.json?.errorFields ?? []) == ["status", "limit", "cursor"])
        }
    }
}
