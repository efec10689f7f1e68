import ItakuCore

/// The equivalence report as a table: each required term, what the policy asks, what the
/// contract states, and the verdict in words as well as colour.
public struct EquivalenceMatrix: Encodable, Sendable, Equatable {
    /// One required obligation.
    public struct Row: Encodable, Sendable, Equatable {
        public var kind: String
        public var title: String
        public var status: String
        /// Words for the verdict, so it never rests on colour alone.
        public var verdict: String
        public var requiredBy: String
        public var policy: [String]
        public var contract: [String]
        public var explanation: String
        public var shortfalls: [String]
    }

    public var policyVersion: Int
    public var isEquivalent: Bool
    public var summary: String
    public var conditions: String?
    public var equivalentCount: Int
    public var weakerCount: Int
    public var missingCount: Int
    public var rows: [Row]

    public init(report: EquivalenceReport, policy: PolicyContent?, obligations: [ObligationTerm]) {
        policyVersion = report.policyVersion
        isEquivalent = report.isEquivalent
        summary = report.summary
        conditions = report.conditions.isEmpty ? nil : report.conditions.map { WebFormat.code($0.rawValue) }.joined(separator: ", ")
        equivalentCount = report.findings.filter { $0.status == .equivalent }.count
        weakerCount = report.findings.filter { $0.status == .weaker }.count
        missingCount = report.findings.filter { $0.status == .missing }.count
        // Shortfalls first: they are what the reader came for.
        let order: [TermStatus: Int] = [.missing: 0, .weaker: 1, .equivalent: 2]
        rows = report.findings.enumerated().sorted { (order[$0.element.status]!, $0.offset) < (order[$1.element.status]!, $1.offset) }
            .map { _, finding in
                Row(
                    kind: finding.kind, title: finding.title, status: finding.status.rawValue,
                    verdict: Self.verdict(finding.status),
                    requiredBy: finding.requiredBy.map(WebFormat.code).joined(separator: ", "),
                    policy: Self.describe(policy?.term(finding.kind)),
                    contract: Self.describe(obligations.first { $0.kind == finding.kind }),
                    explanation: finding.explanation,
                    shortfalls: finding.shortfalls.map(\.explanation))
            }
    }

    static func verdict(_ status: TermStatus) -> String {
        switch status {
        case .equivalent: "Equivalent"
        case .weaker: "Weaker"
        case .missing: "Missing"
        }
    }

    /// `parameter: value` lines, sorted by parameter.
    static func describe(_ term: ObligationTerm?) -> [String] {
        guard let term else { return [] }
        if term.parameters.isEmpty { return ["stated"] }
        return term.parameters.sorted { $0.key < $1.key }.map { "\(WebFormat.code($0.key)): \($0.value)" }
    }
}
