import Foundation

/// The checks that run down every approved sub-contracting edge, at any depth (PRODUCT §3).
public enum ChainCheck {
    /// What was found for one approved edge.
    public struct EdgeReport: Codable, Sendable, Equatable {
        public var subcontractingID: UUID
        /// 1 for a sub-contractor of a first-tier contractor, 2 below that, and so on.
        public var depth: Int
        /// Contractors from the first tier down to this edge's sub-contractor.
        public var path: [UUID]
        /// The flowed-down terms against the company's policy (not merely the parent's terms).
        public var equivalence: EquivalenceReport
        public var scopeNarrowing: ScopeNarrowing
        public var latencyBudget: LatencyBudget
        /// For the individual number: every tier approved by the company itself.
        public var companyApprovedEveryTier: Bool
        public var isSound: Bool
        /// Plain sentences naming each failed check.
        public var problems: [String]
    }

    /// Whether a tier hands on no more than it holds.
    public struct ScopeNarrowing: Codable, Sendable, Equatable {
        public var holds: Bool
        public var extraPurposes: [String]
        public var extraDataItems: [String]
        public var extraLocations: [String]
    }

    /// Whether the notification windows from this tier up to the company fit the company's own.
    public struct LatencyBudget: Codable, Sendable, Equatable {
        public struct Window: Codable, Sendable, Equatable {
            public var contractorID: UUID
            public var hours: TermValue?
        }

        public var holds: Bool
        public var budgetHours: Int?
        /// Each tier's window, first tier (towards the company) first.
        public var windows: [Window]
        public var totalHours: Int?
        public var explanation: String
    }

    /// The parameter whose windows add up along a chain, and the policy's own value for it.
    static func budget(policy: PolicyContent, catalog: Catalog) -> (kind: String, parameter: String, hours: Int?)? {
        for kind in catalog.obligationKinds {
            for spec in kind.parameters where spec.latencyBudget == true {
                if case .number(let hours)? = policy.term(kind.code)?.parameters[spec.name] {
                    return (kind.code, spec.name, hours)
                }
                return (kind.code, spec.name, nil)
            }
        }
        return nil
    }

