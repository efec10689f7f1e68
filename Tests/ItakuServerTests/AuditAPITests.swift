import Foundation
import ItakuCore
import Testing
import VaporTesting

@testable import ItakuServer

@Suite("The audit record over the API")
struct AuditAPITests {
    @Test("every write appears in the audit list with actor, role, action, subject and before/after")
    func writesAreAudited() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement, username: "pat")
            let contractor = try await harness.registerContractor(procurement)
            let entrustment = try await harness.entrust(procurement, to: contractor)
            _ = try await harness.send(
                .PATCH, "/api/v1/contractors/\(contractor)", token: procurement, json: #"{"status": "active"}"#,
                headers: [("If-Match", "1")])

            let auditor = try await harness.token(.auditor)
            let reply = try await harness.send(.GET, "/api/v1/audit?actor=pat", token: auditor)
            #expect(reply.status == .ok)
            let actions = reply.json?.items?.array.compactMap { $0.action?.string }
            #expect(actions == ["contractor.update", "entrustment.create", "contractor.create"])
            let update = try #require(reply.json?.items?[0])
            #expect(update.role?.string == "procurement")
            #expect(update.subjectId?.string == contractor)
            #expect(update.before?.profile?.status?.string == "onboarding")
            #expect(update.after?.profile?.status?.string == "active")
            #expect(update.previousHash?.string == reply.json?.items?[1]?.hash?.string)
            let created = try #require(reply.json?.items?[1])
            #expect(created.subjectId?.string == entrustment)
            #expect(created.before == nil)

            let bySubject = try await harness.send(.GET, "/api/v1/audit?subjectType=contractor&subjectId=\(contractor)", token: auditor)
            #expect(bySubject.json?.items?.array.count == 2)
            // Nine as before the shipped templates, plus the five templates installed at start.
            #expect(try await harness.services.audit.verify(by: .system("test")) == .intact(count: 14))
        }
    }

    @Test("auditors, compliance and admins read the audit list; procurement and contractors may not")
    func whoReadsTheAudit() async throws {
        try await withHarness { harness in
            for role in [Role.auditor, .compliance, .admin] {
                #expect(try await harness.send(.GET, "/api/v1/audit", token: try await harness.token(role)).status == .ok)
            }
            let procurement = try await harness.token(.procurement)
            #expect(try await harness.send(.GET, "/api/v1/audit", token: procurement).status == .forbidden)
            let contractor = try await harness.contractorToken(try await harness.registerContractor(procurement))
            #expect(try await harness.send(.GET, "/api/v1/audit", token: contractor).status == .forbidden)
        }
    }

    @Test("the audit list pages newest first")
    func pages() async throws {
        try await withHarness { harness in
            let procurement = try await harness.token(.procurement)
            for index in 0..<5 { _ = try await harness.registerContractor(procurement, name: "C\(index)") }
            let auditor = try await harness.token(.auditor)
            var sequences: [Int] = []
            var cursor: String?
            repeat {
                let query = cursor.map { "&cursor=\($0)" } ?? ""
                let page = try await harness.send(.GET, "/api/v1/audit?limit=3\(query)", token: auditor)
                sequences += page.json?.items?.array.compactMap { $0.sequence?.int } ?? []
                cursor = page.json?.nextCursor?.string
            } while cursor != nil
            #expect(sequences == Array((1...sequences.count).reversed()))
        }
    }
}
