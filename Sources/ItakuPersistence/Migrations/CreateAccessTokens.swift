import FluentKit

struct CreateAccessTokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TokenRecord.schema)
            .id()
            .field("secret_hash", .string, .required)
            .field("user_id", .uuid, .references(UserRecord.schema, .id))
            .field("contractor_id", .uuid, .references(ContractorRecord.schema, .id))
            .field("label", .string)
            .field("created_at", .string, .required)
            .field("expires_at", .string)
            .field("revoked_at", .string)
            .field("created_by", .string, .required)
            .unique(on: "secret_hash")
            .create()
        try await database.createIndex("access_tokens_contractor", on: TokenRecord.schema, columns: ["contractor_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TokenRecord.schema).delete()
    }
}
