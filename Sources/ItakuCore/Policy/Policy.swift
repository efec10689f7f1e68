import Foundation
import Yams

/// Numbers the risk rules and deadlines read from the policy rather than from code.
public struct PolicySettings: Codable, Sendable, Equatable {
    /// The company's own country; handling elsewhere needs the transfer terms.
    public var companyCountry: String
    /// How far attested records may exceed the entrusted estimate, in percent.
    public var volumeTolerancePercent: Int
    /// Days after a period ends before its attestation counts as overdue.
    public var attestationGraceDays: Int
    /// Days after an entrustment ends by which its return or deletion must be certified.
    public var dispositionDueDays: Int
    /// Days an incident may stay open before it is a finding.
    public var incidentOpenMaxDays: Int
    /// Days from knowing of a leak to the regulator's preliminary report.
    public var regulatorPreliminaryDays: Int
    /// Days from knowing of a leak to the regulator's final report.
    public var regulatorFinalDays: Int
    /// The same for unauthorised access and other improper-purpose acts.
    public var regulatorFinalDaysImproperPurpose: Int
}

/// The company's own obligations: terms, declared purposes and which items each purpose needs.
public struct PolicyContent: Codable, Sendable, Equatable {
    public var settings: PolicySettings
    public var purposes: [String]
    /// Purpose code → the data item codes that purpose needs.
    public var necessity: [String: [String]]
    public var terms: [ObligationTerm]

    public init(settings: PolicySettings, purposes: [String], necessity: [String: [String]], terms: [ObligationTerm]) {
        self.settings = settings
        self.purposes = purposes
        self.necessity = necessity
        self.terms = terms
    }

    public func term(_ kind: String) -> ObligationTerm? {
        terms.first { $0.kind == kind }
    }

    /// `term` with the values the policy implies but does not write out (its declared purposes for
    /// parameters that default to them), so a contract copying it states everything it is held to.
    public func statedInFull(_ term: ObligationTerm, catalog: Catalog) -> ObligationTerm {
        var term = term
        for spec in catalog.kind(term.kind)?.parameters ?? [] where term.parameters[spec.name] == nil {
            if spec.defaultsTo == "policyPurposes" { term.parameters[spec.name] = .set(purposes) }
        }
        return term
    }

    /// The policy installed on first start, from the shipped YAML, checked against `catalog`.
    public static func shippedDefault(catalog: Catalog) throws -> PolicyContent {
        let text = try String(contentsOf: try bundledResource("default-policy"), encoding: .utf8)
        let raw: PolicyContent
        do {
            raw = try YAMLDecoder().decode(PolicyContent.self, from: text)
        } catch {
            throw CatalogError(problems: [decodingProblem(error)])
        }
        do {
            return try raw.validated(against: catalog)
        } catch {
            guard case .invalid(let issues) = error else { throw error }
            throw CatalogError(problems: issues.map { CatalogProblem(path: "default-policy.\($0.field)", message: $0.message) })
        }
    }
}

/// One stored version of the policy.
public struct PolicyVersion: Codable, Sendable, Equatable {
    public var version: Int
    public var content: PolicyContent
    public var createdAt: Date
    /// Who made this version (`system` for the shipped default).
    public var createdBy: String
    public var note: String?

    public init(version: Int, content: PolicyContent, createdAt: Date, createdBy: String, note: String?) {
        self.version = version
        self.content = content
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.note = note
    }

    public var stamp: PolicyStamp { PolicyStamp(version: version, createdAt: createdAt) }
}

/// Which policy version is in force, without its content: enough to tell whether the policy
/// already at hand is still the current one. Versions are never changed once stored, so a
/// version number and its creation time name one policy.
public struct PolicyStamp: Sendable, Equatable {
    public var version: Int
    public var createdAt: Date

    public init(version: Int, createdAt: Date) {
        self.version = version
        self.createdAt = createdAt
    }
}
