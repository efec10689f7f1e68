import FluentKit
import SQLKit

/// The counters behind a contractor's risk view stamp: one per contractor beside its score, one
/// for the portfolio's structure.
struct CreateRiskViewCounters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ScoreRecord.schema)
            .field("flag_stamp", .int64, .required, .sql(.default(0)))
            .update()
        try await database.schema(RiskStructureCounter.table)
            .field("id", .int, .identifier(auto: false))
            .field("value", .int64, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.insert(into: RiskStructureCounter.table).columns("id", "value").values(1, 0).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RiskStructureCounter.table).delete()
        try await database.schema(ScoreRecord.schema).deleteField("flag_stamp").update()
    }
}

/// The single-row table of the structure counter.
enum RiskStructureCounter {
    static let table = "risk_structure_counter"
}
