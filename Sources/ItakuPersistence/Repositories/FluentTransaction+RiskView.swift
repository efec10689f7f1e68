import FluentKit
import Foundation
import ItakuCore
import SQLKit

extension FluentTransaction {
    func riskViewCounters(of contractorID: UUID) async throws -> (flags: Int, structure: Int)? {
        // On the hottest read there is: plain SQL, no model reflection.
        let row = try await sql.raw(
            """
            SELECT s.flag_stamp AS flags, c.value AS structure FROM \(ident: ScoreRecord.schema) s, \(ident: RiskStructureCounter.table) c
            WHERE s.contractor_id = \(bind: contractorID) AND c.id = 1
            """
        ).first()
        guard let row else { return nil }
        return (try row.decode(column: "flags", as: Int.self), try row.decode(column: "structure", as: Int.self))
    }

    func moveRiskStructure() async throws {
        try await sql.raw("UPDATE \(ident: RiskStructureCounter.table) SET value = value + 1 WHERE id = 1").run()
    }

    /// Moves one contractor's flag stamp, for flag writes outside re-derivation.
    func moveFlagStamp(of contractorID: UUID) async throws {
        try await sql.raw("UPDATE \(ident: ScoreRecord.schema) SET flag_stamp = flag_stamp + 1 WHERE contractor_id = \(bind: contractorID)").run()
    }
}
