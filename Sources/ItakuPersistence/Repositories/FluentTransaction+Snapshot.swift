import FluentKit
import Foundation
import ItakuCore
import NIOConcurrencyHelpers
import SQLKit

extension FluentTransaction {
    /// Every row a portfolio scan reads, in one pass per table.
    ///
    /// Rows are read through the driver and turned into values without the model layer, a batch
    /// at a time on every core while the driver steps the next rows on its own thread: fetching
    /// first and decoding after left a core idle for half the read, and held every row of a
    /// table in memory next to its values.
    func portfolioSnapshot() async throws -> PortfolioSnapshot {
        // Contracts and edges name their terms by digest (see `StoredTermList`): one book of lists serves both.
        let (contracts, subcontractings) = try await withStoredTermLists { terms in
            (
                try await decodeAll(ContractRecord.schema) { try ContractRecord.domain($0, terms: terms) },
                try await decodeAll(SubcontractingRecord.schema) { try SubcontractingRecord.domain($0, terms: terms) }
            )
        }
        return PortfolioSnapshot(
            contractors: try await decodeAll(ContractorRecord.schema, ContractorRecord.domain),
            entrustments: try await decodeAll(EntrustmentRecord.schema, EntrustmentRecord.domain),
            contracts: contracts,
            attestations: try await decodeAll(AttestationRecord.schema, AttestationRecord.domain),
            incidents: try await decodeAll(IncidentRecord.schema, IncidentRecord.domain),
            subcontractings: subcontractings,
            flags: try await decodeAll(FlagRecord.schema) { row in
                try JSONColumn.decode(RiskFlag.self, from: try row.text("body"), column: "risk_flags.body")
            },
            scores: try await decodeAll(ScoreRecord.schema, ScoreRecord.domain))
    }

    /// Reads a whole table, turning each batch of rows into values in a child task as soon as
    /// the driver has produced it.
    private func decodeAll<T: Sendable>(_ table: String, _ transform: @escaping @Sendable (any StoredRow) throws -> T) async throws -> [T] {
        let batchSize = 1000
        let (batches, delivery) = AsyncStream.makeStream(of: [any StoredRow].self)
        let pending = NIOLockedValueBox<[any StoredRow]>([])
        let (text, binds) = serialized(sql.select().column(SQLColumn("*")).from(table).query)
        return try await withThrowingTaskGroup(of: (Int, [T]).self) { group in
            group.addTask {
                defer { delivery.finish() }
                try await forEachStoredRow(sql: text, binds, preparing: false) { row in
                    let full = pending.withLockedValue { rows -> [any StoredRow]? in
                        rows.append(row)
                        guard rows.count == batchSize else { return nil }
                        defer { rows = [] }
                        return rows
                    }
                    if let full { delivery.yield(full) }
                }
                let rest = pending.withLockedValue { $0 }
                if !rest.isEmpty { delivery.yield(rest) }
                return (-1, [])
            }
            var count = 0
            for await batch in batches {
                let index = count
                count += 1
                group.addTask {
                    // Each batch keeps its own memos: identical JSON (shared answers, say) decodes once
                    // per batch, and repeated lists of names share one array.
                    try JSONMemo.$current.withValue(JSONMemo(consultsProcessMemo: false)) {
                        try JSONReader.$interning.withValue(JSONReader.Interning()) { (index, try batch.map(transform)) }
                    }
                }
            }
            var parts = [[T]](repeating: [], count: count)
            for try await (index, values) in group where index >= 0 { parts[index] = values }
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
