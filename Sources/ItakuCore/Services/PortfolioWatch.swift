import Foundation

/// What the dashboard watches across the portfolio: contracts about to lapse, incidents whose
/// clocks are running, contractors behind on their attestations.
public struct PortfolioWatch: Sendable {
    let store: any Store
    let catalog: Catalog
    let now: @Sendable () -> Date

    public init(store: any Store, catalog: Catalog, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.catalog = catalog
        self.now = now
    }

    /// How far ahead "expiring soon" looks.
    public static let expiryHorizonDays = 60

    /// The lists, each capped at `limit`, with the contractor names they are shown with.
    public struct Watchlist: Sendable {
        public var expiringContracts: [Contract]
        public var unclosedIncidents: [IncidentDesk.Report]
        public var overdueAttestations: [RiskFlag]
        public var contractorNames: [UUID: String]
    }

    public func watchlist(limit: Int, by principal: Principal) async throws -> Watchlist {
        // A fixed number of queries whatever the limit: the policy once, the incidents' contracts together.
        try principal.authorize(.readRisk)
        let today = CalendarDay(now())
        let horizon = CalendarDay(today.startDate.addingTimeInterval(Double(Self.expiryHorizonDays) * 86_400))
        let catalog = self.catalog
        return try await store.read { tx in
            let contracts = try await tx.contracts(expiringFrom: today, through: horizon, limit: limit)
            var reports: [IncidentDesk.Report] = []
            if let policy = try await tx.currentPolicy() {
                let incidents = try await tx.unclosedIncidents(limit: limit)
                let contracts = try await tx.contracts(ofContractors: incidents.map(\.contractorID))
                reports = incidents.map {
                    IncidentDesk.report(for: $0, contracts: contracts[$0.contractorID] ?? [], policy: policy, catalog: catalog)
                }
            }
            let overdue = try await tx.flags(FlagFilter(rule: AttestationOverdue.id, status: .open), page: PageRequest(limit: limit)).items
            let names = try await tx.contractorNames(
                contracts.map(\.contractorID) + reports.map(\.incident.contractorID) + overdue.map(\.contractorID))
            return Watchlist(expiringContracts: contracts, unclosedIncidents: reports, overdueAttestations: overdue, contractorNames: names)
        }
    }
}
