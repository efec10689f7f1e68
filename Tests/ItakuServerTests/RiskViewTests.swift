import Foundation
import ItakuCore
import NIOCore
import Testing
import VaporTesting

@testable import ItakuServer

@Suite("Remembered risk views: served again only while nothing they show has moved")
struct RiskViewTests {
    @Test("a second read is answered from memory, byte for byte")
    func repeatedRead() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            _ = try await fixture.submit()
            let path = "/api/v1/contractors/\(fixture.contractor)/risk"
            let first = try await harness.send(.GET, path, token: fixture.compliance)
            let before = harness.app.riskViews.statistics
            let second = try await harness.send(.GET, path, token: fixture.procurement)
            let after = harness.app.riskViews.statistics
            #expect(first.status == .ok)
            #expect(second.text == first.text)
            #expect(second.headers.contentType == .json)
            #expect(after.hits == before.hits + 1)
            // The remembered view is still only for those allowed to read risk.
            #expect(try await harness.send(.GET, path, token: fixture.token).status == .forbidden)
            #expect(try await harness.send(.GET, path).status == .unauthorized)
        }
    }

    @Test("a submission's new flag, triage, a new policy and a terminated contract each show on the next read")
    func flagsContractAndPolicyMoveTheView() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            _ = try await fixture.submit(ReportingFixture.attestationBody(start: "2024-01-01", end: "2024-12-31"))
            let path = "/api/v1/contractors/\(fixture.contractor)/risk"
            let clean = try await harness.send(.GET, path, token: fixture.compliance)
            _ = try await harness.send(.GET, path, token: fixture.compliance)
            #expect(clean.json?.flags?.array.contains { $0.rule?.string == "third-party-disclosure" } == false)

            _ = try await fixture.submit(
                ReportingFixture.attestationBody().replacingOccurrences(
                    of: #""thirdPartyDisclosures": []"#,
                    with: #""thirdPartyDisclosures": [{"recipient": "List Broker", "basis": "none", "dataItems": ["name"], "records": 900, "date": "2025-06-01"}]"#))
            let flagged = try await harness.send(.GET, path, token: fixture.compliance)
            #expect(flagged.json?.flags?.array.contains { $0.rule?.string == "third-party-disclosure" } == true, "\(flagged.text)")
            #expect(flagged.json?.equivalence?.policyVersion?.int == 1)

            let disclosure = try #require(flagged.json?.flags?.array.first { $0.rule?.string == "third-party-disclosure" }?.id?.string)
            let acknowledged = try await harness.send(
                .POST, "/api/v1/flags/\(disclosure)/acknowledge", token: fixture.compliance, headers: [("If-Match", "1")])
            #expect(acknowledged.status == .ok, "\(acknowledged.text)")
            let seen = try await harness.send(.GET, path, token: fixture.compliance)
            #expect(seen.json?.flags?.array.first { $0.id?.string == disclosure }?.status?.string == "acknowledged", "\(seen.text)")

            let purposes = try await harness.send(.GET, "/api/v1/policy", token: fixture.compliance).json?.purposes?.array.compactMap(\.string) ?? []
            let published = try await harness.send(
                .PUT, "/api/v1/policy", token: fixture.compliance,
                json: """
                    {"purposes": [\(purposes.map { "\"\($0)\"" }.joined(separator: ", "))], "necessity": {"customer_support": ["name", "email"]},
                     "terms": [{"kind": "breach_notification_to_company", "parameters": {"notice_max_hours": 24}}]}
                    """)
            #expect(published.status == .created, "\(published.text)")
            await harness.services.scans.waitForAll()
            let republished = try await harness.send(.GET, path, token: fixture.compliance)
            #expect(republished.json?.equivalence?.policyVersion?.int == 2, "\(republished.text)")

            let terminated = try await harness.send(
                .POST, "/api/v1/contracts/\(fixture.contract)/terminate", token: fixture.procurement,
                json: #"{"reason": "work moved in-house", "terminatedOn": "2026-01-02"}"#)
            #expect(terminated.status == .ok, "\(terminated.text)")
            let ended = try await harness.send(.GET, path, token: fixture.compliance)
            #expect(ended.json?.contractId == nil, "\(ended.text)")
            #expect(ended.json?.flags?.array.contains { $0.rule?.string == "no-contract-in-force" } == true)
        }
    }

    @Test("a tier asked for two levels down shows in the first tier's tree")
    func deepTreeAndTriageMoveTheView() async throws {
        try await withHarness { harness in
            let chain = try await ChainFixture.make(harness, firstTierHours: 48)
            let (edges, contractors) = try await chain.chain(hours: [24])
            let path = "/api/v1/contractors/\(chain.firstTier)/risk"
            let one = try await harness.send(.GET, path, token: chain.compliance)
            _ = try await harness.send(.GET, path, token: chain.compliance)
            #expect(one.json?.subcontracting?.items?.array.count == 1, "\(one.text)")

            let secondTierToken = try await harness.contractorToken(contractors[1])
            let asked = try await chain.request(by: secondTierToken, as: contractors[1], to: "Tier 3 Services", parent: edges[0])
            #expect(asked.status == .created, "\(asked.text)")
            let two = try await harness.send(.GET, path, token: chain.compliance)
            #expect(two.json?.subcontracting?.items?.array.count == 2, "\(two.text)")

        }
    }

    @Test("authentication reads a risk view's stamp in the same lookup, only for those who may read risk")
    func stampComesWithAuthentication() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            _ = try await fixture.submit(ReportingFixture.attestationBody(start: "2024-01-01", end: "2024-12-31"))
            let id = try #require(UUID(uuidString: fixture.contractor))
            let credentials = harness.services.credentials
            let counters = try #require(try await harness.services.store.read { tx in try await tx.riskViewCounters(of: id) })

            let staff = try await credentials.authenticate(secret: fixture.compliance, readingRiskViewOf: id)
            #expect(staff.principal.role == .compliance)
            #expect(staff.riskViewStamp == RiskViewStamp(flags: counters.flags, structure: counters.structure, day: CalendarDay(harness.services.now())))
            // Not asked, not derived, or not allowed to read risk: no stamp, and the caller is still known.
            #expect(try await credentials.authenticate(secret: fixture.compliance, readingRiskViewOf: nil).riskViewStamp == nil)
            let unknown = try await credentials.authenticate(secret: fixture.compliance, readingRiskViewOf: UUID())
            #expect(unknown.principal.role == .compliance && unknown.riskViewStamp == nil)
            let contractor = try await credentials.authenticate(secret: fixture.token, readingRiskViewOf: id)
            #expect(contractor.principal.contractorID == id && contractor.riskViewStamp == nil)
            await #expect(throws: ItakuError.unauthenticated) {
                try await credentials.authenticate(secret: fixture.compliance + "x", readingRiskViewOf: id)
            }

            // A new flag moves the stamp authentication reads.
            let flagged = try await fixture.submit(
                ReportingFixture.attestationBody().replacingOccurrences(
                    of: #""thirdPartyDisclosures": []"#,
                    with: #""thirdPartyDisclosures": [{"recipient": "List Broker", "basis": "none", "dataItems": ["name"], "records": 900, "date": "2025-06-01"}]"#))
            #expect(flagged.status == .created, "\(flagged.text)")
            let moved = try await credentials.authenticate(secret: fixture.compliance, readingRiskViewOf: id)
            #expect(moved.riskViewStamp != nil && moved.riskViewStamp != staff.riskViewStamp)
        }
    }

    @Test("the cache serves a view only under its exact stamp, and keeps within its budget")
    func cacheRules() {
        let cache = RiskViewCache(budgetBytes: 4096)
        let id = UUID()
        let today = CalendarDay(Date())
        let stamp = RiskViewStamp(flags: 3, structure: 7, day: today)
        cache.remember(ByteBuffer(string: "{}"), contentType: "application/json", of: id, at: stamp)
        #expect(cache.view(of: id, at: stamp)?.body == ByteBuffer(string: "{}"))
        #expect(cache.view(of: id, at: RiskViewStamp(flags: 4, structure: 7, day: today)) == nil)
        #expect(cache.view(of: id, at: RiskViewStamp(flags: 3, structure: 8, day: today)) == nil)
        #expect(cache.view(of: id, at: RiskViewStamp(flags: 3, structure: 7, day: today.adding(days: 1))) == nil)
        #expect(cache.view(of: UUID(), at: stamp) == nil)

        // Too large for the budget: never remembered.
        cache.remember(ByteBuffer(repeating: 0x20, count: 2000), contentType: "application/json", of: UUID(), at: stamp)
        #expect(cache.statistics.views == 1)
        // Over budget: the least recently served go first.
        let ids = (0..<12).map { _ in UUID() }
        for other in ids { cache.remember(ByteBuffer(repeating: 0x20, count: 500), contentType: "application/json", of: other, at: stamp) }
        #expect(cache.statistics.views <= 8)
        #expect(cache.view(of: ids.last!, at: stamp) != nil)
        #expect(cache.view(of: id, at: stamp) == nil)
    }

    @Test("only the risk view's own path is recognised")
    func riskPath() {
        let id = UUID()
        #expect(RiskViewMiddleware.contractorID(inRiskPath: "/api/v1/contractors/\(id.uuidString.lowercased())/risk") == id)
        #expect(RiskViewMiddleware.contractorID(inRiskPath: "/api/v1/contractors/\(id.uuidString)/risk/x") == nil)
        #expect(RiskViewMiddleware.contractorID(inRiskPath: "/api/v1/contractors/not-a-uuid-but-36-characters-long!!/risk") == nil)
        #expect(RiskViewMiddleware.contractorID(inRiskPath: "/api/v1/contractors/\(id.uuidString)") == nil)
    }
}
