import FluentKit
import Foundation
import ItakuCore

/// A row of `audit_events`: exactly the fields the chain hashes, stored as text.
final class AuditRecord: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "sequence") var sequence: Int
    @Field(key: "occurred_at") var occurredAt: String
    @Field(key: "actor") var actor: String
    @Field(key: "role") var role: String
    @Field(key: "action") var action: String
    @Field(key: "subject_type") var subjectType: String
    @Field(key: "subject_id") var subjectID: String
    @OptionalField(key: "before") var before: String?
    @OptionalField(key: "after") var after: String?
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}

    /// The row of `event`, column by column, for writing without building the model.
    static func columns(_ event: AuditEvent) -> [(String, (any Encodable & Sendable)?)] {
        [
            ("id", event.id), ("sequence", event.sequence), ("occurred_at", event.occurredAt), ("actor", event.actor),
            ("role", event.role), ("action", event.action), ("subject_type", event.subjectType), ("subject_id", event.subjectID),
            ("before", event.before), ("after", event.after), ("previous_hash", event.previousHash), ("hash", event.hash),
        ]
    }

    func domain() -> AuditEvent {
        AuditEvent(
            id: id!, sequence: sequence, occurredAt: occurredAt, actor: actor, role: role, action: action,
            subjectType: subjectType, subjectID: subjectID, before: before, after: after,
            previousHash: previousHash, hash: hash)
    }
}
