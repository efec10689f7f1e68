import FluentKit
import FluentSQL
import Foundation
import ItakuCore
import SQLKit

extension FluentTransaction {
    func contractor(_ id: UUID) async throws -> Contractor? {
        try await rows(ContractorRecord.schema, where: "id", is: id) { try ContractorRecord.domain($0) }.first
    }

    func contractorExists(_ id: UUID) async throws -> Bool {
        try await !storedRows(SQLQueryString("SELECT 1 AS found FROM \(ident: ContractorRecord.schema) WHERE id = \(bind: id)")).isEmpty
    }

    func contractor(corporateNumber: String) async throws -> Contractor? {
        try await ContractorRecord.query(on: db).filter(\.$corporateNumber == corporateNumber).first()?.domain()
    }

    func contractor(normalisedName: String) async throws -> Contractor? {
        guard !normalisedName.isEmpty else { return nil }
        return try await ContractorRecord.query(on: db).filter(\.$nameMatch == normalisedName).sort(\.$createdAt).first()?.domain()
    }

    func contractors(_ filter: ContractorFilter, page: PageRequest) async throws -> Page<Contractor> {
        let query = ContractorRecord.query(on: db)
        if let status = filter.status { query.filter(\.$status == status.rawValue) }
        if let relationship = filter.relationship { query.filter(\.$relationship == relationship.rawValue) }
        if let fragment = filter.nameContains?.lowercased(), !fragment.isEmpty {
            // ESCAPE is spelled out because SQLite has no default escape character for LIKE.
            query.filter(.sql(embed: "\(ident: "name_key") LIKE \(bind: "%\(escapeLike(fragment))%") ESCAPE '\\'"))
        }
        if let after = page.after, let afterID = UUID(uuidString: after.id) {
            query.group(.or) { group in
                group.filter(\.$nameKey > after.key)
                group.group(.and) { $0.filter(\.$nameKey == after.key).filter(\.$id > afterID) }
            }
        }
        let rows = try await query.sort(\.$nameKey).sort(\.$id).limit(page.limit + 1).all()
        return try paged(rows, limit: page.limit) { Cursor(key: $0.nameKey, id: $0.id!.uuidString) }.map { try $0.domain() }
    }

    func insert(_ contractor: Contractor) async throws {
        try await ContractorRecord(contractor).create(on: db)
    }

    func update(_ contractor: Contractor, expectedVersion: Int) async throws -> Bool {
        guard try await claim(ContractorRecord.schema, id: contractor.id, expectedVersion: expectedVersion),
            let record = try await ContractorRecord.find(contractor.id, on: db)
        else { return false }
        record.apply(contractor)
        try await record.update(on: db)
        return true
    }

    /// Locks a row for this transaction if its `version` is still `expectedVersion`.
    ///
    /// The no-op UPDATE takes PostgreSQL's row lock, so a concurrent writer waits, then sees the
    /// new version and gets false; on SQLite writers are already serialised.
    func claim(_ table: String, id: UUID, expectedVersion: Int) async throws -> Bool {
        let rows = try await sql.raw(
            "UPDATE \(ident: table) SET version = version WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id"
        ).all()
        return !rows.isEmpty
    }
}

/// Escapes LIKE wildcards in user text.
func escapeLike(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
        .replacingOccurrences(of: "_", with: "\\_")
}

/// Cuts the extra row fetched to know whether another page follows, and makes its cursor.
func paged<R>(_ rows: [R], limit: Int, cursor: (R) -> Cursor) -> Page<R> {
    guard rows.count > limit else { return Page(items: rows, nextCursor: nil) }
    let items = Array(rows.prefix(limit))
    return Page(items: items, nextCursor: items.last.map { cursor($0).token })
}
