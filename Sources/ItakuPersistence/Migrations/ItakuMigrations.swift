import FluentKit

/// Every schema change, in the order it must run. Append; never edit a shipped migration.
public enum ItakuMigrations {
    public static let all: [any Migration] = [
        CreateUsers(),
        CreateContractors(),
        CreateEntrustments(),
        CreateAccessTokens(),
        CreatePolicyVersions(),
        CreateAuditEvents(),
        CreateContracts(),
        CreateSubcontractings(),
        UpdateContractorsAddNameMatch(),
        CreateQuestionnaires(),
        CreateAttestations(),
        CreateEvidenceFiles(),
        CreateIncidents(),
        CreateIdempotencyKeys(),
        UpdateEntrustmentsAddDispositionCertificate(),
        CreateRiskFlags(),
        CreateRiskScores(),
        CreateScans(),
        CreateDocumentTemplates(),
        CreateDocuments(),
        CreateWatchlistIndexes(),
        CreateFlagReadIndexes(),
        CreateRiskViewCounters(),
        CreateChainIndexes(),
        CreateAuditChainHead(),
        CreateAuditChainHeadDeferringFlush(),
        UpdateTermsStoredByContent(),
        CreateAttestationLatestIndex(),
        CreateFlushBarrier(),
        DropDerivedRiskForeignKeys(),
        DropRedundantFlagRuleIndex(),
    ]
}

extension ItakuMigrations {
    /// The migrations this build knows that the database has not run, by name — a newer instance
    /// may be waiting to migrate, or an older database was attached without migrating.
    public static func pending(on database: any Database) async throws -> [String] {
        let done = Set(try await MigrationLog.query(on: database).all().map(\.name))
        return all.map(\.name).filter { !done.contains($0) }
    }
}
