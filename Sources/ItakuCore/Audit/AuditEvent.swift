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
        CanonicalJSONWriter.string(value) ?? stringWithFoundation(value)
    }

    /// What `string(_:)` writes, always through `JSONEncoder`: the definition the faster
    /// `CanonicalJSONWriter` matches, and what it leaves to.
    public static func stringWithFoundation<T: Encodable>(_ value: T) -> String {
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
    /// Reads back what `string(_:)` wrote: straight from the text where the type reads itself,
    /// through `JSONDecoder` otherwise or whenever that reading stumbles.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        if let readable = T.self as? any JSONReadable.Type, let value = try? JSONReader.read(readable, from: text) as? T { return value }
        return try decodeWithFoundation(T.self, from: text)
    }

    /// Reads back what `string(_:)` wrote, always through `JSONDecoder`.
    public static func decodeWithFoundation<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
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
        let fraction = Int(milliseconds - seconds * 1000)
        // Days and the time of day by integer arithmetic, digits written straight into the text:
        // every stored row and audit snapshot carries timestamps, and a `Calendar` and
        // `String(format:)` per timestamp were 2 % of a submission's CPU.
        let (days, secondOfDay) = floorDivision(Int(seconds), 86_400)
        guard CalendarDay.arithmeticDays.contains(days) else { return foundationString(seconds: seconds, fraction: fraction) }
        let day = CalendarDay.civil(fromDays: days)
        let fields = [
            (day.year, 4, UInt8(ascii: "-")), (day.month, 2, UInt8(ascii: "-")), (day.day, 2, UInt8(ascii: "T")),
            (secondOfDay / 3600, 2, UInt8(ascii: ":")), (secondOfDay / 60 % 60, 2, UInt8(ascii: ":")), (secondOfDay % 60, 2, UInt8(ascii: ".")),
            (fraction, 3, UInt8(ascii: "Z")),
        ]
        return String(unsafeUninitializedCapacity: 24) { text in
            var position = 0
            for (value, width, separator) in fields {
                var rest = value
                for index in stride(from: position + width - 1, through: position, by: -1) {
                    text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                text[position + width] = separator
                position += width + 1
            }
            return position
        }
    }

    /// The same text through Foundation: the reference for `string(_:)`, and its answer for
    /// years outside 1600–9999.
    static func foundationString(seconds: Int64, fraction: Int) -> String {
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(seconds)))
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!,
            parts.second!, fraction)
    }

    private static func floorDivision(_ value: Int, _ divisor: Int) -> (quotient: Int, remainder: Int) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    public static func date(_ text: String) -> Date? {
        fastDate(text)
            ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    /// Reads exactly the service's own form, `YYYY-MM-DDTHH:MM:SS.mmmZ`, without a formatter:
    /// scans read hundreds of thousands of stored timestamps.
    static func fastDate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58, bytes[16] == 58, bytes[19] == 46,
            bytes[23] == 90
        else { return nil }
        func number(_ from: Int, _ length: Int) -> Int? {
            var value = 0
            for index in from..<(from + length) {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), let millis = number(20, 3),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        let days = CalendarDay.daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second) + Double(millis) / 1000
        return Date(timeIntervalSince1970: seconds)
    }

    /// `date` at the millisecond precision timestamps are stored with.
    /// The same value as formatting and parsing back, computed the way `fastDate` computes it:
    /// every request reads the clock, and the round trip through text was a few percent of a read.
    public static func truncated(_ date: Date) -> Date {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = Int64((Double(milliseconds) / 1000).rounded(.down))
        // Outside years 0001–9999 the text form is not the fast one; keep the round trip there.
        guard (-62_135_596_800...253_402_300_799).contains(seconds) else { return Self.date(string(date)) ?? date }
        return Date(timeIntervalSince1970: Double(seconds) + Double(milliseconds - seconds * 1000) / 1000)
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
