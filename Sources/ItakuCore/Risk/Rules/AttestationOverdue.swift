/// `attestation-overdue` (medium; high after two missed periods): no attestation accepted or
/// awaiting review for a period past its grace days.
public struct AttestationOverdue: RiskRule {
    public static let id = "attestation-overdue"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        guard let contract = facts.contractInForce(on: context.today),
            let months = AttestationSchedule.intervalMonths(of: contract, catalog: context.catalog)
        else { return [] }
        let overdue = AttestationSchedule.periods(
            contract: contract, months: months, graceDays: context.policy.content.settings.attestationGraceDays,
            attestations: facts.attestations, today: context.today
        ).filter { $0.status == .overdue }
        guard let oldest = overdue.first else { return [] }
        let list = overdue.map { "\($0.start)–\($0.end) (due \($0.dueOn))" }.joined(separator: ", ")
        return [
            finding(
                overdue.count >= 2 ? .high : .medium, facts, subject: ("contract", contract.id.uuidString.lowercased()),
                "\(overdue.count) reporting period\(overdue.count == 1 ? " is" : "s are") past due without an accepted attestation under contract \(contract.reference): \(list).",
                evidence: [EvidenceRef("contract", contract.id, label: contract.reference), EvidenceRef("period", "\(oldest.start)/\(oldest.end)")])
        ]
    }
}
