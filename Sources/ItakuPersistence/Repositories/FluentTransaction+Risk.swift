import FluentKit
import FluentSQL
import Foundation
import ItakuCore
import SQLKit

extension FluentTransaction {
    func flags(ofContractor contractorID: UUID) async throws -> [RiskFlag] {
        try await rows(FlagRecord.schema, where: "contractor_id", is: contractorID) { row in
            try JSONColumn.decode(RiskFlag.self, from: try row.text("body"), column: "risk_flags.body")
        }
    }

    func flags(_ filter: FlagFilter, page: PageRequest) async throws -> Page<RiskFlag> {
        let query = FlagRecord.query(on: db)
        if let contractorID = filter.contractorID { query.filter(\.$contractorID == contractorID) }
        if let rule = filter.rule { query.filter(\.$rule == rule) }
        if let severity = filter.severity { query.filter(\.$severity == severity.rawValue) }
        if let status = filter.status { query.filter(\.$status == status.rawValue) }
        // Most severe first, then most recently seen; the cursor carries both.
        if let after = page.after, let afterID = UUID(uuidString: after.id) {
            let parts = after.key.split(separator: "|", maxSplits: 1).map(String.init)
            if parts.count == 2, let rank = Int(parts[0]) {
                let seen = parts[1]
                query.group(.or) { group in
                    group.filter(\.$severityRank < rank)
                    group.group(.and) { $0.filter(\.$severityRank == rank).filter(\.$lastSeenAt < seen) }
                    group.group(.and) { $0.filter(\.$severityRank == rank).filter(\.$lastSeenAt == seen).filter(\.$id < afterID) }
                }
            }
        }
        let rows = try await query.sort(\.$severityRank, .descending).sort(\.$lastSeenAt, .descending).sort(\.$id, .descending)
            .limit(page.limit + 1).all()
        return try paged(rows, limit: page.limit) { Cursor(key: "\($0.severityRank)|\($0.lastSeenAt)", id: $0.id!.uuidString) }
            .map { try $0.domain() }
    }

    func flag(_ id: UUID) async throws -> RiskFlag? {
        try await FlagRecord.find(id, on: db)?.domain()
    }

    func apply(_ changes: FlagChanges) async throws {
        let flags = changes.inserted
        // A batch's bodies (JSON, the costly part of a row) are encoded while the database inserts
        // the batch before: it works on one core, and the encoding takes the other.
        let batches = stride(from: 0, to: flags.count, by: Self.flagBatch).map { $0..<min($0 + Self.flagBatch, flags.count) }
        var bodies = batches.first.map { Self.flagBodies(flags[$0]) } ?? []
        for (index, range) in batches.enumerated() {
            async let following = index + 1 < batches.count ? Self.flagBodies(flags[batches[index + 1]]) : []
            try await insertFlags(flags[range], bodies: bodies)
            bodies = await following
        }
        // A flag a concurrent writer changed first keeps that writer's version.
        for flag in changes.updated {
            _ = try await update(flag, expectedVersion: flag.version - 1)
        }
    }

    /// Inserts new flags whose stored bodies are `bodies`, in order. A concurrent re-derivation
    /// may have inserted the same finding first; that one stands.
    private func insertFlags(_ flags: ArraySlice<RiskFlag>, bodies: [String]) async throws {
        switch engine {
        case .postgres:
            let columns: [any Encodable & Sendable] = [
                flags.map(\.id), flags.map(\.contractorID), flags.map(\.key), flags.map(\.rule), flags.map(\.severity.rawValue),
                flags.map(\.severity.rank), flags.map(\.status.rawValue), bodies,
                flags.map { TimestampColumn.encode($0.firstSeenAt) }, flags.map { TimestampColumn.encode($0.lastSeenAt) }, flags.map(\.version),
            ]
            _ = try await storedRows(sql: Self.flagInsertByColumn, columns)
        case .sqlite:
            let rows = zip(flags, bodies).map { flag, body in
                zip(Self.flagColumns, Self.flagValues(flag, body: body)).map { (name: $0, value: Optional($1)) }
            }
            try await insertRows(into: FlagRecord.schema, rows, conflict: "ON CONFLICT DO NOTHING")
        }
    }

    func update(_ flag: RiskFlag, expectedVersion: Int) async throws -> Bool {
        var update = sql.update(FlagRecord.schema)
        for (column, value) in zip(Self.flagColumns, Self.flagValues(flag, body: JSONColumn.encode(flag))) where Self.changingColumns.contains(column) {
            update = update.set(column, to: value)
        }
        let rows = try await update.where("id", .equal, flag.id).where("version", .equal, expectedVersion).returning("id").all()
        return !rows.isEmpty
    }

