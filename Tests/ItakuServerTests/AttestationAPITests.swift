import Foundation
import ItakuCore
import Testing
import VaporTesting

@testable import ItakuServer

@Suite("Questionnaires, attestations, evidence and review over the API")
struct AttestationAPITests {
    @Test("any token reads the questionnaire in force; compliance publishes a new version, checked question by question")
    func questionnaire() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let current = try await harness.send(.GET, "/api/v1/questionnaire", token: fixture.token)
            #expect(current.status == .ok)
            #expect(current.json?.version?.int == 1)
            let questions = current.json?.questions?.array ?? []
            #expect(questions.count == 15)
            #expect(questions.contains { $0.code?.string == "encryption_at_rest" && $0.critical?.bool == true })

            let body = """
                {"title": "Leak prevention 2027", "questions": [
                  {"code": "mfa", "type": "yes_no", "text": "Is MFA enforced?", "expected": {"equals": true}, "critical": true},
                  {"code": "backups", "type": "choice", "text": "Backups?", "choices": ["encrypted", "plain"], "expected": {"oneOf": ["encrypted"]}, "critical": false}]}
                """
            let published = try await harness.send(.POST, "/api/v1/questionnaires", token: fixture.compliance, json: body)
            #expect(published.status == .created, "\(published.text)")
            #expect(published.json?.version?.int == 2)
            #expect(try await harness.send(.GET, "/api/v1/questionnaire", token: fixture.token).json?.version?.int == 2)
            #expect(try await harness.send(.GET, "/api/v1/questionnaire?version=1", token: fixture.token).json?.questions?.array.count == 15)
            #expect(try await harness.send(.POST, "/api/v1/questionnaires", token: fixture.procurement, json: body).status == .forbidden)

