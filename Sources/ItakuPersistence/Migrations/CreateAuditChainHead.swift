import FluentKit
import SQLKit

/// PostgreSQL only: a function that takes the audit chain's lock and then reads the chain's head,
/// in one round trip instead of two. Every write seals its events under that lock, so the
/// round trip saved is one every write pays and one less while the next writer waits.
struct CreateAuditChainHead: AuditChainHeadMigration {
    static let deferringFlush = false
}

/// PostgreSQL only: the chain-head function again, taking whether the calling transaction's
/// commit may leave flushing the WAL to a barrier after it (see `FluentStore.write`). The
/// chain's lock is held until the transaction ends; a synchronous commit ends only after its
/// WAL is on disk, so every writer used to wait on the previous one's fsync as well as on its
/// statements. The one-argument function stays for instances of older builds.
struct CreateAuditChainHeadDeferringFlush: AuditChainHeadMigration {
    static let deferringFlush = true
}

/// A migration that creates one form of the chain-head function (`AuditChainHead`).
protocol AuditChainHeadMigration: AsyncMigration {
    static var deferringFlush: Bool { get }
}

extension AuditChainHeadMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = FluentStore.postgresSQL(database) else { return }
        try await sql.raw(SQLQueryString(AuditChainHead.definition(deferringFlush: Self.deferringFlush))).run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = FluentStore.postgresSQL(database) else { return }
        try await sql.raw(SQLQueryString("DROP FUNCTION IF EXISTS " + AuditChainHead.signature(deferringFlush: Self.deferringFlush))).run()
    }
}

/// The function `CreateAuditChainHead` creates, and its later form.
enum AuditChainHead {
    static let function = "itaku_audit_chain_head"

    /// Its name and argument types, as `DROP FUNCTION` names one form.
    static func signature(deferringFlush: Bool) -> String {
        "\(function)(bigint\(deferringFlush ? ", boolean" : ""))"
    }

    /// Its definition; with `deferringFlush`, a second argument that, when true, makes the
    /// calling transaction commit without waiting for its WAL to reach disk.
    ///
    /// A volatile function takes a fresh snapshot for each statement inside it, so the head is
    /// read only after the lock is granted: it sees the event the previous holder committed.
    /// One statement taking the lock and reading would read with a snapshot from before the wait.
    static func definition(deferringFlush: Bool) -> String {
        """
        CREATE OR REPLACE FUNCTION \(function)(lock_key bigint\(deferringFlush ? ", defer_flush boolean" : ""))
        RETURNS TABLE(head_sequence bigint, head_hash text) LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(lock_key);\(deferringFlush ? "\n    IF defer_flush THEN PERFORM set_config('synchronous_commit', 'off', true); END IF;" : "")
            RETURN QUERY SELECT a.sequence, a.hash FROM \(AuditRecord.schema) AS a ORDER BY a.sequence DESC LIMIT 1;
        END
        $$
        """
    }
}
