import FluentKit
import Foundation
import ItakuCore

extension FluentTransaction {
    /// Inserts a generated portfolio in multi-row statements, parents before children.
    func insert(_ demo: DemoPortfolio) async throws {
        try await moveRiskStructure()
        try await insertInBatches(demo.contractors.map(ContractorRecord.init))
        try await insertInBatches(demo.entrustments.map(EntrustmentRecord.init))
        let contractTerms = demo.contracts.map { StoredTermList($0.obligations) }
        let edgeTerms = demo.subcontractings.map { StoredTermList($0.flowedDownTerms) }
        try await store(contractTerms + edgeTerms)
        try await insertInBatches(zip(demo.contracts, contractTerms).map { ContractRecord($0, terms: $1) })
        try await insertRows(into: AttestationRecord.schema, demo.attestations.map(AttestationRecord.columns))
        try await insertInBatches(demo.incidents.map(IncidentRecord.init))
        try await insertInBatches(zip(demo.subcontractings, edgeTerms).map { SubcontractingRecord($0, terms: $1) })
        if engine == .postgres {
            // Statistics now, not when autovacuum next looks: a statement prepared before them
            // (re-derivation's, see `StoredRiskStatement`) keeps the plan it got, and a plan made
            // for empty tables walks every row of these.
            let tables = [
                ContractorRecord.schema, EntrustmentRecord.schema, ContractRecord.schema, AttestationRecord.schema, IncidentRecord.schema,
                SubcontractingRecord.schema, StoredTermList.table,
            ]
            try await sql.raw("ANALYZE \(unsafeRaw: tables.joined(separator: ", "))").run()
        }
    }

    private func insertInBatches<R: Model>(_ records: [R], size: Int = 500) async throws {
        for start in stride(from: 0, to: records.count, by: size) {
            try await records[start..<min(start + size, records.count)].create(on: db)
        }
    }
}
