import FluentKit
import Foundation
import ItakuCore

/// A row of `policy_versions`; the content is kept whole as JSON.
final class PolicyRecord: Model, @unchecked Sendable {
    static let schema = "policy_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "content") var content: String
    @Field(key: "created_at") var createdAt: String
    @Field(key: "created_by") var createdBy: String
    @OptionalField(key: "note") var note: String?

    init() {}

    init(_ policy: PolicyVersion) {
        id = UUID()
        version = policy.version
        content = JSONColumn.encode(policy.content)
        createdAt = TimestampColumn.encode(policy.createdAt)
        createdBy = policy.createdBy
        note = policy.note
    }

    func domain() throws -> PolicyVersion {
        PolicyVersion(
            version: version,
            content: try JSONColumn.decode(PolicyContent.self, from: content, column: "policy_versions.content"),
            createdAt: try TimestampColumn.decode(createdAt, column: "policy_versions.created_at"),
            createdBy: createdBy, note: note)
    }
}
