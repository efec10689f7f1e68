import FluentKit
import ItakuCore
import NIOConcurrencyHelpers
import PostgresNIO

/// The names PostgreSQL connections keep prepared statements under. A connection remembers a
/// failed preparation and answers every later execution of that name with the same error, so
/// after an error that may have come from preparing, every name is retired for a new one.
enum PreparedNames {
    private static let generation = NIOLockedValueBox(0)

    /// How many times the names have been retired.
    static var renewals: Int { generation.withLockedValue { $0 } }

    /// A name for a statement each connection prepares once, until `renew()`.
    static func name(_ stem: String) -> String { "\(stem)_\(renewals)" }

    /// Retires every name handed out so far: each connection prepares anew under the next ones.
    static func renew() { generation.withLockedValue { $0 += 1 } }

    /// Runs `work`, retiring the names if it fails in a way a preparation can.
    static func renewingOnFailure<T: Sendable>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch {
            if mayComeFromPreparing(error) { renew() }
            throw error
        }
    }

    /// Whether preparing a statement can raise `error`. A constraint violation (two writers
    /// racing for one key) comes from executing only, and is frequent enough under contention
    /// that it must not make every connection prepare again.
    static func mayComeFromPreparing(_ error: any Error) -> Bool {
        (error as? any DatabaseError)?.isConstraintFailure != true
    }
}

/// SQL text run as a statement its PostgreSQL connection prepares once and then only binds and
/// executes: unnamed, every statement was parsed and planned on every run, a fifth of the
/// server's CPU per attestation submission (`/proc` CPU of the backends under `wrk -c1`).
///
/// PostgresNIO names a prepared statement by its type, so the text and its name are bound for
/// the duration of one execution (`PreparedText.$current`), which reads them as it starts.
struct PreparedText: PostgresPreparedStatement {
    typealias Row = PostgresRow

    /// The text being executed and the name it is prepared under.
    @TaskLocal static var current = Naming(stem: "", sql: "")

    static var name: String { PreparedNames.name(current.stem) }
    static var sql: String { current.sql }

    var bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }

    /// A text and the stem of the name it is prepared under.
    struct Naming: Sendable {
        var stem: String
        var sql: String
    }

    /// The names of the texts this process prepares.
    static let names = Names(capacity: 256, parameterLimit: 64)

    /// Which texts are prepared, and under what name. Bounded: the statements requests repeat
    /// are far fewer than the capacity, and texts past it (built for a batch of a size not seen
    /// before) run unnamed rather than growing every connection's prepared statements without end.
    final class Names: Sendable {
        private let stems = NIOLockedValueBox<[String: String]>([:])
        let capacity: Int
        /// Statements with more parameters than this are bulk writes, run unnamed.
        let parameterLimit: Int

        init(capacity: Int, parameterLimit: Int) {
            self.capacity = capacity
            self.parameterLimit = parameterLimit
        }

        /// The naming of `text` bound with parameters of `types`, or nil if it should run
        /// unnamed. The types are part of the name: a statement is prepared for the parameter
        /// types it first met, and the same text bound differently must not reuse it.
        func naming(_ text: String, types: [PostgresDataType]) -> Naming? {
            guard types.count <= parameterLimit else { return nil }
            let key = types.isEmpty ? text : text + "\u{0}" + types.map { String($0.rawValue) }.joined(separator: ",")
            let stem = stems.withLockedValue { stems -> String? in
                if let stem = stems[key] { return stem }
                guard stems.count < capacity else { return nil }
                let stem = "itaku_" + ContentHash.sha256(key).prefix(16)
                stems[key] = stem
                return stem
            }
            return stem.map { Naming(stem: $0, sql: text) }
        }
    }
}
