/// `unapproved-subcontractor` (critical): the latest attestation lists a sub-contractor with no
/// approved sub-contracting, matched by corporate number, else by normalised name.
public struct UnapprovedSubcontractor: RiskRule {
    public static let id = "unapproved-subcontractor"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        guard let attestation = facts.latestAttestation else { return [] }
        guard !attestation.sections.subcontractorsUsed.isEmpty else { return [] }
        let approved = facts.subcontractings.filter { $0.status == .approved }.compactMap { facts.subcontractors[$0.childContractorID] }
            .map { (number: $0.profile.corporateNumber, name: Contractor.normalisedName($0.profile.legalName)) }
        return attestation.sections.subcontractorsUsed.compactMap { used in
            let usedName = Contractor.normalisedName(used.name)
            let matches = approved.contains { organisation in
                if let number = used.corporateNumber, let registered = organisation.number { return number == registered }
                return organisation.name == usedName
            }
            guard !matches else { return nil }
            let subject = used.corporateNumber ?? usedName
            let number = used.corporateNumber.map { " (corporate number \($0))" } ?? ""
            return finding(
                .critical, facts, subject: ("subcontractor", subject),
                "Attestation for \(attestation.periodStart)–\(attestation.periodEnd) lists sub-contractor “\(used.name)”\(number), handling \(used.dataItems.joined(separator: ", ")), but no approved sub-contracting to it exists.",
                evidence: [EvidenceRef("attestation", attestation.id), EvidenceRef("subcontractor", subject, label: used.name)])
        }
    }
}
