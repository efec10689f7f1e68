import Foundation
import ItakuCore

/// A row the database turned into a JSON object (`row_to_json`, `json_object`), read column by
/// column like a driver's row: one statement can then return rows of several tables.
struct JSONObjectRow: StoredRow {
    /// In the order the object lists them. A row has a score of columns at most, each read once,
    /// mostly in that order: searching the list costs less than hashing every key into a
    /// dictionary, which was a tenth of a submission's CPU when it re-derived a long history.
    private let values: [(column: String, value: JSONReader.Scalar)]

    init(json text: String) throws {
        do {
            values = try JSONReader.read(text) { json in
                var values: [(column: String, value: JSONReader.Scalar)] = []
                values.reserveCapacity(16)
                var object = try json.object()
                while let key = try json.nextKey(in: &object) { values.append((key.text, try json.scalar())) }
                return values
            }
        } catch {
            throw StoredDataError(column: "(row as JSON)", detail: "\(error)")
        }
    }

    /// A row of the given columns and values, as the database would have made it an object.
    init(_ values: [(column: String, value: JSONReader.Scalar)]) {
        self.values = values
    }

    private func value(_ column: String) throws -> JSONReader.Scalar {
        // A key listed twice reads as its last, as a dictionary built from the object would.
        guard let found = values.lastIndex(where: { $0.column == column }) else {
            throw StoredDataError(column: column, detail: "no such column in the result")
        }
        return values[found].value
    }

    func optionalText(_ column: String) throws -> String? {
        switch try value(column) {
        case .null: return nil
        case .string(let text): return text
        default: throw StoredDataError(column: column, detail: "not text")
        }
    }

    func optionalNumber(_ column: String) throws -> Int? {
        switch try value(column) {
        case .null: return nil
        case .integer(let value): return value
        default: throw StoredDataError(column: column, detail: "not an integer")
        }
    }

    func optionalUUID(_ column: String) throws -> UUID? {
        guard let text = try optionalText(column) else { return nil }
        guard let value = UUID(storedText: text) else { throw StoredDataError(column: column, detail: "not an identifier: \(text)") }
        return value
    }

    func flag(_ column: String) throws -> Bool {
        // PostgreSQL writes booleans as JSON booleans, SQLite as the integers it stores.
        switch try value(column) {
        case .bool(let value): return value
        case .integer(let value): return value != 0
        default: throw StoredDataError(column: column, detail: "not a boolean")
        }
    }
}
