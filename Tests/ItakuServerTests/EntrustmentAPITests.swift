import Foundation
import ItakuCore
import Testing
import VaporTesting

@testable import ItakuServer

@Suite("Entrustments over the API")
struct EntrustmentAPITests {
    @Test("procurement entrusts a scope; the contractor reads its own entrustments")
    func createAndRead() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            let reply = try await harness.send(
                .POST, "/api/v1/contractors/\(contractor)/entrustments", token: procurement, json: Fixtures.entrustment)
            #expect(reply.status == .created)
            let id = try #require(reply.json?.id?.string)
            #expect(reply.json?.purposes?.array.compactMap(\.string) == ["customer_inquiries", "customer_support"])
            #expect(reply.json?.disposition?.string == "pending")
            #expect(reply.json?.startsOn?.string == "2026-01-01")
            #expect(reply.headers.first(name: .location) == "/api/v1/contractors/\(contractor)/entrustments/\(id)")

            let own = try await harness.contractorToken(contractor)
            let read = try await harness.send(.GET, "/api/v1/contractors/\(contractor)/entrustments/\(id)", token: own)
            #expect(read.status == .ok)
            #expect(read.json == reply.json)
            let list = try await harness.send(.GET, "/api/v1/contractors/\(contractor)/entrustments", token: own)
            #expect(list.json?.items?.array.count == 1)
        }
    }

    @Test("every bad field of a scope is named: unknown codes, negative records, zero retention, reversed dates, bad countries")
    func validation() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            let reply = try await harness.send(
                .POST, "/api/v1/contractors/\(contractor)/entrustments", token: procurement,
                json: """
                    {"title": "Scope", "purposes": ["customer_inquiries", "world_domination"],
                     "subjectCategories": ["customers", "aliens"], "dataItems": ["name", "shoe_size"],
                     "estimatedRecords": -1, "locations": ["JP", "QQ"], "retentionDays": 0,
                     "startsOn": "2026-05-01", "endsOn": "2026-04-01"}
                    """)
            #expect(reply.status == .unprocessableEntity)
            #expect(
                Set(reply.json?.errorFields ?? []) == [
                    "purposes[1]", "subjectCategories[1]", "dataItems[1]", "estimatedRecords", "locations[1]",
                    "retentionDays", "endsOn",
                ])
            let unknown = reply.json?.errors?.array.first { $0.field?.string == "purposes[1]" }
            #expect(unknown?.message?.string?.contains("world_domination") == true)

            let empty = try await harness.send(.POST, "/api/v1/contractors/\(contractor)/entrustments", token: procurement, json: "{}")
            #expect(
                Set(empty.json?.errorFields ?? []) == [
                    "title", "purposes", "subjectCategories", "dataItems", "estimatedRecords", "locations", "retentionDays",
                    "startsOn",
                ])
            let list = try await harness.send(.GET, "/api/v1/contractors/\(contractor)/entrustments", token: procurement)
            #expect(list.json?.items?.array.isEmpty == true)
        }
    }

    @Test("a wrongly typed value is a 422 naming the field")
    func wrongType() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            let reply = try await harness.send(
                .POST, "/api/v1/contractors/\(contractor)/entrustments", token: procurement,
                json: #"{"title": "Scope", "estimatedRecords": "lots"}"#)
            #expect(reply.status == .unprocessableEntity)
            #expect(reply.json?.errorFields == ["estimatedRecords"])
        }
    }

    @Test("PATCH changes a scope under If-Match and keeps what it leaves out")
    func patch() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(procurement)
            let id = try await harness.entrust(procurement, to: contractor)
            let path = "/api/v1/contractors/\(contractor)/entrustments/\(id)"
            #expect(try await harness.send(.PATCH, path, token: procurement, json: #"{"estimatedRecords": 5}"#).status.code == 428)
            let changed = try await harness.send(
                .PATCH, path, token: procurement, json: #"{"estimatedRecords": 15000, "endsOn": ""}"#, headers: [("If-Match", "1")])
            #expect(changed.status == .ok)
            #expect(changed.json?.estimatedRecords?.int == 15000)
            #expect(changed.json?.endsOn == nil)
            #expect(changed.json?.title?.string == "Customer support desk")
            #expect(changed.json?.version?.int == 2)
            let reversed = try await harness.send(
                .PATCH, path, token: procurement, json: #"{"endsOn": "2025-12-31"}"#, headers: [("If-Match", "2")])
            #expect(reversed.status == .unprocessableEntity)
            #expect(reversed.json?.errorFields == ["endsOn"])
        }
    }

    @Test("entrustments of another contractor are 404 for a contractor token and under the wrong contractor path")
    func isolation() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            let mine = try await harness.registerContractor(procurement, name: "Mine KK")
            let theirs = try await harness.registerContractor(procurement, name: "Theirs KK")
            let theirScope = try await harness.entrust(procurement, to: theirs)
            let token = try await harness.contractorToken(mine)
            #expect(try await harness.send(.GET, "/api/v1/contractors/\(theirs)/entrustments", token: token).status == .notFound)
            #expect(
                try await harness.send(.GET, "/api/v1/contractors/\(theirs)/entrustments/\(theirScope)", token: token).status
                    == .notFound)
            #expect(
                try await harness.send(.GET, "/api/v1/contractors/\(mine)/entrustments/\(theirScope)", token: token).status
                    == .notFound)
            #expect(
                try await harness.send(
                    .POST, "/api/v1/contractors/\(mine)/entrustments", token: token, json: Fixtures.entrustment
                ).status == .forbidden)
            let missing = try await harness.send(
                .POST, "/api/v1/contractors/\(UUID().uuidString)/entrustments", token: procurement, json: Fixtures.entrustment)
            #expect(missing.status == .notFound)
        }
    }
}
