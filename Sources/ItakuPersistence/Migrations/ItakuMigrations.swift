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
    ]
}