            let invalid = try await harness.send(
                .POST, "/api/v1/questionnaires", token: fixture.compliance,
                json: """
                    {"title": "", "questions": [
                      {"code": "Bad Code", "type": "yes_no", "text": "x", "critical": true},
                      {"code": "pick", "type": "choice", "text": "y", "choices": ["a"], "expected": {"oneOf": ["z"]}, "critical": false},
                      {"code": "n", "type": "number", "text": "z", "expected": {"min": 5, "max": 1}, "critical": false}]}
                    """)
            #expect(invalid.status == .unprocessableEntity)
            #expect(
                Set(invalid.json?.errorFields ?? []) == [
                    "title", "questions[0].code", "questions[0].expected", "questions[1].choices", "questions[1].expected",
                    "questions[2].expected",
                ])
        }
    }

    @Test("a contractor submits; staff and the contractor read it; the revision awaits review")
    func submit() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let reply = try await fixture.submit()
            #expect(reply.status == .created, "\(reply.text)")
            let id = try #require(reply.json?.id?.string)
            #expect(reply.json?.status?.string == "submitted")
            #expect(reply.json?.revision?.int == 1)
            #expect(reply.json?.answers?.removable_media_policy?.string == "blocked_technically")
            #expect(reply.headers.first(name: .location) == "/api/v1/attestations/\(id)")
            #expect(reply.headers.first(name: "Idempotent-Replayed") == nil)
            #expect(try await harness.send(.GET, "/api/v1/attestations/\(id)", token: fixture.compliance).status == .ok)
            #expect(try await harness.send(.GET, "/api/v1/attestations/\(id)", token: fixture.token).json?.status?.string == "submitted")
            #expect(try await harness.send(.POST, "/api/v1/contractors/\(fixture.contractor)/attestations", token: fixture.procurement, json: ReportingFixture.attestationBody()).status == .forbidden)
        }
    }

    @Test("a caller other than the contractor itself is told when the contractor is not in the register")
    func unknownContractor() async throws {
        try await withHarness { harness in
            let missing = UUID()
            await #expect(throws: ItakuError.notFound("contractor \(missing.uuidString.lowercased()) not found")) {
                try await harness.services.attestations.submit(AttestationInput(), for: missing, idempotency: nil, by: .system("test"))
            }
        }
    }

    @Test("every problem of a submission is named at once")
    func validation() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let answers = """
                {"access_control_need_to_know": "yes", "access_review_interval_days": 90.5, "removable_media_policy": "anything goes",
                 "favourite_colour": "blue"}
                """
            let body = """
                {"periodStart": "2026-01-01", "periodEnd": "2099-12-31", "questionnaireVersion": 1, "answers": \(answers),
                 "dataItemsHeld": ["name", "soul"], "recordsHeld": -4, "locations": ["JP", "XX"],
                 "subcontractorsUsed": [{"name": "Helper", "country": "JP", "dataItems": ["shoe_size"]}],
                 "thirdPartyDisclosures": [{"recipient": "Broker", "basis": "because", "dataItems": ["name"], "records": 3, "date": "2026-02-01"}],
                 "incidentsInPeriod": 0,
                 "dispositions": [{"entrustmentId": "\(UUID().uuidString)", "method": "burned", "completedOn": "2026-01-05", "signatoryName": "A"}]}
                """
            let reply = try await fixture.submit(body)
            #expect(reply.status == .unprocessableEntity)
            let fields = Set(reply.json?.errorFields ?? [])
            for expected in [
                "periodEnd", "answers.access_control_need_to_know", "answers.access_review_interval_days",
                "answers.removable_media_policy", "answers.favourite_colour", "answers.encryption_at_rest", "dataItemsHeld[1]",
                "recordsHeld", "locations[1]", "subcontractorsUsed[0].dataItems[0]", "thirdPartyDisclosures[0].basis",
                "dispositions[0].entrustmentId", "dispositions[0].method",
            ] {
                #expect(fields.contains(expected), "\(expected) not named in \(fields.sorted())")
            }
            let unanswered = reply.json?.errors?.array.first { $0.field?.string == "answers.encryption_at_rest" }
            #expect(unanswered?.message?.string == "is unanswered")
            #expect(try await harness.send(.GET, "/api/v1/contractors/\(fixture.contractor)/attestations", token: fixture.token).json?.items?.array.isEmpty == true)

            let unknownVersion = try await fixture.submit(ReportingFixture.attestationBody().replacingOccurrences(of: "\"questionnaireVersion\": 1", with: "\"questionnaireVersion\": 7"))
            #expect(unknownVersion.json?.errorFields == ["questionnaireVersion"])
        }
    }

    @Test("Idempotency-Key: a repeat returns the first response and creates nothing; another body under the same key is 422")
    func idempotency() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let first = try await fixture.submit(key: "attest-2025-a")
            let again = try await fixture.submit(key: "attest-2025-a")
            #expect(first.status == .created)
            #expect(again.status == .created)
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(again.json == first.json)
            let changed = try await fixture.submit(ReportingFixture.attestationBody(end: "2025-12-30"), key: "attest-2025-a")
            #expect(changed.status == .unprocessableEntity)
            #expect(changed.json?.errorFields == ["Idempotency-Key"])
            let list = try await harness.send(.GET, "/api/v1/contractors/\(fixture.contractor)/attestations", token: fixture.token)
            #expect(list.json?.items?.array.count == 1)
            let badKey = try await fixture.submit(key: String(repeating: "k", count: 300))
            #expect(badKey.json?.errorFields == ["Idempotency-Key"])
        }
    }

    @Test("100 concurrent identical submissions with one key create exactly one record")
    func concurrentRepeats() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<100 { group.addTask { try await fixture.submit(key: "storm-1") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == .created }, "\(replies.map(\.status.code))")
            #expect(Set(replies.compactMap { $0.json?.id?.string }).count == 1)
            #expect(replies.filter { $0.headers.first(name: "Idempotent-Replayed") == nil }.count == 1)
            let list = try await harness.send(.GET, "/api/v1/contractors/\(fixture.contractor)/attestations", token: fixture.token)
            #expect(list.json?.items?.array.count == 1)
        }
    }

    @Test("30 concurrent submissions by one contractor all land, its flags are reconciled once, and the audit chain verifies")
    func concurrentSubmissionsOfOneContractor() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let disclosure = #""thirdPartyDisclosures": [{"recipient": "List Broker", "basis": "none", "dataItems": ["name"], "records": 900, "date": "2024-01-01"}]"#
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for day in 1...30 {
                    let date = String(format: "2024-01-%02d", day)
                    group.addTask {
                        try await fixture.submit(
                            ReportingFixture.attestationBody(start: date, end: date)
                                .replacingOccurrences(of: #""thirdPartyDisclosures": []"#, with: disclosure))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == .created }, "\(replies.map(\.status.code))")
            let flags = try await harness.send(
                .GET, "/api/v1/flags?contractorId=\(fixture.contractor)&rule=third-party-disclosure&status=open", token: fixture.compliance)
            // The latest period's disclosure, once: earlier findings were resolved as later periods arrived.
            #expect(flags.json?.items?.array.count == 1, "\(flags.text)")
            let auditor = try await harness.token(.auditor)
            let verified = try await harness.send(.GET, "/api/v1/audit/verify", token: auditor)
            #expect(verified.json?.intact?.bool == true, "\(verified.text)")
        }
    }

    @Test("the review queue is oldest first; a decision needs If-Match; of 50 concurrent decisions exactly one wins")
    func review() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let other = try await ReportingFixture.make(harness, name: "Second Reporter KK")
            let first = try #require(try await fixture.submit().json?.id?.string)
            let second = try #require(try await other.submit().json?.id?.string)
            let queue = try await harness.send(.GET, "/api/v1/attestations?status=submitted", token: fixture.compliance)
            #expect(queue.json?.items?.array.compactMap { $0.id?.string } == [first, second])
            #expect(try await harness.send(.GET, "/api/v1/attestations?status=submitted", token: fixture.procurement).status == .forbidden)

            let path = "/api/v1/attestations/\(first)/review"
            #expect(try await harness.send(.POST, path, token: fixture.compliance, json: #"{"decision": "accepted"}"#).status.code == 428)
            let noComment = try await harness.send(.POST, path, token: fixture.compliance, json: #"{"decision": "rejected"}"#, headers: [("If-Match", "1")])
            #expect(noComment.json?.errorFields == ["comment"])

            var reviewers = [fixture.compliance]
            for _ in 1..<5 { reviewers.append(try await harness.token(.compliance)) }
            let decisions = try await withThrowingTaskGroup(of: Reply.self) { group in
                for token in (0..<50).map({ reviewers[$0 % reviewers.count] }) {
                    group.addTask {
                        try await harness.send(.POST, path, token: token, json: #"{"decision": "accepted"}"#, headers: [("If-Match", "\"1\"")])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(decisions.count == 50)
            #expect(decisions.filter { $0.status == .ok }.count == 1)
            #expect(decisions.filter { $0.status == .ok }.allSatisfy { $0.json?.status?.string == "accepted" })
            #expect(decisions.filter { $0.status != .ok }.allSatisfy { [409, 412].contains($0.status.code) })
        }
    }

    @Test("changes requested: the contractor reads the comment, resubmits a new revision; every revision stays readable")
    func resubmission() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let first = try #require(try await fixture.submit().json?.id?.string)
            let decided = try await harness.send(
                .POST, "/api/v1/attestations/\(first)/review", token: fixture.compliance,
                json: #"{"decision": "changes_requested", "comment": "Attach the penetration test report."}"#, headers: [("If-Match", "1")])
            #expect(decided.json?.status?.string == "changes_requested")
            let seen = try await harness.send(.GET, "/api/v1/attestations/\(first)", token: fixture.token)
            #expect(seen.json?.review?.comment?.string == "Attach the penetration test report.")

            let plain = try await fixture.submit()
            #expect(plain.json?.errorFields == ["resubmissionOf"])
            let revision = try await fixture.submit(ReportingFixture.attestationBody(extra: #", "resubmissionOf": "\#(first)""#))
            #expect(revision.status == .created, "\(revision.text)")
            #expect(revision.json?.revision?.int == 2)
            #expect(revision.json?.previousRevisionId?.string == first)
            let revisionID = try #require(revision.json?.id?.string)
            let revisions = try await harness.send(.GET, "/api/v1/attestations/\(revisionID)/revisions", token: fixture.token)
            #expect(revisions.json?.items?.array.compactMap { $0.id?.string } == [first, revisionID])
            #expect(revisions.json?.items?[0]?.review?.decision?.string == "changes_requested")

            _ = try await harness.send(
                .POST, "/api/v1/attestations/\(revisionID)/review", token: fixture.compliance, json: #"{"decision": "accepted"}"#,
                headers: [("If-Match", "1")])
            let overlapping = try await fixture.submit(ReportingFixture.attestationBody(start: "2025-06-01", end: "2025-07-31"))
            #expect(overlapping.json?.errorFields == ["periodStart"])
            #expect(overlapping.json?.errors?[0]?.message?.string?.contains("accepted") == true)
        }
    }

    @Test("evidence is stored with its SHA-256 and served back byte for byte, to staff and to its contractor only")
    func evidence() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let attestation = try #require(try await fixture.submit().json?.id?.string)
            let uploaded = try await fixture.upload(attestation)
            #expect(uploaded.status == .created, "\(uploaded.text)")
            #expect(uploaded.json?.sha256?.string == EvidenceFile.sha256(of: ReportingFixture.pdf))
            #expect(uploaded.json?.filename?.string == "audit-report.pdf")
            let content = try #require(uploaded.json?.contentUrl?.string)

            for token in [fixture.token, fixture.compliance] {
                var headers = HTTPHeaders()
                headers.add(name: .authorization, value: "Bearer \(token)")
                let response = try await harness.app.testing().sendRequest(.GET, content, headers: headers)
                #expect(response.status == .ok)
                #expect(Data(response.body.readableBytesView) == ReportingFixture.pdf)
                #expect(response.headers.contentType?.description == "application/pdf")
                #expect(response.headers.first(name: .eTag) == "\"\(EvidenceFile.sha256(of: ReportingFixture.pdf))\"")
                #expect(response.headers.first(name: .contentDisposition)?.contains("filename=\"audit-report.pdf\"") == true)
            }
            let stranger = try await ReportingFixture.make(harness, name: "Stranger KK")
            #expect(try await harness.send(.GET, content, token: stranger.token).status == .notFound)
            #expect(try await harness.send(.GET, "/api/v1/attestations/\(attestation)/evidence", token: fixture.token).json?.items?.array.count == 1)

            let fake = try await fixture.upload(attestation, bytes: Data("not a pdf".utf8))
            #expect(fake.status == .unprocessableEntity)
            #expect(fake.json?.errorFields == ["body"])
            let wrongType = try await fixture.upload(attestation, bytes: Data("{}".utf8), type: "application/json")
            #expect(wrongType.status == .unsupportedMediaType)
            let huge = try await fixture.upload(attestation, bytes: ReportingFixture.pdf + Data(count: EvidenceFile.maximumBytes))
            #expect(huge.status == .payloadTooLarge)
            let sneaky = try await fixture.upload(attestation, filename: "..%2F..%2Fetc%2Fpasswd")
            #expect(sneaky.json?.errorFields == ["filename"])
        }
    }

    @Test("due periods follow the contract's 12-month reporting term")
    func duePeriods() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            var due = try await harness.send(.GET, "/api/v1/contractors/\(fixture.contractor)/attestations/due", token: fixture.token)
            #expect(due.json?.reportIntervalMonths?.int == 12)
            #expect(due.json?.periods?[0]?.start?.string == "2025-01-01")
            #expect(due.json?.periods?[0]?.end?.string == "2025-12-31")
            #expect(due.json?.periods?[0]?.dueOn?.string == "2026-01-14")
            #expect(due.json?.periods?[0]?.status?.string == "overdue")
            let id = try #require(try await fixture.submit().json?.id?.string)
            due = try await harness.send(.GET, "/api/v1/contractors/\(fixture.contractor)/attestations/due", token: fixture.compliance)
            #expect(due.json?.periods?[0]?.status?.string == "submitted")
            #expect(due.json?.periods?[0]?.attestationId?.string == id)
            #expect(due.json?.periods?.array.last?.status?.string == "upcoming")
        }
    }
}
