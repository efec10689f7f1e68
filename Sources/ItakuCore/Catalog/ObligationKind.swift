/// Who an obligation kind binds: the company itself, the contractor, or both as an allocation.
public enum ObligationParty: String, Codable, Sendable {
    case company, contractor, both
}

/// Whether a kind must be passed on to every sub-contractor.
public enum FlowDown: String, Codable, Sendable {
    case required, recommended
    case notApplicable = "not_applicable"
}

/// A scope fact that makes extra obligation kinds necessary.
public enum ScopeCondition: String, Codable, Sendable, CaseIterable {
    /// The individual number (My Number) is among the entrusted items.
    case individualNumber = "individual_number"
    /// Special care-required information is among the entrusted items.
    case specialCare = "special_care"
    /// Data is stored or processed outside the company's country.
    case foreignLocation = "foreign_location"
    /// The contractor re-entrusts some of the work.
    case subcontracting
}

/// One kind of contractual obligation, with the typed parameters a term of it carries.
public struct ObligationKind: Codable, Sendable, Equatable {
    public var code: String
    /// Earlier or alternative codes accepted on input and stored as `code`.
    public var aliases: [String]?
    public var title: String
    public var party: ObligationParty
    public var flowDown: FlowDown
    /// When set, the kind is required only for contracts whose scope meets this condition.
    public var onlyWhen: ScopeCondition?
    public var cites: [String]?
    public var parameters: [ParameterSpec]

    /// Whether a contract with the company carries this kind (company-side duties do not).
    public var isContractTerm: Bool { party != .company }

    public func parameter(named name: String) -> ParameterSpec? {
        parameters.first { $0.name == name }
    }
}

/// The value type of an obligation parameter.
public enum ParameterType: String, Codable, Sendable {
    case boolean, integer
    /// One value of a list ordered from strictest to weakest.
    case ordered
    /// One value of an unordered list that must match exactly.
    case choice
    /// A set of codes.
    case set
}

/// How two values of a parameter compare for strictness.
public enum StrictnessDirection: String, Codable, Sendable {
    case lowerIsStricter = "lower_is_stricter"
    case higherIsStricter = "higher_is_stricter"
    case trueIsStricter = "true_is_stricter"
    case falseIsStricter = "false_is_stricter"
    case subsetIsStricter = "subset_is_stricter"
    case supersetIsStricter = "superset_is_stricter"
    /// For `ordered`: values earlier in the list are stricter.
    case strictestFirst = "strictest_first"
    /// For `choice`: only the same value is acceptable.
    case equalRequired = "equal_required"

    /// The parameter type this direction can compare.
    public var parameterType: ParameterType {
        switch self {
        case .lowerIsStricter, .higherIsStricter: .integer
        case .trueIsStricter, .falseIsStricter: .boolean
        case .subsetIsStricter, .supersetIsStricter: .set
        case .strictestFirst: .ordered
        case .equalRequired: .choice
        }
    }
}

/// Where the members of a set parameter come from.
public enum SetDomain: String, Codable, Sendable {
    case purposes, dataItems, subjectCategories, specialCareItems, certificationSchemes, countries
}

/// One typed parameter of an obligation kind.
public struct ParameterSpec: Codable, Sendable, Equatable {
    public var name: String
    public var type: ParameterType
    public var direction: StrictnessDirection
    public var unit: String?
    public var min: Int?
    public var max: Int?
    /// For numbers: the word meaning "larger than any number" (e.g. `perpetual`), if allowed.
    public var unbounded: String?
    /// For `ordered`, `choice` and closed sets: the allowed values (ordered ones strictest first).
    public var values: [String]?
    /// For sets whose members are catalog codes or countries.
    public var domain: SetDomain?
    /// `policyPurposes`: when a policy term leaves this out, the policy's declared purposes apply.
    public var defaultsTo: String?
    /// The parameter is a notification window that adds up along a sub-contracting chain.
    public var latencyBudget: Bool?
    /// The parameter sets how often the contractor must report (drives attestation due dates).
    public var reportingInterval: Bool?
}
