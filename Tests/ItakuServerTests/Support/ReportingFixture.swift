import Foundation
import ItakuCore
import Testing
import VaporTesting

@testable import ItakuServer

/// One contractor with something of every kind: an ended and a running entrustment, a signed
/// contract with a 12-month reporting term, an attestation with evidence, an incident and a
/// sub-contracting request.
struct ReportingFixture {
    let harness: Harness
    let procurement: String
    let compliance: String
    let contractor: String
    let token: String
    let entrustment: String
    let endedEntrustment: String
    let contract: String

    static let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)

    static func make(_ harness: Harness, name: String = "Reporting KK", noticeHours: Int = 24) async throws -> ReportingFixture {
        let procurement = try await harness.token(.procurement)
        let compliance = try await harness.token(.compliance)
        let contractor = try await harness.registerContractor(procurement, name: name)
        let entrustment = try await harness.entrust(procurement, to: contractor)
        let ended = try await harness.entrust(
            procurement, to: contractor,
            json: """
                {"title": "Last year's campaign", "purposes": ["customer_surveys"], "subjectCategories": ["customers"],
                 "dataItems": ["name", "email"], "estimatedRecords": 500, "locations": ["JP"], "retentionDays": 90,
                 "startsOn": "2025-01-01", "endsOn": "2025-06-30"}
                """)
        let contract = try #require(
            try await harness.draftContract(
                procurement, for: contractor, entrustments: [entrustment, ended],
                obligations: #"[{"kind": "breach_notification_to_company", "parameters": {"notice_max_hours": \#(noticeHours)}}]"#,
                effectiveFrom: "2025-01-01"
            ).json?.id?.string)
        try await harness.issueAndSign(procurement, contract: contract)
        return ReportingFixture(
            harness: harness, procurement: procurement, compliance: compliance, contractor: contractor,
            token: try await harness.contractorToken(contractor), entrustment: entrustment, endedEntrustment: ended, contract: contract)
    }

    /// Answers every question of the shipped questionnaire as expected.
    static let goodAnswers = """
        {"access_control_need_to_know": true, "access_review_interval_days": 90, "leaver_access_removed_days": 1,
         "encryption_at_rest": true, "encryption_in_transit": true, "access_logging": true, "access_log_retention_days": 400,
         "staff_confidentiality_undertakings": true, "staff_training_in_period": true, "removable_media_policy": "blocked_technically",
         "printouts_controlled": true, "copies_outside_scope": false, "secure_disposal": true, "physical_security": true,
         "notes": "Nothing unusual."}
        """

    static func attestationBody(start: String = "2025-01-01", end: String = "2025-12-31", answers: String = goodAnswers, extra: String = "") -> String {
        """
        {"periodStart": "\(start)", "periodEnd": "\(end)", "questionnaireVersion": 1, "answers": \(answers),
         "dataItemsHeld": ["name", "email", "telephone"], "recordsHeld": 11800, "locations": ["JP"],
         "subcontractorsUsed": [], "thirdPartyDisclosures": [], "incidentsInPeriod": 0, "dispositions": []\(extra)}
        """
    }

    func submit(_ body: String = ReportingFixture.attestationBody(), key: String? = nil) async throws -> Reply {
        try await harness.send(
            .POST, "/api/v1/contractors/\(contractor)/attestations", token: token, json: body,
            headers: key.map { [("Idempotency-Key", $0)] } ?? [])
    }

    func upload(_ attestation: String, bytes: Data = ReportingFixture.pdf, type: String = "application/pdf", filename: String = "audit-report.pdf") async throws -> Reply {
        var headers = HTTPHeaders()
        headers.add(name: .authorization, value: "Bearer \(token)")
        headers.add(name: .contentType, value: type)
        headers.add(name: .contentLength, value: String(bytes.count))
        let response = try await harness.app.testing().sendRequest(
            .POST, "/api/v1/attestations/\(attestation)/evidence?filename=\(filename)", headers: headers, body: ByteBuffer(data: bytes))
        return Reply(response: response)
    }

    func reportIncident(hoursAgo: Double = 2, items: [String] = ["name", "email"], records: Int = 40) async throws -> Reply {
        let discovered = Timestamp.string(Date().addingTimeInterval(-hoursAgo * 3600))
        return try await harness.send(
            .POST, "/api/v1/contractors/\(contractor)/incidents", token: token,
            json: """
                {"category": "leakage", "discoveredAt": "\(discovered)", "recordsAffected": \(records),
                 "dataItemsAffected": [\(items.map { "\"\($0)\"" }.joined(separator: ", "))],
                 "description": "A mailing list was sent to the wrong recipient.", "entrustmentIds": ["\(entrustment)"]}
                """)
    }
}
