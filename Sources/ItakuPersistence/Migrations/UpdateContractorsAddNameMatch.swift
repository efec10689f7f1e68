import FluentKit
import ItakuCore

/// Adds the normalised name organisations are matched by when a contractor names a
/// sub-contractor without a corporate number, and fills it for existing rows.
struct UpdateContractorsAddNameMatch: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ContractorRecord.schema).field("name_match", .string).update()
        for record in try await ContractorRecord.query(on: database).all() {
            record.nameMatch = Contractor.normalisedName(record.legalName)
            try await record.update(on: database)
        }
        try await database.createIndex("contractors_name_match", on: ContractorRecord.schema, columns: ["name_match"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ContractorRecord.schema).deleteField("name_match").update()
    }
}
