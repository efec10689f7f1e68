/// `group-joint-use-unregistered` (high): a disclosure claimed as joint use with a group company
/// whose recipient is not registered as one.
public struct GroupJointUseUnregistered: RiskRule {
    public static let id = "group-joint-use-unregistered"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        guard let attestation = facts.latestAttestation else { return [] }
        return attestation.sections.thirdPartyDisclosures.enumerated().compactMap { index, disclosure in
            guard disclosure.basis == "joint_use" else { return nil }
            let recipient = context.organisation(named: disclosure.recipient, corporateNumber: disclosure.recipientCorporateNumber)
            if recipient?.profile.relationship == .groupCompany { return nil }
            let registered = recipient.map { "is registered as an \($0.profile.relationship.rawValue.replacingOccurrences(of: "_", with: " ")), not a group company" }
                ?? "is not registered at all"
            return finding(
                .high, facts, subject: ("disclosure", "\(attestation.periodStart)/\(disclosure.date)/\(Contractor.normalisedName(disclosure.recipient))"),
                "Disclosure to “\(disclosure.recipient)” on \(disclosure.date) is claimed as joint use with a group company, but the recipient \(registered); only registered group companies under joint use are not third parties.",
                evidence: [EvidenceRef("attestation", attestation.id), EvidenceRef("disclosure", "\(attestation.id.uuidString.lowercased())#\(index)", label: disclosure.recipient)])
        }
    }
}