    static let flagColumns = ["id", "contractor_id", "flag_key", "rule", "severity", "severity_rank", "status", "body", "first_seen_at", "last_seen_at", "version"]
    /// The columns a flag's later versions change; the rest name the finding.
    static let changingColumns: Set = ["severity", "severity_rank", "status", "body", "last_seen_at", "version"]

    /// On PostgreSQL, new flags go in as one array per column: a scan's thousands of rows as a few
    /// short statements, where rows of parameters made dozens of statements with thousands of
    /// parameters each, every one bound on its own and every text parsed afresh.
    static let flagInsertByColumn = """
        INSERT INTO "\(FlagRecord.schema)" (\(flagColumns.map { "\"\($0)\"" }.joined(separator: ", ")))
        SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::text[], $8::text[],
            $9::text[], $10::text[], $11::int8[])
        ON CONFLICT DO NOTHING
        """

    /// New flags per batch: on PostgreSQL one array statement, on SQLite two inserts.
    static let flagBatch = 1_000

    /// Scores per array statement: bounds one message's size however large the portfolio.
    static let scoreBatch = 5_000

    /// A flag's row, `flagColumns` in order, written straight from the flag: a scan that finds a
    /// portfolio's flags for the first time writes thousands, and building a model for each showed.
    static func flagValues(_ flag: RiskFlag, body: String) -> [any Encodable & Sendable] {
        [
            flag.id, flag.contractorID, flag.key, flag.rule, flag.severity.rawValue, flag.severity.rank, flag.status.rawValue,
            body, TimestampColumn.encode(flag.firstSeenAt), TimestampColumn.encode(flag.lastSeenAt), flag.version,
        ]
    }

    /// The stored bodies of `flags`, in order.
    static func flagBodies(_ flags: ArraySlice<RiskFlag>) -> [String] {
        flags.map { JSONColumn.encode($0) }
    }

    func contractors(corporateNumbers: [String], normalisedNames: [String]) async throws -> [Contractor] {
        guard !corporateNumbers.isEmpty || !normalisedNames.isEmpty else { return [] }
        let query = sql.select().column(SQLColumn("*")).from(ContractorRecord.schema)
        if !corporateNumbers.isEmpty { query.orWhere(SQLColumn("corporate_number"), .in, SQLBind.group(corporateNumbers)) }
        if !normalisedNames.isEmpty { query.orWhere(SQLColumn("name_match"), .in, SQLBind.group(normalisedNames)) }
        return try await storedRows(query.query).map { try ContractorRecord.domain($0) }
    }

    func incidents(ofContractors ids: [UUID]) async throws -> [Incident] {
        guard !ids.isEmpty else { return [] }
        return try await IncidentRecord.query(on: db).filter(\.$contractorID ~~ ids).all().map { try $0.domain() }
    }

    // MARK: Scores and portfolio

    func setScores(_ scores: [ContractorScore]) async throws {
        if engine == .postgres {
            for start in stride(from: 0, to: scores.count, by: Self.scoreBatch) {
                let part = scores[start..<min(start + Self.scoreBatch, scores.count)]
                let columns: [any Encodable & Sendable] = [
                    part.map(\.contractorID), part.map(\.legalName), part.map(\.score), part.map(\.critical), part.map(\.high),
                    part.map(\.medium), part.map(\.low),
                ]
                _ = try await storedRows(sql: Self.scoreUpsertByColumn, columns)
            }
            return
        }
        let rows = scores.map { score -> [(name: String, value: (any Encodable & Sendable)?)] in
            let values: [any Encodable & Sendable] = [score.contractorID, score.legalName, score.score, score.critical, score.high, score.medium, score.low]
            return zip(Self.scoreColumns, values).map { (name: $0, value: Optional($1)) }
        }
        try await insertRows(into: ScoreRecord.schema, rows, conflict: Self.scoreConflict)
    }

    static let scoreColumns = ["contractor_id", "legal_name", "score", "critical", "high", "medium", "low"]

    /// Scores as arrays, for the reason new flags are (`flagInsertByColumn`).
    static let scoreUpsertByColumn = """
        INSERT INTO "\(ScoreRecord.schema)" (\(scoreColumns.map { "\"\($0)\"" }.joined(separator: ", ")))
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::int8[], $4::int8[], $5::int8[], $6::int8[], $7::int8[])
        \(scoreConflict)
        """

