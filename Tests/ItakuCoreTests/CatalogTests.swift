import Testing

@testable import ItakuCore

@Suite("Catalog")
struct CatalogTests {
    @Test("the shipped catalog loads and has no problems")
    func shippedCatalogIsValid() throws {
        let catalog = try Catalog.bundled()
        #expect(catalog.problems().isEmpty)
        #expect(catalog.obligationKinds.count == 35)
        #expect(catalog.riskRules.count == 18)
        #expect(catalog.purposes.count >= 20)
    }

    @Test("the individual number and the eleven special care-required categories are marked")
    func specialItemsAreMarked() throws {
        let catalog = try Catalog.bundled()
        #expect(catalog.dataItem("my_number")?.class == .individualNumber)
        #expect(catalog.dataItems.filter { $0.class == .specialCare }.count == 11)
        #expect(catalog.dataItem("name")?.class == .ordinary)
    }

    @Test("every parameter direction fits its type")
    func directionsFitTypes() throws {
        let catalog = try Catalog.bundled()
        for kind in catalog.obligationKinds {
            for parameter in kind.parameters {
                #expect(parameter.direction.parameterType == parameter.type, "\(kind.code).\(parameter.name)")
            }
        }
    }

    @Test("the alias no_onward_disclosure resolves to no_secondary_provision")
    func aliasesResolve() throws {
        let catalog = try Catalog.bundled()
        #expect(catalog.kind("no_onward_disclosure")?.code == "no_secondary_provision")
        #expect(catalog.kind("no_such_kind") == nil)
    }

    @Test("YAML that does not decode names the place")
    func decodingProblemNamesThePlace() throws {
        let broken = try shippedYAML().replacingOccurrences(
            of: "direction: lower_is_stricter", with: "direction: sideways")
        let error = try #require(throws: CatalogError.self) { try Catalog.parse(broken) }
        #expect(error.problems.count == 1)
        #expect(error.problems[0].path.hasPrefix("obligationKinds["))
        #expect(error.problems[0].path.contains("direction"))
    }

    @Test("semantic problems are all named at once")
    func semanticProblemsAreNamed() throws {
        var catalog = try Catalog.bundled()
        catalog.purposes[0].subjectCategories = ["martians"]
        catalog.obligationKinds[1].parameters[0].direction = .subsetIsStricter
        catalog.conditionalRequirements[0].require.append("nonexistent_kind")
        catalog.riskRules.append(catalog.riskRules[0])
        let problems = catalog.problems()
        #expect(problems.contains { $0.path == "purposes[0].subjectCategories" && $0.message.contains("martians") })
        #expect(problems.contains { $0.path == "obligationKinds[1].parameters[0]" && $0.message.contains("cannot compare") })
        #expect(problems.contains { $0.path == "conditionalRequirements[0].require" && $0.message.contains("nonexistent_kind") })
        #expect(problems.contains { $0.path == "riskRules[18].code" && $0.message.contains("twice") })
        #expect(problems.count == 4)
    }

    @Test("an ordered parameter needs at least two values and a set cannot take both a domain and values")
    func shapeProblems() throws {
        var spec = ParameterSpec(name: "mode", type: .ordered, direction: .strictestFirst, values: ["only"])
        #expect(spec.shapeProblems().contains { $0.contains("at least two values") })
        spec = ParameterSpec(name: "things", type: .set, direction: .subsetIsStricter, values: ["a"], domain: .purposes)
        #expect(spec.shapeProblems().contains { $0.contains("either a domain or values") })
        spec = ParameterSpec(name: "hours", type: .integer, direction: .lowerIsStricter, min: 5, max: 1)
        #expect(spec.shapeProblems() == ["min 5 is above max 1"])
    }

    private func shippedYAML() throws -> String {
        try String(contentsOf: try bundledResource("catalog"), encoding: .utf8)
    }
}

extension ParameterSpec {
    init(
        name: String, type: ParameterType, direction: StrictnessDirection, min: Int? = nil, max: Int? = nil,
        values: [String]? = nil, domain: SetDomain? = nil, unbounded: String? = nil
    ) {
        self.init(
            name: name, type: type, direction: direction, unit: nil, min: min, max: max, unbounded: unbounded,
            values: values, domain: domain, defaultsTo: nil, latencyBudget: nil, reportingInterval: nil)
    }
}
