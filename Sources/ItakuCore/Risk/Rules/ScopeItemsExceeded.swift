/// `scope-items-exceeded` (high): the latest attestation holds data items no entrustment covers.
public struct ScopeItemsExceeded: RiskRule {
    public static let id = "scope-items-exceeded"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        guard let attestation = facts.latestAttestation else { return [] }
        let entrusted: (String) -> Bool
        if facts.entrustments.count > 16 {
            let items = Set(facts.entrustments.flatMap(\.scope.dataItems))
            entrusted = { items.contains($0) }
        } else {
            // A handful of entrustments: searching them beats hashing every item into a set.
            entrusted = { item in facts.entrustments.contains { $0.scope.dataItems.contains(item) } }
        }
        let extra = attestation.sections.dataItemsHeld.filter { !entrusted($0) }
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
