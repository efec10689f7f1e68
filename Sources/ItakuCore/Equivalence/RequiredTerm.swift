/// One term a contract must carry, and the value each parameter must at least match.
public struct RequiredTerm: Sendable, Equatable {
    public var kind: ObligationKind
    /// Parameter name → the reference value, in the catalog's parameter order.
    public var reference: [(name: String, value: TermValue)]
    /// Why the term is required: `policy`, or the scope conditions that add or tighten it.
    public var reasons: [String]

    public static func == (lhs: RequiredTerm, rhs: RequiredTerm) -> Bool {
        lhs.kind == rhs.kind && lhs.reasons == rhs.reasons
            && lhs.reference.map(\.name) == rhs.reference.map(\.name) && lhs.reference.map(\.value) == rhs.reference.map(\.value)
    }

    /// The terms required of a contract whose scope meets `conditions` under `policy`.
    ///
    /// Every contract-side policy term is required unless its kind applies only under a condition
    /// that does not hold; each holding condition adds its kinds (a kind the policy does not state
    /// is required for its presence alone) and tightens single parameters.
    public static func required(by policy: PolicyContent, conditions: Set<ScopeCondition>, catalog: Catalog) -> [RequiredTerm] {
        var required: [RequiredTerm] = []
        func index(of code: String) -> Int? { required.firstIndex { $0.kind.code == code } }

        for term in policy.terms {
            guard let kind = catalog.kind(term.kind), kind.isContractTerm else { continue }
            if let condition = kind.onlyWhen, !conditions.contains(condition) { continue }
            var reference: [(String, TermValue)] = []
            for spec in kind.parameters {
                if let value = term.parameters[spec.name] {
                    reference.append((spec.name, value))
                } else if spec.defaultsTo == "policyPurposes" {
                    reference.append((spec.name, .set(policy.purposes)))
                }
            }
            required.append(RequiredTerm(kind: kind, reference: reference, reasons: ["policy"]))
        }

        for rule in catalog.conditionalRequirements where conditions.contains(rule.condition) {
            for code in rule.require {
                guard let kind = catalog.kind(code) else { continue }
                if let existing = index(of: kind.code) {
                    if !required[existing].reasons.contains(rule.condition.rawValue) { required[existing].reasons.append(rule.condition.rawValue) }
                } else {
                    required.append(RequiredTerm(kind: kind, reference: [], reasons: [rule.condition.rawValue]))
                }
            }
            for tightening in rule.tighten ?? [] {
                guard let kind = catalog.kind(tightening.kind), let spec = kind.parameter(named: tightening.parameter) else { continue }
                let position = index(of: kind.code) ?? {
                    required.append(RequiredTerm(kind: kind, reference: [], reasons: [rule.condition.rawValue]))
                    return required.count - 1
                }()
                var term = required[position]
                if let slot = term.reference.firstIndex(where: { $0.name == spec.name }) {
                    let stricter = spec.direction.stricter(term.reference[slot].value, tightening.value, order: spec.values ?? [])
                    term.reference[slot].value = stricter
                } else {
                    term.reference.append((spec.name, tightening.value))
                    let order = kind.parameters.map(\.name)
                    term.reference.sort { (order.firstIndex(of: $0.name) ?? 0) < (order.firstIndex(of: $1.name) ?? 0) }
                }
                if !term.reasons.contains(rule.condition.rawValue) { term.reasons.append(rule.condition.rawValue) }
                required[position] = term
            }
        }
        return required
    }
}