    /// A rescored contractor's row takes the new figures, and a remembered risk view of it is
    /// stale from here on.
    static let scoreConflict = """
        ON CONFLICT ("contractor_id") DO UPDATE SET "legal_name" = excluded."legal_name", "score" = excluded."score",
            "critical" = excluded."critical", "high" = excluded."high", "medium" = excluded."medium", "low" = excluded."low",
            "flag_stamp" = "\(ScoreRecord.schema)"."flag_stamp" + 1
        """

    func scores(of contractorIDs: [UUID]) async throws -> [ContractorScore] {
        if contractorIDs.count == 1 {
            return try await rows(ScoreRecord.schema, where: "contractor_id", is: contractorIDs[0], ScoreRecord.domain)
        }
        guard !contractorIDs.isEmpty else { return [] }
        let query = sql.select().column(SQLColumn("*")).from(ScoreRecord.schema)
            .where(SQLColumn("contractor_id"), .in, SQLBind.group(contractorIDs))
        return try await storedRows(query.query).map(ScoreRecord.domain)
    }

    func portfolio(page: PageRequest) async throws -> Page<ContractorScore> {
        let query = ScoreRecord.query(on: db)
        if let after = page.after, let afterID = UUID(uuidString: after.id) {
            let parts = after.key.split(separator: "|", maxSplits: 1).map(String.init)
            if parts.count == 2, let score = Int(parts[0]) {
                let name = parts[1]
                query.group(.or) { group in
                    group.filter(\.$score < score)
                    group.group(.and) { $0.filter(\.$score == score).filter(\.$legalName > name) }
                    group.group(.and) { $0.filter(\.$score == score).filter(\.$legalName == name).filter(\.$id > afterID) }
                }
            }
        }
        let rows = try await query.sort(\.$score, .descending).sort(\.$legalName).sort(\.$id).limit(page.limit + 1).all()
        return paged(rows, limit: page.limit) { Cursor(key: "\($0.score)|\($0.legalName)", id: $0.id!.uuidString) }.map { $0.domain() }
    }

    func liveFlagCounts() async throws -> [FlagCount] {
        let rows = try await sql.raw(
            """
            SELECT rule, severity, COUNT(*) AS count FROM risk_flags
            WHERE status IN ('open', 'acknowledged') GROUP BY rule, severity ORDER BY rule, severity
            """
        ).all()
        return try rows.compactMap { row in
            guard let severity = Severity(rawValue: try row.decode(column: "severity", as: String.self)) else { return nil }
            return FlagCount(rule: try row.decode(column: "rule", as: String.self), severity: severity, count: try row.decode(column: "count", as: Int.self))
        }
    }

    // MARK: Scans and the schedule

    func insert(_ scan: Scan) async throws {
        try await ScanRecord(scan).create(on: db)
    }

    func update(_ scan: Scan) async throws {
        try await ScanRecord.query(on: db).filter(\.$id == scan.id).set(\.$body, to: JSONColumn.encode(scan)).update()
    }

    func scan(_ id: UUID) async throws -> Scan? {
        try await ScanRecord.find(id, on: db)?.domain()
    }

    func scans(limit: Int) async throws -> [Scan] {
        try await ScanRecord.query(on: db).sort(\.$startedAt, .descending).limit(limit).all().map { try $0.domain() }
    }

    func claimScheduledRun(slot: String, holder: String, at moment: Date, staleAfter: TimeInterval) async throws -> Bool {
        let now = TimestampColumn.encode(moment)
        let inserted = try await sql.insert(into: ScheduledRunRecord.schema).columns("slot", "holder", "claimed_at")
            .values(slot, holder, now).ignoringConflicts().returning("slot").all()
        if !inserted.isEmpty { return true }
        // Someone claimed it; take it over only if they stopped without finishing long ago.
        let stale = TimestampColumn.encode(moment.addingTimeInterval(-staleAfter))
        let taken = try await sql.update(ScheduledRunRecord.schema).set("holder", to: holder).set("claimed_at", to: now)
            .where("slot", .equal, slot).where("finished_at", .is, SQLLiteral.null).where("claimed_at", .lessThan, stale)
            .returning("slot").all()
        return !taken.isEmpty
    }

    func finishScheduledRun(slot: String, at moment: Date) async throws {
        try await sql.update(ScheduledRunRecord.schema).set("finished_at", to: TimestampColumn.encode(moment)).where("slot", .equal, slot).run()
    }
}
