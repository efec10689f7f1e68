/// How a list of obligation terms is given on input: explicitly, or as the policy's terms with
/// some parameters changed and some kinds left out — so a draft need not spell out thirty terms.
public struct TermListInput: Sendable, Equatable {
    /// Terms as given. With `startFromPolicy`, each one's parameters are merged over the policy term
    /// of the same kind (or added as a new term).
    public var terms: [ObligationTerm]
    public var startFromPolicy: Bool
    /// Kinds to leave out of the policy's terms.
    public var omitKinds: [String]
    /// Problems found while reading the terms off the wire (values no parameter can hold).
    public var issues: [FieldIssue]

    public init(terms: [ObligationTerm] = [], startFromPolicy: Bool = false, omitKinds: [String] = [], issues: [FieldIssue] = []) {
        self.terms = terms
        self.startFromPolicy = startFromPolicy
        self.omitKinds = omitKinds
        self.issues = issues
    }

    /// The validated, normalised term list; problems are reported under `field` at the index the
    /// caller used.
    public func resolve(policy: PolicyContent, catalog: Catalog, field: String, into issues: inout IssueList) -> [ObligationTerm] {
        let (given, termIssues) = ObligationTerm.validate(terms, against: catalog, field: field, allowUnspecified: true)
        issues.append(contentsOf: self.issues)
        issues.append(contentsOf: termIssues)
        guard startFromPolicy else {
            if !omitKinds.isEmpty { issues.add("omitKinds", "only applies together with startFromPolicy") }
            return given
        }
        var omitted: Set<String> = []
        for (index, code) in omitKinds.enumerated() {
            if let kind = catalog.kind(code) { omitted.insert(kind.code) } else {
                issues.add("omitKinds[\(index)]", "unknown obligation kind '\(code)'")
            }
        }
        var merged = policy.terms.filter { !omitted.contains($0.kind) && catalog.kind($0.kind)?.isContractTerm == true }
            .map { policy.statedInFull($0, catalog: catalog) }
        for term in given {
            if let index = merged.firstIndex(where: { $0.kind == term.kind }) {
                merged[index].parameters.merge(term.parameters) { _, stated in stated }
            } else {
                merged.append(term)
            }
        }
        return merged
    }
}
