import Crypto
import Foundation
import ItakuCore
import Testing
import VaporTesting

@testable import ItakuServer

@Suite("Contract documents and templates over the API")
struct DocumentAPITests {
    static let docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    @Test("procurement renders the agreement as DOCX; it is stored with its hash and snapshot and served byte-identical")
    func renderAndFetch() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness, name: "Hinoki Records KK")
            let rendered = try await harness.send(
                .POST, "/api/v1/contracts/\(fixture.contract)/documents", token: fixture.procurement,
                json: #"{"template": "outsourcing-agreement", "format": "docx"}"#)
            #expect(rendered.status == .created, "\(rendered.text)")
            let id = try #require(rendered.json?.id?.string)
            #expect(rendered.headers.first(name: .location) == "/api/v1/documents/\(id)")
            #expect(rendered.json?.template?.string == "outsourcing-agreement")
            #expect(rendered.json?.templateVersion?.int == 1)
            #expect(rendered.json?.format?.string == "docx")
            #expect(rendered.json?.snapshot?.contractor?.legalName?.string == "Hinoki Records KK")
            #expect(rendered.json?.snapshot?.company?.name?.string == "Itaku Test Holdings KK")
            let sha = try #require(rendered.json?.sha256?.string)

            let content = try await harness.send(.GET, "/api/v1/documents/\(id)/content", token: fixture.procurement)
            #expect(content.status == .ok)
            #expect(content.headers.contentType?.description == Self.docxType)
            #expect(content.headers.first(name: .eTag) == "\"\(sha)\"")
            #expect(content.headers.first(name: .contentDisposition)?.contains(".docx") == true)
            #expect(content.bytes.count == rendered.json?.size?.int)
            #expect(SHA256.hash(data: content.bytes).map { String(format: "%02x", $0) }.joined() == sha)
            #expect(content.bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))  // a ZIP package

            // Later changes to the contractor do not touch what was rendered.
            let renamed = try await harness.send(
                .PATCH, "/api/v1/contractors/\(fixture.contractor)", token: fixture.procurement, json: #"{"legalName": "Renamed KK"}"#,
                headers: [("If-Match", "\"1\"")])
            #expect(renamed.status == .ok, "\(renamed.text)")
            let again = try await harness.send(.GET, "/api/v1/documents/\(id)/content", token: fixture.procurement)
            #expect(again.bytes == content.bytes)
            let metadata = try await harness.send(.GET, "/api/v1/documents/\(id)", token: fixture.procurement)
            #expect(metadata.json?.snapshot?.contractor?.legalName?.string == "Hinoki Records KK")
            #expect(metadata.json?.sha256?.string == sha)

            let notModified = try await harness.send(
                .GET, "/api/v1/documents/\(id)/content", token: fixture.procurement, headers: [("If-None-Match", "\"\(sha)\"")])
            #expect(notModified.status == .notModified)
            #expect(notModified.bytes.isEmpty)

            let html = try await harness.send(
                .POST, "/api/v1/contracts/\(fixture.contract)/documents", token: fixture.procurement,
                json: #"{"template": "attestation-request", "format": "html"}"#)
            #expect(html.status == .created)
            let htmlContent = try await harness.send(.GET, "/api/v1/documents/\(try #require(html.json?.id?.string))/content", token: fixture.token)
            #expect(htmlContent.headers.contentType?.description.hasPrefix("text/html") == true)
            #expect(htmlContent.text.contains("Renamed KK"))
            #expect(htmlContent.text.contains("/api/v1/contractors/\(fixture.contractor)/attestations"))

            let listed = try await harness.send(.GET, "/api/v1/contracts/\(fixture.contract)/documents", token: fixture.token)
            #expect(listed.json?.items?.array.compactMap { $0.template?.string } == ["attestation-request", "outsourcing-agreement"])
            #expect(listed.json?.items?.array.allSatisfy { $0.snapshot == nil } == true)

            let audit = try await harness.send(.GET, "/api/v1/audit?subjectType=document", token: fixture.compliance)
            #expect(audit.json?.items?.array.count == 2)
        }
    }

    @Test("only procurement and compliance render; a contractor reads its own documents only; others see 404")
    func access() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let body = #"{"template": "outsourcing-agreement", "format": "html"}"#
            let auditor = try await harness.token(.auditor)
            #expect(try await harness.send(.POST, "/api/v1/contracts/\(fixture.contract)/documents", token: auditor, json: body).status == .forbidden)
            #expect(try await harness.send(.POST, "/api/v1/contracts/\(fixture.contract)/documents", token: fixture.token, json: body).status == .forbidden)
            let rendered = try await harness.send(.POST, "/api/v1/contracts/\(fixture.contract)/documents", token: fixture.compliance, json: body)
            #expect(rendered.status == .created)
            let id = try #require(rendered.json?.id?.string)
            #expect(try await harness.send(.GET, "/api/v1/documents/\(id)", token: auditor).status == .ok)
            #expect(try await harness.send(.GET, "/api/v1/documents/\(id)/content", token: fixture.token).status == .ok)

            let other = try await harness.registerContractor(fixture.procurement, name: "Other KK")
            let otherToken = try await harness.contractorToken(other)
            let hidden = try await harness.send(.GET, "/api/v1/documents/\(id)", token: otherToken)
            let missing = try await harness.send(.GET, "/api/v1/documents/\(UUID().uuidString.lowercased())", token: otherToken)
            #expect(hidden.status == .notFound)
            #expect(hidden.json?.detail?.string == "document \(id) not found")
            #expect(missing.status == .notFound)
            #expect(try await harness.send(.GET, "/api/v1/documents/\(id)/content", token: otherToken).status == .notFound)
            #expect(try await harness.send(.GET, "/api/v1/contracts/\(fixture.contract)/documents", token: otherToken).status == .notFound)
        }
    }

    @Test("a render request names every bad field; an unknown contract is 404")
    func renderValidation() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let empty = try await harness.send(.POST, "/api/v1/contracts/\(fixture.contract)/documents", token: fixture.procurement, json: "{}")
            #expect(empty.status == .unprocessableEntity)
            #expect(Set(empty.json?.errorFields ?? []) == ["template", "format"])
            let wrong = try await harness.send(
                .POST, "/api/v1/contracts/\(fixture.contract)/documents", token: fixture.procurement,
                json: #"{"template": "love-letter", "format": "pdf"}"#)
            #expect(wrong.status == .unprocessableEntity)
            #expect(Set(wrong.json?.errorFields ?? []) == ["template", "format"])
            let templateProblem = wrong.json?.errors?.array.first { $0.field?.string == "template" }
            #expect(templateProblem?.message?.string?.contains("outsourcing-agreement") == true)
            let nowhere = try await harness.send(
                .POST, "/api/v1/contracts/\(UUID().uuidString.lowercased())/documents", token: fixture.procurement,
                json: #"{"template": "outsourcing-agreement", "format": "html"}"#)
            #expect(nowhere.status == .notFound)
            let garbage = try await harness.send(
                .POST, "/api/v1/contracts/\(fixture.contract)/documents", token: fixture.procurement, json: #"{"template": 5, "extra": true"#)
            #expect(garbage.status.code >= 400 && garbage.status.code < 500)
            #expect(garbage.isProblem)
        }
    }

    @Test("compliance publishes a template version; a broken one is 422 with each problem's line; old documents keep their version")
    func templates() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let listed = try await harness.send(.GET, "/api/v1/templates", token: fixture.procurement)
            #expect(
                listed.json?.items?.array.compactMap { $0.name?.string } == [
                    "attestation-request", "entrusted-scope-annex", "outsourcing-agreement", "return-or-deletion-certificate",
                    "subcontracting-consent",
                ])
            #expect(listed.json?.items?.array.allSatisfy { $0.source?.string == "shipped" && $0.body == nil } == true)

            let before = try await harness.send(
                .POST, "/api/v1/contracts/\(fixture.contract)/documents", token: fixture.procurement,
                json: #"{"template": "attestation-request", "format": "html"}"#)
            let beforeContent = try await harness.send(.GET, "/api/v1/documents/\(try #require(before.json?.id?.string))/content", token: fixture.procurement)

            let broken = try await harness.send(
                .POST, "/api/v1/templates", token: fixture.compliance,
                json: ##"{"name": "attestation-request", "body": "# Hi {{contractor.legalNme}}\n\n{{> letterhead}}\n{{#terms}}\n"}"##)
            #expect(broken.status == .unprocessableEntity)
            let problems = broken.json?.errors?.array ?? []
            #expect(problems.compactMap { $0.line?.int } == [1, 3, 4])
            #expect(problems.allSatisfy { $0.field?.string == "body" })
            #expect(problems.first?.message?.string == "unknown variable 'contractor.legalNme'; did you mean 'legalName'?")

            let badName = try await harness.send(.POST, "/api/v1/templates", token: fixture.compliance, json: ##"{"name": "Bad Name!", "body": "# x"}"##)
            #expect(badName.status == .unprocessableEntity)
            #expect(badName.json?.errorFields == ["name"])
            #expect(try await harness.send(.POST, "/api/v1/templates", token: fixture.procurement, json: ##"{"name": "x-y", "body": "# x"}"##).status == .forbidden)

            let published = try await harness.send(
                .POST, "/api/v1/templates", token: fixture.compliance,
                json: ##"{"name": "attestation-request", "body": "# Please attest, {{contractor.legalName}}\n\nDue: {{reporting.nextPeriod.dueOn}}\n", "note": "shorter"}"##)
            #expect(published.status == .created, "\(published.text)")
            #expect(published.json?.version?.int == 2)
            #expect(published.headers.first(name: .location) == "/api/v1/templates/attestation-request/versions/2")

            let history = try await harness.send(.GET, "/api/v1/templates/attestation-request", token: fixture.procurement)
            #expect(history.json?.versions?.array.compactMap { $0.version?.int } == [2, 1])
            #expect(history.json?.current?.body?.string?.hasPrefix("# Please attest") == true)
            #expect(try await harness.send(.GET, "/api/v1/templates/attestation-request/versions/1", token: fixture.procurement).json?.source?.string == "shipped")
            #expect(try await harness.send(.GET, "/api/v1/templates/nope", token: fixture.procurement).status == .notFound)
            #expect(try await harness.send(.GET, "/api/v1/templates", token: fixture.token).status == .forbidden)

            let after = try await harness.send(
                .POST, "/api/v1/contracts/\(fixture.contract)/documents", token: fixture.procurement,
                json: #"{"template": "attestation-request", "format": "html"}"#)
            #expect(after.json?.templateVersion?.int == 2)
            let afterContent = try await harness.send(.GET, "/api/v1/documents/\(try #require(after.json?.id?.string))/content", token: fixture.procurement)
            #expect(afterContent.text.contains("<h1>Please attest, Reporting KK</h1>"))
            let old = try await harness.send(.GET, "/api/v1/documents/\(try #require(before.json?.id?.string))", token: fixture.procurement)
            #expect(old.json?.templateVersion?.int == 1)
            let oldContent = try await harness.send(.GET, "/api/v1/documents/\(try #require(before.json?.id?.string))/content", token: fixture.procurement)
            #expect(oldContent.bytes == beforeContent.bytes)
        }
    }
}
