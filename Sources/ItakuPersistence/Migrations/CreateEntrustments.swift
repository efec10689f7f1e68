import FluentKit

struct CreateEntrustments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(EntrustmentRecord.schema)
            .id()
            .field("contractor_id", .uuid, .required, .references(ContractorRecord.schema, .id))
            .field("scope", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("disposition", .string, .required)
            .field("disposition_certified_at", .string)
            .field("version", .int, .required)
            .field("created_at", .string, .required)
            .field("updated_at", .string, .required)
            .create()
        try await database.createIndex(
            "entrustments_contractor", on: EntrustmentRecord.schema, columns: ["contractor_id", "created_at", "id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EntrustmentRecord.schema).delete()
    }
}
