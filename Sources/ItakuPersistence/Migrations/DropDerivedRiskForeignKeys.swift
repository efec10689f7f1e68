import FluentKit
import SQLKit

/// PostgreSQL only: flags and scores stop referencing `contractors` by foreign key.
///
/// They are derived rows. Only the risk engine writes them, for contractors it has just read
/// in the same transaction, and no path deletes a contractor (the registry ends one by its
/// status), so the check never refused anything. Yet PostgreSQL checks a foreign key by locking
/// the referenced row (`FOR KEY SHARE`) for every row inserted, which writes WAL and dirties the
/// contractor's page: inside the database, 48–74 ms of inserting a first scan's 6,931 flags and
/// 108 ms of its 10,000 scores. SQLite checks by a lookup in the primary key without locking,
/// and dropping a constraint there means rebuilding the table, so on SQLite the keys stay.
struct DropDerivedRiskForeignKeys: AsyncMigration {
    static let tables = [FlagRecord.schema, ScoreRecord.schema]

    func prepare(on database: any Database) async throws {
        guard let sql = FluentStore.postgresSQL(database) else { return }
        for table in Self.tables {
            // Named by PostgreSQL when the table was made; read rather than assumed.
            let constraints = try await sql.raw(
                """
                SELECT conname AS name FROM pg_constraint
                WHERE conrelid = to_regclass(\(bind: table)) AND confrelid = to_regclass(\(bind: ContractorRecord.schema)) AND contype = 'f'
                """
            ).all(decoding: Constraint.self)
            for constraint in constraints {
                try await sql.raw("ALTER TABLE \(ident: table) DROP CONSTRAINT \(ident: constraint.name)").run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = FluentStore.postgresSQL(database) else { return }
        for table in Self.tables {
            try await sql.raw(
                "ALTER TABLE \(ident: table) ADD FOREIGN KEY (contractor_id) REFERENCES \(ident: ContractorRecord.schema) (id)"
            ).run()
        }
    }

    private struct Constraint: Decodable {
        var name: String
    }
}
