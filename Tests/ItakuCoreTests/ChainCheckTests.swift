import Foundation
import Testing

@testable import ItakuCore

@Suite("Chain checks down the sub-contracting graph")
struct ChainCheckTests {
    typealias F = EquivalenceFixture

    let tier1 = UUID()
    let entrustment: Entrustment
    let scope = TierScope(purposes: ["customer_inquiries"], dataItems: ["email", "name"], locations: ["JP"])

    init() {
        entrustment = Entrustment(
            id: UUID(), contractorID: tier1,
            scope: EntrustmentScope(
                title: "Desk", purposes: ["customer_inquiries", "customer_support"], subjectCategories: ["customers"],
                dataItems: ["email", "name", "telephone"], estimatedRecords: 10, locations: ["JP"], retentionDays: 30,
                startsOn: CalendarDay("2026-01-01")!),
            version: 1, createdAt: Date(), updatedAt: Date())
    }

    /// Terms that mirror the policy for a tier that itself sub-contracts, with the given notice window.
    func terms(hours: Int, drop: String? = nil) -> [ObligationTerm] {
        var facts = scope.facts
        facts.hasSubcontracting = true
        return F.mirror(for: facts).compactMap { term in
            if term.kind == drop { return nil }
            var term = term
            if term.kind == "breach_notification_to_company" { term.parameters["notice_max_hours"] = .number(hours) }
            return term
        }
    }

    /// A chain tier1 → c1 → c2 → … with one edge per entry of `hours`.
    func chain(hours: [Int], scopes: [TierScope]? = nil, dropAt: (Int, String)? = nil) -> [Subcontracting] {
        var edges: [Subcontracting] = []
        var parent = tier1
        for (index, window) in hours.enumerated() {
            let child = UUID()
            edges.append(
                Subcontracting(
                    id: UUID(), parentContractorID: parent, childContractorID: child,
                    entrustmentIDs: index == 0 ? [entrustment.id] : [], parentSubcontractingID: edges.last?.id,
                    scope: scopes?[index] ?? scope, description: nil, status: .approved,
                    flowedDownTerms: terms(hours: window, drop: dropAt?.0 == index ? dropAt?.1 : nil), requestedAt: Date(),
                    requestedBy: "t", decidedAt: Date(), decidedBy: "c", decidedByRole: "compliance"))
            parent = child
        }
        return edges
    }

    func evaluate(_ edges: [Subcontracting], firstTierHours: Int = 8) -> [UUID: ChainCheck.EdgeReport] {
        ChainCheck.evaluate(
            edges: edges, entrustments: [entrustment.id: entrustment], firstTierWindows: [tier1: .number(firstTierHours)],
            policy: F.policy, catalog: F.catalog)
    }

    @Test("reporting on some edges gives exactly their reports, the rest of the graph still read for context")
    func reportingOnSome() {
        let edges = chain(hours: [8, 4, 24, 1])
        let all = evaluate(edges)
        let wanted: Set<UUID> = [edges[2].id, edges[3].id]
        let some = ChainCheck.evaluate(
            edges: edges, entrustments: [entrustment.id: entrustment], firstTierWindows: [tier1: .number(8)],
            policy: F.policy, catalog: F.catalog, reportingOn: wanted)
        #expect(Set(some.keys) == wanted)
        #expect(some[edges[2].id] == all[edges[2].id])
        #expect(some[edges[3].id] == all[edges[3].id])
        #expect(some[edges[2].id]?.isSound == false, "the widened window above is still seen")
    }

    @Test("a sound chain passes every check at every depth")
    func soundChain() {
        let edges = chain(hours: [8, 4, 2, 1])
        let reports = evaluate(edges, firstTierHours: 8)
        #expect(reports.count == 4)
        for (depth, edge) in edges.enumerated() {
            let report = reports[edge.id]
            #expect(report?.depth == depth + 1)
            #expect(report?.isSound == true, "\(report?.problems ?? [])")
        }
        #expect(reports[edges[3].id]?.latencyBudget.totalHours == 23)
        #expect(reports[edges[3].id]?.path.count == 5)
    }

    @Test("a fourth tier whose terms are weaker is found and named, against the company's policy")
    func weakFourthTier() {
        let edges = chain(hours: [8, 4, 2, 1], dropAt: (3, "no_secondary_provision"))
        let reports = evaluate(edges)
        #expect(reports[edges[2].id]?.isSound == true)
        let fourth = reports[edges[3].id]
        #expect(fourth?.isSound == false)
        #expect(fourth?.equivalence.shortfalls.map(\.kind) == ["no_secondary_provision"])
        #expect(fourth?.problems.first?.contains("not equivalent") == true)
    }

