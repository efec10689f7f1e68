/// `incident-notified-late` (high): an incident reported later than the contract's deadline.
public struct IncidentNotifiedLate: RiskRule {
    public static let id = "incident-notified-late"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        facts.incidents.compactMap { incident in
            let contract = facts.contracts.inForce(on: CalendarDay(incident.discoveredAt))
            let notice = IncidentDeadlines.of(incident, contract: contract, policy: context.policy.content, catalog: context.catalog).contractorNotice
            guard notice.onTime == false else { return nil }
            return finding(
                .high, facts, subject: ("incident", incident.id.uuidString.lowercased()),
                "The \(incident.category.rawValue.replacingOccurrences(of: "_", with: " ")) discovered \(Timestamp.string(incident.discoveredAt)) was reported late. \(notice.explanation)",
                evidence: [EvidenceRef("incident", incident.id)] + (contract.map { [EvidenceRef("contract", $0.id, label: $0.reference)] } ?? []))
        }
    }
}
