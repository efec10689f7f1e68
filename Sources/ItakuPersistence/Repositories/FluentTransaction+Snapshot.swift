import FluentKit
import Foundation
import ItakuCore

extension FluentTransaction {
    /// Every row a portfolio scan reads, in one pass per table.
    func portfolioSnapshot() async throws -> PortfolioSnapshot {
        PortfolioSnapshot(
            contractors: try await ContractorRecord.query(on: db).all().map { try $0.domain() },
            entrustments: try await EntrustmentRecord.query(on: db).all().map { try $0.domain() },
            contracts: try await ContractRecord.query(on: db).all().map { try $0.domain() },
            attestations: try await AttestationRecord.query(on: db).all().map { try $0.domain() },
            incidents: try await IncidentRecord.query(on: db).all().map { try $0.domain() },
            subcontractings: try await SubcontractingRecord.query(on: db).all().map { try $0.domain() },
            flags: try await FlagRecord.query(on: db).all().map { try $0.domain() })
    }
}
