/// `items-not-necessary` (medium): an entrusted data item none of the entrustment's purposes needs
/// (the policy's necessity map).
public struct ItemsNotNecessary: RiskRule {
    public static let id = "items-not-necessary"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        let necessity = context.policy.content.necessity
        return facts.entrustments.compactMap { entrustment in
            let needed = Set(entrustment.scope.purposes.flatMap { necessity[$0] ?? [] })
            let unneeded = entrustment.scope.dataItems.filter { !needed.contains($0) }
            guard !unneeded.isEmpty else { return nil }
            return finding(
                .medium, facts, subject: ("entrustment", entrustment.id.uuidString.lowercased()),
                "Entrustment “\(entrustment.scope.title)” hands over \(unneeded.joined(separator: ", ")), which none of its purposes (\(entrustment.scope.purposes.joined(separator: ", "))) needs.",
                evidence: [EvidenceRef("entrustment", entrustment.id, label: entrustment.scope.title)] + unneeded.map { EvidenceRef("dataItem", $0) })
        }
    }
}
