import Foundation
import ItakuAPI
import ItakuCore
import Testing
import VaporTesting

@testable import ItakuServer

/// Every write operation the OpenAPI document lists leaves an audit event. The list of writes is
/// read from the document, so an operation added later without a step here fails this test.
@Suite("Every write is audited")
struct AuditCoverageTests {
    /// The document's write operations, by operationId.
    func documentedWrites() throws -> Set<String> {
        let document = try #require(try JSONSerialization.jsonObject(with: OpenAPIDocument.json()) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var writes: Set<String> = []
        for item in paths.values {
            for (method, operation) in item where ["post", "put", "patch", "delete"].contains(method) {
                if let id = (operation as? [String: Any])?["operationId"] as? String { writes.insert(id) }
            }
        }
        return writes
    }

    @Test("each write operation of the document, performed once, appends at least one audit event")
    func everyWriteIsAudited() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let chain = try await ChainFixture.make(harness, firstTierHours: 24)
            var performed: [String: Bool] = [:]
            var context: [String: String] = [:]

            func auditCount() async throws -> Int {
                try await harness.services.store.read { tx in try await tx.auditEvents(afterSequence: 0, limit: 100_000) }.count
            }
            /// Runs one write, checks it succeeded and that the audit chain grew.
            func step(_ operation: String, _ write: () async throws -> Reply, sourceLocation: SourceLocation = #_sourceLocation) async throws {
                let before = try await auditCount()
                let reply = try await write()
                #expect((200..<300).contains(reply.status.code), "\(operation) answered \(reply.status.code): \(reply.text)", sourceLocation: sourceLocation)
                let after = try await auditCount()
                #expect(after > before, "\(operation) left no audit event", sourceLocation: sourceLocation)
                performed[operation] = reply.status.code < 300 && after > before
                if let id = reply.json?.id?.string ?? reply.json?.incident?.id?.string { context[operation] = id }
            }
            let (procurement, compliance, contractorToken) = (fixture.procurement, fixture.compliance, fixture.token)

