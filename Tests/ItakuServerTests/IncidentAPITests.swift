import Foundation
import ItakuCore
import Testing
import VaporTesting

@testable import ItakuServer

@Suite("Incidents and dispositions over the API")
struct IncidentAPITests {
    @Test("a reported incident is stamped, judged against the contract's deadline, and shows the regulator's deadlines")
    func report() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness, noticeHours: 24)
            let late = try await fixture.reportIncident(hoursAgo: 72, items: ["name", "medical_history"], records: 12)
            #expect(late.status == .created, "\(late.text)")
            #expect(late.json?.incident?.status?.string == "open")
            #expect(late.json?.incident?.involvesSpecialCare?.bool == true)
            let notice = late.json?.deadlines?.contractorNotice
            #expect(notice?.deadlineHours?.int == 24)
            #expect(notice?.onTime?.bool == false)
            let regulator = late.json?.deadlines?.regulator
            #expect(regulator?.reportable?.bool == true)
            #expect(regulator?.reasons?.array.first?.string?.contains("special care") == true)
            let known = try #require(regulator?.knownOn?.string.flatMap(CalendarDay.init))
            #expect(regulator?.preliminaryDueOn?.string == known.adding(days: 4).description)
            #expect(regulator?.finalDueOn?.string == known.adding(days: 29).nextBusinessDay.description)

            let prompt = try await fixture.reportIncident(hoursAgo: 1)
            #expect(prompt.json?.deadlines?.contractorNotice?.onTime?.bool == true)
            #expect(prompt.json?.deadlines?.regulator?.reportable?.bool == false)

            let bad = try await harness.send(
                .POST, "/api/v1/contractors/\(fixture.contractor)/incidents", token: fixture.token,
                json: #"{"category": "fire", "discoveredAt": "2099-01-01T00:00:00.000Z", "recordsAffected": -1, "dataItemsAffected": ["name", "aura"], "entrustmentIds": ["nope"]}"#)
            #expect(Set(bad.json?.errorFields ?? []) == ["category", "discoveredAt", "recordsAffected", "dataItemsAffected[1]", "description", "entrustmentIds[0]"])
        }
    }

    @Test("unauthorised access has 60 days for the final report")
    func improperPurpose() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let reply = try await harness.send(
                .POST, "/api/v1/contractors/\(fixture.contractor)/incidents", token: fixture.token,
                json: #"{"category": "unauthorized_access", "discoveredAt": "\#(Timestamp.string(Date()))", "recordsAffected": 3, "dataItemsAffected": ["email"], "description": "Phished admin account."}"#)
            let regulator = reply.json?.deadlines?.regulator
            let known = try #require(regulator?.knownOn?.string.flatMap(CalendarDay.init))
            #expect(regulator?.finalDueOn?.string == known.adding(days: 59).nextBusinessDay.description)
            #expect(reply.json?.incident?.improperPurpose?.bool == true)
        }
    }

    @Test("the contractor adds updates; compliance contains and closes with If-Match; others see nothing")
    func lifecycle() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let id = try #require(try await fixture.reportIncident().json?.incident?.id?.string)
            let update = try await harness.send(
                .POST, "/api/v1/incidents/\(id)/updates", token: fixture.token, json: #"{"text": "Recipient confirmed deletion."}"#)
            #expect(update.status == .created)
            #expect(update.json?.incident?.updates?.array.count == 1)
            #expect(try await harness.send(.PATCH, "/api/v1/incidents/\(id)", token: fixture.token, json: #"{"status": "closed"}"#, headers: [("If-Match", "2")]).status == .forbidden)
            let contained = try await harness.send(
                .PATCH, "/api/v1/incidents/\(id)", token: fixture.compliance, json: #"{"status": "contained", "comment": "Deletion confirmed."}"#,
                headers: [("If-Match", "2")])
            #expect(contained.status == .ok, "\(contained.text)")
            #expect(contained.json?.incident?.status?.string == "contained")
            let stale = try await harness.send(.PATCH, "/api/v1/incidents/\(id)", token: fixture.compliance, json: #"{"status": "closed"}"#, headers: [("If-Match", "2")])
            #expect(stale.status == .preconditionFailed)
            let closed = try await harness.send(.PATCH, "/api/v1/incidents/\(id)", token: fixture.compliance, json: #"{"status": "closed"}"#, headers: [("If-Match", "3")])
            #expect(closed.json?.incident?.status?.string == "closed")
            let afterClose = try await harness.send(.POST, "/api/v1/incidents/\(id)/updates", token: fixture.token, json: #"{"text": "More."}"#)
            #expect(afterClose.status == .conflict)

            let stranger = try await ReportingFixture.make(harness, name: "Stranger KK")
            #expect(try await harness.send(.GET, "/api/v1/incidents/\(id)", token: stranger.token).status == .notFound)
            #expect(try await harness.send(.POST, "/api/v1/incidents/\(id)/updates", token: stranger.token, json: #"{"text": "x"}"#).status == .notFound)
            let auditor = try await harness.token(.auditor)
            let audit = try await harness.send(.GET, "/api/v1/audit?subjectType=incident&subjectId=\(id)", token: auditor)
            #expect(audit.json?.items?.array.compactMap { $0.action?.string } == ["incident.status", "incident.status", "incident.update", "incident.report"])
        }
    }

    @Test("an ended entrustment's return or deletion is certified once; a running one cannot be")
    func dispositions() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let path = "/api/v1/contractors/\(fixture.contractor)/entrustments/\(fixture.endedEntrustment)/disposition"
            let body = #"{"method": "deleted", "completedOn": "2025-07-10", "signatoryName": "Ken Mori", "signatoryTitle": "CISO"}"#
            let certified = try await harness.send(.POST, path, token: fixture.token, json: body)
            #expect(certified.status == .created, "\(certified.text)")
            #expect(certified.json?.disposition?.string == "deleted")
            #expect(certified.json?.dispositionCertificate?.signatoryName?.string == "Ken Mori")
            let twice = try await harness.send(.POST, path, token: fixture.token, json: body)
            #expect(twice.json?.errorFields == ["entrustmentId"])
            let running = try await harness.send(
                .POST, "/api/v1/contractors/\(fixture.contractor)/entrustments/\(fixture.entrustment)/disposition", token: fixture.token, json: body)
            #expect(running.status == .unprocessableEntity)
            #expect(running.json?.errors?[0]?.message?.string?.contains("not ended") == true)
            let invalid = try await harness.send(.POST, path, token: fixture.token, json: #"{"method": "shredded"}"#)
            #expect(Set(invalid.json?.errorFields ?? []) == ["method", "completedOn", "signatoryName"])
            #expect(try await harness.send(.POST, path, token: fixture.procurement, json: body).status == .forbidden)
        }
    }
}
