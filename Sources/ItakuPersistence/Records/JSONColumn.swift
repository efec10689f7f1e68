import Foundation
import ItakuCore

/// Structured values are stored as JSON text, which both SQLite and PostgreSQL keep byte for byte.
enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) -> String {
        CanonicalJSON.string(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String, column: String) throws -> T {
        do {
            return try CanonicalJSON.decode(T.self, from: text)
        } catch {
            throw StoredDataError(column: column, detail: "\(error)")
        }
    }
}

/// A stored value that no longer decodes — a bug or tampering, never bad input.
struct StoredDataError: Error, CustomStringConvertible {
    var column: String
    var detail: String

    var description: String { "stored value in \(column) cannot be read: \(detail)" }
}

/// Timestamps are stored as RFC 3339 text with milliseconds: exact round trips on both
/// databases, and fixed-width so text order is time order.
enum TimestampColumn {
    static func encode(_ date: Date) -> String { Timestamp.string(date) }

    static func decode(_ text: String, column: String) throws -> Date {
        guard let date = Timestamp.date(text) else { throw StoredDataError(column: column, detail: "not a timestamp: \(text)") }
        return date
    }

    static func decode(_ text: String?, column: String) throws -> Date? {
        try text.map { try decode($0, column: column) }
    }
}

extension CalendarDay {
    static func stored(_ text: String, column: String) throws -> CalendarDay {
        guard let day = CalendarDay(text) else { throw StoredDataError(column: column, detail: "not a date: \(text)") }
        return day
    }
}