            try await step("createContractor") {
                try await harness.send(.POST, "/api/v1/contractors", token: procurement, json: #"{"legalName": "Audit Trail KK", "country": "JP", "relationship": "outsourcee"}"#)
            }
            let contractor = try #require(context["createContractor"])
            try await step("updateContractor") {
                try await harness.send(.PATCH, "/api/v1/contractors/\(contractor)", token: procurement, json: #"{"status": "active"}"#, headers: [("If-Match", "1")])
            }
            try await step("issueContractorToken") {
                try await harness.send(.POST, "/api/v1/contractors/\(contractor)/tokens", token: procurement, json: #"{"label": "audit"}"#)
            }
            try await step("revokeToken") {
                try await harness.send(.DELETE, "/api/v1/tokens/\(try #require(context["issueContractorToken"]))", token: procurement)
            }
            try await step("createEntrustment") {
                try await harness.send(.POST, "/api/v1/contractors/\(contractor)/entrustments", token: procurement, json: Fixtures.entrustment)
            }
            let entrustment = try #require(context["createEntrustment"])
            try await step("updateEntrustment") {
                try await harness.send(
                    .PATCH, "/api/v1/contractors/\(contractor)/entrustments/\(entrustment)", token: procurement, json: #"{"estimatedRecords": 9000}"#,
                    headers: [("If-Match", "1")])
            }
            try await step("createContract") { try await harness.draftContract(procurement, for: contractor, entrustments: [entrustment]) }
            let contract = try #require(context["createContract"])
            try await step("updateContract") {
                try await harness.send(.PATCH, "/api/v1/contracts/\(contract)", token: procurement, json: #"{"reference": "OUT-AUDIT-1"}"#, headers: [("If-Match", "1")])
            }
            try await step("issueContract") { try await harness.send(.POST, "/api/v1/contracts/\(contract)/issue", token: procurement) }
            try await step("signContract") {
                try await harness.send(
                    .POST, "/api/v1/contracts/\(contract)/sign", token: procurement,
                    json: #"{"signedOn": "2026-01-05", "signatories": [{"name": "A", "party": "company"}, {"name": "B", "party": "contractor"}]}"#)
            }
            try await step("renderContractDocument") {
                try await harness.send(
                    .POST, "/api/v1/contracts/\(contract)/documents", token: procurement, json: #"{"template": "entrusted-scope-annex", "format": "html"}"#)
            }
            try await step("terminateContract") {
                try await harness.send(
                    .POST, "/api/v1/contracts/\(contract)/terminate", token: procurement, json: #"{"reason": "audit test", "terminatedOn": "2026-06-30"}"#)
            }
            try await step("publishPolicy") {
                try await harness.send(
                    .PUT, "/api/v1/policy", token: compliance,
                    json: #"{"purposes": ["customer_inquiries"], "necessity": {"customer_inquiries": ["name"]}, "terms": [{"kind": "breach_notification_to_company", "parameters": {"notice_max_hours": 24}}]}"#)
            }
            await harness.services.scans.waitForAll()
            try await step("publishQuestionnaire") {
                try await harness.send(
                    .POST, "/api/v1/questionnaires", token: compliance,
                    json: #"{"title": "Audit", "questions": [{"code": "mfa", "type": "yes_no", "text": "MFA?", "expected": {"equals": true}, "critical": true}]}"#)
            }
            try await step("publishTemplate") {
                try await harness.send(.POST, "/api/v1/templates", token: compliance, json: ##"{"name": "audit-note", "body": "# Note for {{contractor.legalName}}\n"}"##)
            }
            try await step("submitAttestation") {
                try await harness.send(
                    .POST, "/api/v1/contractors/\(fixture.contractor)/attestations", token: contractorToken,
                    json: ReportingFixture.attestationBody().replacingOccurrences(of: "\"questionnaireVersion\": 1", with: "\"questionnaireVersion\": 2")
                        .replacingOccurrences(of: ReportingFixture.goodAnswers, with: #"{"mfa": true}"#))
            }
            let attestation = try #require(context["submitAttestation"])
            try await step("uploadEvidence") { try await fixture.upload(attestation) }
            try await step("reviewAttestation") {
                try await harness.send(.POST, "/api/v1/attestations/\(attestation)/review", token: compliance, json: #"{"decision": "accepted"}"#, headers: [("If-Match", "1")])
            }
            try await step("reportIncident") { try await fixture.reportIncident() }
            let incident = try #require(context["reportIncident"])
            try await step("addIncidentUpdate") {
                try await harness.send(.POST, "/api/v1/incidents/\(incident)/updates", token: contractorToken, json: #"{"text": "Contained."}"#)
            }
            try await step("changeIncidentStatus") {
                try await harness.send(.PATCH, "/api/v1/incidents/\(incident)", token: compliance, json: #"{"status": "contained"}"#, headers: [("If-Match", "2")])
            }
            try await step("certifyDisposition") {
                try await harness.send(
                    .POST, "/api/v1/contractors/\(fixture.contractor)/entrustments/\(fixture.endedEntrustment)/disposition", token: contractorToken,
                    json: #"{"method": "deleted", "completedOn": "2025-07-10", "signatoryName": "Ken Mori"}"#)
            }
            try await step("requestSubcontracting") { try await chain.request(by: chain.firstTierToken, as: chain.firstTier, to: "Audit Helpers KK") }
            let approved = try #require(context["requestSubcontracting"])
            try await step("approveSubcontracting") { try await chain.approve(approved, hours: 12) }
            try await step("revokeSubcontracting") {
                try await harness.send(.POST, "/api/v1/subcontractings/\(approved)/revoke", token: chain.compliance, json: #"{"reason": "audit test"}"#)
            }
            let pending = try #require(try await chain.request(by: chain.firstTierToken, as: chain.firstTier, to: "Second Helpers KK").json?.id?.string)
            try await step("rejectSubcontracting") {
                try await harness.send(.POST, "/api/v1/subcontractings/\(pending)/reject", token: chain.compliance, json: #"{"reason": "no Privacy Mark"}"#)
            }
            let flags = try await harness.services.risk.flags(FlagFilter(status: .open), page: PageRequest(limit: 2), by: .system("test")).items
            #expect(flags.count == 2)
            try await step("acknowledgeFlag") {
                try await harness.send(.POST, "/api/v1/flags/\(flags[0].id.uuidString.lowercased())/acknowledge", token: compliance, headers: [("If-Match", "\(flags[0].version)")])
            }
            try await step("waiveFlag") {
                try await harness.send(
                    .POST, "/api/v1/flags/\(flags[1].id.uuidString.lowercased())/waive", token: compliance,
                    json: #"{"reason": "accepted for the test", "expiresOn": "2027-01-31"}"#, headers: [("If-Match", "\(flags[1].version)")])
            }
            try await step("startScan") { try await harness.send(.POST, "/api/v1/scans", token: compliance) }
            await harness.services.scans.waitForAll()

            let writes = try documentedWrites()
            #expect(Set(performed.keys) == writes, "not exercised here: \(writes.subtracting(performed.keys).sorted())")
            #expect(performed.values.allSatisfy { $0 })
            #expect(try await harness.services.audit.verify(by: .system("test")) == .intact(count: try await auditCount()))
        }
    }
}
