import Foundation

/// Something a caller may want to do; `Principal.authorize(_:)` decides (PRODUCT §5).
public enum Permission: Sendable, Equatable {
    case readCatalog
    case readOwnIdentity
    case readPolicy
    case writePolicy
    case listContractors
    case readContractor(UUID)
    case writeContractor
    case manageContractorTokens
    case revokeTokens
    case readEntrustments(ofContractor: UUID)
    case writeEntrustment
    case readAudit
    case readContracts(ofContractor: UUID)
    case writeContract
    case requestSubcontracting(forContractor: UUID)
    case readSubcontractings(ofContractor: UUID)
    case decideSubcontracting
    case readQuestionnaire
    case publishQuestionnaire
    /// Submitting attestations and evidence, reporting incidents, certifying dispositions.
    case report(forContractor: UUID)
    case readReports(ofContractor: UUID)
    case readReviewQueue
    case review
    case readRisk
    case triageFlags
    case runScan
    case renderDocument
    case readDocuments(ofContractor: UUID)
    case readTemplates
    case publishTemplate
}

extension Principal {
    /// Throws `.forbidden` when the role may not do this at all, and `.notFound` when a contractor
    /// reaches for another contractor's objects — so their existence is never revealed.
    public func authorize(_ permission: Permission) throws(ItakuError) {
        switch identity {
        case .system:
            return
        case .contractor(let own):
            switch permission {
            case .readCatalog, .readOwnIdentity, .readQuestionnaire:
                return
            case .readContractor(let id), .readEntrustments(let id), .readContracts(let id), .requestSubcontracting(let id),
                .readSubcontractings(let id), .report(let id), .readReports(let id), .readDocuments(let id):
                if id != own { throw .notFound("contractor \(id.uuidString.lowercased()) not found") }
            default:
                throw .forbidden("a contractor token cannot do this")
            }
        case .user(_, _, let role):
            let allowed: Set<Role> =
                switch permission {
                case .readCatalog, .readOwnIdentity, .readPolicy, .listContractors, .readContractor, .readEntrustments,
                    .readContracts, .readSubcontractings, .readQuestionnaire, .readReports, .readDocuments, .readTemplates:
                    Set(Role.allCases)
                case .writePolicy, .decideSubcontracting, .publishQuestionnaire, .review, .publishTemplate: [.compliance]
                case .renderDocument: [.procurement, .compliance]
                case .readReviewQueue: [.compliance, .auditor]
                case .readRisk: Set(Role.allCases)
                case .triageFlags: [.compliance]
                case .runScan: [.compliance, .admin]
                case .writeContractor, .writeEntrustment, .writeContract: [.procurement]
                case .requestSubcontracting, .report: []
                case .manageContractorTokens, .revokeTokens: [.admin, .procurement]
                case .readAudit: [.auditor, .compliance, .admin]
                }
            if allowed.isEmpty { throw .forbidden("only a contractor's own token can do this") }
            if !allowed.contains(role) {
                let roles = allowed.map(\.rawValue).sorted().joined(separator: " or ")
                throw .forbidden("this needs the \(roles) role; you are \(role.rawValue)")
            }
        }
    }
}
