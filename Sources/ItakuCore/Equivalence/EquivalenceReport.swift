/// The result of comparing one term of a contract with what the policy requires.
public enum TermStatus: String, Codable, Sendable {
    case equivalent, weaker, missing
}

/// A parameter of a contract term that falls short of the policy.
public struct ParameterShortfall: Codable, Sendable, Equatable {
    public var parameter: String
    /// The contract's value; nil when the contract does not state the parameter.
    public var contractValue: TermValue?
    public var policyValue: TermValue
    public var explanation: String
}

/// One required term and how the contract meets it.
public struct TermFinding: Codable, Sendable, Equatable {
    public var kind: String
    public var title: String
    public var status: TermStatus
    /// `policy` and/or the scope conditions that require the term.
    public var requiredBy: [String]
    public var shortfalls: [ParameterShortfall]
    public var explanation: String
}

/// Whether a contract's obligations are equal to the company's, term by term, against one policy version.
public struct EquivalenceReport: Codable, Sendable, Equatable {
    public var policyVersion: Int
    public var isEquivalent: Bool
    /// The scope conditions that held, e.g. `individual_number`.
    public var conditions: [ScopeCondition]
    public var findings: [TermFinding]
    /// One sentence for people: what falls short, or that nothing does.
    public var summary: String

    public var shortfalls: [TermFinding] { findings.filter { $0.status != .equivalent } }
}
