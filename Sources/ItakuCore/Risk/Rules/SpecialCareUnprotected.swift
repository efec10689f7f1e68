/// `special-care-unprotected` (high): special care-required data or individual numbers entrusted
/// without the special-handling term in the contract in force, or with a critical control failing.
public struct SpecialCareUnprotected: RiskRule {
    public static let id = "special-care-unprotected"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        let special = facts.entrustments.compactMap { entrustment -> (Entrustment, specialCare: Bool, individualNumber: Bool)? in
            guard !entrustment.hasEnded(before: context.today) else { return nil }
            var specialCare = false
            var individualNumber = false
            for item in entrustment.scope.dataItems {
                switch context.catalog.dataItem(item)?.class {
                case .specialCare: specialCare = true
                case .individualNumber: individualNumber = true
                case .ordinary, nil: break
                }
            }
            return specialCare || individualNumber ? (entrustment, specialCare, individualNumber) : nil
        }
        // Most contractors hold no special items: the contract and the attestation are only looked at for those that do.
        guard !special.isEmpty else { return [] }
        let contract = facts.contractInForce(on: context.today)
        let failed = facts.latestAttestation.flatMap { attestation in
            context.questionnaires[attestation.questionnaireVersion].map { attestation.failedCriticalControls(in: $0) }
        } ?? []
        return special.compactMap { entrustment, specialCare, individualNumber in
            var missing: [String] = []
            if specialCare, contract?.term("sensitive_data_safeguards") == nil { missing.append("sensitive_data_safeguards") }
            if individualNumber, contract?.term("my_number_handling") == nil { missing.append("my_number_handling") }
            guard !missing.isEmpty || !failed.isEmpty else { return nil }
            var reasons: [String] = []
            if !missing.isEmpty {
                reasons.append(contract == nil ? "no contract in force carries the special-handling terms" : "contract \(contract!.reference) lacks \(missing.joined(separator: " and "))")
            }
            if !failed.isEmpty { reasons.append("the latest attestation fails critical controls \(failed.map(\.code).joined(separator: ", "))") }
            let what = [specialCare ? "special care-required information" : nil, individualNumber ? "individual numbers" : nil]
                .compactMap { $0 }.joined(separator: " and ")
            return finding(
                .high, facts, subject: ("entrustment", entrustment.id.uuidString.lowercased()),
                "Entrustment “\(entrustment.scope.title)” hands over \(what), but \(reasons.joined(separator: ", and ")).",
                evidence: [EvidenceRef("entrustment", entrustment.id, label: entrustment.scope.title)]
                    + missing.map { EvidenceRef("term", $0, label: "missing") } + failed.map { EvidenceRef("question", $0.code) })
        }
    }
}
