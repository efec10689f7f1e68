import FluentKit
import Foundation
import ItakuCore
import SQLKit

extension FluentTransaction {
    func entrustment(_ id: UUID) async throws -> Entrustment? {
        try await EntrustmentRecord.find(id, on: db)?.domain()
    }

    func entrustments(ofContractor contractorID: UUID, page: PageRequest) async throws -> Page<Entrustment> {
        let query = EntrustmentRecord.query(on: db).filter(\.$contractorID == contractorID)
        if let after = page.after, let afterID = UUID(uuidString: after.id) {
            query.group(.or) { group in
                group.filter(\.$createdAt > after.key)
                group.group(.and) { $0.filter(\.$createdAt == after.key).filter(\.$id > afterID) }
            }
        }
        let rows = try await query.sort(\.$createdAt).sort(\.$id).limit(page.limit + 1).all()
        return try paged(rows, limit: page.limit) { Cursor(key: $0.createdAt, id: $0.id!.uuidString) }.map { try $0.domain() }
    }

    func entrustments(_ ids: [UUID]) async throws -> [Entrustment] {
        guard !ids.isEmpty else { return [] }
        let query = sql.select().column(SQLColumn("*")).from(EntrustmentRecord.schema).where(SQLColumn("id"), .in, SQLBind.group(ids))
        return try await storedRows(query.query).map { try EntrustmentRecord.domain($0) }
    }

    func allEntrustments(ofContractor contractorID: UUID) async throws -> [Entrustment] {
        try await rows(EntrustmentRecord.schema, where: "contractor_id", is: contractorID, orderedBy: "created_at") {
            try EntrustmentRecord.domain($0)
        }
    }

    func insert(_ entrustment: Entrustment) async throws {
        try await EntrustmentRecord(entrustment).create(on: db)
    }

    func update(_ entrustment: Entrustment, expectedVersion: Int) async throws -> Bool {
        guard try await claim(EntrustmentRecord.schema, id: entrustment.id, expectedVersion: expectedVersion),
            let record = try await EntrustmentRecord.find(entrustment.id, on: db)
        else { return false }
        record.apply(entrustment)
        try await record.update(on: db)
        return true
    }
}
