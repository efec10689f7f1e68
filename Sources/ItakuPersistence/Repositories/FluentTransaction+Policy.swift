import FluentKit
import Foundation
import ItakuCore
import SQLKit

extension FluentTransaction {
    func currentPolicy() async throws -> PolicyVersion? {
        let row = try await storedRows(
            sql.select().columns("version", "content", "created_at", "created_by", "note").from(PolicyRecord.schema)
                .orderBy("version", .descending).limit(1).query
        ).first
        return try row.map(PolicyRecord.domain)
    }

    func policy(version: Int) async throws -> PolicyVersion? {
        try await PolicyRecord.query(on: db).filter(\.$version == version).first()?.domain()
    }

    func policyVersions(page: PageRequest) async throws -> Page<PolicyVersion> {
        let query = PolicyRecord.query(on: db)
        if let after = page.after, let version = Int(after.key) { query.filter(\.$version < version) }
        let rows = try await query.sort(\.$version, .descending).limit(page.limit + 1).all()
        return try paged(rows, limit: page.limit) { Cursor(key: String($0.version), id: String($0.version)) }
            .map { try $0.domain() }
    }

    func insert(_ policy: PolicyVersion) async throws {
        try await PolicyRecord(policy).create(on: db)
    }
}
