import FluentKit
import Foundation
import ItakuCore
import SQLKit

extension FluentTransaction {
    func contract(_ id: UUID) async throws -> Contract? {
        guard let record = try await ContractRecord.find(id, on: db) else { return nil }
        return try await contracts([record]).first
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
        let found = paged(rows, limit: page.limit) { Cursor(key: $0.createdAt, id: $0.id!.uuidString) }
        return Page(items: try await contracts(found.items), nextCursor: found.nextCursor)
    }

    func allContracts(ofContractor contractorID: UUID) async throws -> [Contract] {
        try await contracts(fromRows: try await rows(ContractRecord.schema, where: "contractor_id", is: contractorID, orderedBy: "created_at") { $0 })
    }

    /// The contracts of records read through the model, their terms looked up together.
    func contracts(_ records: [ContractRecord]) async throws -> [Contract] {
        let terms = try await termLists(records.map(\.obligationsDigest))
        return try records.map { try $0.domain(terms: terms) }
    }

    /// The contracts of rows read through the driver, their terms looked up together.
    func contracts(fromRows rows: [any StoredRow]) async throws -> [Contract] {
        let terms = try await termLists(namedIn: rows, column: ContractRecord.termsColumn)
        return try rows.map { try ContractRecord.domain($0, terms: terms) }
    }

    func insert(_ contract: Contract) async throws {
        let terms = StoredTermList(contract.obligations)
        try await store([terms])
        try await ContractRecord(contract, terms: terms).create(on: db)
    }

    func update(_ contract: Contract, expectedVersion: Int) async throws -> Bool {
        guard try await claim(ContractRecord.schema, id: contract.id, expectedVersion: expectedVersion),
            let record = try await ContractRecord.find(contract.id, on: db)
        else { return false }
        let terms = StoredTermList(contract.obligations)
        try await store([terms])
        record.apply(contract, terms: terms)
        try await record.update(on: db)
        return true
    }

    // MARK: Sub-contracting

    func subcontracting(_ id: UUID) async throws -> Subcontracting? {
        try await subcontractings(fromRows: try await rows(SubcontractingRecord.schema, where: "id", is: id) { $0 }).first
    }

    /// The edges of rows read through the driver, their terms looked up together.
    func subcontractings(fromRows rows: [any StoredRow]) async throws -> [Subcontracting] {
        let terms = try await termLists(namedIn: rows, column: SubcontractingRecord.termsColumn)
        return try rows.map { try SubcontractingRecord.domain($0, terms: terms) }
    }

    func liveSubcontractings() async throws -> [Subcontracting] {
        try await subcontractings(
            SubcontractingRecord.query(on: db)
                .filter(\.$status ~~ [SubcontractingStatus.requested.rawValue, SubcontractingStatus.approved.rawValue]).all())
    }

    /// The edges of records read through the model, their terms looked up together.
    func subcontractings(_ records: [SubcontractingRecord]) async throws -> [Subcontracting] {
        let terms = try await termLists(records.map(\.flowedDownTermsDigest))
        return try records.map { try $0.domain(terms: terms) }
    }

    func subcontractings(passedOnBy contractorID: UUID) async throws -> [Subcontracting] {
        try await subcontractings(
            fromRows: try await rows(SubcontractingRecord.schema, where: "parent_contractor_id", is: contractorID, orderedBy: "requested_at") { $0 })
    }

    func insert(_ subcontracting: Subcontracting) async throws {
        let terms = StoredTermList(subcontracting.flowedDownTerms)
        try await store([terms])
        try await SubcontractingRecord(subcontracting, terms: terms).create(on: db)
    }

    func update(_ subcontracting: Subcontracting, expectedVersion: Int) async throws -> Bool {
        guard try await claim(SubcontractingRecord.schema, id: subcontracting.id, expectedVersion: expectedVersion),
            let record = try await SubcontractingRecord.find(subcontracting.id, on: db)
        else { return false }
        let terms = StoredTermList(subcontracting.flowedDownTerms)
        try await store([terms])
        record.apply(subcontracting, terms: terms)
        try await record.update(on: db)
        return true
    }
}
