import Crypto
import Foundation

/// A change about to be recorded: who did what to which object, and its state before and after.
public struct AuditDraft: Sendable, Equatable {
    public var actor: String
    public var role: String
    public var action: String
    public var subjectType: String
    public var subjectID: String
    /// Canonical JSON of the object before the change (nil when it was created).
    public var before: String?
    /// Canonical JSON of the object after the change (nil when it was removed).
    public var after: String?

    public init(by principal: Principal, action: String, subjectType: String, subjectID: String, before: String?, after: String?) {
        self.actor = principal.actorName
        self.role = principal.roleName
        self.action = action
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.before = before
        self.after = after
    }

    /// A draft whose before/after are snapshots of Encodable values.
    public init<Before: Encodable, After: Encodable>(
        by principal: Principal, action: String, subjectType: String, subjectID: UUID, before: Before?, after: After?
    ) {
        self.init(
            by: principal, action: action, subjectType: subjectType, subjectID: subjectID.uuidString.lowercased(),
            before: before.map { CanonicalJSON.string($0) }, after: after.map { CanonicalJSON.string($0) })
    }
}

/// One recorded change, sealed into the hash chain.
public struct AuditEvent: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    /// Position in the chain, starting at 1 with no gaps.
    public var sequence: Int
    /// RFC 3339 UTC with milliseconds; stored as text so the hash input round-trips exactly.
    public var occurredAt: String
    public var actor: String
    public var role: String
    public var action: String
    public var subjectType: String
    public var subjectID: String
    public var before: String?
    public var after: String?
    /// Hash of the event before this one (64 zeros for the first).
    public var previousHash: String
    /// SHA-256 over this event's content and `previousHash`.
    public var hash: String

    public init(
        id: UUID, sequence: Int, occurredAt: String, actor: String, role: String, action: String,
        subjectType: String, subjectID: String, before: String?, after: String?, previousHash: String, hash: String
    ) {
        self.id = id
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.actor = actor
        self.role = role
        self.action = action
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.before = before
        self.after = after
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// Encodes values the same way every time (sorted keys, ISO dates) for snapshots and hashing.
public enum CanonicalJSON {
    public static func string<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(date))
        }
        // Encoding our own value types cannot fail; an empty object keeps the chain intact if it ever did.
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension CanonicalJSON {
    /// Reads back what `string(_:)` wrote.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Timestamp.date(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a timestamp: \(text)"))
            }
            return date
        }
        return try decoder.decode(T.self, from: Data(text.utf8))
    }
}

/// The one timestamp format of the service: RFC 3339, UTC, milliseconds.
public enum Timestamp {
    /// Formats `date` rounded to the nearest millisecond, so that formatting what `date(_:)` parsed
    /// gives back the same text.
    public static func string(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = Int64((Double(milliseconds) / 1000).rounded(.down))
        let fraction = milliseconds - seconds * 1000
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(seconds)))
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!,
            parts.second!, Int(fraction))
    }

    public static func date(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    /// `date` at the millisecond precision timestamps are stored with.
    public static func truncated(_ date: Date) -> Date {
        Self.date(string(date)) ?? date
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
