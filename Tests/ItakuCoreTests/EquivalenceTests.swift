import Foundation
import PropertyBased
import Testing

@testable import ItakuCore

/// Shared fixtures: the shipped catalog and policy, and scopes with and without special conditions.
enum EquivalenceFixture {
    static let catalog = try! Catalog.bundled()
    static let policy = PolicyVersion(
        version: 3, content: try! PolicyContent.shippedDefault(catalog: catalog), createdAt: Date(), createdBy: "test", note: nil)
    static let plainScope = ScopeFacts(purposes: ["customer_inquiries"], subjectCategories: ["customers"], dataItems: ["name", "email"], locations: ["JP"])

    /// A contract that states exactly what the policy requires for `scope`.
    static func mirror(for scope: ScopeFacts = plainScope) -> [ObligationTerm] {
        let conditions = scope.conditions(catalog: catalog, companyCountry: "JP")
        return RequiredTerm.required(by: policy.content, conditions: conditions, catalog: catalog).map { requirement in
            ObligationTerm(kind: requirement.kind.code, parameters: Dictionary(uniqueKeysWithValues: requirement.reference.map { ($0.name, $0.value) }))
        }
    }

    /// Every (term, parameter) whose reference value can be made strictly weaker.
    static func weakenable(_ terms: [ObligationTerm]) -> [(term: Int, parameter: String)] {
        terms.enumerated().flatMap { index, term in
            term.parameters.keys.sorted().compactMap { name in
                let spec = catalog.kind(term.kind)!.parameter(named: name)!
                return weaker(term.parameters[name]!, spec) == nil ? nil : (index, name)
            }
        }
    }

    /// A value strictly weaker than `value` under the parameter's direction, if one exists.
    static func weaker(_ value: TermValue, _ spec: ParameterSpec) -> TermValue? {
        switch (spec.direction, value) {
        case (.lowerIsStricter, .number(let n)): return .number(n + 1)
        case (.higherIsStricter, .number(let n)) where n > 0: return .number(n - 1)
        case (.trueIsStricter, .flag(true)): return .flag(false)
        case (.falseIsStricter, .flag(false)): return .flag(true)
        case (.subsetIsStricter, .codes(let codes)):
            let outsider = ["customer_delivery", "name", "customers", "JP", "site-x"].first { !codes.contains($0) } ?? "zz"
            return .set(codes + [outsider])
        case (.supersetIsStricter, .codes(let codes)) where !codes.isEmpty: return .codes(Array(codes.dropLast()))
        case (.strictestFirst, .code(let code)):
            let order = spec.values ?? []
            guard let index = order.firstIndex(of: code), index + 1 < order.count else { return nil }
            return .code(order[index + 1])
        case (.equalRequired, .code(let code)): return (spec.values ?? []).first { $0 != code }.map(TermValue.code)
        default: return nil
        }
    }

    /// A value at least as strict as `value`; `step` varies how much stricter.
    static func stricter(_ value: TermValue, _ spec: ParameterSpec, step: Int) -> TermValue {
        switch (spec.direction, value) {
        case (.lowerIsStricter, .number(let n)): return .number(max(spec.min ?? 0, n - step))
        case (.higherIsStricter, .number(let n)): return step % 5 == 4 && spec.unbounded != nil ? .unbounded : .number(n + step)
        case (.trueIsStricter, _): return .flag(true)
        case (.falseIsStricter, _): return .flag(false)
        case (.subsetIsStricter, .codes(let codes)): return .codes(Array(codes.prefix(max(0, codes.count - step))))
        case (.supersetIsStricter, .codes(let codes)):
            let extra = (spec.values ?? []).filter { !codes.contains($0) }.prefix(step)
            return .set(codes + extra)
        case (.strictestFirst, .code(let code)):
            let order = spec.values ?? []
            let index = order.firstIndex(of: code) ?? 0
            return .code(order[max(0, index - step)])
        default: return value
        }
    }
}

@Suite("Equivalence")
struct EquivalenceTests {
    typealias F = EquivalenceFixture

