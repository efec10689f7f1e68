import FluentKit
import Foundation
import ItakuCore
import SQLKit

extension FluentTransaction {
    func contract(_ id: UUID) async throws -> Contract? {
        try await ContractRecord.find(id, on: db)?.domain()
    }

    func contracts(ofContractor contractorID: UUID, page: PageRequest) async throws -> Page<Contract> {
        let query = ContractRecord.query(on: db).filter(\.$contractorID == contractorID)
        if let after = page.after, let afterID = UUID(uuidString: after.id) {
            query.group(.or) { group in
                group.filter(\.$createdAt < after.key)
                group.group(.and) { $0.filter(\.$createdAt == after.key).filter(\.$id < afterID) }
            }
        }
        let rows = try await query.sort(\.$createdAt, .descending).sort(\.$id, .descending).limit(page.limit + 1).all()
        return try paged(rows, limit: page.limit) { Cursor(key: $0.createdAt, id: $0.id!.uuidString) }.map { try $0.domain() }
    }

    func allContracts(ofContractor contractorID: UUID) async throws -> [Contract] {
        try await rows(ContractRecord.schema, where: "contractor_id", is: contractorID, orderedBy: "created_at") { try ContractRecord.domain($0) }
    }

    func insert(_ contract: Contract) async throws {
        try await ContractRecord(contract).create(on: db)
    }

    func update(_ contract: Contract, expectedVersion: Int) async throws -> Bool {
        guard try await claim(ContractRecord.schema, id: contract.id, expectedVersion: expectedVersion),
            let record = try await ContractRecord.find(contract.id, on: db)
        else { return false }
        record.apply(contract)
        try await record.update(on: db)
        return true
    }

    // MARK: Sub-contracting

    func subcontracting(_ id: UUID) async throws -> Subcontracting? {
        try await rows(SubcontractingRecord.schema, where: "id", is: id) { try SubcontractingRecord.domain($0) }.first
    }

    func liveSubcontractings() async throws -> [Subcontracting] {
        try await SubcontractingRecord.query(on: db)
            .filter(\.$status ~~ [SubcontractingStatus.requested.rawValue, SubcontractingStatus.approved.rawValue])
            .all().map { try $0.domain() }
    }

    func subcontractings(passedOnBy contractorID: UUID) async throws -> [Subcontracting] {
        try await rows(SubcontractingRecord.schema, where: "parent_contractor_id", is: contractorID, orderedBy: "requested_at") {
            try SubcontractingRecord.domain($0)
        }
    }

    func insert(_ subcontracting: Subcontracting) async throws {
        try await SubcontractingRecord(subcontracting).create(on: db)
    }

    func update(_ subcontracting: Subcontracting, expectedVersion: Int) async throws -> Bool {
        guard try await claim(SubcontractingRecord.schema, id: subcontracting.id, expectedVersion: expectedVersion),
            let record = try await SubcontractingRecord.find(subcontracting.id, on: db)
        else { return false }
        record.apply(subcontracting)
        try await record.update(on: db)
        return true
    }
}
