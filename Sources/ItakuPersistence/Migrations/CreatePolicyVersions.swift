import FluentKit

struct CreatePolicyVersions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PolicyRecord.schema)
            .id()
            .field("version", .int, .required)
            .field("content", .string, .required)
            .field("created_at", .string, .required)
            .field("created_by", .string, .required)
            .field("note", .string)
            .unique(on: "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PolicyRecord.schema).delete()
    }
}
