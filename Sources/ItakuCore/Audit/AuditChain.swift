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
        var event = unhashed(draft, id: id, at: moment, sequence: (previous?.sequence ?? 0) + 1, previousHash: previous?.hash ?? genesisHash)
        event.hash = hash(of: event)
        return event
    }

    /// The event of `draft` with the chain's values given and its hash still empty.
    private static func unhashed(_ draft: AuditDraft, id: UUID, at moment: Date, sequence: Int, previousHash: String) -> AuditEvent {
        AuditEvent(
            id: id, sequence: sequence, occurredAt: Timestamp.string(moment), actor: draft.actor, role: draft.role, action: draft.action,
            subjectType: draft.subjectType, subjectID: draft.subjectID, before: draft.before, after: draft.after,
            previousHash: previousHash, hash: "")
    }

    /// SHA-256 (hex) of everything in the event except its own hash.
    public static func hash(of event: AuditEvent) -> String {
        ContentHash.sha256(hashedText(of: event))
    }

    /// The canonical text `hash(of:)` hashes.
    static func hashedText(of event: AuditEvent) -> String {
        struct Content: Encodable {
            var id: String, sequence: Int, occurredAt: String, actor: String, role: String, action: String
            var subjectType: String, subjectID: String, before: String?, after: String?, previousHash: String
        }
        let content = Content(
            id: event.id.uuidString.lowercased(), sequence: event.sequence, occurredAt: event.occurredAt,
            actor: event.actor, role: event.role, action: event.action, subjectType: event.subjectType,
            subjectID: event.subjectID, before: event.before, after: event.after, previousHash: event.previousHash)
        return CanonicalJSON.string(content)
    }

    /// An event not yet on the chain, with the text its hash covers cut around the two values the
    /// chain's end decides, its sequence and previous hash: a database can then read the end and
    /// seal the event in one statement, under the chain's lock, with `text(after:)`'s pieces.
    public struct Unsealed: Sendable {
        /// The event, its sequence, previous hash and hash still to be filled in.
        public var event: AuditEvent
        /// The hashed text before the previous hash, between it and the sequence, and after it.
        public var beforePreviousHash: String
        public var beforeSequence: String
        public var afterSequence: String

        /// The event sealed after `link` (nil when the chain is empty), as `seal` seals it.
        public func sealed(after link: Link?) -> AuditEvent {
            var sealed = event
            sealed.sequence = (link?.sequence ?? 0) + 1
            sealed.previousHash = link?.hash ?? AuditChain.genesisHash
            sealed.hash = ContentHash.sha256(text(after: link))
            return sealed
        }

        /// The text the hash of the event sealed after `link` covers.
        public func text(after link: Link?) -> String {
            beforePreviousHash + (link?.hash ?? AuditChain.genesisHash) + beforeSequence + String((link?.sequence ?? 0) + 1) + afterSequence
        }
    }

    /// `draft` ready to be sealed wherever the chain's end is read; nil if its text cannot be cut
    /// (it always can: keys are sorted and every quote inside a value is escaped, so the two keys
    /// appear once, at the top level).
    public static func unsealed(_ draft: AuditDraft, id: UUID, at moment: Date) -> Unsealed? {
        // Cut where a sequence of 0 and an empty previous hash stand; hashed only once sealed.
        let event = unhashed(draft, id: id, at: moment, sequence: 0, previousHash: "")
        let text = hashedText(of: event)
        let previous = #""previousHash":"","#
        let sequence = #""sequence":0,"#
        guard let aroundPrevious = cut(Substring(text), atOnly: previous), let aroundSequence = cut(aroundPrevious.after, atOnly: sequence) else {
            return nil
        }
        return Unsealed(
            event: event, beforePreviousHash: aroundPrevious.before + #""previousHash":""#,
            beforeSequence: "\"," + aroundSequence.before + #""sequence":"#, afterSequence: "," + aroundSequence.after)
    }

    /// `text` on either side of `marker`, if it stands there exactly once. Searched as bytes:
    /// Foundation's `components(separatedBy:)` took a thirtieth of a submission's CPU here, and
    /// the standard library's generic search of the UTF-8 view was slower still.
    static func cut(_ text: Substring, atOnly marker: String) -> (before: Substring, after: Substring)? {
        var text = text
        var marker = marker
        let found = text.withUTF8 { text in
            marker.withUTF8 { marker -> [Int] in
                guard let first = marker.first, text.count >= marker.count else { return [] }
                var found: [Int] = []
                for start in 0...(text.count - marker.count) where text[start] == first {
                    if memcmp(text.baseAddress! + start, marker.baseAddress!, marker.count) == 0 { found.append(start) }
                    if found.count > 1 { break }
                }
                return found
            }
        }
        guard found.count == 1 else { return nil }
        let start = text.utf8.index(text.utf8.startIndex, offsetBy: found[0])
        return (text[..<start], text[text.utf8.index(start, offsetBy: marker.utf8.count)...])
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
