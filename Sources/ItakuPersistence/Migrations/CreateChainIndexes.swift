import FluentKit

/// An index for walking the sub-contracting graph upward: a re-derivation reads the chains above
/// a contractor from the edges that reach it.
struct CreateChainIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.createIndex("subcontractings_child", on: SubcontractingRecord.schema, columns: ["child_contractor_id"])
    }

    func revert(on database: any Database) async throws {}
}
