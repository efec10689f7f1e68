import FluentKit

struct CreateRiskFlags: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FlagRecord.schema)
            .id()
            .field("contractor_id", .uuid, .required, .references(ContractorRecord.schema, .id))
            .field("flag_key", .string, .required)
            .field("rule", .string, .required)
            .field("severity", .string, .required)
            .field("severity_rank", .int, .required)
            .field("status", .string, .required)
            .field("body", .string, .required)
            .field("first_seen_at", .string, .required)
            .field("last_seen_at", .string, .required)
            .field("version", .int, .required)
            // Two writes re-deriving one contractor at once insert a finding's flag only once.
            .unique(on: "contractor_id", "flag_key")
            .create()
        try await database.createIndex("risk_flags_list", on: FlagRecord.schema, columns: ["status", "severity_rank", "last_seen_at"])
        try await database.createIndex("risk_flags_rule", on: FlagRecord.schema, columns: ["rule", "status"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FlagRecord.schema).delete()
    }
}

struct CreateRiskScores: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ScoreRecord.schema)
            .field("contractor_id", .uuid, .identifier(auto: false), .references(ContractorRecord.schema, .id))
            .field("legal_name", .string, .required)
            .field("score", .int, .required)
            .field("critical", .int, .required)
            .field("high", .int, .required)
            .field("medium", .int, .required)
            .field("low", .int, .required)
            .create()
        try await database.createIndex("risk_scores_rank", on: ScoreRecord.schema, columns: ["score", "legal_name"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ScoreRecord.schema).delete()
    }
}

struct CreateScans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ScanRecord.schema)
            .id()
            .field("started_at", .string, .required)
            .field("body", .string, .required)
            .create()
        try await database.schema(ScheduledRunRecord.schema)
            .field("slot", .string, .identifier(auto: false))
            .field("holder", .string, .required)
            .field("claimed_at", .string, .required)
            .field("finished_at", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ScheduledRunRecord.schema).delete()
        try await database.schema(ScanRecord.schema).delete()
    }
}
