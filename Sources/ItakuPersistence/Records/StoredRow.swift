import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import ItakuCore

/// One row as the database driver returned it, read column by column into plain values.
///
/// Hot and bulk reads go through this instead of SQLKit's rows: SQLKit decodes every column
/// through `Decodable` with dynamic casts, and SQLiteKit hands every row to the event loop
/// as a separate task — together most of the time a portfolio scan spent reading. Records turn
/// such rows into domain values without building the Fluent model: setting and reading its
/// property wrappers was another tenth of a whole-portfolio read.
protocol StoredRow: Sendable {
    func text(_ column: String) throws -> String
    func optionalText(_ column: String) throws -> String?
    func optionalNumber(_ column: String) throws -> Int?
    func uuid(_ column: String) throws -> UUID
    func optionalUUID(_ column: String) throws -> UUID?
    func flag(_ column: String) throws -> Bool
}

/// The required readings, for rows whose optional reading already says everything else.
extension StoredRow {
    func text(_ column: String) throws -> String {
        guard let value = try optionalText(column) else { throw StoredDataError(column: column, detail: "null") }
        return value
    }

    func number(_ column: String) throws -> Int {
        guard let value = try optionalNumber(column) else { throw StoredDataError(column: column, detail: "null") }
        return value
    }

    func uuid(_ column: String) throws -> UUID {
        guard let value = try optionalUUID(column) else { throw StoredDataError(column: column, detail: "null") }
        return value
    }
}

extension SQLiteRow: StoredRow {
    private func data(_ name: String) throws -> SQLiteData {
        guard let data = column(name) else { throw StoredDataError(column: name, detail: "no such column in the result") }
        return data
    }

    func text(_ column: String) throws -> String {
        guard case .text(let value) = try data(column) else { throw StoredDataError(column: column, detail: "not text") }
        return value
    }

    func optionalText(_ column: String) throws -> String? {
        switch try data(column) {
        case .null: return nil
        case .text(let value): return value
        default: throw StoredDataError(column: column, detail: "not text")
        }
    }

    func optionalNumber(_ column: String) throws -> Int? {
        switch try data(column) {
        case .null: return nil
        case .integer(let value): return value
        default: throw StoredDataError(column: column, detail: "not an integer")
        }
    }

    func optionalUUID(_ column: String) throws -> UUID? {
        // Fluent's SQLite driver stores identifiers as their text; a 16-byte blob is accepted too.
        switch try data(column) {
        case .null: return nil
        case .text(let text):
            guard let value = UUID(storedText: text) else { throw StoredDataError(column: column, detail: "not an identifier: \(text)") }
            return value
        case .blob(let buffer) where buffer.readableBytes == 16:
            return buffer.getBytes(at: buffer.readerIndex, length: 16).map(UUID.init(sixteen:))
        default: throw StoredDataError(column: column, detail: "not an identifier")
        }
    }

    func flag(_ column: String) throws -> Bool {
        try number(column) != 0
    }
}

extension PostgresRandomAccessRow: StoredRow {
    private func decoded<T: PostgresDecodable>(_ type: T.Type, _ column: String) throws -> T {
        guard contains(column) else { throw StoredDataError(column: column, detail: "no such column in the result") }
        do {
            return try self[column].decode(T.self, context: .default)
        } catch {
            throw StoredDataError(column: column, detail: "\(error)")
        }
    }

    func text(_ column: String) throws -> String { try decoded(String.self, column) }
    func optionalText(_ column: String) throws -> String? { try decoded(String?.self, column) }
    func number(_ column: String) throws -> Int { try decoded(Int.self, column) }
    func optionalNumber(_ column: String) throws -> Int? { try decoded(Int?.self, column) }
    func uuid(_ column: String) throws -> UUID { try decoded(UUID.self, column) }
    func optionalUUID(_ column: String) throws -> UUID? { try decoded(UUID?.self, column) }
    func flag(_ column: String) throws -> Bool { try decoded(Bool.self, column) }
}
