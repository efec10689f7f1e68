import FluentKit

struct CreateContracts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ContractRecord.schema)
            .id()
            .field("contractor_id", .uuid, .required, .references(ContractorRecord.schema, .id))
            .field("reference", .string, .required)
            .field("status", .string, .required)
            .field("effective_from", .string, .required)
            .field("expires_on", .string)
            .field("entrustment_ids", .string, .required)
            .field("obligations", .string, .required)
            .field("supersedes_id", .uuid)
            .field("superseded_by_id", .uuid)
            .field("issued_at", .string)
            .field("signed_on", .string)
            .field("signatories", .string, .required)
            .field("terminated_on", .string)
            .field("termination_reason", .string)
            .field("version", .int, .required)
            .field("created_at", .string, .required)
            .field("updated_at", .string, .required)
            .create()
        try await database.createIndex("contracts_contractor", on: ContractRecord.schema, columns: ["contractor_id", "created_at", "id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ContractRecord.schema).delete()
    }
}