    @Test("a contract that mirrors the policy is equivalent, against the policy version named in the report")
    func mirrorIsEquivalent() {
        let report = Equivalence.evaluate(F.mirror(), scope: F.plainScope, policy: F.policy, catalog: F.catalog)
        #expect(report.isEquivalent)
        #expect(report.policyVersion == 3)
        #expect(report.findings.allSatisfy { $0.status == .equivalent })
        #expect(report.summary.contains("policy version 3"))
        #expect(report.conditions.isEmpty)
    }

    @Test("making any parameters stricter never breaks equivalence")
    func stricterKeepsEquivalence() async {
        let base = F.mirror()
        await propertyCheck(count: 300, input: Gen.int(in: 0...10_000), Gen.int(in: 1...6)) { seed, step in
            var terms = base
            var generator = seed
            for index in terms.indices {
                for name in terms[index].parameters.keys.sorted() {
                    generator = (generator &* 1_103_515_245 &+ 12_345) & 0x7fff_ffff
                    guard generator % 3 == 0 else { continue }
                    let spec = F.catalog.kind(terms[index].kind)!.parameter(named: name)!
                    terms[index].parameters[name] = F.stricter(terms[index].parameters[name]!, spec, step: step)
                }
            }
            let report = Equivalence.evaluate(terms, scope: F.plainScope, policy: F.policy, catalog: F.catalog)
            #expect(report.isEquivalent, "\(report.shortfalls.map(\.explanation))")
        }
    }

    @Test("weakening any single parameter yields 'weaker' naming exactly that parameter")
    func weakeningIsNamed() async {
        let base = F.mirror()
        let candidates = F.weakenable(base)
        #expect(candidates.count > 40)
        await propertyCheck(count: 300, input: Gen.int(in: 0..<candidates.count)) { pick in
            let (termIndex, name) = candidates[pick]
            var terms = base
            let spec = F.catalog.kind(terms[termIndex].kind)!.parameter(named: name)!
            terms[termIndex].parameters[name] = F.weaker(terms[termIndex].parameters[name]!, spec)!
            let report = Equivalence.evaluate(terms, scope: F.plainScope, policy: F.policy, catalog: F.catalog)
            #expect(!report.isEquivalent)
            #expect(report.shortfalls.count == 1)
            #expect(report.shortfalls.first?.kind == terms[termIndex].kind)
            #expect(report.shortfalls.first?.status == .weaker)
            #expect(report.shortfalls.first?.shortfalls.map(\.parameter) == [name])
        }
    }

    @Test("removing any term yields 'missing' for exactly that term")
    func removalIsMissing() async {
        let base = F.mirror()
        await propertyCheck(count: 100, input: Gen.int(in: 0..<base.count)) { index in
            var terms = base
            let removed = terms.remove(at: index)
            let report = Equivalence.evaluate(terms, scope: F.plainScope, policy: F.policy, catalog: F.catalog)
            #expect(report.shortfalls.map(\.kind) == [removed.kind])
            #expect(report.shortfalls.first?.status == .missing)
        }
    }

    @Test("the report says in plain words that the no-onward-disclosure term is missing and 72 hours is weaker than 24")
    func acceptanceWording() {
        var terms = F.mirror().filter { $0.kind != "no_secondary_provision" }
        let index = terms.firstIndex { $0.kind == "breach_notification_to_company" }!
        terms[index].parameters["notice_max_hours"] = .number(72)
        let report = Equivalence.evaluate(terms, scope: F.plainScope, policy: F.policy, catalog: F.catalog)
        #expect(report.shortfalls.count == 2)
        let missing = report.shortfalls.first { $0.status == .missing }
        #expect(missing?.kind == "no_secondary_provision")
        #expect(missing?.explanation.contains("has no") == true)
        let weaker = report.shortfalls.first { $0.status == .weaker }
        #expect(weaker?.shortfalls.first?.explanation == "breach_notification_to_company.notice_max_hours: the contract says 72 hours; the policy requires at most 24 hours.")
        #expect(report.summary == "2 of \(report.findings.count) required terms fall short of policy version 3: 1 weaker, 1 missing.")
    }

