import Testing

@testable import ItakuCore

@Suite("Strictness directions")
struct StrictnessTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var direction: StrictnessDirection
        var candidate: TermValue
        var reference: TermValue
        var holds: Bool
        var testDescription: String { "\(direction.rawValue): \(candidate) vs \(reference) → \(holds)" }
    }

    static let order = ["prohibited", "prior_specific_written_consent", "general_authorisation_with_objection", "notice_only"]

    static let cases: [Case] = [
        Case(direction: .lowerIsStricter, candidate: .number(24), reference: .number(24), holds: true),
        Case(direction: .lowerIsStricter, candidate: .number(12), reference: .number(24), holds: true),
        Case(direction: .lowerIsStricter, candidate: .number(72), reference: .number(24), holds: false),
        Case(direction: .lowerIsStricter, candidate: .unspecified, reference: .number(24), holds: false),
        Case(direction: .lowerIsStricter, candidate: .unspecified, reference: .number(100_000), holds: false),
        Case(direction: .higherIsStricter, candidate: .number(30), reference: .number(14), holds: true),
        Case(direction: .higherIsStricter, candidate: .number(7), reference: .number(14), holds: false),
        Case(direction: .higherIsStricter, candidate: .unbounded, reference: .number(5), holds: true),
        Case(direction: .higherIsStricter, candidate: .unspecified, reference: .number(5), holds: false),
        Case(direction: .trueIsStricter, candidate: .flag(true), reference: .flag(true), holds: true),
        Case(direction: .trueIsStricter, candidate: .flag(false), reference: .flag(true), holds: false),
        Case(direction: .trueIsStricter, candidate: .flag(false), reference: .flag(false), holds: true),
        Case(direction: .falseIsStricter, candidate: .flag(true), reference: .flag(false), holds: false),
        Case(direction: .falseIsStricter, candidate: .flag(false), reference: .flag(false), holds: true),
        Case(direction: .subsetIsStricter, candidate: .codes(["JP"]), reference: .codes(["JP", "SG"]), holds: true),
        Case(direction: .subsetIsStricter, candidate: .codes(["JP", "US"]), reference: .codes(["JP", "SG"]), holds: false),
        Case(direction: .supersetIsStricter, candidate: .codes(["a", "b", "c"]), reference: .codes(["a", "b"]), holds: true),
        Case(direction: .supersetIsStricter, candidate: .codes(["a"]), reference: .codes(["a", "b"]), holds: false),
        Case(direction: .strictestFirst, candidate: .code("prohibited"), reference: .code("prior_specific_written_consent"), holds: true),
        Case(direction: .strictestFirst, candidate: .code("notice_only"), reference: .code("prior_specific_written_consent"), holds: false),
        Case(direction: .strictestFirst, candidate: .code("made_up"), reference: .code("notice_only"), holds: false),
        Case(direction: .equalRequired, candidate: .code("consent"), reference: .code("consent"), holds: true),
        Case(direction: .equalRequired, candidate: .code("designated_country"), reference: .code("consent"), holds: false),
        Case(direction: .lowerIsStricter, candidate: .flag(true), reference: .number(3), holds: false),
    ]

    @Test("each direction compares as the catalog declares", arguments: cases)
    func compares(_ example: Case) {
        #expect(example.direction.isAtLeastAsStrict(example.candidate, as: example.reference, order: Self.order) == example.holds)
    }

    @Test("parameter values are read by type: unspecified and unbounded words, domains, bounds")
    func interpretation() throws {
        let catalog = try Catalog.bundled()
        let hours = try #require(catalog.kind("breach_notification_to_company")?.parameter(named: "notice_max_hours"))
        #expect(hours.interpret(.unspecified, in: catalog) == .success(.unspecified))
        #expect(hours.interpret(.number(-1), in: catalog) == .failure(.outOfDomain("must be at least 0")))
        #expect(hours.interpret(.code("perpetual"), in: catalog) == .failure(.wrongType("an integer or one of unspecified")))
        let survival = try #require(catalog.kind("personnel_confidentiality")?.parameter(named: "survival_years"))
        #expect(survival.interpret(.code("perpetual"), in: catalog) == .success(.unbounded))
        let countries = try #require(catalog.kind("international_transfer_controls")?.parameter(named: "allowed_countries"))
        #expect(countries.interpret(.codes(["JP", "SG"]), in: catalog) == .success(.codes(["JP", "SG"])))
        #expect(countries.interpret(.codes(["JP", "XX"]), in: catalog) == .failure(.outOfDomain("unknown member 'XX'")))
        let categories = try #require(catalog.kind("sensitive_data_safeguards")?.parameter(named: "allowed_categories"))
        #expect(categories.interpret(.codes(["medical_history"]), in: catalog) == .success(.codes(["medical_history"])))
        #expect(categories.interpret(.codes(["name"]), in: catalog) == .failure(.outOfDomain("unknown member 'name'")))
    }
}
