import FluentKit

struct CreateSubcontractings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SubcontractingRecord.schema)
            .id()
            .field("parent_contractor_id", .uuid, .required, .references(ContractorRecord.schema, .id))
            .field("child_contractor_id", .uuid, .required, .references(ContractorRecord.schema, .id))
            .field("parent_subcontracting_id", .uuid)
            .field("entrustment_ids", .string, .required)
            .field("scope", .string, .required)
            .field("description", .string)
            .field("status", .string, .required)
            .field("flowed_down_terms", .string, .required)
            .field("requested_at", .string, .required)
            .field("requested_by", .string, .required)
            .field("decided_at", .string)
            .field("decided_by", .string)
            .field("decided_by_role", .string)
            .field("decision_note", .string)
            .field("version", .int, .required)
            .create()
        try await database.createIndex("subcontractings_parent", on: SubcontractingRecord.schema, columns: ["parent_contractor_id"])
        try await database.createIndex("subcontractings_status", on: SubcontractingRecord.schema, columns: ["status"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SubcontractingRecord.schema).delete()
    }
}
