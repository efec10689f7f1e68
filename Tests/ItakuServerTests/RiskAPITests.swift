import Foundation
import ItakuCore
import Testing
import VaporTesting

@testable import ItakuServer

@Suite("Risk flags, scores and the portfolio over the API")
struct RiskAPITests {
    @Test("an attestation naming an unapproved sub-contractor raises a critical flag in its own response cycle; approving resolves it")
    func acceptanceStory() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let helper = #"[{"name": "Night Shift Helpers KK", "country": "JP", "dataItems": ["name"]}]"#
            let submitted = try await fixture.submit(
                ReportingFixture.attestationBody().replacingOccurrences(of: #""subcontractorsUsed": []"#, with: #""subcontractorsUsed": \#(helper)"#))
            #expect(submitted.status == .created, "\(submitted.text)")
            let attestation = try #require(submitted.json?.id?.string)

            let flags = try await harness.send(
                .GET, "/api/v1/flags?contractorId=\(fixture.contractor)&rule=unapproved-subcontractor", token: fixture.compliance)
            let flag = try #require(flags.json?.items?[0])
            #expect(flag.severity?.string == "critical")
            #expect(flag.status?.string == "open")
            #expect(flag.explanation?.string?.contains("Night Shift Helpers KK") == true)
            #expect(flag.evidence?.array.contains { $0.type?.string == "attestation" && $0.id?.string == attestation } == true)

            let requested = try await harness.send(
                .POST, "/api/v1/contractors/\(fixture.contractor)/subcontractings", token: fixture.token,
                json: #"{"subcontractor": {"legalName": "Night Shift Helpers KK", "country": "JP"}, "entrustmentIds": ["\#(fixture.entrustment)"], "purposes": ["customer_inquiries"], "dataItems": ["name"], "locations": ["JP"]}"#)
            let edge = try #require(requested.json?.id?.string)
            let approved = try await harness.send(
                .POST, "/api/v1/subcontractings/\(edge)/approve", token: fixture.compliance,
                json: #"{"startFromPolicy": true, "flowedDownTerms": [{"kind": "breach_notification_to_company", "parameters": {"notice_max_hours": 0}}]}"#)
            #expect(approved.status == .ok, "\(approved.text)")

            let after = try await harness.send(.GET, "/api/v1/flags/\(try #require(flag.id?.string))", token: fixture.compliance)
            #expect(after.json?.status?.string == "resolved")
            #expect(after.json?.resolvedAt?.string != nil)
        }
    }

    @Test("compliance acknowledges and waives with If-Match; a waived flag stops counting; others may not triage")
    func triage() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            _ = try await fixture.submit(
                ReportingFixture.attestationBody().replacingOccurrences(of: #""locations": ["JP"]"#, with: #""locations": ["JP", "VN"]"#))
            let list = try await harness.send(.GET, "/api/v1/flags?contractorId=\(fixture.contractor)&status=open", token: fixture.compliance)
            let flag = try #require(list.json?.items?.array.first { $0.rule?.string == "location-not-approved" })
            let id = try #require(flag.id?.string)
            let risk = try await harness.send(.GET, "/api/v1/contractors/\(fixture.contractor)/risk", token: fixture.procurement)
            let before = try #require(risk.json?.score?.score?.int)
            #expect(before >= 15)

            #expect(try await harness.send(.POST, "/api/v1/flags/\(id)/acknowledge", token: fixture.procurement, headers: [("If-Match", "1")]).status == .forbidden)
            #expect(try await harness.send(.POST, "/api/v1/flags/\(id)/acknowledge", token: fixture.compliance).status.code == 428)
            let acknowledged = try await harness.send(.POST, "/api/v1/flags/\(id)/acknowledge", token: fixture.compliance, headers: [("If-Match", "1")])
            #expect(acknowledged.json?.status?.string == "acknowledged")
            #expect(acknowledged.json?.acknowledgedBy?.string != nil)

            let badWaiver = try await harness.send(
                .POST, "/api/v1/flags/\(id)/waive", token: fixture.compliance, json: #"{"expiresOn": "2020-01-01"}"#, headers: [("If-Match", "2")])
            #expect(Set(badWaiver.json?.errorFields ?? []) == ["reason", "expiresOn"])
            let until = CalendarDay(Date()).adding(days: 30).description
            let waived = try await harness.send(
                .POST, "/api/v1/flags/\(id)/waive", token: fixture.compliance,
                json: #"{"reason": "Backup site in Hanoi approved by the board until migration.", "expiresOn": "\#(until)"}"#, headers: [("If-Match", "2")])
            #expect(waived.status == .ok, "\(waived.text)")
            #expect(waived.json?.status?.string == "waived")
            #expect(waived.json?.waiver?.expiresOn?.string == until)
            let after = try await harness.send(.GET, "/api/v1/contractors/\(fixture.contractor)/risk", token: fixture.procurement)
            #expect(after.json?.score?.score?.int == before - 15)

            // Re-deriving (another submission) keeps the waiver.
            _ = try await fixture.reportIncident()
            #expect(try await harness.send(.GET, "/api/v1/flags/\(id)", token: fixture.compliance).json?.status?.string == "waived")
            #expect(try await harness.send(.GET, "/api/v1/flags", token: fixture.token).status == .forbidden)
        }
    }

    @Test("the portfolio ranks the worst contractors first, with live flags counted by rule and severity")
    func portfolio() async throws {
        try await withHarness { harness in
            let clean = try await ReportingFixture.make(harness, name: "Clean KK")
            _ = try await clean.submit()
            let messy = try await ReportingFixture.make(harness, name: "Messy KK")
            _ = try await messy.submit(
                ReportingFixture.attestationBody().replacingOccurrences(
                    of: #""thirdPartyDisclosures": []"#,
                    with: #""thirdPartyDisclosures": [{"recipient": "List Broker", "basis": "none", "dataItems": ["name"], "records": 900, "date": "2025-06-01"}]"#))
            let reply = try await harness.send(.GET, "/api/v1/portfolio", token: messy.compliance)
            #expect(reply.status == .ok)
            let names = reply.json?.items?.array.compactMap { $0.legalName?.string } ?? []
            #expect(names.first == "Messy KK")
            #expect(names.contains("Clean KK"))
            let counts = reply.json?.counts?.array ?? []
            #expect(counts.contains { $0.rule?.string == "third-party-disclosure" && $0.severity?.string == "critical" && $0.count?.int == 1 })

            let risk = try await harness.send(.GET, "/api/v1/contractors/\(messy.contractor)/risk", token: messy.compliance)
            #expect(risk.json?.score?.critical?.int == 1)
            #expect(risk.json?.equivalence?.verdict?.string == "equivalent")
            #expect(risk.json?.contractId?.string == messy.contract)
            #expect(risk.json?.subcontracting?.items?.array.isEmpty == true)
        }
    }

    @Test("a scan or re-derivation that finds nothing new writes no score, so remembered risk views stay valid")
    func quietScanKeepsStamps() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let id = try #require(UUID(uuidString: fixture.contractor))
            func scan() async throws -> Scan {
                try await harness.services.risk.run(try await harness.services.risk.startScan(trigger: "test", by: .system("test"))).scan
            }
            func stamp() async throws -> Int? {
                try await harness.services.store.read { tx in try await tx.riskViewCounters(of: id)?.flags }
            }
            _ = try await scan()
            let settled = try await stamp()
            #expect(settled != nil)
            let quiet = try await scan()
            #expect(quiet.status == .finished && quiet.opened + quiet.changed + quiet.resolved == 0)
            #expect(try await stamp() == settled)
            // Re-deriving one contractor whose facts did not change writes nothing either.
            try await harness.services.store.write { tx in try await harness.services.upkeep.rederive([id], at: harness.services.now(), in: tx) }
            #expect(try await stamp() == settled)
            let view = try await harness.send(.GET, "/api/v1/contractors/\(fixture.contractor)/risk", token: fixture.compliance)
            #expect(view.status == .ok)
        }
    }

    @Test("publishing a policy re-derives the portfolio in the background, with progress visible")
    func policyRescan() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let policy = try await harness.send(.GET, "/api/v1/policy", token: fixture.compliance)
            let purposes = (policy.json?.purposes?.array.compactMap(\.string) ?? []).filter { $0 != "customer_inquiries" }
            let terms = try #require(policy.json?.terms?.array)
            _ = terms
            let body = """
                {"purposes": [\(purposes.map { "\"\($0)\"" }.joined(separator: ", "))], "necessity": {"customer_support": ["name", "email"]},
                 "terms": [{"kind": "breach_notification_to_company", "parameters": {"notice_max_hours": 24}}]}
                """
            let published = try await harness.send(.PUT, "/api/v1/policy", token: fixture.compliance, json: body)
            #expect(published.status == .created, "\(published.text)")
            let scanID = try #require(published.json?.rescanId?.string)
            await harness.services.scans.waitForAll()
            let scan = try await harness.send(.GET, "/api/v1/scans/\(scanID)", token: fixture.compliance)
            #expect(scan.json?.status?.string == "finished")
            #expect(scan.json?.total?.int == scan.json?.done?.int)
            #expect(scan.json?.trigger?.string == "policy version 2")
            let flags = try await harness.send(.GET, "/api/v1/flags?contractorId=\(fixture.contractor)&rule=purpose-not-declared", token: fixture.compliance)
            #expect(flags.json?.items?.array.count == 1)

            let started = try await harness.send(.POST, "/api/v1/scans", token: fixture.compliance)
            #expect(started.status == .accepted)
            #expect(started.headers.first(name: .location)?.hasPrefix("/api/v1/scans/") == true)
            await harness.services.scans.waitForAll()
            #expect(try await harness.send(.POST, "/api/v1/scans", token: fixture.procurement).status == .forbidden)
            #expect((try await harness.send(.GET, "/api/v1/scans", token: fixture.procurement).json?.items?.array.count ?? 0) >= 2)
        }
    }

    @Test("a write after a new policy version judges by that version, with no scan in between")
    func writeAfterPolicyChange() async throws {
        try await withHarness { harness in
            let fixture = try await ReportingFixture.make(harness)
            let services = harness.services
            let id = try #require(UUID(uuidString: fixture.contractor))
            func purposeFlags() async throws -> Int {
                try await services.store.read { tx in try await tx.flags(ofContractor: id) }
                    .filter { $0.rule == "purpose-not-declared" && $0.status == .open }.count
            }
            // The write's evaluator now holds version 1, which declares the entrusted purpose.
            try await services.store.write { tx in try await services.upkeep.rederive([id], at: services.now(), in: tx) }
            #expect(try await purposeFlags() == 0)
            // Version 2 no longer declares it; stored directly, so no background scan runs.
            let next = try await services.store.write { tx in
                var policy = try #require(try await tx.currentPolicy())
                policy.version += 1
                policy.createdAt = services.now()
                policy.content.purposes.removeAll { $0 == "customer_inquiries" }
                try await tx.insert(policy)
                return policy
            }
            try await services.store.write { tx in try await services.upkeep.rederive([id], at: services.now(), in: tx) }
            #expect(try await purposeFlags() == 1, "re-derived by policy version \(next.version)")
        }
    }

    @Test("a generated demo portfolio raises most kinds of finding, and a second scan changes nothing")
    func demoPortfolio() async throws {
        try await withHarness { harness in
            let services = harness.services
            let (policy, questionnaire) = try await services.store.read { tx in (try await tx.currentPolicy()!, try await tx.currentQuestionnaire()!) }
            let demo = DemoPortfolio.generate(
                contractors: 400, policy: policy, catalog: services.catalog, questionnaire: questionnaire, today: CalendarDay(services.now()))
            #expect(demo.subcontractings.contains { $0.parentSubcontractingID != nil })
            try await services.store.write { tx in try await tx.insert(demo) }
            let first = try await services.risk.run(try await services.risk.startScan(trigger: "test", by: .system("test"))).scan
            #expect(first.status == .finished)
            #expect(first.total == 400)
            #expect(first.opened > 100)
            let (_, counts) = try await services.risk.portfolio(page: PageRequest(limit: 5), by: .system("test"))
            let rules = Set(counts.map(\.rule))
            #expect(rules.count >= 14, "\(rules.sorted())")
            let second = try await services.risk.run(try await services.risk.startScan(trigger: "again", by: .system("test"))).scan
            #expect(second.opened == 0 && second.changed == 0 && second.resolved == 0)
        }
    }

    @Test("re-deriving each contractor alone, after a scan, finds exactly what the scan found")
    func incrementalAgreesWithScan() async throws {
        try await withHarness { harness in
            let services = harness.services
            let (policy, questionnaire) = try await services.store.read { tx in (try await tx.currentPolicy()!, try await tx.currentQuestionnaire()!) }
            let demo = DemoPortfolio.generate(
                contractors: 200, policy: policy, catalog: services.catalog, questionnaire: questionnaire, today: CalendarDay(services.now()))
            // Sub-contractors that head chains of their own are the case re-derivation reads least of.
            let heads = Set(demo.subcontractings.filter { $0.parentSubcontractingID == nil }.map(\.parentContractorID))
            let headingChildren = demo.subcontractings.filter { heads.contains($0.childContractorID) }.count
            #expect(headingChildren > 0)
            try await services.store.write { tx in try await tx.insert(demo) }
            _ = try await services.risk.run(try await services.risk.startScan(trigger: "test", by: .system("test")))
            let scanned = try await Self.allFlags(in: services.store)
            #expect(scanned.contains { $0.rule == SubcontractorNotEquivalent.id }, "chain checks are exercised")
            for id in demo.contractors.map(\.id) {
                try await services.store.write { tx in try await services.upkeep.rederive([id], at: services.now(), in: tx) }
            }
            let after = try await Self.allFlags(in: services.store)
            #expect(after.count == scanned.count)
            for (a, b) in zip(after, scanned) where a != b { Issue.record("\(a)\n!=\n\(b)"); break }
        }
    }

    private static func allFlags(in store: any Store) async throws -> [RiskFlag] {
        try await store.read { tx in try await tx.portfolioSnapshot() }.flags.sorted { $0.id.uuidString < $1.id.uuidString }
    }

    @Test("two schedulers on one database run the due slot once, and not again")
    func scheduler() async throws {
        try await withHarness { harness in
            // One moment for all three runs: on the wall clock a slow run could cross into the next
            // hour's slot between them (it did, in CI at 13:00).
            let moment = harness.services.now()
            let first = RiskScheduler(services: harness.services, interval: 3600, now: { moment })
            let second = RiskScheduler(services: harness.services, interval: 3600, now: { moment })
            async let a: Void = first.runDueSlot()
            async let b: Void = second.runDueSlot()
            _ = await (a, b)
            await first.runDueSlot()
            let scheduled = try await harness.services.risk.scans(by: .system("test")).filter { $0.trigger.hasPrefix("schedule") }
            #expect(scheduled.count == 1)
            #expect(scheduled.first?.status == .finished)
            #expect(RiskScheduler.slot(of: Timestamp.date("2026-11-25T10:59:00.000Z")!, interval: 3600) == "risk-scan@2026-11-25T10:00:00.000Z")
        }
    }
}
