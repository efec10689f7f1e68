import FluentKit
import Foundation
import ItakuCore
import SQLKit

extension FluentTransaction {
    /// Every row a portfolio scan reads, in one pass per table.
    ///
    /// Rows are read through the driver and copied into records field by field: building Fluent
    /// models from query output reflects over every property of every row, which dominated this read.
    func portfolioSnapshot() async throws -> PortfolioSnapshot {
        PortfolioSnapshot(
            contractors: try await decodeAll(ContractorRecord.schema) { try ContractorRecord.domain($0) },
            entrustments: try await decodeAll(EntrustmentRecord.schema) { try EntrustmentRecord.domain($0) },
            contracts: try await decodeAll(ContractRecord.schema) { try ContractRecord.domain($0) },
            attestations: try await decodeAll(AttestationRecord.schema) { try AttestationRecord.domain($0) },
            incidents: try await decodeAll(IncidentRecord.schema) { try IncidentRecord.domain($0) },
            subcontractings: try await decodeAll(SubcontractingRecord.schema) { try SubcontractingRecord.domain($0) },
            flags: try await decodeAll(FlagRecord.schema) { row in
                try JSONColumn.decode(RiskFlag.self, from: try row.text("body"), column: "risk_flags.body")
            })
    }

    /// Reads a whole table and turns rows into values on every core, a batch per child task.
    private func decodeAll<T: Sendable>(_ table: String, _ transform: @escaping @Sendable (any StoredRow) throws -> T) async throws -> [T] {
        let rows = try await storedRows(sql.select().column(SQLColumn("*")).from(table).query)
        let batchSize = 2000
        let starts = Array(stride(from: 0, to: rows.count, by: batchSize))
        return try await withThrowingTaskGroup(of: (Int, [T]).self) { group in
            for (index, start) in starts.enumerated() {
                let batch = rows[start..<min(start + batchSize, rows.count)]
                group.addTask {
                    // Each batch keeps its own memo: identical JSON (shared terms, shared answers) decodes once per batch.
                    try JSONMemo.$current.withValue(JSONMemo(consultsProcessMemo: false)) { (index, try batch.map(transform)) }
                }
            }
            var parts = [[T]](repeating: [], count: starts.count)
            for try await (index, values) in group { parts[index] = values }
            return parts.flatMap { $0 }
        }
    }
}

extension FluentTransaction {
    /// The rows of `table` whose `column` is `value`, turned into values without the model layer:
    /// re-derivation and the risk view read a contractor's rows on every write and every read,
    /// and building Fluent models reflects over every property of every row.
    func rows<T>(
        _ table: String, where column: String, is value: UUID, orderedBy order: String? = nil, _ transform: (any StoredRow) throws -> T
    ) async throws -> [T] {
        var query = sql.select().column(SQLColumn("*")).from(table).where(SQLColumn(column), .equal, SQLBind(value))
        if let order { query = query.orderBy(order) }
        return try await storedRows(query.query).map(transform)
    }
}