    /// Reports for every approved edge in `edges`, or for those of them `reportingOn` names.
    ///
    /// - Parameters:
    ///   - entrustments: the first-tier entrustments edges refer to.
    ///   - firstTierWindows: contractor → its contract in force's value for the budget parameter;
    ///     a contractor without a contract in force is absent.
    ///   - reportingOn: the edges wanted; the others only say who sub-contracts and what the
    ///     chains above the wanted ones are.
    public static func evaluate(
        edges: [Subcontracting], entrustments: [UUID: Entrustment], firstTierWindows: [UUID: TermValue?],
        policy: PolicyVersion, catalog: Catalog, evaluator: Equivalence.Evaluator? = nil, reportingOn wanted: Set<UUID>? = nil
    ) -> [UUID: EdgeReport] {
        let live = edges.filter(\.isLive)
        let byID = Dictionary(live.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let subcontracting = Set(live.map(\.parentContractorID))
        let budget = budget(policy: policy.content, catalog: catalog)
        let evaluator = evaluator ?? Equivalence.Evaluator(policy: policy, catalog: catalog)
        var reports: [UUID: EdgeReport] = [:]

        for edge in live where edge.status == .approved && wanted?.contains(edge.id) ?? true {
            // The chain from the first-tier edge down to this one; a broken or cyclic chain stops early.
            var chain: [Subcontracting] = [edge]
            var seen: Set<UUID> = [edge.id]
            while let parentID = chain[0].parentSubcontractingID, let parent = byID[parentID], seen.insert(parentID).inserted {
                chain.insert(parent, at: 0)
            }
            let root = chain[0]
            let path = [root.parentContractorID] + chain.map(\.childContractorID)
            var problems: [String] = []

            var facts = edge.scope.facts
            facts.hasSubcontracting = subcontracting.contains(edge.childContractorID)
            let equivalence = evaluator.evaluate(edge.flowedDownTerms, scope: facts)
            if !equivalence.isEquivalent {
                problems.append("The flowed-down terms are not equivalent to the company's policy: \(equivalence.summary)")
            }

            let above: TierScope
            if let parentID = edge.parentSubcontractingID, let parent = byID[parentID] {
                above = parent.scope
            } else {
                let held = ScopeFacts(entrustments: edge.entrustmentIDs.compactMap { entrustments[$0] }, hasSubcontracting: false)
                above = TierScope(purposes: held.purposes.sorted(), dataItems: held.dataItems.sorted(), locations: held.locations.sorted())
            }
            let narrowing = ScopeNarrowing(
                holds: true, extraPurposes: edge.scope.purposes.filter { !above.purposes.contains($0) },
                extraDataItems: edge.scope.dataItems.filter { !above.dataItems.contains($0) },
                extraLocations: edge.scope.locations.filter { !above.locations.contains($0) })
            var scopeNarrowing = narrowing
            scopeNarrowing.holds = narrowing.extraPurposes.isEmpty && narrowing.extraDataItems.isEmpty && narrowing.extraLocations.isEmpty
            if !scopeNarrowing.holds {
                let extras = [
                    narrowing.extraPurposes.isEmpty ? nil : "purposes \(narrowing.extraPurposes.joined(separator: ", "))",
                    narrowing.extraDataItems.isEmpty ? nil : "data items \(narrowing.extraDataItems.joined(separator: ", "))",
                    narrowing.extraLocations.isEmpty ? nil : "countries \(narrowing.extraLocations.joined(separator: ", "))",
                ].compactMap { $0 }
                problems.append("The scope is wider than the tier above: \(extras.joined(separator: "; ")) are not held there.")
            }

            let latency = latencyBudget(chain: chain, root: root, firstTierWindows: firstTierWindows, budget: budget)
            if !latency.holds { problems.append(latency.explanation) }

            let individualNumber = edge.scope.dataItems.contains { catalog.dataItem($0)?.class == .individualNumber }
            let companyApproved = !individualNumber || chain.allSatisfy { $0.status == .approved && $0.decidedByRole == Role.compliance.rawValue }
            if !companyApproved {
                problems.append("The individual number is handed on, but not every tier was approved by the company itself.")
            }

            reports[edge.id] = EdgeReport(
                subcontractingID: edge.id, depth: chain.count, path: path, equivalence: equivalence, scopeNarrowing: scopeNarrowing,
                latencyBudget: latency, companyApprovedEveryTier: companyApproved, isSound: problems.isEmpty, problems: problems)
        }
        return reports
    }

    static func latencyBudget(
        chain: [Subcontracting], root: Subcontracting, firstTierWindows: [UUID: TermValue?],
        budget: (kind: String, parameter: String, hours: Int?)?
    ) -> LatencyBudget {
        guard let budget, let limit = budget.hours else {
            return LatencyBudget(holds: true, budgetHours: nil, windows: [], totalHours: nil, explanation: "The policy sets no notification deadline.")
        }
        var windows = [LatencyBudget.Window(contractorID: root.parentContractorID, hours: firstTierWindows[root.parentContractorID] ?? nil)]
        for edge in chain {
            windows.append(.init(contractorID: edge.childContractorID, hours: edge.flowedDownTerms.first { $0.kind == budget.kind }?.parameters[budget.parameter]))
        }
        var total = 0
        for (tier, window) in windows.enumerated() {
            guard case .number(let hours)? = window.hours else {
                let stated = window.hours.map { $0 == .unspecified ? "is “unspecified”" : "is not a number" } ?? "is not stated"
                let whose = tier == 0 ? "the first tier's contract in force" : "tier \(tier + 1)"
                return LatencyBudget(
                    holds: false, budgetHours: limit, windows: windows, totalHours: nil,
                    explanation: "The notification chain cannot be shown to reach the company within \(limit) hours: the window of \(whose) \(stated).")
            }
            total += hours
        }
        let holds = total <= limit
        let spelled = windows.compactMap { if case .number(let h)? = $0.hours { "\(h)" } else { nil } }.joined(separator: " + ")
        return LatencyBudget(
            holds: holds, budgetHours: limit, windows: windows, totalHours: total,
            explanation: holds
                ? "Notification windows add up to \(total) hours (\(spelled)), within the company's \(limit)."
                : "Notification windows add up to \(total) hours (\(spelled)), more than the company's own \(limit): a tier that keeps its parent's window leaves the parent no time to relay.")
    }
}
