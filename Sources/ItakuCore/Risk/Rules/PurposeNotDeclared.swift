/// `purpose-not-declared` (high): an entrustment for a purpose the policy does not declare.
public struct PurposeNotDeclared: RiskRule {
    public static let id = "purpose-not-declared"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        facts.entrustments.compactMap { entrustment in
            let undeclared = entrustment.scope.purposes.filter { !context.declaredPurposes.contains($0) }
            guard !undeclared.isEmpty else { return nil }
            return finding(
                .high, facts, subject: ("entrustment", entrustment.id.uuidString.lowercased()),
                "Entrustment “\(entrustment.scope.title)” serves \(undeclared.joined(separator: ", ")), which policy version \(context.policy.version) does not declare as a purpose of use.",
                evidence: [EvidenceRef("entrustment", entrustment.id, label: entrustment.scope.title)] + undeclared.map { EvidenceRef("purpose", $0) })
        }
    }
}
