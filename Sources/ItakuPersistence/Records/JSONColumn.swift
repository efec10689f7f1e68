import Foundation
import ItakuCore
import NIOConcurrencyHelpers

/// Structured values are stored as JSON text, which both SQLite and PostgreSQL keep byte for byte.
enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) -> String {
        CanonicalJSON.string(value)
    }

    static func decode<T: Decodable & Sendable>(_ type: T.Type, from text: String, column: String) throws -> T {
        // Types that read themselves do so faster than the memos hash their text.
        if T.self is any JSONReadable.Type {
            do { return try CanonicalJSON.decode(T.self, from: text) } catch { throw StoredDataError(column: column, detail: "\(error)") }
        }
        let memo = JSONMemo.current
        if let known = memo?.value(T.self, for: text) { return known }
        let shared = memo?.consultsProcessMemo ?? true
        if shared, let known = SharedJSONMemo.process.value(T.self, for: text) {
            memo?.store(known, for: text)
            return known
        }
        do {
            let value = try CanonicalJSON.decode(T.self, from: text)
            memo?.store(value, for: text)
            if shared { SharedJSONMemo.process.store(value, for: text) }
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
    /// Whether decoding also looks in and fills the process-wide memo. A bulk read of a whole
    /// table would only churn it (most of its texts are unique) and contend for its lock.
    let consultsProcessMemo: Bool

    init(consultsProcessMemo: Bool = true) {
        self.consultsProcessMemo = consultsProcessMemo
    }

    func value<T>(_ type: T.Type, for text: String) -> T? {
        values[text]?[ObjectIdentifier(T.self)] as? T
    }

    func store<T>(_ value: T, for text: String) {
        values[text, default: [:]][ObjectIdentifier(T.self)] = value
    }
}

/// Decoded values by their JSON text across units of work, within a byte budget: the same
/// policy, contract terms and contractor contacts are read by request after request, and a
/// stored text always decodes to the same value. Two generations: when the current one fills,
/// it becomes the previous and the previous is dropped, so eviction costs nothing per entry.
final class SharedJSONMemo: Sendable {
    static let process = SharedJSONMemo(budgetBytes: 4 << 20)

    private struct Key: Hashable {
        var type: ObjectIdentifier
        var text: String
    }

    private struct Generations {
        var current: [Key: any Sendable] = [:]
        var previous: [Key: any Sendable] = [:]
        var currentBytes = 0
    }

    private let generations = NIOLockedValueBox(Generations())
    /// Text bytes a generation may hold; decoded values take a few times that.
    let budgetBytes: Int
    /// Short texts decode faster than they hash and compare; only longer ones are kept.
    static let minimumLength = 64

    init(budgetBytes: Int) {
        self.budgetBytes = budgetBytes
    }

    func value<T>(_ type: T.Type, for text: String) -> T? {
        guard text.utf8.count >= Self.minimumLength else { return nil }
        let key = Key(type: ObjectIdentifier(T.self), text: text)
        return generations.withLockedValue { state in
            if let value = state.current[key] { return value as? T }
            guard let value = state.previous[key] else { return nil }
            Self.insert(value, for: key, into: &state, budget: budgetBytes)
            return value as? T
        }
    }

    func store<T: Sendable>(_ value: T, for text: String) {
        guard text.utf8.count >= Self.minimumLength, text.utf8.count <= budgetBytes / 8 else { return }
        let key = Key(type: ObjectIdentifier(T.self), text: text)
        generations.withLockedValue { Self.insert(value, for: key, into: &$0, budget: budgetBytes) }
    }

    private static func insert(_ value: any Sendable, for key: Key, into state: inout Generations, budget: Int) {
        if state.currentBytes + key.text.utf8.count > budget {
            state.previous = state.current
            state.current = [:]
            state.currentBytes = 0
        }
        if state.current.updateValue(value, forKey: key) == nil { state.currentBytes += key.text.utf8.count }
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
