import FluentKit
import Foundation
import ItakuCore
import NIOConcurrencyHelpers
import SQLKit

extension FluentTransaction {
    /// An arbitrary, fixed key for the advisory lock that orders audit appends on PostgreSQL.
    static let auditChainLockKey = 7_411_001

    func appendAudit(_ draft: AuditDraft, at moment: Date) async throws {
        guard let pendingAudit else {
            // Outside a write's unit of work (operator tools): sealed at once.
            try await seal([(draft, moment)])
            return
        }
        pendingAudit.append(draft, at: moment)
    }

    /// Seals what the unit of work recorded onto the chain; `FluentStore.write` calls it last.
    /// Returns whether it did so leaving the commit's flush to the caller (PostgreSQL only), who
    /// must then wait for the WAL to reach disk before saying the write happened.
    func sealPendingAudit() async throws -> Bool {
        guard let events = pendingAudit?.drain(), !events.isEmpty else { return false }
        let deferringFlush = engine == .postgres
        try await seal(events, deferringFlush: deferringFlush)
        return deferringFlush
    }

    private func seal(_ drafts: [(AuditDraft, Date)], deferringFlush: Bool = false) async throws {
        // Every write runs these statements; as text they skip building Fluent's models, which
        // reflect over every property (a tenth of a submission's CPU, with the insert of the
        // attestation, in a profile under wrk).
        //
        // On PostgreSQL the chain's lock, held until this transaction ends, comes first: the next
        // writer reads the head only after this event is committed, so the chain never forks
        // across processes. One function call takes the lock and then reads (`CreateAuditChainHead`).
        var rest = drafts[...]
        var head: AuditChain.Link?
        if engine == .postgres, let (draft, moment) = rest.first, let unsealed = AuditChain.unsealed(draft, id: UUID(), at: moment) {
            head = try await appendSealedInDatabase(unsealed, deferringFlush: deferringFlush)
            rest = rest.dropFirst()
        } else {
            let (statement, binds): (String, [any Encodable & Sendable]) =
                engine == .postgres ? (Self.lockedChainEnd, [Self.auditChainLockKey, deferringFlush]) : (Self.chainEnd, [])
            head = try await storedRows(sql: statement, binds).first.map {
                AuditChain.Link(sequence: try $0.number("head_sequence"), hash: try $0.text("head_hash"))
            }
        }
        for (draft, moment) in rest {
            let event = AuditChain.seal(draft, id: UUID(), at: moment, after: head)
            try await insertRow(into: AuditRecord.schema, AuditRecord.columns(event))
            head = AuditChain.Link(event)
        }
        // Every write is audited, so this is the one place that sees them all.
        if drafts.contains(where: { RiskViewStamp.movesStructure(subjectType: $0.0.subjectType) }) { try await moveRiskStructure() }
    }

    /// PostgreSQL: takes the chain's lock, reads its end and appends `unsealed` after it in one
    /// statement, hashing in the database what `AuditChain.Unsealed.text(after:)` joins; the
    /// chain's lock is then held for one round trip fewer, and every write pays one fewer.
    /// Returns the chain's new end.
    private func appendSealedInDatabase(_ unsealed: AuditChain.Unsealed, deferringFlush: Bool) async throws -> AuditChain.Link {
        let event = unsealed.event
        let fixed: [(name: String, value: (any Encodable & Sendable)?)] = AuditRecord.columns(event).filter {
            !["sequence", "previous_hash", "hash"].contains($0.0)
        }
        var (values, binds) = Self.placeholders(fixed)
        // Typed, as a select list gives its parameters no column to take a type from.
        values = zip(fixed, values).map { column, value in value == "NULL" ? value : value + (column.name == "id" ? "::uuid" : "::text") }
        binds += [unsealed.beforePreviousHash, unsealed.beforeSequence, unsealed.afterSequence, Self.auditChainLockKey, deferringFlush]
        let n = binds.count
        let names = (fixed.map(\.name) + ["sequence", "previous_hash", "hash"]).map { "\"\($0)\"" }.joined(separator: ", ")
        let text = "INSERT INTO \(AuditRecord.schema) (\(names)) SELECT \(values.joined(separator: ", ")), s.sequence, s.previous_hash, "
            + "encode(sha256(convert_to($\(n - 4)::text || s.previous_hash || $\(n - 3)::text || s.sequence::text || $\(n - 2)::text, 'UTF8')), 'hex') "
            + "FROM (SELECT COALESCE(h.head_sequence, 0) + 1 AS sequence, COALESCE(h.head_hash, '\(AuditChain.genesisHash)') AS previous_hash "
            + "FROM (SELECT 1) AS one LEFT JOIN \(AuditChainHead.function)($\(n - 1), $\(n)) AS h ON true) AS s RETURNING sequence, hash"
        guard let row = try await storedRows(sql: text, binds).first else {
            throw StoredDataError(column: "audit_events", detail: "appending an event returned no row")
        }
        return AuditChain.Link(sequence: try row.number("sequence"), hash: try row.text("hash"))
    }

    private static let chainEnd = "SELECT sequence AS head_sequence, hash AS head_hash FROM \(AuditRecord.schema) ORDER BY sequence DESC LIMIT 1"
    private static let lockedChainEnd = "SELECT head_sequence, head_hash FROM \(AuditChainHead.function)($1, $2)"

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

/// Audit events a write has recorded and not yet sealed onto the chain.
final class PendingAudit: Sendable {
    private let drafts = NIOLockedValueBox<[(AuditDraft, Date)]>([])

    func append(_ draft: AuditDraft, at moment: Date) {
        drafts.withLockedValue { $0.append((draft, moment)) }
    }

    func drain() -> [(AuditDraft, Date)] {
        drafts.withLockedValue { drafts in
            defer { drafts = [] }
            return drafts
        }
    }
}
