import Foundation
import ItakuCore
import ItakuPersistence
import Testing
import VaporTesting

@testable import ItakuServer

@Suite("Errors are problem documents, never 500s")
struct ErrorHandlingTests {
    @Test("malformed JSON is 400, a non-object body is 400, a wrong content type is 415")
    func unreadableBodies() async throws {
        try await withHarness { harness in
            let token = try await harness.token(.procurement)
            let malformed = try await harness.send(.POST, "/api/v1/contractors", token: token, json: #"{"legalName": "#)
            #expect(malformed.status == .badRequest)
            #expect(malformed.isProblem)
            let array = try await harness.send(.POST, "/api/v1/contractors", token: token, json: "[1, 2]")
            #expect(array.status == .badRequest)
            let text = try await harness.send(
                .POST, "/api/v1/contractors", token: token, json: "legalName=Acme", headers: [("Content-Type", "text/plain")])
            #expect(text.status == .unsupportedMediaType)
            #expect(text.isProblem)
        }
    }

    @Test("a body over 1 MiB is 413 and stores nothing")
    func tooLarge() async throws {
        try await withHarness { harness in
            let token = try await harness.token(.procurement)
            let name = String(repeating: "x", count: 1_100_000)
            let reply = try await harness.send(
                .POST, "/api/v1/contractors", token: token,
                json: #"{"legalName": "\#(name)", "country": "JP", "relationship": "outsourcee"}"#)
            #expect(reply.status == .payloadTooLarge)
            #expect(reply.isProblem)
            #expect(try await harness.send(.GET, "/api/v1/contractors", token: token).json?.items?.array.isEmpty == true)
        }
    }

    @Test("an unknown field is a 422 that names it")
    func unknownField() async throws {
        try await withHarness { harness in
            let token = try await harness.token(.procurement)
            let reply = try await harness.send(
                .POST, "/api/v1/contractors", token: token,
                json: #"{"legalName": "Acme", "country": "JP", "relationship": "outsourcee", "colour": "blue"}"#)
            #expect(reply.status == .unprocessableEntity)
            #expect(reply.json?.errorFields == ["colour"])
            let nested = try await harness.send(
                .POST, "/api/v1/contractors", token: token,
                json: #"{"legalName": "Acme", "country": "JP", "relationship": "outsourcee", "contacts": [{"name": "A", "email": "a@b.jp", "fax": 1}]}"#)
            #expect(nested.json?.errorFields == ["contacts[0].fax"])
        }
    }

    @Test("odd inputs anywhere get a 4xx problem, never a 500")
    func oddInputs() async throws {
        try await withHarness { harness in
            let token = try await harness.token(.procurement)
            let contractor = try await harness.registerContractor(token)
            let bodies = [
                "null", "true", "\"text\"", #"{"legalName": 42}"#,
                #"{"contacts": "none"}"#, #"{"contacts": [null]}"#, #"{"certifications": [{"validUntil": 20270101}]}"#,
                #"{"legalName": "\u0000\u202e"}"#, String(repeating: "[", count: 5000), #"{"estimatedRecords": 1e400}"#,
                #"{"estimatedRecords": 99999999999999999999999}"#, #"{"locations": [["JP"]]}"#,
            ]
            let targets = [
                (HTTPMethod.POST, "/api/v1/contractors"), (.PATCH, "/api/v1/contractors/\(contractor)"),
                (.POST, "/api/v1/contractors/\(contractor)/entrustments"), (.POST, "/api/v1/contractors/\(contractor)/tokens"),
            ]
            for (method, path) in targets {
                for body in bodies {
                    let reply = try await harness.send(method, path, token: token, json: body, headers: [("If-Match", "1")])
                    #expect((400..<500).contains(reply.status.code), "\(method) \(path) \(body.prefix(40)) → \(reply.status)")
                    #expect(reply.isProblem)
                }
            }
            for path in ["/api/v1/contractors?limit=abc", "/api/v1/contractors?limit=-5", "/api/v1/contractors/%00", "/api/v1/audit?limit=1000000"] {
                let reply = try await harness.send(.GET, path, token: token)
                #expect((400..<500).contains(reply.status.code), "\(path) → \(reply.status)")
            }
        }
    }

    @Test("a request still running when the databases shut down is a 503 problem, not a crash")
    func databasesGone() async throws {
        let store = FluentStore(database: { nil }, engine: .sqlite)
        await #expect(throws: DatabaseUnavailable.self) { try await store.read { _ in 1 } }
        await #expect(throws: DatabaseUnavailable.self) { try await store.write { _ in 1 } }
        #expect(await store.isReachable() == false)
        let problem = ProblemMapping.problem(for: DatabaseUnavailable())
        #expect(problem?.status == 503)
    }
}
