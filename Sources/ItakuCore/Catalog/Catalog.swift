import Foundation

/// The fixed vocabulary every other record refers to, shipped with the product as data.
public struct Catalog: Sendable, Codable, Equatable {
    public var version: String
    public var certificationSchemes: [CatalogEntry] { didSet { reindex() } }
    public var subjectCategories: [CatalogEntry] { didSet { reindex() } }
    public var purposes: [Purpose] { didSet { reindex() } }
    public var dataItems: [DataItem] { didSet { reindex() } }
    public var thirdPartyExceptions: [ProvisionBasis]
    public var nonThirdPartyKinds: [ProvisionBasis]
    public var obligationKinds: [ObligationKind] { didSet { reindex() } }
    public var conditionalRequirements: [ConditionalRequirement]
    public var riskRules: [RiskRuleEntry]
    /// The items a contract must address under each framework, and the kinds that address them.
    public var contractChecklists: [ContractChecklist]

    /// Lookups by code, rebuilt whenever a list changes; equivalence runs them in tight loops.
    private var index = Index()

    private struct Index: Sendable {
        var kinds: [String: Int] = [:]
        var dataItems: [String: Int] = [:]
        var purposes: Set<String> = []
        var subjectCategories: Set<String> = []
        var certificationSchemes: Set<String> = []
        var reportingIntervals: [(kind: String, parameter: String)] = []
    }

    private enum CodingKeys: String, CodingKey {
        case version, certificationSchemes, subjectCategories, purposes, dataItems, thirdPartyExceptions
        case nonThirdPartyKinds, obligationKinds, conditionalRequirements, riskRules, contractChecklists
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(String.self, forKey: .version)
        certificationSchemes = try container.decode([CatalogEntry].self, forKey: .certificationSchemes)
        subjectCategories = try container.decode([CatalogEntry].self, forKey: .subjectCategories)
        purposes = try container.decode([Purpose].self, forKey: .purposes)
        dataItems = try container.decode([DataItem].self, forKey: .dataItems)
        thirdPartyExceptions = try container.decode([ProvisionBasis].self, forKey: .thirdPartyExceptions)
        nonThirdPartyKinds = try container.decode([ProvisionBasis].self, forKey: .nonThirdPartyKinds)
        obligationKinds = try container.decode([ObligationKind].self, forKey: .obligationKinds)
        conditionalRequirements = try container.decode([ConditionalRequirement].self, forKey: .conditionalRequirements)
        riskRules = try container.decode([RiskRuleEntry].self, forKey: .riskRules)
        contractChecklists = try container.decodeIfPresent([ContractChecklist].self, forKey: .contractChecklists) ?? []
        reindex()
    }

    public static func == (lhs: Catalog, rhs: Catalog) -> Bool {
        lhs.version == rhs.version && lhs.certificationSchemes == rhs.certificationSchemes
            && lhs.subjectCategories == rhs.subjectCategories && lhs.purposes == rhs.purposes && lhs.dataItems == rhs.dataItems
            && lhs.thirdPartyExceptions == rhs.thirdPartyExceptions && lhs.nonThirdPartyKinds == rhs.nonThirdPartyKinds
            && lhs.obligationKinds == rhs.obligationKinds && lhs.conditionalRequirements == rhs.conditionalRequirements
            && lhs.riskRules == rhs.riskRules && lhs.contractChecklists == rhs.contractChecklists
    }

    private mutating func reindex() {
        var index = Index()
        for (position, kind) in obligationKinds.enumerated() {
            for code in [kind.code] + (kind.aliases ?? []) where index.kinds[code] == nil { index.kinds[code] = position }
        }
        for (position, item) in dataItems.enumerated() where index.dataItems[item.code] == nil { index.dataItems[item.code] = position }
        index.purposes = Set(purposes.map(\.code))
        index.subjectCategories = Set(subjectCategories.map(\.code))
        index.certificationSchemes = Set(certificationSchemes.map(\.code))
        index.reportingIntervals = obligationKinds.flatMap { kind in
            kind.parameters.filter { $0.reportingInterval == true }.map { (kind.code, $0.name) }
        }
        self.index = index
    }

