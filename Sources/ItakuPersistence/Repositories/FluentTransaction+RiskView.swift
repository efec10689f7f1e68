import FluentKit
import Foundation
import ItakuCore
import SQLKit

extension FluentTransaction {
    private static let countersStatement = """
        SELECT s.flag_stamp AS flags, c.value AS structure FROM "\(ScoreRecord.schema)" s, "\(RiskStructureCounter.table)" c
        WHERE s.contractor_id = $1 AND c.id = 1
        """

    func riskViewCounters(of contractorID: UUID) async throws -> (flags: Int, structure: Int)? {
        // On the hottest read there is: plain SQL, no model reflection.
        let row = try await storedRows(sql: Self.countersStatement, [contractorID]).first
        guard let row else { return nil }
        return (try row.number("flags"), try row.number("structure"))
    }

    func moveRiskStructure() async throws {
        try await sql.raw("UPDATE \(ident: RiskStructureCounter.table) SET value = value + 1 WHERE id = 1").run()
    }
}

extension FluentTransaction {
    /// Advisory-lock namespace of flag re-derivation (the audit chain uses the one-key form).
    static let flagLockNamespace: Int32 = 7_411_002
    /// Above this many contractors one lock on the whole portfolio is cheaper than one each.
    static let flagLocksPerContractorLimit = 64

    func holdFlags(of contractorIDs: [UUID]) async throws {
        // SQLite has one writer at a time in this process (see FluentStore.write).
        guard engine == .postgres, !contractorIDs.isEmpty else { return }
        let namespace = Self.flagLockNamespace
        if contractorIDs.count > Self.flagLocksPerContractorLimit {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: namespace), 0)").run()
            return
        }
        // Shared with every other few-contractor re-derivation, exclusive against a whole scan;
        // then each contractor in one global order, so two writers never wait on each other in a
        // circle. One statement: PostgreSQL evaluates a select list from left to right.
        let keys = Self.flagLockKeys(contractorIDs)
        let locks = ["pg_advisory_xact_lock_shared($1, 0)"] + keys.indices.map { "pg_advisory_xact_lock($1, $\($0 + 2))" }
        _ = try await storedRows(sql: "SELECT " + locks.joined(separator: ", "), [namespace] + keys)
    }

    /// The lock keys of some contractors, each once, in the one global order locks are taken in.
    static func flagLockKeys(_ ids: [UUID]) -> [Int32] {
        Set(ids.map(flagLockKey)).sorted()
    }

    /// A contractor's lock key: 31 bits of its id, never 0 (the portfolio's key). Two contractors
    /// that share a key only wait for each other.
    static func flagLockKey(_ id: UUID) -> Int32 {
        let bytes = id.uuid
        let value = Int32(bytes.0 & 0x7f) << 24 | Int32(bytes.1) << 16 | Int32(bytes.2) << 8 | Int32(bytes.3)
        return value == 0 ? 1 : value
    }
}
