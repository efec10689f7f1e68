import FluentSQLiteDriver
import Foundation
import Testing

@testable import ItakuPersistence

@Suite("Parameters bound to SQLite statements")
struct SQLiteParameterTests {
    @Test("are what Fluent's SQLite encoder makes of the same values, text and identifiers included")
    func sameAsTheDriversEncoder() throws {
        let encoder = SQLiteDataEncoder()
        let absent: String? = nil
        let present: String? = "wrapped"
        let values: [any Encodable & Sendable] = [
            "plain", "", "日本語 テキスト", UUID(), UUID(), 42, -7, true, false, 2.5, absent, present, UUID?.some(UUID()), ["a", "b"],
        ]
        for value in values {
            #expect(try FluentTransaction.sqliteData(value) == (try encoder.encode(value)), "\(value)")
        }
    }
}
