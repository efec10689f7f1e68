/// `scope-items-exceeded` (high): the latest attestation holds data items no entrustment covers.
public struct ScopeItemsExceeded: RiskRule {
    public static let id = "scope-items-exceeded"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        guard let attestation = facts.latestAttestation else { return [] }
        let extra = attestation.sections.dataItemsHeld.filter { item in !facts.entrustments.contains { $0.scope.dataItems.contains(item) } }
        guard !extra.isEmpty else { return [] }
        let special = extra.contains(where: context.isSpecial)
        return [
            finding(
                special ? .critical : .high, facts, subject: ("scope", "items"),
                "Attestation for \(attestation.periodStart)–\(attestation.periodEnd) says the contractor holds \(extra.joined(separator: ", ")), which no entrustment hands over\(special ? ", including special care-required data or individual numbers" : "").",
                evidence: [EvidenceRef("attestation", attestation.id)] + extra.map { EvidenceRef("dataItem", $0) })
        ]
    }
}
