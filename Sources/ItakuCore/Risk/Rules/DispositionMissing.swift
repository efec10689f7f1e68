/// `disposition-missing` (high): an entrustment whose work ended (or whose contracts all ended)
/// with no certified return or deletion past the policy's days.
public struct DispositionMissing: RiskRule {
    public static let id = "disposition-missing"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        let days = context.policy.content.settings.dispositionDueDays
        return facts.entrustments.filter { $0.disposition == .pending }.compactMap { entrustment in
            var ended: CalendarDay? = entrustment.scope.endsOn.flatMap { $0 < context.today ? $0 : nil }
            let covering = facts.contracts.filter { $0.entrustmentIDs.contains(entrustment.id) && $0.status != .draft }
            if ended == nil, !covering.isEmpty, !covering.contains(where: { $0.isInForce(on: context.today) || $0.status(on: context.today) == .issued }) {
                ended = covering.compactMap { $0.terminatedOn ?? $0.expiresOn }.max()
            }
            guard let ended, ended.adding(days: days) < context.today else { return nil }
            return finding(
                .high, facts, subject: ("entrustment", entrustment.id.uuidString.lowercased()),
                "Work on entrustment “\(entrustment.scope.title)” ended on \(ended); no return or deletion has been certified, \(ended.days(until: context.today)) days later (the policy allows \(days)).",
                evidence: [EvidenceRef("entrustment", entrustment.id, label: entrustment.scope.title)])
        }
    }
}
