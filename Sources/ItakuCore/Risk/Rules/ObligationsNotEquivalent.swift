/// `obligations-not-equivalent` (high; critical when the no-secondary-provision term is missing or
/// weaker): the contract in force is not equal to the company's policy.
public struct ObligationsNotEquivalent: RiskRule {
    public static let id = "obligations-not-equivalent"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        guard let contract = facts.contractInForce(on: context.today) else { return [] }
        let report = context.equivalence.evaluate(
            contract.obligations, covering: facts.entrustments, where: { contract.entrustmentIDs.contains($0.id) },
            hasSubcontracting: facts.subcontractings.contains(where: \.isLive))
        guard !report.isEquivalent else { return [] }
        let critical = report.shortfalls.contains { $0.kind == "no_secondary_provision" }
        return [
            finding(
                critical ? .critical : .high, facts, subject: ("contract", contract.id.uuidString.lowercased()),
                "Contract \(contract.reference): \(report.summary) " + report.shortfalls.map(\.explanation).joined(separator: " "),
                evidence: [EvidenceRef("contract", contract.id, label: contract.reference)]
                    + report.shortfalls.map { EvidenceRef("term", $0.kind, label: $0.status.rawValue) })
        ]
    }
}