    @Test("scope widening at the third tier is named with the extra items and countries")
    func wideningAtThirdTier() {
        let wider = TierScope(purposes: ["customer_inquiries"], dataItems: ["email", "name", "date_of_birth"], locations: ["JP", "VN"])
        let edges = chain(hours: [8, 4, 2], scopes: [scope, scope, wider])
        let reports = evaluate(edges)
        #expect(reports[edges[1].id]?.scopeNarrowing.holds == true)
        let third = reports[edges[2].id]
        #expect(third?.scopeNarrowing.holds == false)
        #expect(third?.scopeNarrowing.extraDataItems == ["date_of_birth"])
        #expect(third?.scopeNarrowing.extraLocations == ["VN"])
        // VN also makes the transfer terms necessary, which the mirrored terms lack.
        #expect(third?.equivalence.shortfalls.map(\.kind).contains("international_transfer_controls") == true)
    }

    @Test("a first tier is checked against the entrustments it passes on")
    func firstTierAgainstEntrustments() {
        let wide = TierScope(purposes: ["customer_inquiries", "customer_surveys"], dataItems: ["name"], locations: ["JP"])
        let report = evaluate(chain(hours: [8], scopes: [wide])).values.first
        #expect(report?.scopeNarrowing.extraPurposes == ["customer_surveys"])
    }

    @Test("a tier that keeps its parent's window breaks the latency budget")
    func latencyBudgetBroken() {
        let edges = chain(hours: [12, 12])
        let reports = evaluate(edges, firstTierHours: 12)
        // 12 h at the first tier and 12 h below it just fit the company's 24 h…
        let first = reports[edges[0].id]
        #expect(first?.latencyBudget.holds == true)
        #expect(first?.latencyBudget.totalHours == 24)
        // …but a third tier that keeps its parent's 12 h does not.
        let second = reports[edges[1].id]
        #expect(second?.latencyBudget.holds == false)
        #expect(second?.latencyBudget.totalHours == 36)
        #expect(second?.latencyBudget.explanation.contains("more than the company's own 24") == true)
        #expect(second?.isSound == false)
        let halving = chain(hours: [6, 3])
        #expect(evaluate(halving, firstTierHours: 12)[halving[1].id]?.latencyBudget.totalHours == 21)
        #expect(evaluate(halving, firstTierHours: 12)[halving[1].id]?.latencyBudget.holds == true)
    }

    @Test("an unspecified window or a first tier without a contract cannot be shown to fit the budget")
    func latencyUnknown() {
        var edges = chain(hours: [4])
        let index = edges[0].flowedDownTerms.firstIndex { $0.kind == "breach_notification_to_company" }!
        edges[0].flowedDownTerms[index].parameters["notice_max_hours"] = .unspecified
        #expect(evaluate(edges)[edges[0].id]?.latencyBudget.holds == false)
        let noContract = ChainCheck.evaluate(
            edges: chain(hours: [4]), entrustments: [entrustment.id: entrustment], firstTierWindows: [:], policy: F.policy,
            catalog: F.catalog)
        #expect(noContract.values.first?.latencyBudget.explanation.contains("first tier's contract in force") == true)
    }

    @Test("for the individual number every tier must be approved by the company itself")
    func individualNumberApproval() {
        let numbers = TierScope(purposes: ["customer_inquiries"], dataItems: ["my_number", "name"], locations: ["JP"])
        var edges = chain(hours: [8, 4], scopes: [numbers, numbers])
        #expect(evaluate(edges)[edges[1].id]?.companyApprovedEveryTier == true)
        edges[0].decidedByRole = "contractor"
        let report = evaluate(edges)[edges[1].id]
        #expect(report?.companyApprovedEveryTier == false)
        #expect(report?.problems.contains { $0.contains("individual number") } == true)
        let plain = chain(hours: [8])
        #expect(evaluate(plain)[plain[0].id]?.companyApprovedEveryTier == true)
    }

    @Test("only approved edges are checked; requested ones are not yet bound by terms")
    func requestedEdgesAreNotChecked() {
        var edges = chain(hours: [8, 4])
        edges[1].status = .requested
        let reports = evaluate(edges)
        #expect(reports[edges[0].id] != nil)
        #expect(reports[edges[1].id] == nil)
    }

    @Test("a path through live edges closes a cycle; rejected edges do not count")
    func cycles() {
        var edges = chain(hours: [8, 4])
        let last = edges[1].childContractorID
        #expect(SubcontractingDesk.path(from: last, to: tier1, in: edges) == false)
        #expect(SubcontractingDesk.path(from: tier1, to: last, in: edges) == true)
        edges[0].status = .rejected
        #expect(SubcontractingDesk.path(from: tier1, to: last, in: edges) == false)
    }
}
