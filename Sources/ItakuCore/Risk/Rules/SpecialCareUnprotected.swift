/// `special-care-unprotected` (high): special care-required data or individual numbers entrusted
/// without the special-handling term in the contract in force, or with a critical control failing.
public struct SpecialCareUnprotected: RiskRule {
    public static let id = "special-care-unprotected"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        let contract = facts.contractInForce(on: context.today)
        let failed = facts.latestAttestation.flatMap { attestation in
            context.questionnaires[attestation.questionnaireVersion].map { attestation.failedCriticalControls(in: $0) }
        } ?? []
        return facts.entrustments.filter { !$0.hasEnded(before: context.today) }.compactMap { entrustment in
            let classes = Set(entrustment.scope.dataItems.compactMap { context.catalog.dataItem($0)?.class })
            var missing: [String] = []
            if classes.contains(.specialCare), contract?.term("sensitive_data_safeguards") == nil { missing.append("sensitive_data_safeguards") }
            if classes.contains(.individualNumber), contract?.term("my_number_handling") == nil { missing.append("my_number_handling") }
            guard classes.contains(.specialCare) || classes.contains(.individualNumber), !missing.isEmpty || !failed.isEmpty else { return nil }
            var reasons: [String] = []
            if !missing.isEmpty {
                reasons.append(contract == nil ? "no contract in force carries the special-handling terms" : "contract \(contract!.reference) lacks \(missing.joined(separator: " and "))")
            }
            if !failed.isEmpty { reasons.append("the latest attestation fails critical controls \(failed.map(\.code).joined(separator: ", "))") }
            let what = [classes.contains(.specialCare) ? "special care-required information" : nil, classes.contains(.individualNumber) ? "individual numbers" : nil]
                .compactMap { $0 }.joined(separator: " and ")
            return finding(
                .high, facts, subject: ("entrustment", entrustment.id.uuidString.lowercased()),
                "Entrustment “\(entrustment.scope.title)” hands over \(what), but \(reasons.joined(separator: ", and ")).",
                evidence: [EvidenceRef("entrustment", entrustment.id, label: entrustment.scope.title)]
                    + missing.map { EvidenceRef("term", $0, label: "missing") } + failed.map { EvidenceRef("question", $0.code) })
        }
    }
}
