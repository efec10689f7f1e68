import FluentKit
import Foundation
import ItakuCore

/// A row of `risk_flags`: queryable columns, and the text and evidence as JSON.
final class FlagRecord: Model, @unchecked Sendable {
    static let schema = "risk_flags"

    @ID(key: .id) var id: UUID?
    @Field(key: "contractor_id") var contractorID: UUID
    @Field(key: "flag_key") var key: String
    @Field(key: "rule") var rule: String
    @Field(key: "severity") var severity: String
    @Field(key: "severity_rank") var severityRank: Int
    @Field(key: "status") var status: String
    @Field(key: "body") var body: String
    @Field(key: "first_seen_at") var firstSeenAt: String
    @Field(key: "last_seen_at") var lastSeenAt: String
    @Field(key: "version") var version: Int

    init() {}

    func domain() throws -> RiskFlag {
        try JSONColumn.decode(RiskFlag.self, from: body, column: "risk_flags.body")
    }
}

/// A row of `risk_scores`: one per contractor, kept with its flags.
final class ScoreRecord: Model, @unchecked Sendable {
    static let schema = "risk_scores"

    @ID(custom: "contractor_id", generatedBy: .user) var id: UUID?
    @Field(key: "legal_name") var legalName: String
    @Field(key: "score") var score: Int
    @Field(key: "critical") var critical: Int
    @Field(key: "high") var high: Int
    @Field(key: "medium") var medium: Int
    @Field(key: "low") var low: Int

    init() {}

    func domain() -> ContractorScore {
        ContractorScore(contractorID: id!, legalName: legalName, score: score, critical: critical, high: high, medium: medium, low: low)
    }

    /// The value of a row read through the driver, without building the model (see `StoredRow`).
    static func domain(_ row: any StoredRow) throws -> ContractorScore {
        ContractorScore(
            contractorID: try row.uuid("contractor_id"), legalName: try row.text("legal_name"), score: try row.number("score"),
            critical: try row.number("critical"), high: try row.number("high"), medium: try row.number("medium"), low: try row.number("low"))
    }
}

/// A row of `scans`.
final class ScanRecord: Model, @unchecked Sendable {
    static let schema = "scans"

    @ID(key: .id) var id: UUID?
    @Field(key: "started_at") var startedAt: String
    @Field(key: "body") var body: String

    init() {}

    init(_ scan: Scan) {
        id = scan.id
        startedAt = TimestampColumn.encode(scan.startedAt)
        body = JSONColumn.encode(scan)
    }

    func domain() throws -> Scan {
        try JSONColumn.decode(Scan.self, from: body, column: "scans.body")
    }
}

/// A row of `scheduled_runs`: one per scheduled slot, claimed by the instance that runs it.
final class ScheduledRunRecord: Model, @unchecked Sendable {
    static let schema = "scheduled_runs"

    @ID(custom: "slot", generatedBy: .user) var id: String?
    @Field(key: "holder") var holder: String
    @Field(key: "claimed_at") var claimedAt: String
    @OptionalField(key: "finished_at") var finishedAt: String?

    init() {}
}
