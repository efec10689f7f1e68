import Foundation

/// Computes whether obligation terms are equal to the company's policy — never eyeballed.
public enum Equivalence {
    /// Compares `terms` with what `policy` requires for a contract covering `scope`.
    public static func evaluate(
        _ terms: [ObligationTerm], scope: ScopeFacts, policy: PolicyVersion, catalog: Catalog
    ) -> EquivalenceReport {
        Evaluator(policy: policy, catalog: catalog).evaluate(terms, scope: scope)
    }

    /// Evaluates many term lists against one policy, working out each set of requirements once;
    /// copies share what they worked out, and may be used from several tasks at once (a portfolio
    /// scan evaluates chunks of contractors in parallel against one policy).
    public struct Evaluator: Sendable {
        let policy: PolicyVersion
        let catalog: Catalog
        private let requirements = Requirements()

        public init(policy: PolicyVersion, catalog: Catalog) {
            self.policy = policy
            self.catalog = catalog
        }

        public func evaluate(_ terms: [ObligationTerm], scope: ScopeFacts) -> EquivalenceReport {
            let conditions = scope.conditions(catalog: catalog, companyCountry: policy.content.settings.companyCountry)
            let required = requirements.for(conditions) {
                RequiredTerm.required(by: policy.content, conditions: conditions, catalog: catalog)
            }
            return Equivalence.report(terms, required: required, conditions: conditions, policy: policy, catalog: catalog)
        }

        /// Required terms by the conditions that hold, behind a lock.
        private final class Requirements: @unchecked Sendable {
            private let lock = NSLock()
            private var known: [Set<ScopeCondition>: [RequiredTerm]] = [:]

            func `for`(_ conditions: Set<ScopeCondition>, compute: () -> [RequiredTerm]) -> [RequiredTerm] {
                if let required = lock.withLock({ known[conditions] }) { return required }
                let computed = compute()
                lock.withLock { known[conditions] = computed }
                return computed
            }
        }
    }

    static func report(
        _ terms: [ObligationTerm], required: [RequiredTerm], conditions: Set<ScopeCondition>, policy: PolicyVersion, catalog: Catalog
    ) -> EquivalenceReport {
        var byKind: [String: ObligationTerm] = [:]
        for term in terms { byKind[catalog.kind(term.kind)?.code ?? term.kind] = term }

        let findings = required.map { requirement in finding(for: requirement, in: byKind[requirement.kind.code]) }
        let weaker = findings.filter { $0.status == .weaker }.count
        let missing = findings.filter { $0.status == .missing }.count
        let summary: String
        if weaker + missing == 0 {
            summary = "All \(findings.count) required terms are at least as strict as policy version \(policy.version)."
        } else {
            let parts = [weaker > 0 ? "\(weaker) weaker" : nil, missing > 0 ? "\(missing) missing" : nil].compactMap { $0 }
            summary =
                "\(weaker + missing) of \(findings.count) required terms fall short of policy version \(policy.version): "
                + parts.joined(separator: ", ") + "."
        }
        return EquivalenceReport(
            policyVersion: policy.version, isEquivalent: weaker + missing == 0,
            conditions: ScopeCondition.allCases.filter(conditions.contains), findings: findings, summary: summary)
    }

    static func finding(for requirement: RequiredTerm, in term: ObligationTerm?) -> TermFinding {
        let kind = requirement.kind
        guard let term else {
            return TermFinding(
                kind: kind.code, title: kind.title, status: .missing, requiredBy: requirement.reasons, shortfalls: [],
                explanation: "The contract has no “\(kind.title)” term (\(kind.code)); \(because(requirement.reasons)) requires it.")
        }
        var shortfalls: [ParameterShortfall] = []
        for (name, reference) in requirement.reference {
            guard let spec = kind.parameter(named: name) else { continue }
            let stated = term.parameters[name]
            if let stated, spec.isAtLeastAsStrict(stated, as: reference) { continue }
            let said = stated.map { "says \(describe($0, spec))" } ?? "does not state it"
            shortfalls.append(
                ParameterShortfall(
                    parameter: name, contractValue: stated, policyValue: reference,
                    explanation: "\(kind.code).\(name): the contract \(said); \(because(requirement.reasons)) requires \(requirementPhrase(reference, spec))."))
        }
        if shortfalls.isEmpty {
            return TermFinding(
                kind: kind.code, title: kind.title, status: .equivalent, requiredBy: requirement.reasons, shortfalls: [],
                explanation: "“\(kind.title)” is at least as strict as required.")
        }
        return TermFinding(
            kind: kind.code, title: kind.title, status: .weaker, requiredBy: requirement.reasons, shortfalls: shortfalls,
            explanation: "“\(kind.title)” is weaker than required: " + shortfalls.map(\.explanation).joined(separator: " "))
    }

    static func because(_ reasons: [String]) -> String {
        let conditions = reasons.filter { $0 != "policy" }.map { $0.replacingOccurrences(of: "_", with: " ") }
        if conditions.isEmpty { return "the policy" }
        let scope = "a scope with " + conditions.joined(separator: " and ")
        return reasons.contains("policy") ? "the policy, for \(scope)," : scope
    }

    static func describe(_ value: TermValue, _ spec: ParameterSpec) -> String {
        switch value {
        case .unspecified: "“unspecified” (vague wording such as “promptly”)"
        case .codes(let codes) where codes.isEmpty: "none"
        default: spec.display(value)
        }
    }

    static func requirementPhrase(_ reference: TermValue, _ spec: ParameterSpec) -> String {
        let shown = spec.display(reference)
        switch spec.direction {
        case .lowerIsStricter: return "at most \(shown)"
        case .higherIsStricter: return "at least \(shown)"
        case .trueIsStricter, .falseIsStricter: return shown
        case .subsetIsStricter: return "nothing beyond \(shown)"
        case .supersetIsStricter: return "all of \(shown)"
        case .strictestFirst: return "\(shown) or stricter"
        case .equalRequired: return "exactly \(shown)"
        }
    }
}
