import FluentKit
import SQLKit

/// PostgreSQL only: a function that takes the audit chain's lock and then reads the chain's head,
/// in one round trip instead of two. Every write seals its events under that lock, so the
/// round trip saved is one every write pays and one less while the next writer waits.
struct CreateAuditChainHead: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = FluentStore.postgresSQL(database) else { return }
        // A volatile function takes a fresh snapshot for each statement inside it, so the head is
        // read only after the lock is granted: it sees the event the previous holder committed.
        // One statement taking the lock and reading would read with a snapshot from before the wait.
        try await sql.raw(
            """
            CREATE OR REPLACE FUNCTION \(unsafeRaw: AuditChainHead.function)(lock_key bigint)
            RETURNS TABLE(head_sequence bigint, head_hash text) LANGUAGE plpgsql VOLATILE AS $$
            BEGIN
                PERFORM pg_advisory_xact_lock(lock_key);
                RETURN QUERY SELECT a.sequence, a.hash FROM \(unsafeRaw: AuditRecord.schema) AS a ORDER BY a.sequence DESC LIMIT 1;
            END
            $$
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = FluentStore.postgresSQL(database) else { return }
        try await sql.raw("DROP FUNCTION IF EXISTS \(unsafeRaw: AuditChainHead.function)(bigint)").run()
    }
}

/// The name of the function `CreateAuditChainHead` creates.
enum AuditChainHead {
    static let function = "itaku_audit_chain_head"
}
