/// `subcontractor-not-equivalent` (high): an approved sub-contracting whose flowed-down terms
/// fall short of the company's policy, whose scope is wider than its parent's, or whose chain
/// breaks the notification latency budget.
public struct SubcontractorNotEquivalent: RiskRule {
    public static let id = "subcontractor-not-equivalent"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        facts.subcontractings.filter { $0.status == .approved }.compactMap { edge in
            guard let report = context.chainReports[edge.id], !report.isSound else { return nil }
            let name = facts.subcontractors[edge.childContractorID]?.profile.legalName ?? edge.childContractorID.uuidString.lowercased()
            let severity: Severity = report.equivalence.shortfalls.contains { $0.kind == "no_secondary_provision" } ? .critical : .high
            return finding(
                severity, facts, subject: ("subcontracting", edge.id.uuidString.lowercased()),
                "Sub-contracting to “\(name)” (tier \(report.depth + 1)): " + report.problems.joined(separator: " "),
                evidence: [EvidenceRef("subcontracting", edge.id, label: name)]
                    + report.equivalence.shortfalls.map { EvidenceRef("term", $0.kind, label: $0.status.rawValue) })
        }
    }
}
