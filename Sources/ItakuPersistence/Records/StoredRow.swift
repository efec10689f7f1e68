import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

/// One row as the database driver returned it, read column by column into plain values.
///
/// Hot and bulk reads go through this instead of SQLKit's rows: SQLKit decodes every column
/// through `Decodable` with dynamic casts, and SQLiteKit hands every row to the event loop
/// as a separate task — together most of the time a portfolio scan spent reading.
protocol StoredRow: Sendable {
    func text(_ column: String) throws -> String
    func optionalText(_ column: String) throws -> String?
    func number(_ column: String) throws -> Int
    func uuid(_ column: String) throws -> UUID
    func optionalUUID(_ column: String) throws -> UUID?
    func flag(_ column: String) throws -> Bool
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

    func number(_ column: String) throws -> Int {
        guard case .integer(let value) = try data(column) else { throw StoredDataError(column: column, detail: "not an integer") }
        return value
    }

    func uuid(_ column: String) throws -> UUID {
        guard let value = try optionalUUID(column) else { throw StoredDataError(column: column, detail: "null") }
        return value
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
    func uuid(_ column: String) throws -> UUID { try decoded(UUID.self, column) }
    func optionalUUID(_ column: String) throws -> UUID? { try decoded(UUID?.self, column) }
    func flag(_ column: String) throws -> Bool { try decoded(Bool.self, column) }
}

extension UUID {
    /// Parses the 36-character text form. Foundation's parser goes through `sscanf`, which was a
    /// few percent of a whole-portfolio read on its own; anything unusual is left to it.
    init?(storedText text: String) {
        guard let value = Self.fastParse(text.utf8) ?? UUID(uuidString: text) else { return nil }
        self = value
    }

    private static func fastParse(_ text: String.UTF8View) -> UUID? {
        guard text.count == 36 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        var high: UInt8?
        for (offset, character) in text.enumerated() {
            if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                guard character == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard let nibble = hexValue(character) else { return nil }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return UUID(sixteen: bytes)
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    fileprivate init(sixteen bytes: [UInt8]) {
        self.init(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                         bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
