import Foundation

/// Something a finding rests on, named so a reader can find it.
public struct EvidenceRef: Codable, Sendable, Equatable {
    /// `attestation`, `disclosure`, `term`, `subcontracting`, `entrustment`, `contract`, `incident`, `certification`…
    public var type: String
    public var id: String
    public var label: String?

    public init(_ type: String, _ id: String, label: String? = nil) {
        self.type = type
        self.id = id
        self.label = label
    }

    public init(_ type: String, _ id: UUID, label: String? = nil) {
        self.init(type, id.uuidString.lowercased(), label: label)
    }
}

/// One rule's verdict about one subject of one contractor.
public struct Finding: Codable, Sendable, Equatable {
    public var rule: String
    public var severity: Severity
    public var contractorID: UUID
    /// What the finding is about; with the rule, it identifies the finding across re-derivations.
    public var subjectType: String
    public var subjectID: String
    public var explanation: String
    public var evidence: [EvidenceRef]

    public init(
        rule: String, severity: Severity, contractorID: UUID, subjectType: String, subjectID: String, explanation: String,
        evidence: [EvidenceRef]
    ) {
        self.rule = rule
        self.severity = severity
        self.contractorID = contractorID
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.explanation = explanation
        self.evidence = evidence
    }

    /// Stable identity: the same problem about the same subject is the same flag.
    public var key: String { "\(rule)|\(subjectType)|\(subjectID)" }
}

/// A rule of PRODUCT §4: a pure function from facts to findings.
public protocol RiskRule: Sendable {
    /// The stable rule id, e.g. `unapproved-subcontractor`.
    static var id: String { get }
    func findings(for facts: ContractorFacts, in context: RiskContext) -> [Finding]
}

extension RiskRule {
    var id: String { Self.id }

    /// A finding of this rule about `facts`' contractor.
    func finding(
        _ severity: Severity, _ facts: ContractorFacts, subject: (type: String, id: String), _ explanation: String,
        evidence: [EvidenceRef]
    ) -> Finding {
        Finding(
            rule: Self.id, severity: severity, contractorID: facts.contractor.id, subjectType: subject.type, subjectID: subject.id,
            explanation: explanation, evidence: evidence)
    }
}
