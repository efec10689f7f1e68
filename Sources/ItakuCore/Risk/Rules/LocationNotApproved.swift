/// `location-not-approved` (high): data held in countries no entrustment allows.
public struct LocationNotApproved: RiskRule {
    public static let id = "location-not-approved"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        guard let attestation = facts.latestAttestation else { return [] }
        let allowed = Set(facts.entrustments.flatMap(\.scope.locations))
        let extra = attestation.sections.locations.filter { !allowed.contains($0) }
        guard !extra.isEmpty else { return [] }
        return [
            finding(
                .high, facts, subject: ("scope", "locations"),
                "Attestation for \(attestation.periodStart)–\(attestation.periodEnd) says data is held in \(extra.joined(separator: ", ")); the entrustments allow only \(allowed.sorted().joined(separator: ", ")).",
                evidence: [EvidenceRef("attestation", attestation.id)] + extra.map { EvidenceRef("country", $0) })
        ]
    }
}
