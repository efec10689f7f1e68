import FluentKit
import SQLKit

/// Drops `risk_flags_rule` (rule, status): `risk_flags_rule_ranked` begins with the same two
/// columns, so it serves every read the shorter one did, and each flag written kept both up to
/// date (15–30 ms of inserting a first scan's 6,931 flags on PostgreSQL).
struct DropRedundantFlagRuleIndex: AsyncMigration {
    static let index = "risk_flags_rule"

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: Self.index).ifExists().run()
    }

    func revert(on database: any Database) async throws {
        try await database.createIndex(Self.index, on: FlagRecord.schema, columns: ["rule", "status"])
    }
}
