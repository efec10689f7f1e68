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

    /// Only what authentication reads. A contractor token's contractor needs no join: the
    /// foreign key on `contractor_id` means a token row cannot name a contractor that is not in
    /// the register (and none is ever removed), as the port promises. SQLite prepares every statement afresh, and each
    /// column and join left out is time saved on every request.
    private static let bearerColumns = """
        t.id, t.user_id, t.contractor_id, t.expires_at, t.revoked_at, u.username, u.role, u.disabled
        """
    private static let bearerTables = """
        "\(TokenRecord.schema)" t
        LEFT JOIN "\(UserRecord.schema)" u ON u.id = t.user_id
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
        let owner = try TokenRecord.owner(userID: try row.optionalUUID("user_id"), contractorID: try row.optionalUUID("contractor_id"))
        var staff: Bearer.Staff?
        if case .user = owner, let username = try row.optionalText("username") {
            staff = Bearer.Staff(
                username: username, role: try EnumColumn.decode(Role.self, try row.text("role"), column: "users.role"),
                isDisabled: try row.flag("disabled"))
        }
        var counters: (flags: Int, structure: Int)?
        if contractorID != nil, let flags = try row.optionalNumber("view_flags"), let structure = try row.optionalNumber("view_structure") {
            counters = (flags, structure)
        }
        return Bearer(
            tokenID: try row.uuid("id"), owner: owner,
            expiresAt: try TimestampColumn.decode(try row.optionalText("expires_at"), column: "access_tokens.expires_at"),
            revokedAt: try TimestampColumn.decode(try row.optionalText("revoked_at"), column: "access_tokens.revoked_at"), staff: staff,
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
