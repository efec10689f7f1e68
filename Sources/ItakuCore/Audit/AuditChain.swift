import Foundation

/// Seals audit events into a hash chain and checks a chain for tampering.
public enum AuditChain {
    /// The `previousHash` of the first event.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The next event after `previous` (nil when the chain is empty).
    public static func seal(_ draft: AuditDraft, id: UUID, at moment: Date, after previous: AuditEvent?) -> AuditEvent {
        seal(draft, id: id, at: moment, after: previous.map(Link.init))
    }

    /// Where the chain ends: all that sealing the next event needs of the last one.
    public struct Link: Sendable, Equatable {
        public var sequence: Int
        public var hash: String

        public init(sequence: Int, hash: String) {
            self.sequence = sequence
            self.hash = hash
        }

        public init(_ event: AuditEvent) {
            self.init(sequence: event.sequence, hash: event.hash)
        }
    }

    /// The next event after the chain's end `previous` (nil when the chain is empty).
    public static func seal(_ draft: AuditDraft, id: UUID, at moment: Date, after previous: Link?) -> AuditEvent {
        var event = AuditEvent(
            id: id, sequence: (previous?.sequence ?? 0) + 1, occurredAt: Timestamp.string(moment),
            actor: draft.actor, role: draft.role, action: draft.action, subjectType: draft.subjectType,
            subjectID: draft.subjectID, before: draft.before, after: draft.after,
            previousHash: previous?.hash ?? genesisHash, hash: "")
        event.hash = hash(of: event)
        return event
    }

    /// SHA-256 (hex) of everything in the event except its own hash.
    public static func hash(of event: AuditEvent) -> String {
        struct Content: Encodable {
            var id: String, sequence: Int, occurredAt: String, actor: String, role: String, action: String
            var subjectType: String, subjectID: String, before: String?, after: String?, previousHash: String
        }
        let content = Content(
            id: event.id.uuidString.lowercased(), sequence: event.sequence, occurredAt: event.occurredAt,
            actor: event.actor, role: event.role, action: event.action, subjectType: event.subjectType,
            subjectID: event.subjectID, before: event.before, after: event.after, previousHash: event.previousHash)
        return ContentHash.sha256(CanonicalJSON.string(content))
    }

    /// Walks events in stored order and reports the first link that does not hold. `anchor` is the
    /// already-verified event just before `events` (nil when they start the chain).
    public static func verify<S: Sequence<AuditEvent>>(_ events: S, after anchor: AuditEvent? = nil) -> AuditVerification {
        var previous = anchor
        var count = 0
        for event in events {
            let expectedSequence = (previous?.sequence ?? 0) + 1
            if event.sequence != expectedSequence {
                return .broken(
                    at: event, verified: count,
                    reason: "sequence \(event.sequence) follows \(expectedSequence - 1): an event is missing or out of order")
            }
            if event.previousHash != (previous?.hash ?? genesisHash) {
                return .broken(at: event, verified: count, reason: "previousHash does not match the hash of event \(expectedSequence - 1)")
            }
            if hash(of: event) != event.hash {
                return .broken(at: event, verified: count, reason: "content does not match its hash: the event was altered")
            }
            previous = event
            count += 1
        }
        return .intact(count: count)
    }
}

/// The outcome of checking the audit chain.
public enum AuditVerification: Sendable, Equatable {
    case intact(count: Int)
    case broken(eventID: UUID, sequence: Int, verified: Int, reason: String)

    static func broken(at event: AuditEvent, verified: Int, reason: String) -> AuditVerification {
        .broken(eventID: event.id, sequence: event.sequence, verified: verified, reason: reason)
    }
}
