import Foundation
import ItakuCore

/// Everything about one contractor on one page: why it is risky (flags, the terms that fall short,
/// the sub-contractors), what it holds, and what it has reported.
public struct ContractorPage: PageContent, Equatable {
    public static let template = "contractor"

    /// Everything the server gathers for the page.
    public struct Facts: Sendable {
        public var contractor: Contractor
        public var risk: RiskDesk.ContractorRisk
        public var policy: PolicyVersion?
        public var entrustments: [Entrustment]
        public var contracts: [Contract]
        public var attestations: [Attestation]
        public var incidents: [IncidentDesk.Report]
        public var tokens: [AccessToken]?
        public var names: [UUID: String]

        public init(
            contractor: Contractor, risk: RiskDesk.ContractorRisk, policy: PolicyVersion?, entrustments: [Entrustment], contracts: [Contract],
            attestations: [Attestation], incidents: [IncidentDesk.Report], tokens: [AccessToken]?, names: [UUID: String]
        ) {
            self.contractor = contractor
            self.risk = risk
            self.policy = policy
            self.entrustments = entrustments
            self.contracts = contracts
            self.attestations = attestations
            self.incidents = incidents
            self.tokens = tokens
            self.names = names
        }
    }

    /// What the signed-in user may do here.
    public struct Abilities: Encodable, Sendable, Equatable {
        public var edit: Bool
        public var manageTokens: Bool
        public var triage: Bool

        public init(edit: Bool, manageTokens: Bool, triage: Bool) {
            self.edit = edit
            self.manageTokens = manageTokens
            self.triage = triage
        }
    }

    public struct FlagRow: Encodable, Sendable, Equatable {
        public var id: String
        public var rule: String
        public var severity: String
        public var status: String
        public var explanation: String
        public var firstSeen: String
    }

    public struct CertificationRow: Encodable, Sendable, Equatable {
        public var scheme: String
        public var validUntil: String
        public var expired: Bool
        public var reference: String?
    }

    public struct EntrustmentRow: Encodable, Sendable, Equatable {
        public var title: String
        public var purposes: String
        public var dataItems: String
        public var sensitive: String?
        public var records: Int
        public var locations: String
        public var retentionDays: Int
        public var period: String
        public var disposition: String
    }

    public struct ContractRow: Encodable, Sendable, Equatable {
        public var reference: String
        public var href: String
        public var status: String
        public var effectiveFrom: String
        public var expiresOn: String?
        public var inForce: Bool
    }

    public struct EdgeRow: Encodable, Sendable, Equatable {
        public var name: String
        public var level: Int
        public var status: String
        public var verdict: String
        public var problems: [String]
    }

    public struct AttestationRow: Encodable, Sendable, Equatable {
        public var period: String
        public var href: String
        public var revision: Int
        public var status: String
        public var submittedAt: String
    }

    public struct TokenRow: Encodable, Sendable, Equatable {
        public var id: String
        public var label: String
        public var createdAt: String
        public var expiresAt: String?
        public var revokedAt: String?
        public var usable: Bool
    }

    public var id: String
    public var name: String
    public var href: String
    public var corporateNumber: String?
    public var country: String
    public var relationship: String
    public var status: String
    public var version: Int
    public var contacts: [Contact]
    public var certifications: [CertificationRow]
    public var score: Int
    public var severityCounts: String
    public var flags: [FlagRow]
    public var entrustments: [EntrustmentRow]
    public var contracts: [ContractRow]
    public var contractInForce: ContractRow?
    public var matrix: EquivalenceMatrix?
    public var chainSVG: String?
    public var chain: [EdgeRow]
    public var attestations: [AttestationRow]
    public var incidents: [DashboardPage.IncidentRow]
    public var tokens: [TokenRow]?
    /// A token issued by the request that drew this page; shown this once.
    public var newTokenSecret: String?
    public var can: Abilities

