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
        try Self.domain(version: version, content: content, createdAt: createdAt, createdBy: createdBy, note: note)
    }

    /// The value of a row read through the driver, without building the model (see `StoredRow`).
    static func domain(_ row: any StoredRow) throws -> PolicyVersion {
        try domain(
            version: try row.number("version"), content: try row.text("content"), createdAt: try row.text("created_at"),
            createdBy: try row.text("created_by"), note: try row.optionalText("note"))
    }

    /// Which version a row is, from its `version` and `created_at` alone.
    static func stamp(_ row: any StoredRow) throws -> PolicyStamp {
        PolicyStamp(version: try row.number("version"), createdAt: try TimestampColumn.decode(try row.text("created_at"), column: "policy_versions.created_at"))
    }

    private static func domain(version: Int, content: String, createdAt: String, createdBy: String, note: String?) throws -> PolicyVersion {
        PolicyVersion(
            version: version,
            content: try JSONColumn.decode(PolicyContent.self, from: content, column: "policy_versions.content"),
            createdAt: try TimestampColumn.decode(createdAt, column: "policy_versions.created_at"),
            createdBy: createdBy, note: note)
    }
}
