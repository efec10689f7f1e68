import Foundation
import ItakuAPI
import ItakuCore
import Testing
import VaporTesting

@testable import ItakuServer

/// Every id a contractor-scoped path can take, for one contractor.
struct ContractorObjects {
    let fixture: ReportingFixture
    let name: String
    var ids: [String: String]

    static func make(_ harness: Harness, name: String) async throws -> ContractorObjects {
        let fixture = try await ReportingFixture.make(harness, name: name)
        let attestation = try #require(try await fixture.submit().json?.id?.string)
        let evidence = try #require(try await fixture.upload(attestation).json?.id?.string)
        let incident = try #require(try await fixture.reportIncident().json?.incident?.id?.string)
        let edge = try await harness.send(
            .POST, "/api/v1/contractors/\(fixture.contractor)/subcontractings", token: fixture.token,
            json: #"{"subcontractor": {"legalName": "\#(name) Helper", "country": "JP"}, "entrustmentIds": ["\#(fixture.entrustment)"], "purposes": ["customer_inquiries"], "dataItems": ["name"], "locations": ["JP"]}"#)
        let sid = try #require(edge.json?.id?.string)
        let document = try await harness.send(
            .POST, "/api/v1/contracts/\(fixture.contract)/documents", token: fixture.procurement,
            json: #"{"template": "outsourcing-agreement", "format": "html"}"#)
        let did = try #require(document.json?.id?.string)
        return ContractorObjects(
            fixture: fixture, name: name,
            ids: [
                "id": fixture.contractor, "eid": fixture.entrustment, "cid": fixture.contract, "sid": sid, "aid": attestation,
                "iid": incident, "evid": evidence, "tokenId": UUID().uuidString.lowercased(), "version": "1",
                "fid": UUID().uuidString.lowercased(), "scanId": UUID().uuidString.lowercased(), "did": did,
                "name": "outsourcing-agreement",
            ])
    }

    static func random() -> [String: String] {
        var ids: [String: String] = [:]
        for name in ["id", "eid", "cid", "sid", "aid", "iid", "evid", "tokenId", "fid", "scanId", "did"] {
            ids[name] = UUID().uuidString.lowercased()
        }
        ids["version"] = "1"
        ids["name"] = "outsourcing-agreement"
        return ids
    }
}

@Suite("Contractor isolation, derived from the OpenAPI document")
struct IsolationTests {
    struct Operation {
        var method: String
        var path: String
        var access: String
        var bodyType: String?
    }

    static func operations() throws -> [Operation] {
        let document = try #require(try JSONSerialization.jsonObject(with: OpenAPIDocument.json()) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        return paths.flatMap { path, item in
            item.compactMap { method, value -> Operation? in
                guard let operation = value as? [String: Any], let access = operation["x-itaku-access"] as? String else { return nil }
                let content = ((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?.keys.sorted()
                return Operation(method: method.uppercased(), path: path, access: access, bodyType: content?.first)
            }
        }.sorted { ($0.path, $0.method) < ($1.path, $1.method) }
    }

    func call(_ harness: Harness, _ operation: Operation, ids: [String: String], token: String) async throws -> Reply {
        var path = operation.path
        for (name, value) in ids { path = path.replacingOccurrences(of: "{\(name)}", with: value) }
        var headers = HTTPHeaders()
        headers.add(name: .authorization, value: "Bearer \(token)")
        headers.add(name: "If-Match", value: "1")
        var body: ByteBuffer?
        if let type = operation.bodyType {
            let bytes = type == "application/json" ? Data("{}".utf8) : ReportingFixture.pdf
            headers.add(name: .contentType, value: type == "application/json" ? "application/json" : "application/pdf")
            headers.add(name: .contentLength, value: String(bytes.count))
            body = ByteBuffer(data: bytes)
        }
        let response = try await harness.app.testing().sendRequest(HTTPMethod(rawValue: operation.method), path, headers: headers, body: body)
        return Reply(response: response)
    }

    @Test("own objects answer; another contractor's and random ids answer the same 404; staff-only operations answer 403")
    func everyOperation() async throws {
        try await withHarness { harness in
            let own = try await ContractorObjects.make(harness, name: "Own Data KK")
            let other = try await ContractorObjects.make(harness, name: "Other Data KK")
            let token = own.fixture.token
            let operations = try Self.operations()
            #expect(operations.count >= 55)
            var checked: [String: Int] = [:]
            for operation in operations {
                let label = "\(operation.method) \(operation.path)"
                switch operation.access {
                case "public":
                    continue
                case "any-token":
                    #expect(try await call(harness, operation, ids: own.ids, token: token).status == .ok, "\(label)")
                case "staff":
                    let reply = try await call(harness, operation, ids: own.ids, token: token)
                    #expect(reply.status == .forbidden, "\(label) answered \(reply.status) to a contractor")
                case "contractor-own", "contractor-only":
                    let mine = try await call(harness, operation, ids: own.ids, token: token)
                    #expect(![401, 403, 404].contains(mine.status.code), "\(label) refused the contractor's own objects: \(mine.status) \(mine.text)")
                    let theirs = try await call(harness, operation, ids: other.ids, token: token)
                    let nowhere = try await call(harness, operation, ids: ContractorObjects.random(), token: token)
                    #expect(theirs.status == .notFound, "\(label) answered \(theirs.status) for another contractor's objects")
                    #expect(nowhere.status == .notFound, "\(label) answered \(nowhere.status) for random ids")
                    #expect(theirs.json?.type == nowhere.json?.type && theirs.json?.title == nowhere.json?.title, "\(label)")
                    #expect(!theirs.text.contains(other.name), "\(label) leaked the other contractor's name")
                default:
                    Issue.record("\(label) has unknown access \(operation.access)")
                }
                checked[operation.access, default: 0] += 1
            }
            #expect((checked["contractor-own"] ?? 0) + (checked["contractor-only"] ?? 0) >= 23)
            #expect((checked["staff"] ?? 0) >= 25)
        }
    }
}
