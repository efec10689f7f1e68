import FluentKit
import Foundation
import ItakuCore

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
