import Foundation

/// The fixed vocabulary every other record refers to, shipped with the product as data.
public struct Catalog: Sendable, Codable, Equatable {
    public var version: String
    public var certificationSchemes: [CatalogEntry]
    public var subjectCategories: [CatalogEntry]
    public var purposes: [Purpose]
    public var dataItems: [DataItem]
    public var thirdPartyExceptions: [ProvisionBasis]
    public var nonThirdPartyKinds: [ProvisionBasis]
    public var obligationKinds: [ObligationKind]
    public var conditionalRequirements: [ConditionalRequirement]
    public var riskRules: [RiskRuleEntry]

    private enum CodingKeys: String, CodingKey {
        case version, certificationSchemes, subjectCategories, purposes, dataItems, thirdPartyExceptions
        case nonThirdPartyKinds, obligationKinds, conditionalRequirements, riskRules
    }

    // MARK: Lookups

    public func kind(_ code: String) -> ObligationKind? {
        obligationKinds.first { $0.code == code || ($0.aliases ?? []).contains(code) }
    }

    public func dataItem(_ code: String) -> DataItem? {
        dataItems.first { $0.code == code }
    }

    public func hasPurpose(_ code: String) -> Bool { purposes.contains { $0.code == code } }
    public func hasSubjectCategory(_ code: String) -> Bool { subjectCategories.contains { $0.code == code } }
    public func hasDataItem(_ code: String) -> Bool { dataItem(code) != nil }
    public func hasCertificationScheme(_ code: String) -> Bool { certificationSchemes.contains { $0.code == code } }

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
