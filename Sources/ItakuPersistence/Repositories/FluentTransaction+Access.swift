import FluentKit
import Foundation
import ItakuCore
import SQLKit

extension FluentTransaction {
    func user(_ id: UUID) async throws -> User? {
        // Asked on every authenticated request: plain SQL, without the model layer's reflection.
        guard
            let row = try await sql.raw(
                "SELECT username, role, password_hash, disabled, created_at FROM \(ident: UserRecord.schema) WHERE id = \(bind: id)"
            ).first()
        else { return nil }
        let record = UserRecord()
        record.id = id
        record.username = try row.decode(column: "username", as: String.self)
        record.role = try row.decode(column: "role", as: String.self)
        record.passwordHash = try row.decode(column: "password_hash", as: String.self)
        record.isDisabled = try row.decode(column: "disabled", as: Bool.self)
        record.createdAt = try row.decode(column: "created_at", as: String.self)
        return try record.domain()
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
        // Asked on every authenticated request: plain SQL, without the model layer's reflection.
        guard
            let row = try await sql.raw(
                """
                SELECT id, user_id, contractor_id, label, created_at, expires_at, revoked_at, created_by
                FROM \(ident: TokenRecord.schema) WHERE secret_hash = \(bind: secretHash)
                """
            ).first()
        else { return nil }
        let record = TokenRecord()
        record.id = try row.decode(column: "id", as: UUID.self)
        record.secretHash = secretHash
        record.userID = try row.decode(column: "user_id", as: UUID?.self)
        record.contractorID = try row.decode(column: "contractor_id", as: UUID?.self)
        record.label = try row.decode(column: "label", as: String?.self)
        record.createdAt = try row.decode(column: "created_at", as: String.self)
        record.expiresAt = try row.decode(column: "expires_at", as: String?.self)
        record.revokedAt = try row.decode(column: "revoked_at", as: String?.self)
        record.createdBy = try row.decode(column: "created_by", as: String.self)
        return try record.domain()
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
