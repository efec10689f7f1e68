/// One problem found in a catalog file: where (a path like `obligationKinds[3].parameters[0]`) and what.
public struct CatalogProblem: Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public var description: String { "\(path): \(message)" }
}

/// A catalog that cannot be used; the service refuses to start with it.
public struct CatalogError: Error, Equatable, Sendable, CustomStringConvertible {
    public var problems: [CatalogProblem]

    public var description: String {
        "the catalog is not valid:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

extension Catalog {
    /// Every problem that would make the catalog unreliable, in file order.
    public func problems() -> [CatalogProblem] {
        var found: [CatalogProblem] = []
        func report(_ path: String, _ message: String) { found.append(CatalogProblem(path: path, message: message)) }

        if version.trimmingCharacters(in: .whitespaces).isEmpty { report("version", "must not be empty") }

        func checkEntries(_ list: String, _ entries: [(code: String, title: String)], pattern: CodePattern = .snake) {
            var seen: Set<String> = []
            if entries.isEmpty { report(list, "must list at least one entry") }
            for (index, entry) in entries.enumerated() {
                let path = "\(list)[\(index)]"
                if !pattern.matches(entry.code) { report("\(path).code", "'\(entry.code)' is not a \(pattern.name) code") }
                if !seen.insert(entry.code).inserted { report("\(path).code", "'\(entry.code)' appears twice") }
                if entry.title.trimmingCharacters(in: .whitespaces).isEmpty { report("\(path).title", "must not be empty") }
            }
        }
        checkEntries("certificationSchemes", certificationSchemes.map { ($0.code, $0.title) })
        checkEntries("subjectCategories", subjectCategories.map { ($0.code, $0.title) })
        checkEntries("purposes", purposes.map { ($0.code, $0.title) })
        checkEntries("dataItems", dataItems.map { ($0.code, $0.title) })
        checkEntries("thirdPartyExceptions", thirdPartyExceptions.map { ($0.code, $0.title) })
        checkEntries("nonThirdPartyKinds", nonThirdPartyKinds.map { ($0.code, $0.title) })
        checkEntries("obligationKinds", obligationKinds.map { ($0.code, $0.title) })
        checkEntries("riskRules", riskRules.map { ($0.code, $0.title) }, pattern: .kebab)

        for (index, purpose) in purposes.enumerated() {
            if purpose.subjectCategories.isEmpty {
                report("purposes[\(index)].subjectCategories", "must name at least one category")
            }
            for code in purpose.subjectCategories where !hasSubjectCategory(code) {
                report("purposes[\(index)].subjectCategories", "unknown subject category '\(code)'")
            }
        }
        if !dataItems.contains(where: { $0.class == .individualNumber }) {
            report("dataItems", "must mark the individual number (class: individual_number)")
        }
        if !dataItems.contains(where: { $0.class == .specialCare }) {
            report("dataItems", "must list the special care-required categories (class: special_care)")
        }

        var kindCodes = Set(obligationKinds.map(\.code))
        for (index, kind) in obligationKinds.enumerated() {
            let path = "obligationKinds[\(index)]"
            for alias in kind.aliases ?? [] where !kindCodes.insert(alias).inserted {
                report("\(path).aliases", "'\(alias)' is already a kind code or alias")
            }
            if kind.parameters.isEmpty { report("\(path).parameters", "must declare at least one parameter") }
            var names: Set<String> = []
            for (pIndex, parameter) in kind.parameters.enumerated() {
                let pPath = "\(path).parameters[\(pIndex)]"
                if !CodePattern.snake.matches(parameter.name) {
                    report("\(pPath).name", "'\(parameter.name)' is not a snake_case name")
                }
                if !names.insert(parameter.name).inserted { report("\(pPath).name", "'\(parameter.name)' appears twice") }
                for message in parameter.shapeProblems() { report(pPath, message) }
            }
        }

        for (index, rule) in conditionalRequirements.enumerated() {
            let path = "conditionalRequirements[\(index)]"
            for code in rule.require where kind(code) == nil { report("\(path).require", "unknown obligation kind '\(code)'") }
            for (tIndex, tightening) in (rule.tighten ?? []).enumerated() {
                let tPath = "\(path).tighten[\(tIndex)]"
                guard let kind = kind(tightening.kind) else {
                    report(tPath, "unknown obligation kind '\(tightening.kind)'")
                    continue
                }
                guard let parameter = kind.parameter(named: tightening.parameter) else {
                    report(tPath, "kind '\(kind.code)' has no parameter '\(tightening.parameter)'")
                    continue
                }
                if case .failure(let problem) = parameter.interpret(tightening.value, in: self) {
                    report("\(tPath).value", problem.message)
                }
            }
        }
        var checklistCodes = Set<String>()
        for (index, checklist) in contractChecklists.enumerated() {
            let path = "contractChecklists[\(index)]"
            if !checklistCodes.insert(checklist.code).inserted { report("\(path).code", "'\(checklist.code)' appears twice") }
            if checklist.items.isEmpty { report("\(path).items", "a checklist needs at least one item") }
            for (iIndex, item) in checklist.items.enumerated() {
                let iPath = "\(path).items[\(iIndex)]"
                if item.kinds.isEmpty { report("\(iPath).kinds", "name at least one obligation kind") }
                for code in item.kinds where kind(code)?.isContractTerm != true {
                    report("\(iPath).kinds", "'\(code)' is not an obligation kind a contract carries")
                }
            }
        }
        return found
    }

    /// Throws a `CatalogError` naming every problem, if there is any.
    public func validate() throws {
        let problems = problems()
        if !problems.isEmpty { throw CatalogError(problems: problems) }
    }
}

extension ParameterSpec {
    /// Ways the declaration itself is inconsistent (type against direction, bounds, values).
    func shapeProblems() -> [String] {
        var problems: [String] = []
        if direction.parameterType != type {
            problems.append("direction '\(direction.rawValue)' cannot compare a parameter of type '\(type.rawValue)'")
        }
        if let min, let max, min > max { problems.append("min \(min) is above max \(max)") }
        if (min != nil || max != nil || unbounded != nil) && type != .integer {
            problems.append("min, max and unbounded apply to integers only")
        }
        switch type {
        case .ordered, .choice:
            let list = values ?? []
            if list.count < 2 { problems.append("an \(type.rawValue) parameter needs at least two values") }
            if Set(list).count != list.count { problems.append("values repeat") }
            if domain != nil { problems.append("domain applies to sets only") }
        case .set:
            if domain != nil && values != nil { problems.append("a set takes either a domain or values, not both") }
            if let values, Set(values).count != values.count { problems.append("values repeat") }
        case .boolean, .integer:
            if values != nil || domain != nil { problems.append("values and domain apply to ordered, choice and set parameters") }
        }
        if let defaultsTo {
            if defaultsTo != "policyPurposes" {
                problems.append("defaultsTo '\(defaultsTo)' is unknown (only policyPurposes)")
            } else if domain != .purposes {
                problems.append("defaultsTo policyPurposes needs domain purposes")
            }
        }
        if latencyBudget == true && direction != .lowerIsStricter {
            problems.append("a latency budget parameter must be lower_is_stricter")
        }
        return problems
    }
}

/// The spelling rules for codes.
enum CodePattern {
    case snake, kebab

    var name: String { self == .snake ? "snake_case" : "kebab-case" }

    func matches(_ code: String) -> Bool {
        let separator: Character = self == .snake ? "_" : "-"
        guard let first = code.first, first.isASCII, first.isLowercase, code.count <= 80 else { return false }
        return code.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == separator }
    }
}
