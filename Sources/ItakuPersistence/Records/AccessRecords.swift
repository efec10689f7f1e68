import FluentKit
import Foundation
import ItakuCore

/// A row of `users`.
final class UserRecord: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "role") var role: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "disabled") var isDisabled: Bool
    @Field(key: "created_at") var createdAt: String

    init() {}

    init(_ user: User) {
        id = user.id
        username = user.username
        role = user.role.rawValue
        passwordHash = user.passwordHash
        isDisabled = user.isDisabled
        createdAt = TimestampColumn.encode(user.createdAt)
    }

    func domain() throws -> User {
        User(
            id: id!, username: username, role: try EnumColumn.decode(Role.self, role, column: "users.role"), passwordHash: passwordHash,
            isDisabled: isDisabled, createdAt: try TimestampColumn.decode(createdAt, column: "users.created_at"))
    }
}

/// A row of `access_tokens`; only the SHA-256 of the secret is kept.
final class TokenRecord: Model, @unchecked Sendable {
    static let schema = "access_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "secret_hash") var secretHash: String
    @OptionalField(key: "user_id") var userID: UUID?
    @OptionalField(key: "contractor_id") var contractorID: UUID?
    @OptionalField(key: "label") var label: String?
    @Field(key: "created_at") var createdAt: String
    @OptionalField(key: "expires_at") var expiresAt: String?
    @OptionalField(key: "revoked_at") var revokedAt: String?
    @Field(key: "created_by") var createdBy: String

    init() {}

    init(_ token: AccessToken) {
        id = token.id
        secretHash = token.secretHash
        switch token.owner {
        case .user(let id): userID = id
        case .contractor(let id): contractorID = id
        }
        label = token.label
        createdAt = TimestampColumn.encode(token.createdAt)
        expiresAt = token.expiresAt.map(TimestampColumn.encode)
        revokedAt = token.revokedAt.map(TimestampColumn.encode)
        createdBy = token.createdBy
    }

    func domain() throws -> AccessToken {
        AccessToken(
            id: id!, owner: try Self.owner(userID: userID, contractorID: contractorID), label: label, secretHash: secretHash,
            createdAt: try TimestampColumn.decode(createdAt, column: "access_tokens.created_at"),
            expiresAt: try TimestampColumn.decode(expiresAt, column: "access_tokens.expires_at"),
            revokedAt: try TimestampColumn.decode(revokedAt, column: "access_tokens.revoked_at"), createdBy: createdBy)
    }

    /// Whose a token is, from its two owner columns, however the row was read.
    static func owner(userID: UUID?, contractorID: UUID?) throws -> AccessToken.Owner {
        if let userID { return .user(userID) }
        if let contractorID { return .contractor(contractorID) }
        throw StoredDataError(column: "access_tokens.user_id/contractor_id", detail: "token has no owner")
    }
}
