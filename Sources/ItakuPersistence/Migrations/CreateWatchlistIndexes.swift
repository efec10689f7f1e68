import FluentKit

/// Indexes the dashboard's watchlists read by: contracts by expiry, incidents by status.
struct CreateWatchlistIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.createIndex("contracts_expires_on", on: ContractRecord.schema, columns: ["expires_on"])
        try await database.createIndex("incidents_status_reported_at", on: IncidentRecord.schema, columns: ["status", "reported_at"])
    }

    func revert(on database: any Database) async throws {}
}
