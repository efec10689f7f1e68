/// `incident-open` (medium): an incident still not closed past the policy's days.
public struct IncidentOpen: RiskRule {
    public static let id = "incident-open"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        let days = context.policy.content.settings.incidentOpenMaxDays
        return facts.incidents.filter { $0.status != .closed }.compactMap { incident in
            let age = Int(context.now.timeIntervalSince(incident.reportedAt) / 86_400)
            guard age > days else { return nil }
            return finding(
                .medium, facts, subject: ("incident", incident.id.uuidString.lowercased()),
                "The \(incident.category.rawValue.replacingOccurrences(of: "_", with: " ")) reported \(Timestamp.string(incident.reportedAt)) is still \(incident.status.rawValue) after \(age) days (the policy expects closure within \(days)).",
                evidence: [EvidenceRef("incident", incident.id)])
        }
    }
}
