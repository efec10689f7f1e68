import FluentKit
import SQLKit

struct CreateContractors: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ContractorRecord.schema)
            .id()
            .field("legal_name", .string, .required)
            .field("name_key", .string, .required)
            .field("corporate_number", .string)
            .field("country", .string, .required)
            .field("relationship", .string, .required)
            .field("status", .string, .required)
            .field("contacts", .string, .required)
            .field("certifications", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .string, .required)
            .field("updated_at", .string, .required)
            .create()
        try await database.createIndex("contractors_name_key", on: ContractorRecord.schema, columns: ["name_key", "id"])
        try await database.createIndex(
            "contractors_corporate_number", on: ContractorRecord.schema, columns: ["corporate_number"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ContractorRecord.schema).delete()
    }
}

extension Database {
    /// Creates a plain index (Fluent's schema builder only knows unique constraints).
    func createIndex(_ name: String, on table: String, columns: [String], unique: Bool = false) async throws {
        guard let sql = self as? any SQLDatabase else { return }
        var builder = sql.create(index: name).on(table)
        if unique { builder = builder.unique() }
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }
}
