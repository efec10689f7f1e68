/// `certification-expired` (low): a recorded certification past its `validUntil`.
public struct CertificationExpired: RiskRule {
    public static let id = "certification-expired"

    public init() {}

    public func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        facts.contractor.profile.certifications.filter { $0.validUntil < context.today }.map { certification in
            let title = context.catalog.certificationSchemes.first { $0.code == certification.scheme }?.title ?? certification.scheme
            return finding(
                .low, facts, subject: ("certification", "\(certification.scheme)/\(certification.reference ?? "")"),
                "\(title)\(certification.reference.map { " \($0)" } ?? "") expired on \(certification.validUntil).",
                evidence: [EvidenceRef("certification", certification.scheme, label: certification.reference)])
        }
    }
}
