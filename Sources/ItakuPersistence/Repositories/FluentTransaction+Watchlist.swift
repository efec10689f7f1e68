import FluentKit
import Foundation
import ItakuCore

extension FluentTransaction {
    func contracts(expiringFrom from: CalendarDay, through: CalendarDay, limit: Int) async throws -> [Contract] {
        // Days are stored as ISO text, so text order is day order.
        try await ContractRecord.query(on: db)
            .filter(\.$expiresOn >= from.description).filter(\.$expiresOn <= through.description)
            .filter(\.$status ~~ [ContractStatus.issued.rawValue, ContractStatus.signed.rawValue])
            .sort(\.$expiresOn).sort(\.$id).limit(limit).all().map { try $0.domain() }
    }

    func unclosedIncidents(limit: Int) async throws -> [Incident] {
        try await IncidentRecord.query(on: db).filter(\.$status != IncidentStatus.closed.rawValue)
            .sort(\.$reportedAt).sort(\.$id).limit(limit).all().map { try $0.domain() }
    }
}
