import FluentKit

/// Indexes for the pages' reads of the flag table: counts by rule and severity answered from the
/// index alone, one rule's flags and the unfiltered list in list order without a sort.
struct CreateFlagReadIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.createIndex("risk_flags_counts", on: FlagRecord.schema, columns: ["status", "rule", "severity"])
        try await database.createIndex(
            "risk_flags_rule_ranked", on: FlagRecord.schema, columns: ["rule", "status", "severity_rank", "last_seen_at", "id"])
        try await database.createIndex("risk_flags_ranked", on: FlagRecord.schema, columns: ["severity_rank", "last_seen_at", "id"])
    }

    func revert(on database: any Database) async throws {}
}
