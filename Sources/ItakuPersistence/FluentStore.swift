import FluentKit
import Foundation
import ItakuCore
import SQLKit

/// The `Store` port on a Fluent database, SQLite or PostgreSQL, through one code path.
public struct FluentStore: Store {
    /// The database engine, where the two need different handling.
    public enum Engine: Sendable {
        /// One writer at a time in this process; a single instance is assumed.
        case sqlite
        /// Writers coordinate in the database itself, so several instances can share it.
        case postgres
    }

    /// Hands out a database handle per unit of work, so work spreads over the connection pools;
    /// nil once the databases have been shut down.
    let handle: @Sendable () -> (any Database)?
    let engine: Engine
    private let writeLock = WriteLock()

    public init(database: @escaping @Sendable () -> (any Database)?, engine: Engine) {
        self.handle = database
        self.engine = engine
    }

    /// A handle for one unit of work. A request still running while the service shuts down gets
    /// an error it can answer with (503), not a crash.
    func database() throws -> any Database {
        guard let database = handle() else { throw DatabaseUnavailable() }
        return database
    }

    public func write<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        let engine = self.engine
        let run: @Sendable () async throws -> T = {
            do {
                // One handle for the transaction and its barrier: making one is not free.
                let database = try database()
                let (result, flushDeferred) = try await database.transaction { db in
                    let tx = FluentTransaction(db: db, engine: engine, pendingAudit: PendingAudit())
                    let result = try await JSONMemo.$current.withValue(JSONMemo()) { try await work(tx) }
                    return (result, try await tx.sealPendingAudit())
                }
                if flushDeferred { try await awaitFlush(on: database) }
                return result
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Two writers raced for the same unique value (a policy version, an audit sequence):
                // the loser's transaction rolled back and it may simply try again.
                throw ItakuError.conflict("a concurrent change got there first; nothing was saved, please retry")
            }
        }
        // SQLite allows one writer; two transactions that read and then write would otherwise fail
        // with SQLITE_BUSY instead of waiting. Serialising them here makes them queue.
        guard engine == .sqlite else { return try await run() }
        return try await writeLock.withLock(run)
    }

    /// Waits until the WAL holds on disk every commit made before the call. A write on
    /// PostgreSQL commits without waiting for its flush, so the audit chain's lock, held until
    /// the commit, is not held through an fsync; this barrier then commits a transaction of its
    /// own synchronously. The WAL is written in order, so once the barrier's commit is on disk
    /// so is the write's; and a later write that chained onto this one before a crash commits
    /// later in the WAL, so no crash keeps it without this one. Concurrent barriers share fsyncs.
    /// The barrier changes a row (`FlushBarrier`): a transaction that writes no WAL commits
    /// without waiting, whatever `synchronous_commit` says.
    private func awaitFlush(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw(SQLQueryString(FlushBarrier.statement)).run()
    }

    public func read<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        // One unit of work often reads the same stored JSON many times (the policy's terms repeated in
        // every contract, the same answers in every attestation): each text is decoded once. The memo
        // lives only as long as the unit of work and is not shared with tasks it spawns concurrently.
        let db = try database()
        return try await JSONMemo.$current.withValue(JSONMemo()) { try await work(FluentTransaction(db: db, engine: engine)) }
    }

    public func isReachable() async -> Bool {
        guard let sql = try? database() as? any SQLDatabase else { return false }
        do {
            try await sql.raw("SELECT 1").run()
            return true
        } catch {
            return false
        }
    }
}

/// The databases are shut down (the service is stopping): nothing was read or saved.
public struct DatabaseUnavailable: Error, CustomStringConvertible {
    public init() {}

    public var description: String { "the database is not available (the service is shutting down)" }
}

/// One unit of work: every repository over the same database handle.
struct FluentTransaction: StoreTransaction {
    let db: any Database
    let engine: FluentStore.Engine
    /// The write's audit events, sealed as it ends; nil for reads.
    var pendingAudit: PendingAudit? = nil

    var sql: any SQLDatabase {
        // Both drivers Itaku ships with are SQL databases.
        db as! any SQLDatabase
    }
}

/// An async mutual-exclusion lock that queues waiters in arrival order.
actor WriteLock {
    private var isHeld = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await body()
            release()
            return result
        } catch {
            release()
            throw error
        }
    }

    private func acquire() async {
        if !isHeld {
            isHeld = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            isHeld = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
