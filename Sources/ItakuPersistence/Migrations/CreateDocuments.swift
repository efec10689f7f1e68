import FluentKit

struct CreateDocumentTemplates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TemplateRecord.schema)
            .id()
            .field("name", .string, .required)
            .field("version", .int, .required)
            .field("body", .string, .required)
            .field("sha256", .string, .required)
            .field("source", .string, .required)
            .field("note", .string)
            .field("created_at", .string, .required)
            .field("created_by", .string, .required)
            .unique(on: "name", "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TemplateRecord.schema).delete()
    }
}

struct CreateDocuments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DocumentRecord.schema)
            .id()
            .field("contract_id", .uuid, .required, .references(ContractRecord.schema, .id))
            .field("contractor_id", .uuid, .required)
            .field("template_name", .string, .required)
            .field("template_version", .int, .required)
            .field("format", .string, .required)
            .field("filename", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("snapshot", .string, .required)
            .field("content", .data, .required)
            .field("created_at", .string, .required)
            .field("created_by", .string, .required)
            .create()
        try await database.createIndex("documents_contract", on: DocumentRecord.schema, columns: ["contract_id", "created_at", "id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DocumentRecord.schema).delete()
    }
}
