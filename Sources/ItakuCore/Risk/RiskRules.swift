/// Every rule of PRODUCT §4, and the evaluation of all of them for one contractor.
public enum RiskRules {
    public static let all: [any RiskRule] = [
        UnapprovedSubcontractor(), ThirdPartyDisclosure(), GroupJointUseUnregistered(), SubcontractorNotEquivalent(),
        ObligationsNotEquivalent(), NoContractInForce(), ScopeItemsExceeded(), ScopeVolumeExceeded(), LocationNotApproved(),
        PurposeNotDeclared(), ItemsNotNecessary(), SpecialCareUnprotected(), CriticalControlFailed(), AttestationOverdue(),
        DispositionMissing(), CertificationExpired(), IncidentNotifiedLate(), IncidentOpen(),
    ]

    /// Every finding about one contractor, in rule order.
    public static func evaluate(_ facts: ContractorFacts, in context: RiskContext) -> [Finding] {
        all.flatMap { $0.findings(for: facts, in: context) }
    }
}
