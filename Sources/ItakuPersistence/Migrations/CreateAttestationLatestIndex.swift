import FluentKit
import SQLKit

/// An index for finding a contractor's latest revision by period end and submission time, the
/// one a re-derivation reads whole: without it, every write read the period and time of every
/// revision the contractor ever submitted to find it.
struct CreateAttestationLatestIndex: AsyncMigration {
    static let name = "attestations_latest"

    func prepare(on database: any Database) async throws {
        try await database.createIndex(Self.name, on: AttestationRecord.schema, columns: ["contractor_id", "period_end", "submitted_at"])
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: Self.name).run()
    }
}
