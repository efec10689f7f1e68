import Foundation

/// Computes whether obligation terms are equal to the company's policy — never eyeballed.
public enum Equivalence {
    /// Compares `terms` with what `policy` requires for a contract covering `scope`.
    public static func evaluate(
        _ terms: [ObligationTerm], scope: ScopeFacts, policy: PolicyVersion, catalog: Catalog
    ) -> EquivalenceReport {
        Evaluator(policy: policy, catalog: catalog).evaluate(terms, scope: scope)
    }

    /// Evaluates many term lists against one policy, working out each set of requirements and
    /// each report once: contracts are mostly drawn from a few templates, so a portfolio holds
    /// thousands of contracts but a handful of distinct term lists. Copies share what they worked
    /// out, and may be used from several tasks at once (a portfolio scan evaluates chunks of
    /// contractors in parallel against one policy).
    public struct Evaluator: Sendable {
        let policy: PolicyVersion
        let catalog: Catalog
        private let memo = Memo()

        public init(policy: PolicyVersion, catalog: Catalog) {
            self.policy = policy
            self.catalog = catalog
        }

        public func evaluate(_ terms: [ObligationTerm], scope: ScopeFacts) -> EquivalenceReport {
            evaluate(terms, conditions: scope.conditions(catalog: catalog, companyCountry: policy.content.settings.companyCountry))
        }

        /// `evaluate(_:scope:)` for a contract covering those of `entrustments` that `isIncluded` accepts,
        /// without building their union.
        public func evaluate(
            _ terms: [ObligationTerm], covering entrustments: [Entrustment], where isIncluded: (Entrustment) -> Bool, hasSubcontracting: Bool
        ) -> EquivalenceReport {
            evaluate(
                terms,
                conditions: ScopeFacts.conditions(
                    of: entrustments, where: isIncluded, hasSubcontracting: hasSubcontracting, catalog: catalog,
                    companyCountry: policy.content.settings.companyCountry))
        }

        // The report depends on the scope only through the conditions that hold.
        private func evaluate(_ terms: [ObligationTerm], conditions: Set<ScopeCondition>) -> EquivalenceReport {
            memo.report(for: Memo.ReportKey(terms: terms, conditions: conditions)) {
                let required = memo.required(for: conditions) {
                    RequiredTerm.required(by: policy.content, conditions: conditions, catalog: catalog)
                }
                return Equivalence.report(terms, required: required, conditions: conditions, policy: policy, catalog: catalog)
            }
        }

        /// Requirements by the conditions that hold and reports by term list, behind a lock. Two
        /// tasks may compute the same entry at once; both get the same answer.
        private final class Memo: @unchecked Sendable {
            struct ReportKey: Hashable {
                var terms: [ObligationTerm]
                var conditions: Set<ScopeCondition>
            }

            /// A term list's storage address and the conditions, as a bit set. Contracts decoded
            /// from one stored text share their array, so most lookups are a pointer comparison
            /// rather than hashing every term with its parameters (a tenth of a scan's CPU).
            struct StorageKey: Hashable {
                var address: UInt
                var conditions: Int
            }

            /// Reports kept at most; past it, new term lists are evaluated without being kept, so
            /// a portfolio of all-different contracts costs no more memory than before.
            static let reportLimit = 2_000

            private let lock = NSLock()
            private var required: [Set<ScopeCondition>: [RequiredTerm]] = [:]
            private var reports: [ReportKey: EquivalenceReport] = [:]
            /// Each entry holds its term list, so the address cannot be reused by another list
            /// while the entry exists (and a holder writing to its copy gets fresh storage).
            private var reportsByStorage: [StorageKey: (terms: [ObligationTerm], report: EquivalenceReport)] = [:]

            func required(for conditions: Set<ScopeCondition>, compute: () -> [RequiredTerm]) -> [RequiredTerm] {
                if let known = lock.withLock({ required[conditions] }) { return known }
                let computed = compute()
                lock.withLock { required[conditions] = computed }
                return computed
            }

            func report(for key: ReportKey, compute: () -> EquivalenceReport) -> EquivalenceReport {
                let storage = StorageKey(
                    address: key.terms.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) },
                    conditions: ScopeCondition.allCases.enumerated().reduce(0) { key.conditions.contains($1.element) ? $0 | 1 << $1.offset : $0 })
                let known = lock.withLock { () -> EquivalenceReport? in
                    // Equal storage makes `==` a pointer comparison; it still guards the lookup.
                    if let entry = reportsByStorage[storage], entry.terms == key.terms { return entry.report }
                    guard let report = reports[key] else { return nil }
                    if reportsByStorage.count < Self.reportLimit * 2 { reportsByStorage[storage] = (key.terms, report) }
                    return report
                }
                if let known { return known }
                let computed = compute()
                lock.withLock {
                    guard reports.count < Self.reportLimit else { return }
                    reports[key] = computed
                    reportsByStorage[storage] = (key.terms, computed)
                }
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