    @Test("vague wording ('unspecified') is weaker than any number, and a parameter left out is weaker too")
    func unspecifiedAndAbsent() {
        var terms = F.mirror()
        let index = terms.firstIndex { $0.kind == "breach_notification_to_company" }!
        terms[index].parameters["notice_max_hours"] = .unspecified
        terms[index].parameters["trigger"] = nil
        let report = Equivalence.evaluate(terms, scope: F.plainScope, policy: F.policy, catalog: F.catalog)
        let shortfall = report.shortfalls.first
        #expect(shortfall?.shortfalls.map(\.parameter) == ["notice_max_hours", "trigger"])
        #expect(shortfall?.shortfalls.first?.explanation.contains("unspecified") == true)
        #expect(shortfall?.shortfalls.last?.explanation.contains("does not state it") == true)
    }

    @Test("a contract term under an alias counts for the kind")
    func aliasCounts() {
        let terms = F.mirror().map { $0.kind == "no_secondary_provision" ? ObligationTerm(kind: "no_onward_disclosure", parameters: $0.parameters) : $0 }
        #expect(Equivalence.evaluate(terms, scope: F.plainScope, policy: F.policy, catalog: F.catalog).isEquivalent)
    }
}

@Suite("Scope-dependent requirements")
struct ConditionalRequirementTests {
    typealias F = EquivalenceFixture

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var scope: ScopeFacts
        var condition: ScopeCondition?
        var required: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "ordinary data in Japan", scope: F.plainScope, condition: nil, required: []),
        Case(
            name: "the individual number", scope: ScopeFacts(dataItems: ["name", "my_number"], locations: ["JP"]),
            condition: .individualNumber, required: ["my_number_handling"]),
        Case(
            name: "special care-required data", scope: ScopeFacts(dataItems: ["medical_history"], locations: ["JP"]),
            condition: .specialCare, required: ["sensitive_data_safeguards"]),
        Case(
            name: "processing abroad", scope: ScopeFacts(dataItems: ["name"], locations: ["JP", "SG"]), condition: .foreignLocation,
            required: ["international_transfer_controls"]),
        Case(
            name: "sub-contracting", scope: ScopeFacts(dataItems: ["name"], locations: ["JP"], hasSubcontracting: true),
            condition: .subcontracting,
            required: ["subprocessor_flow_down", "subprocessor_register_visibility", "subprocessor_liability_and_step_in"]),
    ]

    static let gated = ["my_number_handling", "sensitive_data_safeguards", "international_transfer_controls", "subprocessor_flow_down", "subprocessor_register_visibility", "subprocessor_liability_and_step_in"]

    @Test("each condition adds its terms, and only its terms", arguments: cases)
    func requirements(_ example: Case) {
        let conditions = example.scope.conditions(catalog: F.catalog, companyCountry: "JP")
        #expect(conditions == Set([example.condition].compactMap { $0 }))
        let kinds = Set(RequiredTerm.required(by: F.policy.content, conditions: conditions, catalog: F.catalog).map(\.kind.code))
        for kind in Self.gated {
            #expect(kinds.contains(kind) == example.required.contains(kind), "\(kind)")
        }
        // Without the condition's terms, a contract that mirrors the plain policy falls short exactly by them.
        let report = Equivalence.evaluate(F.mirror(), scope: example.scope, policy: F.policy, catalog: F.catalog)
        #expect(Set(report.shortfalls.filter { $0.status == .missing }.map(\.kind)) == Set(example.required))
    }

    @Test("conditions read from entrustments directly equal those of their union's scope")
    func conditionsOfEntrustments() {
        let scopes = Self.cases.map(\.scope) + [F.plainScope, ScopeFacts(dataItems: ["my_number", "medical_history"], locations: ["SG"])]
        func entrustment(_ scope: ScopeFacts) -> Entrustment {
            Entrustment(
                id: UUID(), contractorID: UUID(),
                scope: EntrustmentScope(
                    title: "t", purposes: scope.purposes.sorted(), subjectCategories: scope.subjectCategories.sorted(), dataItems: scope.dataItems.sorted(),
                    estimatedRecords: 1, locations: scope.locations.sorted(), retentionDays: 1, startsOn: CalendarDay(year: 2026, month: 1, day: 1)!),
                version: 1, createdAt: Date(), updatedAt: Date())
        }
        // Every pair of scopes, so conditions coming from different entrustments are combined too.
        for first in scopes.indices {
            for second in scopes.indices {
                for passesOn in [false, true] {
                    let held = [entrustment(scopes[first]), entrustment(scopes[second])]
                    let union = ScopeFacts(entrustments: held, hasSubcontracting: passesOn).conditions(catalog: F.catalog, companyCountry: "JP")
                    #expect(ScopeFacts.conditions(of: held, hasSubcontracting: passesOn, catalog: F.catalog, companyCountry: "JP") == union)
                }
            }
        }
        let special = entrustment(scopes.last!)
        let plain = entrustment(F.plainScope)
        #expect(
            ScopeFacts.conditions(of: [plain, special], hasSubcontracting: false, catalog: F.catalog, companyCountry: "JP")
                == [.individualNumber, .specialCare, .foreignLocation])
        // Entrustments the contract does not cover add nothing.
        #expect(
            ScopeFacts.conditions(of: [plain, special], where: { $0.id == plain.id }, hasSubcontracting: false, catalog: F.catalog, companyCountry: "JP")
                .isEmpty)
    }

    @Test("the individual number tightens sub-contracting to prior specific consent even where the policy is laxer")
    func individualNumberTightens() {
        var content = F.policy.content
        let index = content.terms.firstIndex { $0.kind == "subprocessing_authorisation" }!
        content.terms[index].parameters["authorisation_mode"] = .code("notice_only")
        let required = RequiredTerm.required(by: content, conditions: [.individualNumber], catalog: F.catalog)
        let mode = required.first { $0.kind.code == "subprocessing_authorisation" }?.reference.first { $0.name == "authorisation_mode" }?.value
        #expect(mode == .code("prior_specific_written_consent"))
        #expect(required.first { $0.kind.code == "subprocessing_authorisation" }?.reasons == ["policy", "individual_number"])
        let relaxed = RequiredTerm.required(by: content, conditions: [], catalog: F.catalog)
        #expect(relaxed.first { $0.kind.code == "subprocessing_authorisation" }?.reference.first { $0.name == "authorisation_mode" }?.value == .code("notice_only"))
    }

    @Test("company-side duties are never required of a contract")
    func companyDutiesAreNotContractTerms() {
        let kinds = Set(RequiredTerm.required(by: F.policy.content, conditions: Set(ScopeCondition.allCases), catalog: F.catalog).map(\.kind.code))
        #expect(!kinds.contains("entrustee_selection"))
        #expect(!kinds.contains("periodic_entrustee_review"))
        #expect(kinds.contains("no_secondary_provision"))
    }
}

