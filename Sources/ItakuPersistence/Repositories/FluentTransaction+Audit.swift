import FluentKit
import Foundation
import ItakuCore
import SQLKit

extension FluentTransaction {
    /// An arbitrary, fixed key for the advisory lock that orders audit appends on PostgreSQL.
    static let auditChainLockKey = 7_411_001

    func appendAudit(_ draft: AuditDraft, at moment: Date) async throws -> AuditEvent {
        if engine == .postgres {
            // Held until this transaction ends: the next writer reads the chain head only after
            // this event is committed, so the chain never forks across processes.
            try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: Self.auditChainLockKey))").run()
        }
        let head = try await AuditRecord.query(on: db).sort(\.$sequence, .descending).first()
        let event = AuditChain.seal(draft, id: UUID(), at: moment, after: head?.domain())
        try await AuditRecord(event).create(on: db)
        // Every write is audited, so this is the one place that sees them all.
        if RiskViewStamp.movesStructure(subjectType: draft.subjectType) { try await moveRiskStructure() }
        return event
    }

    func auditEvents(_ filter: AuditFilter, page: PageRequest) async throws -> Page<AuditEvent> {
        let query = AuditRecord.query(on: db)
        if let subjectType = filter.subjectType { query.filter(\.$subjectType == subjectType) }
        if let subjectID = filter.subjectID { query.filter(\.$subjectID == subjectID) }
        if let action = filter.action { query.filter(\.$action == action) }
        if let actor = filter.actor { query.filter(\.$actor == actor) }
        if let after = page.after, let sequence = Int(after.key) { query.filter(\.$sequence < sequence) }
        let rows = try await query.sort(\.$sequence, .descending).limit(page.limit + 1).all()
        return paged(rows, limit: page.limit) { Cursor(key: String($0.sequence), id: $0.id!.uuidString) }.map { $0.domain() }
    }

    func auditEvents(afterSequence sequence: Int, limit: Int) async throws -> [AuditEvent] {
        try await AuditRecord.query(on: db).filter(\.$sequence > sequence).sort(\.$sequence).limit(limit).all()
            .map { $0.domain() }
    }
}
