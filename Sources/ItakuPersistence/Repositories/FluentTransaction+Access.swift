import FluentKit
import Foundation
import ItakuCore
import SQLKit

extension FluentTransaction {
    func user(_ id: UUID) async throws -> User? {
        try await UserRecord.find(id, on: db)?.domain()
    }

    func user(username: String) async throws -> User? {
        try await UserRecord.query(on: db).filter(\.$username == username).first()?.domain()
    }

    func insert(_ user: User) async throws {
        try await UserRecord(user).create(on: db)
    }

    func token(_ id: UUID) async throws -> AccessToken? {
        try await TokenRecord.find(id, on: db)?.domain()
    }

    func token(secretHash: String) async throws -> AccessToken? {
        try await TokenRecord.query(on: db).filter(\.$secretHash == secretHash).first()?.domain()
    }

    private static let bearerColumns = """
        t.id, t.user_id, t.contractor_id, t.label, t.created_at, t.expires_at, t.revoked_at, t.created_by,
            u.username, u.role, u.password_hash, u.disabled, u.created_at AS user_created_at, c.id AS registered_contractor
        """
    private static let bearerTables = """
        "\(TokenRecord.schema)" t
        LEFT JOIN "\(UserRecord.schema)" u ON u.id = t.user_id
        LEFT JOIN "\(ContractorRecord.schema)" c ON c.id = t.contractor_id
        """
    private static let bearerStatement = "SELECT \(bearerColumns) FROM \(bearerTables) WHERE t.secret_hash = $1"

    /// The same lookup and the counters of one contractor's risk view, which every read of a
    /// remembered view needs next: one round trip instead of two. Flat rather than the lookup as
    /// a subquery: SQLite prepares every statement afresh, and the subquery took it a third longer.
    /// The contractor is `$1`, as SQLite numbers `$` parameters in the order they first appear.
    private static let bearerWithRiskViewStatement = """
        SELECT \(bearerColumns), s.flag_stamp AS view_flags, k.value AS view_structure
        FROM \(bearerTables)
        LEFT JOIN "\(ScoreRecord.schema)" s ON s.contractor_id = $1
        LEFT JOIN "\(RiskStructureCounter.table)" k ON k.id = 1
        WHERE t.secret_hash = $2
        """

    func bearer(secretHash: String, riskViewOf contractorID: UUID?) async throws -> Bearer? {
        // Every authenticated request asks: one statement, plain SQL, no model reflection.
        let rows =
            if let contractorID {
                try await storedRows(sql: Self.bearerWithRiskViewStatement, [contractorID, secretHash])
            } else {
                try await storedRows(sql: Self.bearerStatement, [secretHash])
            }
        guard let row = rows.first else { return nil }
        // Domain values straight from the row: building the Fluent models first (a property
        // wrapper object per column) was a tenth of what a remembered risk view cost to serve.
        let token = try TokenRecord.domain(row, secretHash: secretHash)
        var user: User?
        if case .user(let userID) = token.owner, let username = try row.optionalText("username") {
            user = try UserRecord.domain(
                id: userID, username: username, role: try row.text("role"), passwordHash: try row.text("password_hash"),
                isDisabled: try row.flag("disabled"), createdAt: try row.text("user_created_at"))
        }
        var counters: (flags: Int, structure: Int)?
        if contractorID != nil, let flags = try row.optionalNumber("view_flags"), let structure = try row.optionalNumber("view_structure") {
            counters = (flags, structure)
        }
        return Bearer(
            token: token, user: user, contractorIsRegistered: try row.optionalUUID("registered_contractor") != nil,
            riskViewCounters: counters)
    }

    func tokens(ofContractor contractorID: UUID) async throws -> [AccessToken] {
        try await TokenRecord.query(on: db).filter(\.$contractorID == contractorID)
            .sort(\.$createdAt, .descending).all().map { try $0.domain() }
    }

    func insert(_ token: AccessToken) async throws {
        try await TokenRecord(token).create(on: db)
    }

    func revokeToken(_ id: UUID, at moment: Date) async throws {
        try await TokenRecord.query(on: db).filter(\.$id == id)
            .set(\.$revokedAt, to: TimestampColumn.encode(moment)).update()
    }
}