@Suite("One evaluator shared by parallel work")
struct SharedEvaluatorTests {
    @Test("an evaluator used from many tasks at once answers exactly as a fresh evaluation does")
    func sharedMatchesFresh() async {
        let scopes = [
            EquivalenceFixture.plainScope,
            ScopeFacts(dataItems: ["name", "my_number"], locations: ["JP"]),
            ScopeFacts(dataItems: ["medical_history"], locations: ["JP"]),
            ScopeFacts(dataItems: ["name"], locations: ["JP", "SG"]),
            ScopeFacts(dataItems: ["name"], locations: ["JP"], hasSubcontracting: true),
        ]
        let contracts = [EquivalenceFixture.mirror(), EquivalenceFixture.mirror(for: scopes[1]), []]
        let shared = Equivalence.Evaluator(policy: EquivalenceFixture.policy, catalog: EquivalenceFixture.catalog)
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for round in 0..<40 {
                group.addTask {
                    let scope = scopes[round % scopes.count]
                    let terms = contracts[round % contracts.count]
                    let fresh = Equivalence.evaluate(terms, scope: scope, policy: EquivalenceFixture.policy, catalog: EquivalenceFixture.catalog)
                    return shared.evaluate(terms, scope: scope) == fresh ? 0 : 1
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        // The scopes differ in what they require, so a memo keyed wrongly would have mixed them up.
        let plain = shared.evaluate([], scope: scopes[0])
        let abroad = shared.evaluate([], scope: scopes[3])
        #expect(plain.findings.count != abroad.findings.count)
        // Reports are kept by term list too: the same scope with other terms is another answer.
        #expect(shared.evaluate(contracts[0], scope: scopes[0]).isEquivalent)
        #expect(!shared.evaluate([], scope: scopes[0]).isEquivalent)
    }

    @Test("writes share the current policy's evaluator, and a new policy version gets its own")
    func evaluatorCache() {
        let cache = EvaluatorCache()
        let first = EquivalenceFixture.policy
        var second = first
        second.version += 1
        second.content.terms = []
        #expect(cache.evaluator(for: first, catalog: EquivalenceFixture.catalog).policy == first)
        let next = cache.evaluator(for: second, catalog: EquivalenceFixture.catalog)
        #expect(next.policy == second)
        // The new version requires fewer terms: its report on an empty contract is shorter.
        #expect(next.evaluate([], scope: EquivalenceFixture.plainScope).findings.count
            < cache.evaluator(for: first, catalog: EquivalenceFixture.catalog).evaluate([], scope: EquivalenceFixture.plainScope).findings.count)
    }

    @Test("a write reads the policy's content only when the version in force is not the one at hand")
    func evaluatorCacheReadsOnlyANewVersion() async throws {
        let cache = EvaluatorCache()
        let first = EquivalenceFixture.policy
        var second = first
        second.version += 1
        second.content.terms = []
        var reads = 0
        func evaluator(_ stamp: PolicyStamp, stored: PolicyVersion?) async throws -> Equivalence.Evaluator? {
            try await cache.evaluator(for: stamp, catalog: EquivalenceFixture.catalog, reading: {
                reads += 1
                return stored
            })
        }
        #expect(try await evaluator(first.stamp, stored: first)?.policy == first)
        #expect(try await evaluator(first.stamp, stored: first)?.policy == first)
        #expect(reads == 1)
        #expect(try await evaluator(second.stamp, stored: second)?.policy == second)
        #expect(reads == 2)
        // Same number, created at another moment: another policy (another database, say).
        var renumbered = first
        renumbered.createdAt += 1
        #expect(try await evaluator(renumbered.stamp, stored: renumbered)?.policy == renumbered)
        #expect(reads == 3)
        #expect(try await evaluator(PolicyStamp(version: 99, createdAt: first.createdAt), stored: nil) == nil)
    }

    @Test("a term list changed after it was evaluated is evaluated afresh, however its storage is shared")
    func changedTermsAreNotMistaken() {
        let shared = Equivalence.Evaluator(policy: EquivalenceFixture.policy, catalog: EquivalenceFixture.catalog)
        let scope = EquivalenceFixture.plainScope
        func fresh(_ terms: [ObligationTerm]) -> EquivalenceReport {
            Equivalence.evaluate(terms, scope: scope, policy: EquivalenceFixture.policy, catalog: EquivalenceFixture.catalog)
        }
        var terms = EquivalenceFixture.mirror()
        #expect(shared.evaluate(terms, scope: scope).isEquivalent)
        // Written in place: the evaluator's copy keeps the old storage, so this one moves.
        terms[0].parameters = [:]
        terms.removeLast()
        #expect(shared.evaluate(terms, scope: scope) == fresh(terms))
        #expect(!shared.evaluate(terms, scope: scope).isEquivalent)
        // Equal contents in other storage: the same answer as before.
        let copy = Array(EquivalenceFixture.mirror().reversed().reversed())
        #expect(shared.evaluate(copy, scope: scope) == fresh(copy))
        #expect(shared.evaluate(copy, scope: scope).isEquivalent)
    }
}