    // MARK: Lookups

    public func kind(_ code: String) -> ObligationKind? {
        index.kinds[code].map { obligationKinds[$0] }
    }

    public func dataItem(_ code: String) -> DataItem? {
        index.dataItems[code].map { dataItems[$0] }
    }

    /// The term parameters that set how often a contractor reports, in catalog order.
    public var reportingIntervals: [(kind: String, parameter: String)] { index.reportingIntervals }

    public func hasPurpose(_ code: String) -> Bool { index.purposes.contains(code) }
    public func hasSubjectCategory(_ code: String) -> Bool { index.subjectCategories.contains(code) }
    public func hasDataItem(_ code: String) -> Bool { index.dataItems[code] != nil }
    public func hasCertificationScheme(_ code: String) -> Bool { index.certificationSchemes.contains(code) }

    /// Codes that a set parameter with this domain may contain.
    public func contains(_ code: String, in domain: SetDomain) -> Bool {
        switch domain {
        case .purposes: hasPurpose(code)
        case .dataItems: hasDataItem(code)
        case .subjectCategories: hasSubjectCategory(code)
        case .specialCareItems: dataItem(code)?.class == .specialCare
        case .certificationSchemes: hasCertificationScheme(code)
        case .countries: CountryCode.isValid(code)
        }
    }
}

/// A code and its human title.
public struct CatalogEntry: Codable, Sendable, Equatable {
    public var code: String
    public var title: String
}

/// A purpose of use the company declares, and whose data it concerns.
public struct Purpose: Codable, Sendable, Equatable {
    public var code: String
    public var title: String
    public var subjectCategories: [String]
}

/// How closely the law guards a data item.
public enum DataItemClass: String, Codable, Sendable {
    case ordinary
    /// Special care-required personal information (APPI Art. 2(3)).
    case specialCare = "special_care"
    /// The individual number under the My Number Act.
    case individualNumber = "individual_number"
}

/// A kind of personal data that can be entrusted.
public struct DataItem: Codable, Sendable, Equatable {
    public var code: String
    public var title: String
    public var `class`: DataItemClass
    /// Misuse could cause financial damage, which makes a leak reportable whatever its size.
    public var financialHarm: Bool?
}

/// A legal basis for passing data to someone: an exception to consent or a non-third-party kind.
public struct ProvisionBasis: Codable, Sendable, Equatable {
    public var code: String
    public var title: String
    public var cite: String
    /// Whether the company's policy uses this route at all.
    public var allowedByPolicy: Bool?
}

/// Extra obligation kinds required when a scope condition holds.
public struct ConditionalRequirement: Codable, Sendable, Equatable {
    public var condition: ScopeCondition
    public var title: String
    public var require: [String]
    public var tighten: [Tightening]?
}

/// A parameter value the condition imposes even where the policy is laxer.
public struct Tightening: Codable, Sendable, Equatable {
    public var kind: String
    public var parameter: String
    public var value: TermValue
}

/// How serious a finding is.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case low, medium, high, critical

    public var rank: Int {
        switch self {
        case .low: 1
        case .medium: 2
        case .high: 3
        case .critical: 4
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A risk rule the engine knows, with its default severity.
public struct RiskRuleEntry: Codable, Sendable, Equatable {
    public var code: String
    public var severity: Severity
    public var title: String
}

/// What one framework says a contract with a contractor must address, item by item.
public struct ContractChecklist: Codable, Sendable, Equatable {
    public var code: String
    public var title: String
    /// When set, the checklist applies only to contracts whose scope meets this condition.
    public var onlyWhen: ScopeCondition?
    public var items: [ContractChecklistItem]
}

/// One item a contract must address, and the obligation kinds whose terms address it.
public struct ContractChecklistItem: Codable, Sendable, Equatable {
    public var code: String
    public var title: String
    public var kinds: [String]
    /// Recommended by the source rather than required.
    public var recommended: Bool?
}
