/// `items-not-necessary` (medium): an entrusted data item none of the entrustment's purposes needs
/// (the policy's necessity map).
public struct ItemsNotNecessary: RiskRule {
    public static let id = "items-not-necessary"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        facts.entrustments.compactMap { entrustment in
            let purposes = entrustment.scope.purposes
            let unneeded = entrustment.scope.dataItems.filter { item in !purposes.contains { context.necessity[$0]?.contains(item) == true } }
            guard !unneeded.isEmpty else { return nil }
            return finding(
                .medium, facts, subject: ("entrustment", entrustment.id.uuidString.lowercased()),
                "Entrustment “\(entrustment.scope.title)” hands over \(unneeded.joined(separator: ", ")), which none of its purposes (\(entrustment.scope.purposes.joined(separator: ", "))) needs.",
                evidence: [EvidenceRef("entrustment", entrustment.id, label: entrustment.scope.title)] + unneeded.map { EvidenceRef("dataItem", $0) })
        }
    }
}
