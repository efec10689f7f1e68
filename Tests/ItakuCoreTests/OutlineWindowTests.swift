import Foundation
import Testing

@testable import ItakuCore

@Suite("The revisions a re-derivation reads in outline")
struct OutlineWindowTests {
    static func contract(_ status: ContractStatus, from start: String, until end: String? = nil) -> Contract {
        var contract = World().contract!
        contract.id = UUID()
        contract.status = status
        contract.effectiveFrom = CalendarDay(start)!
        contract.expiresOn = end.flatMap(CalendarDay.init)
        return contract
    }

    @Test("from the earliest start of a signed contract not expired that day, and the latest period's")
    func window() {
        let contracts = [
            Self.contract(.signed, from: "2023-01-01", until: "2025-06-30"), Self.contract(.draft, from: "2020-01-01"),
            Self.contract(.terminated, from: "2019-01-01"), Self.contract(.signed, from: "2025-07-01"),
        ]
        let latest = CalendarDay("2022-03-31")!
        let today = OutlineWindow(contracts: contracts, latestPeriodEnd: latest, on: CalendarDay("2026-11-25")!)
        #expect(today.earliestContractStart == CalendarDay("2025-07-01"))
        #expect(!today.includes(periodEnd: CalendarDay("2025-06-30")!))
        #expect(today.includes(periodEnd: CalendarDay("2025-07-01")!))
        // The latest period's revisions whatever the contracts, for what the contractor last said.
        #expect(today.includes(periodEnd: latest))
        // The day the first contract expires it is still in force.
        let earlier = OutlineWindow(contracts: contracts, latestPeriodEnd: latest, on: CalendarDay("2025-06-30")!)
        #expect(earlier.earliestContractStart == CalendarDay("2023-01-01"))
        let none = OutlineWindow(contracts: [Self.contract(.issued, from: "2020-01-01")], latestPeriodEnd: latest, on: CalendarDay("2026-11-25")!)
        #expect(none.earliestContractStart == nil)
        #expect(!none.includes(periodEnd: CalendarDay("2030-01-01")!) && none.includes(periodEnd: latest))
    }

    @Test("every rule finds from the window's outlines what it finds from the whole history")
    func sameFindings() {
        var world = World()
        let old = Self.contract(.signed, from: "2021-01-01", until: "2023-12-31")
        world.contract?.effectiveFrom = CalendarDay("2024-01-01")!
        let template = world.attestations[0]
        // Two years under the old contract, 2024 accepted, 2025 missed, 2026 awaiting review.
        let periods: [(String, String, AttestationStatus)] = [
            ("2021-01-01", "2021-12-31", .accepted), ("2022-01-01", "2022-12-31", .rejected), ("2024-01-01", "2024-12-31", .accepted),
            ("2026-01-01", "2026-10-31", .submitted),
        ]
        world.attestations = periods.enumerated().map { index, period in
            var revision = template
            revision.id = UUID()
            revision.periodStart = CalendarDay(period.0)!
            revision.periodEnd = CalendarDay(period.1)!
            revision.status = period.2
            revision.submittedAt = World.now.addingTimeInterval(Double(index - periods.count) * 86_400)
            return revision
        }
        var whole = world.facts
        whole.contracts.append(old)
        let outlines = OutlineWindow.outlines(whole.attestations, contracts: whole.contracts, on: CalendarDay(World.now))
        #expect(outlines.map(\.periodStart) == [CalendarDay("2024-01-01")!, CalendarDay("2026-01-01")!])
        let windowed = ContractorFacts(
            contractor: whole.contractor, entrustments: whole.entrustments, contracts: whole.contracts, attestations: outlines,
            latestAttestation: whole.latestAttestation, incidents: whole.incidents, subcontractings: whole.subcontractings,
            subcontractors: whole.subcontractors)
        let found = RiskRules.evaluate(whole, in: world.context)
        #expect(found.contains { $0.rule == AttestationOverdue.id }, "the missed 2025 period is found")
        #expect(RiskRules.evaluate(windowed, in: world.context) == found)
    }
}