    public init(_ facts: Facts, catalog: Catalog, can: Abilities, newTokenSecret: String? = nil, now: Date) {
        let contractor = facts.contractor
        let profile = contractor.profile
        let today = CalendarDay(now)
        id = WebFormat.lowercased(contractor.id)
        name = profile.legalName
        href = "/ui/contractors/\(id)"
        corporateNumber = profile.corporateNumber
        country = profile.country
        relationship = WebFormat.code(profile.relationship.rawValue)
        status = profile.status.rawValue
        version = contractor.version
        contacts = profile.contacts
        certifications = profile.certifications.map { certification in
            CertificationRow(
                scheme: catalog.certificationSchemes.first { $0.code == certification.scheme }?.title ?? certification.scheme,
                validUntil: certification.validUntil.description, expired: certification.validUntil < today,
                reference: certification.reference)
        }
        let score = facts.risk.score
        self.score = score.score
        severityCounts = "\(score.critical) critical, \(score.high) high, \(score.medium) medium, \(score.low) low"
        flags = facts.risk.flags.map {
            FlagRow(
                id: WebFormat.lowercased($0.id), rule: $0.rule, severity: $0.severity.rawValue, status: $0.status.rawValue,
                explanation: $0.explanation, firstSeen: WebFormat.moment($0.firstSeenAt))
        }
        entrustments = facts.entrustments.map { entrustment in
            let scope = entrustment.scope
            let sensitive = scope.dataItems.compactMap { code -> String? in
                switch catalog.dataItem(code)?.class {
                case .specialCare?: "\(WebFormat.code(code)) (special care-required)"
                case .individualNumber?: "\(WebFormat.code(code)) (individual number)"
                default: nil
                }
            }
            return EntrustmentRow(
                title: scope.title, purposes: scope.purposes.map(WebFormat.code).joined(separator: ", "),
                dataItems: scope.dataItems.map(WebFormat.code).joined(separator: ", "),
                sensitive: sensitive.isEmpty ? nil : sensitive.joined(separator: ", "), records: scope.estimatedRecords,
                locations: scope.locations.joined(separator: ", "), retentionDays: scope.retentionDays,
                period: "\(scope.startsOn) – \(scope.endsOn?.description ?? "open")", disposition: entrustment.disposition.rawValue)
        }
        let inForce = facts.risk.contract
        contracts = facts.contracts.map { Self.row($0, inForce: $0.id == inForce?.id) }
        contractInForce = inForce.map { Self.row($0, inForce: true) }
        matrix = facts.risk.equivalence.map { report in
            EquivalenceMatrix(report: report, policy: facts.policy?.content, obligations: inForce?.obligations ?? [])
        }
        chainSVG = ChainGraph(rootName: profile.legalName, tree: facts.risk.tree, names: facts.names).svg
        chain = facts.risk.tree.map { entry in
            EdgeRow(
                name: facts.names[entry.subcontracting.childContractorID] ?? WebFormat.lowercased(entry.subcontracting.childContractorID),
                level: entry.level, status: entry.subcontracting.status.rawValue,
                verdict: entry.report.map { $0.isSound ? "equivalent" : "falls short" } ?? "not checked",
                problems: entry.report?.problems ?? [])
        }
        attestations = facts.attestations.map {
            AttestationRow(
                period: "\($0.periodStart) – \($0.periodEnd)", href: "/ui/attestations/\(WebFormat.lowercased($0.id))", revision: $0.revision,
                status: WebFormat.code($0.status.rawValue), submittedAt: WebFormat.moment($0.submittedAt))
        }
        incidents = facts.incidents.map { DashboardPage.IncidentRow(report: $0, contractor: profile.legalName, now: now) }
        tokens = facts.tokens.map { tokens in
            tokens.map {
                TokenRow(
                    id: WebFormat.lowercased($0.id), label: $0.label ?? "(no label)", createdAt: WebFormat.moment($0.createdAt),
                    expiresAt: WebFormat.moment($0.expiresAt), revokedAt: WebFormat.moment($0.revokedAt), usable: $0.isUsable(at: now))
            }
        }
        self.newTokenSecret = newTokenSecret
        self.can = can
    }

    static func row(_ contract: Contract, inForce: Bool) -> ContractRow {
        ContractRow(
            reference: contract.reference, href: "/ui/contracts/\(WebFormat.lowercased(contract.id))", status: contract.status.rawValue,
            effectiveFrom: contract.effectiveFrom.description, expiresOn: contract.expiresOn?.description, inForce: inForce)
    }
}
