import Foundation
import ItakuCore

/// Structured values are stored as JSON text, which both SQLite and PostgreSQL keep byte for byte.
enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) -> String {
        CanonicalJSON.string(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String, column: String) throws -> T {
        if let memo = JSONMemo.current, let known = memo.value(T.self, for: text) { return known }
        do {
            let value = try CanonicalJSON.decode(T.self, from: text)
            JSONMemo.current?.store(value, for: text)
            return value
        } catch {
            throw StoredDataError(column: column, detail: "\(error)")
        }
    }
}

/// Decoded values by their JSON text, for the length of one bulk read: a portfolio's contracts
/// mostly carry the same terms, its attestations the same answers, and each is decoded once.
final class JSONMemo: @unchecked Sendable {
    @TaskLocal static var current: JSONMemo?

    private var values: [String: [ObjectIdentifier: Any]] = [:]

    func value<T>(_ type: T.Type, for text: String) -> T? {
        values[text]?[ObjectIdentifier(T.self)] as? T
    }

    func store<T>(_ value: T, for text: String) {
        values[text, default: [:]][ObjectIdentifier(T.self)] = value
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

/// Enumerations stored by raw value; an unknown spelling is reported as corrupt data, not a crash.
enum EnumColumn {
    static func decode<T: RawRepresentable<String>>(_ type: T.Type, _ text: String, column: String) throws -> T {
        guard let value = T(rawValue: text) else { throw StoredDataError(column: column, detail: text) }
        return value
    }
}
