/// `scope-volume-exceeded` (medium): records held above the entrusted estimate by more than the
/// policy's tolerance.
public struct ScopeVolumeExceeded: RiskRule {
    public static let id = "scope-volume-exceeded"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        guard let attestation = facts.latestAttestation else { return [] }
        let active = facts.entrustments.filter { !$0.hasEnded(before: attestation.periodStart) && $0.scope.startsOn <= attestation.periodEnd }
        let estimate = active.reduce(0) { $0 + $1.scope.estimatedRecords }
        let tolerance = context.policy.content.settings.volumeTolerancePercent
        let limit = estimate + estimate * tolerance / 100
        guard attestation.sections.recordsHeld > limit else { return [] }
        return [
            finding(
                .medium, facts, subject: ("scope", "volume"),
                "Attestation for \(attestation.periodStart)–\(attestation.periodEnd) reports \(attestation.sections.recordsHeld) records held; the entrustments estimate \(estimate), and the policy tolerates up to \(limit) (+\(tolerance)%).",
                evidence: [EvidenceRef("attestation", attestation.id)] + active.map { EvidenceRef("entrustment", $0.id, label: $0.scope.title) })
        ]
    }
}
