import Foundation
import ItakuCore
import OpenAPIRuntime

/// Dates on the wire in the service's one format (RFC 3339, UTC, milliseconds), identical to
/// what is stored, so a value reads back exactly as it was written.
struct MillisecondDateTranscoder: DateTranscoder {
    func encode(_ date: Date) throws -> String {
        Timestamp.string(date)
    }

    func decode(_ text: String) throws -> Date {
        guard let date = Timestamp.date(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "'\(text)' is not an RFC 3339 timestamp"))
        }
        return date
    }
}
