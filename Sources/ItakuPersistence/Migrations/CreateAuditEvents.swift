import FluentKit

struct CreateAuditEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditRecord.schema)
            .id()
            .field("sequence", .int, .required)
            .field("occurred_at", .string, .required)
            .field("actor", .string, .required)
            .field("role", .string, .required)
            .field("action", .string, .required)
            .field("subject_type", .string, .required)
            .field("subject_id", .string, .required)
            .field("before", .string)
            .field("after", .string)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            // A second writer that read the same chain head fails here instead of forking the chain.
            .unique(on: "sequence")
            .create()
        try await database.createIndex("audit_events_subject", on: AuditRecord.schema, columns: ["subject_type", "subject_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditRecord.schema).delete()
    }
}
