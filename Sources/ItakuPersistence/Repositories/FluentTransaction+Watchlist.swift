import FluentKit
import Foundation
import ItakuCore

extension FluentTransaction {
    func contracts(expiringFrom from: CalendarDay, through: CalendarDay, limit: Int) async throws -> [Contract] {
        // Days are stored as ISO text, so text order is day order.
        try await contracts(
            try await ContractRecord.query(on: db)
                .filter(\.$expiresOn >= from.description).filter(\.$expiresOn <= through.description)
                .filter(\.$status ~~ [ContractStatus.issued.rawValue, ContractStatus.signed.rawValue])
                .sort(\.$expiresOn).sort(\.$id).limit(limit).all())
    }

    func unclosedIncidents(limit: Int) async throws -> [Incident] {
        try await IncidentRecord.query(on: db).filter(\.$status != IncidentStatus.closed.rawValue)
            .sort(\.$reportedAt).sort(\.$id).limit(limit).all().map { try $0.domain() }
    }

    func contracts(ofContractors ids: [UUID]) async throws -> [UUID: [Contract]] {
        guard !ids.isEmpty else { return [:] }
        let found = try await contracts(ContractRecord.query(on: db).filter(\.$contractorID ~~ Array(Set(ids))).sort(\.$createdAt).all())
        return Dictionary(grouping: found, by: \.contractorID)
    }

    func contractorNames(_ ids: [UUID]) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        // Only the two columns: decoding whole contractors (contacts, certifications) for a name is waste.
        let rows = try await ContractorRecord.query(on: db).filter(\.$id ~~ Array(Set(ids))).field(\.$id).field(\.$legalName).all()
        return Dictionary(rows.compactMap { row in row.id.map { ($0, row.legalName) } }, uniquingKeysWith: { first, _ in first })
    }
}
