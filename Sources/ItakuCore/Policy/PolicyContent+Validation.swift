extension PolicyContent {
    /// Checks every part against the catalog and returns the normalised policy
    /// (aliases resolved to kind codes, sets sorted); throws naming each bad field.
    public func validated(against catalog: Catalog) throws(ItakuError) -> PolicyContent {
        var issues = IssueList()
        var result = self

        let s = settings
        if !CountryCode.isValid(s.companyCountry) {
            issues.add("settings.companyCountry", "'\(s.companyCountry)' is not an ISO 3166-1 alpha-2 code")
        }
        let ranges: [(String, Int, ClosedRange<Int>)] = [
            ("volumeTolerancePercent", s.volumeTolerancePercent, 0...1000),
            ("attestationGraceDays", s.attestationGraceDays, 0...365),
            ("dispositionDueDays", s.dispositionDueDays, 1...3650),
            ("incidentOpenMaxDays", s.incidentOpenMaxDays, 1...3650),
            ("regulatorPreliminaryDays", s.regulatorPreliminaryDays, 1...60),
            ("regulatorFinalDays", s.regulatorFinalDays, 1...365),
            ("regulatorFinalDaysImproperPurpose", s.regulatorFinalDaysImproperPurpose, 1...365),
        ]
        for (name, value, range) in ranges where !range.contains(value) {
            issues.add("settings.\(name)", "must be between \(range.lowerBound) and \(range.upperBound)")
        }

        if purposes.isEmpty { issues.add("purposes", "must declare at least one purpose of use") }
        var seenPurposes: Set<String> = []
        for (index, code) in purposes.enumerated() {
            if !catalog.hasPurpose(code) { issues.add("purposes[\(index)]", "unknown purpose '\(code)'") }
            if !seenPurposes.insert(code).inserted { issues.add("purposes[\(index)]", "'\(code)' appears twice") }
        }
        for purpose in necessity.keys.sorted() {
            let items = necessity[purpose] ?? []
            if !seenPurposes.contains(purpose) {
                issues.add("necessity.\(purpose)", "'\(purpose)' is not among the declared purposes")
            }
            if items.isEmpty { issues.add("necessity.\(purpose)", "must name at least one data item") }
            for item in items where !catalog.hasDataItem(item) {
                issues.add("necessity.\(purpose)", "unknown data item '\(item)'")
            }
        }
        result.necessity = necessity.mapValues { Array(Set($0)).sorted() }

        let (terms, termIssues) = ObligationTerm.validate(terms, against: catalog, field: "terms", allowUnspecified: false)
        issues.append(contentsOf: termIssues)
        result.terms = terms
        try issues.throwIfAny()
        return result
    }
}

extension ObligationTerm {
    /// Validates a list of terms (a policy's or a contract's): known kinds, each once, known
    /// parameters with values of the right type and domain. Returns the normalised terms.
    ///
    /// A policy is the yardstick and may not be vague, so it passes `allowUnspecified: false`.
    public static func validate(
        _ terms: [ObligationTerm], against catalog: Catalog, field: String, allowUnspecified: Bool
    ) -> ([ObligationTerm], [FieldIssue]) {
        var issues = IssueList()
        var normalised: [ObligationTerm] = []
        var seenKinds: Set<String> = []
        for (index, term) in terms.enumerated() {
            let path = "\(field)[\(index)]"
            if term.kind.isEmpty {
                issues.add("\(path).kind", "is required")
                continue
            }
            guard let kind = catalog.kind(term.kind) else {
                issues.add("\(path).kind", "unknown obligation kind '\(term.kind)'")
                continue
            }
            if !seenKinds.insert(kind.code).inserted {
                issues.add("\(path).kind", "'\(kind.code)' appears more than once")
            }
            var parameters: [String: TermValue] = [:]
            for name in term.parameters.keys.sorted() {
                let raw = term.parameters[name]!
                guard let spec = kind.parameter(named: name) else {
                    let known = kind.parameters.map(\.name).joined(separator: ", ")
                    issues.add("\(path).parameters.\(name)", "'\(kind.code)' has no parameter '\(name)' (it has: \(known))")
                    continue
                }
                switch spec.interpret(raw, in: catalog) {
                case .success(.unspecified) where !allowUnspecified:
                    issues.add("\(path).parameters.\(name)", "the policy must state a value, not '\(TermValue.unspecifiedWord)'")
                case .success(let value):
                    parameters[name] = value
                case .failure(let problem):
                    issues.add("\(path).parameters.\(name)", problem.message)
                }
            }
            normalised.append(ObligationTerm(kind: kind.code, parameters: parameters))
        }
        return (normalised, issues.issues)
    }
}
