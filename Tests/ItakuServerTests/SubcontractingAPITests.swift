import Foundation
import ItakuCore
import Testing
import VaporTesting

@testable import ItakuServer

/// A first-tier contractor with an entrustment and a signed contract, ready to pass work on.
struct ChainFixture {
    let harness: Harness
    let procurement: String
    let compliance: String
    let firstTier: String
    let firstTierToken: String
    let entrustment: String

    static func make(_ harness: Harness, firstTierHours: Int) async throws -> ChainFixture {
        let procurement = try await harness.token(.procurement)
        let compliance = try await harness.token(.compliance)
        let firstTier = try await harness.registerContractor(procurement, name: "Tier One KK", corporateNumber: Fixtures.corporateNumber("100000000001"))
        let entrustment = try await harness.entrust(procurement, to: firstTier)
        let contract = try #require(
            try await harness.draftContract(
                procurement, for: firstTier, entrustments: [entrustment],
                obligations: #"[{"kind": "breach_notification_to_company", "parameters": {"notice_max_hours": \#(firstTierHours)}}]"#
            ).json?.id?.string)
        try await harness.issueAndSign(procurement, contract: contract)
        return ChainFixture(
            harness: harness, procurement: procurement, compliance: compliance, firstTier: firstTier,
            firstTierToken: try await harness.contractorToken(firstTier), entrustment: entrustment)
    }

    /// `token`'s contractor asks to pass work on; returns the request's reply.
    func request(
        by token: String, as contractor: String, to name: String, number: String? = nil, parent: String? = nil,
        items: [String] = ["email", "name"]
    ) async throws -> Reply {
        let holding = parent.map { #""parentSubcontractingId": "\#($0)""# } ?? #""entrustmentIds": ["\#(entrustment)"]"#
        let corporate = number.map { #", "corporateNumber": "\#($0)""# } ?? ""
        return try await harness.send(
            .POST, "/api/v1/contractors/\(contractor)/subcontractings", token: token,
            json: """
                {"subcontractor": {"legalName": "\(name)", "country": "JP"\(corporate)}, \(holding),
                 "purposes": ["customer_inquiries"], "dataItems": [\(items.map { "\"\($0)\"" }.joined(separator: ", "))],
                 "locations": ["JP"], "description": "call handling overflow"}
                """)
    }

    /// Compliance approves with the policy's terms, `hours` for breach notice and any `changes`.
    func approve(_ edge: String, hours: Int, changes: String = "") async throws -> Reply {
        try await harness.send(
            .POST, "/api/v1/subcontractings/\(edge)/approve", token: compliance,
            json: """
                {"startFromPolicy": true, "note": "checked",
                 "flowedDownTerms": [{"kind": "breach_notification_to_company", "parameters": {"notice_max_hours": \(hours)}}\(changes)]}
                """)
    }

    /// Builds a chain below the first tier with the given windows; returns edge ids and contractor ids per tier.
    func chain(hours: [Int], itemsAt: [Int: [String]] = [:], changesAt: [Int: String] = [:]) async throws -> (edges: [String], contractors: [String]) {
        var edges: [String] = []
        var contractors = [firstTier]
        var token = firstTierToken
        for (index, window) in hours.enumerated() {
            let reply = try await request(
                by: token, as: contractors.last!, to: "Tier \(index + 2) Services", parent: edges.last,
                items: itemsAt[index] ?? ["email", "name"])
            #expect(reply.status == .created, "\(reply.text)")
            let edge = try #require(reply.json?.id?.string)
            let child = try #require(reply.json?.childContractorId?.string)
            let approved = try await approve(edge, hours: window, changes: changesAt[index] ?? "")
            #expect(approved.status == .ok, "\(approved.text)")
            edges.append(edge)
            contractors.append(child)
            token = try await harness.contractorToken(child)
        }
        return (edges, contractors)
    }

    func tree(_ contractor: String, token: String? = nil) async throws -> [JSON] {
        let reply = try await harness.send(.GET, "/api/v1/contractors/\(contractor)/subcontractings", token: token ?? compliance)
        #expect(reply.status == .ok, "\(reply.text)")
        return reply.json?.items?.array ?? []
    }
}

@Suite("Sub-contracting over the API")
struct SubcontractingAPITests {
    @Test("a contractor asks, the organisation is registered in onboarding, compliance approves with flowed-down terms")
    func requestAndApprove() async throws {
        try await withHarness { harness in
            let fixture = try await ChainFixture.make(harness, firstTierHours: 8)
            let number = Fixtures.corporateNumber("200000000002")
            let reply = try await fixture.request(by: fixture.firstTierToken, as: fixture.firstTier, to: "Overflow Desk KK", number: number)
            #expect(reply.status == .created, "\(reply.text)")
            #expect(reply.json?.status?.string == "requested")
            let edge = try #require(reply.json?.id?.string)
            let child = try #require(reply.json?.childContractorId?.string)
            let registered = try await harness.send(.GET, "/api/v1/contractors/\(child)", token: fixture.procurement)
            #expect(registered.json?.status?.string == "onboarding")
            #expect(registered.json?.corporateNumber?.string == number)

            // The same organisation named again, by corporate number or by name, is matched, not duplicated.
            let byNumber = try await fixture.request(by: fixture.firstTierToken, as: fixture.firstTier, to: "Whatever Name", number: number)
            #expect(byNumber.json?.childContractorId?.string == child)
            let byName = try await fixture.request(by: fixture.firstTierToken, as: fixture.firstTier, to: "OVERFLOW DESK Co., Ltd.")
            #expect(byName.json?.childContractorId?.string == child)

            let approved = try await fixture.approve(edge, hours: 4)
            #expect(approved.status == .ok)
            #expect(approved.json?.status?.string == "approved")
            #expect(approved.json?.decidedByRole?.string == "compliance")
            #expect((approved.json?.flowedDownTerms?.array.count ?? 0) > 20)
            #expect(try await fixture.approve(edge, hours: 4).status == .conflict)

            let tree = try await fixture.tree(fixture.firstTier)
            let entry = tree.first { $0.subcontracting?.id?.string == edge }
            #expect(entry?.level?.int == 1)
            #expect(entry?.check?.isSound?.bool == true, "\(entry?.check?.problems?.array ?? [])")
            #expect(entry?.check?.latencyBudget?.totalHours?.int == 12)
        }
    }

    @Test("only the contractor's own token asks, for itself: another contractor's id is 404, staff get 403")
    func whoMayAsk() async throws {
        try await withHarness { harness in
            let fixture = try await ChainFixture.make(harness, firstTierHours: 8)
            let other = try await harness.registerContractor(fixture.procurement, name: "Bystander KK")
            let hidden = try await fixture.request(by: fixture.firstTierToken, as: other, to: "X KK")
            #expect(hidden.status == .notFound)
            let staff = try await fixture.request(by: fixture.procurement, as: fixture.firstTier, to: "X KK")
            #expect(staff.status == .forbidden)
            let notMine = try await harness.entrust(fixture.procurement, to: other)
            let foreign = try await harness.send(
                .POST, "/api/v1/contractors/\(fixture.firstTier)/subcontractings", token: fixture.firstTierToken,
                json: #"{"subcontractor": {"legalName": "Y KK", "country": "JP"}, "entrustmentIds": ["\#(notMine)"], "purposes": ["customer_inquiries"], "dataItems": ["name"], "locations": ["JP"]}"#)
            #expect(foreign.status == .unprocessableEntity)
            #expect(foreign.json?.errorFields == ["entrustmentIds[0]"])
            let incomplete = try await harness.send(
                .POST, "/api/v1/contractors/\(fixture.firstTier)/subcontractings", token: fixture.firstTierToken, json: "{}")
            #expect(Set(incomplete.json?.errorFields ?? []) == ["subcontractor.legalName", "subcontractor.country", "entrustmentIds", "purposes", "dataItems", "locations"])
            #expect(try await harness.send(.GET, "/api/v1/contractors/\(other)/subcontractings", token: fixture.firstTierToken).status == .notFound)
            let edge = try #require(try await fixture.request(by: fixture.firstTierToken, as: fixture.firstTier, to: "Z KK").json?.id?.string)
            #expect(try await harness.send(.POST, "/api/v1/subcontractings/\(edge)/approve", token: fixture.procurement, json: "{}").status == .forbidden)
        }
    }

    @Test("a depth-4 chain whose fourth tier is weaker: found and named")
    func depthFourWeakerTier() async throws {
        try await withHarness { harness in
            let fixture = try await ChainFixture.make(harness, firstTierHours: 8)
            let weaker = #", {"kind": "retention_limit", "parameters": {"max_retention_days": 9999}}"#
            let (edges, _) = try await fixture.chain(hours: [4, 2, 1, 1], changesAt: [3: weaker])
            let tree = try await fixture.tree(fixture.firstTier)
            #expect(tree.compactMap { $0.level?.int } == [1, 2, 3, 4])
            for edge in edges.prefix(3) {
                let entry = tree.first { $0.subcontracting?.id?.string == edge }
                #expect(entry?.check?.isSound?.bool == true, "\(entry?.check?.problems?.array ?? [])")
            }
            let fourth = tree.first { $0.subcontracting?.id?.string == edges[3] }
            #expect(fourth?.check?.depth?.int == 4)
            #expect(fourth?.check?.isSound?.bool == false)
            let shortfall = fourth?.check?.equivalence?.findings?.array.first { $0.status?.string != "equivalent" }
            #expect(shortfall?.kind?.string == "retention_limit")
            #expect(shortfall?.shortfalls?[0]?.parameter?.string == "max_retention_days")
            #expect(fourth?.check?.latencyBudget?.holds?.bool == true)
        }
    }

    @Test("scope widening at the third tier is named")
    func wideningAtThirdTier() async throws {
        try await withHarness { harness in
            let fixture = try await ChainFixture.make(harness, firstTierHours: 8)
            let (edges, _) = try await fixture.chain(hours: [4, 2, 1], itemsAt: [2: ["email", "name", "date_of_birth"]])
            let tree = try await fixture.tree(fixture.firstTier)
            let third = tree.first { $0.subcontracting?.id?.string == edges[2] }
            #expect(third?.check?.scopeNarrowing?.holds?.bool == false)
            #expect(third?.check?.scopeNarrowing?.extraDataItems?.array.compactMap(\.string) == ["date_of_birth"])
            #expect(third?.check?.problems?.array.first?.string?.contains("wider than the tier above") == true)
            let second = tree.first { $0.subcontracting?.id?.string == edges[1] }
            #expect(second?.check?.scopeNarrowing?.holds?.bool == true)
        }
    }

    @Test("a tier that keeps its parent's window breaks the latency budget")
    func latencyBudget() async throws {
        try await withHarness { harness in
            let fixture = try await ChainFixture.make(harness, firstTierHours: 12)
            let (edges, _) = try await fixture.chain(hours: [12, 12])
            let tree = try await fixture.tree(fixture.firstTier)
            let first = tree.first { $0.subcontracting?.id?.string == edges[0] }
            #expect(first?.check?.latencyBudget?.holds?.bool == true)
            let second = tree.first { $0.subcontracting?.id?.string == edges[1] }
            #expect(second?.check?.latencyBudget?.holds?.bool == false)
            #expect(second?.check?.latencyBudget?.totalHours?.int == 36)
            #expect(second?.check?.latencyBudget?.budgetHours?.int == 24)
        }
    }

    @Test("a request that would close a cycle, or names the requester itself, is 422")
    func cycles() async throws {
        try await withHarness { harness in
            let fixture = try await ChainFixture.make(harness, firstTierHours: 8)
            let (edges, contractors) = try await fixture.chain(hours: [4, 2])
            let lastToken = try await harness.contractorToken(contractors[2])
            let cycle = try await fixture.request(
                by: lastToken, as: contractors[2], to: "Tier One KK", number: Fixtures.corporateNumber("100000000001"), parent: edges[1])
            #expect(cycle.status == .unprocessableEntity)
            #expect(cycle.json?.errorFields == ["subcontractor"])
            #expect(cycle.json?.errors?[0]?.message?.string?.contains("cycle") == true)
            let selfish = try await fixture.request(by: fixture.firstTierToken, as: fixture.firstTier, to: "Tier One KK")
            #expect(selfish.status == .unprocessableEntity)
            let unheld = try await fixture.request(by: lastToken, as: contractors[2], to: "Q KK", parent: edges[0])
            #expect(unheld.json?.errorFields == ["parentSubcontractingId"])
        }
    }

    @Test("reject needs a reason; revoking an approval revokes every tier below it")
    func rejectAndRevoke() async throws {
        try await withHarness { harness in
            let fixture = try await ChainFixture.make(harness, firstTierHours: 8)
            let pending = try #require(try await fixture.request(by: fixture.firstTierToken, as: fixture.firstTier, to: "Maybe KK").json?.id?.string)
            let noReason = try await harness.send(.POST, "/api/v1/subcontractings/\(pending)/reject", token: fixture.compliance, json: "{}")
            #expect(noReason.json?.errorFields == ["reason"])
            let rejected = try await harness.send(
                .POST, "/api/v1/subcontractings/\(pending)/reject", token: fixture.compliance, json: #"{"reason": "no Privacy Mark"}"#)
            #expect(rejected.json?.status?.string == "rejected")
            #expect(rejected.json?.decisionNote?.string == "no Privacy Mark")

            let (edges, _) = try await fixture.chain(hours: [4, 2, 1])
            let revoked = try await harness.send(
                .POST, "/api/v1/subcontractings/\(edges[0])/revoke", token: fixture.compliance, json: #"{"reason": "audit failed"}"#,
                headers: [("If-Match", "2")])
            #expect(revoked.status == .ok, "\(revoked.text)")
            for edge in edges {
                let state = try await harness.send(.GET, "/api/v1/subcontractings/\(edge)", token: fixture.compliance)
                #expect(state.json?.status?.string == "revoked")
            }
            let auditor = try await harness.token(.auditor)
            let audit = try await harness.send(.GET, "/api/v1/audit?action=subcontracting.revoke", token: auditor)
            #expect(audit.json?.items?.array.count == 3)
        }
    }

    @Test("the first tier's contract must carry the sub-contracting terms once it sub-contracts")
    func contractRequiresSubcontractingTerms() async throws {
        try await withHarness { harness in
            let fixture = try await ChainFixture.make(harness, firstTierHours: 8)
            let entrustment = try await harness.entrust(fixture.procurement, to: fixture.firstTier)
            let draft = try #require(
                try await harness.draftContract(
                    fixture.procurement, for: fixture.firstTier, entrustments: [entrustment], omit: ["subprocessor_flow_down"]
                ).json?.id?.string)
            let before = try await harness.send(.GET, "/api/v1/contracts/\(draft)/equivalence", token: fixture.procurement)
            #expect(before.json?.verdict?.string == "equivalent")
            _ = try await fixture.request(by: fixture.firstTierToken, as: fixture.firstTier, to: "Helper KK")
            let after = try await harness.send(.GET, "/api/v1/contracts/\(draft)/equivalence", token: fixture.procurement)
            #expect(after.json?.conditions?.array.compactMap(\.string) == ["subcontracting"])
            #expect(after.json?.findings?.array.filter { $0.status?.string == "missing" }.compactMap { $0.kind?.string } == ["subprocessor_flow_down"])
        }
    }
}
