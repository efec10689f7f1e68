/// `third-party-disclosure`: a disclosure with no basis, or one the policy does not use, is
/// critical; a claimed exception is high, for review. Joint use with a registered group company
/// is not third-party provision; the individual number cannot be provided on consent.
public struct ThirdPartyDisclosure: RiskRule {
    public static let id = "third-party-disclosure"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        guard let attestation = facts.latestAttestation else { return [] }
        return attestation.sections.thirdPartyDisclosures.enumerated().compactMap { index, disclosure in
            let subject = ("disclosure", "\(attestation.periodStart)/\(disclosure.date)/\(Contractor.normalisedName(disclosure.recipient))")
            let what = "Disclosure of \(disclosure.dataItems.joined(separator: ", ")) (\(disclosure.records) records) to “\(disclosure.recipient)” on \(disclosure.date)"
            let evidence = [EvidenceRef("attestation", attestation.id), EvidenceRef("disclosure", "\(attestation.id.uuidString.lowercased())#\(index)", label: disclosure.recipient)]
            if context.catalog.nonThirdPartyKinds.contains(where: { $0.code == disclosure.basis }) {
                // Joint use is judged by group-joint-use-unregistered; entrustment and succession are claims to review.
                guard disclosure.basis != "joint_use" else { return nil }
                return finding(.high, facts, subject: subject, "\(what) is claimed as \(disclosure.basis.replacingOccurrences(of: "_", with: " ")), which is not third-party provision only if its conditions hold; review it.", evidence: evidence)
            }
            let exception = context.catalog.thirdPartyExceptions.first { $0.code == disclosure.basis }
            let individualNumber = disclosure.dataItems.contains { context.catalog.dataItem($0)?.class == .individualNumber }
            if let exception, exception.allowedByPolicy == true {
                if individualNumber && exception.code == "consent" {
                    return finding(.critical, facts, subject: subject, "\(what) relies on consent, but consent is not a lawful basis for providing individual numbers (My Number Act Art. 19).", evidence: evidence)
                }
                return finding(.high, facts, subject: subject, "\(what) claims the exception “\(exception.title)” (\(exception.cite)); review whether it applies.", evidence: evidence)
            }
            let why = exception.map { "relies on “\($0.title)”, a route the company's policy does not use" } ?? "has no recognised basis"
            return finding(.critical, facts, subject: subject, "\(what) \(why): secondary provision of entrusted data.", evidence: evidence)
        }
    }
}
