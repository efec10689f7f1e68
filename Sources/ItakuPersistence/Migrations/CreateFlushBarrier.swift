import FluentKit
import SQLKit

/// PostgreSQL only: the table an audited write's flush barrier writes to (`FluentStore.write`),
/// one row per server process, each connection touching only its own. A barrier must write WAL:
/// PostgreSQL commits a transaction that wrote none without waiting for the disk, even with
/// `synchronous_commit` on, so the `SELECT txid_current()` this replaces flushed nothing itself.
struct CreateFlushBarrier: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = FluentStore.postgresSQL(database) else { return }
        try await sql.raw(
            SQLQueryString("CREATE TABLE IF NOT EXISTS \(FlushBarrier.table) (backend integer PRIMARY KEY, barriers bigint NOT NULL)")
        ).run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = FluentStore.postgresSQL(database) else { return }
        try await sql.raw(SQLQueryString("DROP TABLE IF EXISTS \(FlushBarrier.table)")).run()
    }
}

/// The barrier's table and its one statement.
enum FlushBarrier {
    static let table = "itaku_flush_barrier"
    /// Counts a barrier on the calling server process's row: a row change, so the commit writes
    /// WAL and waits for it, and with it for everything written before.
    static let statement =
        "INSERT INTO \(table) (backend, barriers) VALUES (pg_backend_pid(), 1) "
        + "ON CONFLICT (backend) DO UPDATE SET barriers = \(table).barriers + 1"
}
