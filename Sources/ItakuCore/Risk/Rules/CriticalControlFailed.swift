/// `critical-control-failed` (high): the latest attestation answers a critical control against its
/// expected answer.
public struct CriticalControlFailed: RiskRule {
    public static let id = "critical-control-failed"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        guard let attestation = facts.latestAttestation, let questionnaire = context.questionnaires[attestation.questionnaireVersion] else { return [] }
        let failed = attestation.failedCriticalControls(in: questionnaire)
        guard !failed.isEmpty else { return [] }
        let detail = failed.map { question in
            "“\(question.text)” answered \(Self.spoken(attestation.answers[question.code])) where \(question.expected?.description ?? "?") is expected"
        }
        return [
            finding(
                .high, facts, subject: ("attestation", "critical-controls"),
                "Attestation for \(attestation.periodStart)–\(attestation.periodEnd) fails \(failed.count) critical control\(failed.count == 1 ? "" : "s"): " + detail.joined(separator: "; ") + ".",
                evidence: [EvidenceRef("attestation", attestation.id)] + failed.map { EvidenceRef("question", $0.code) })
        ]
    }

    static func spoken(_ answer: AnswerValue?) -> String {
        switch answer {
        case .yesNo(let value)?: value ? "yes" : "no"
        case .number(let value)?: String(value)
        case .text(let value)?: "“\(value)”"
        case nil: "nothing"
        }
    }
}
