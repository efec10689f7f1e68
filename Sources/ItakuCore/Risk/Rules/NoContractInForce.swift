/// `no-contract-in-force` (high): an active entrustment without a signed contract in force covering it.
public struct NoContractInForce: RiskRule {
    public static let id = "no-contract-in-force"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        let inForce = facts.contracts.filter { $0.isInForce(on: context.today) }
        return facts.entrustments.filter { entrustment in
            entrustment.isActive(on: context.today) && !inForce.contains { $0.entrustmentIDs.contains(entrustment.id) }
        }.map { entrustment in
            finding(
                .high, facts, subject: ("entrustment", entrustment.id.uuidString.lowercased()),
                "Entrustment “\(entrustment.scope.title)” is running (since \(entrustment.scope.startsOn)) but no signed contract in force covers it.",
                evidence: [EvidenceRef("entrustment", entrustment.id, label: entrustment.scope.title)])
        }
    }
}
