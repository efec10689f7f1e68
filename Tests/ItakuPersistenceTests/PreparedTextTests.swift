import FluentKit
import Foundation
import NIOPosix
import PostgresNIO
import SQLKit
import NIOConcurrencyHelpers
import Testing

@testable import ItakuPersistence

@Suite("SQL text prepared once per PostgreSQL connection")
struct PreparedTextTests {
    @Test("a repeated text is prepared once on its connection and answers each run with its own parameters")
    func preparedOnce() async throws {
        try await Self.onOneConnection { tx, sql in
            let text = "SELECT $1::text AS word, 'prepared-once-probe' AS probe"
            let renewalsBefore = PreparedNames.renewals
            let words = ["umi", "yama", "kawa", "mori"]
            for word in words {
                let rows = try await tx.storedRows(sql: text, [word])
                #expect(try rows.map { try $0.text("word") } == [word])
            }
            let prepared = try await sql.raw("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE '%prepared-once-probe%'")
                .first(decoding: Count.self)
            // Once per generation of names: other tests' failures, running alongside, may retire them.
            let generations = PreparedNames.renewals - renewalsBefore + 1
            #expect((1...min(generations, words.count - 1)).contains(prepared?.n ?? 0))
        }
    }

    @Test("one text bound with parameters of different types is prepared for each")
    func typesAreNamed() async throws {
        try await Self.onOneConnection { tx, _ in
            let text = "SELECT $1 AS value, 'typed-probe' AS probe"
            let number = try await tx.storedRows(sql: text, [42]).first
            let word = try await tx.storedRows(sql: text, ["forty-two"]).first
            #expect(try number?.number("value") == 42)
            #expect(try word?.text("value") == "forty-two")
        }
    }

    @Test("a text whose preparation failed, in a transaction an error aborted, works on that connection afterwards")
    func failedPreparationIsForgotten() async throws {
        try await Self.onOneConnection { tx, sql in
            let text = "SELECT $1::text AS word, 'aborted-probe' AS probe"
            try await sql.raw("BEGIN").run()
            await #expect(throws: (any Error).self) { try await sql.raw("SELECT 1 / 0").run() }
            await #expect(throws: (any Error).self) { try await tx.storedRows(sql: text, ["umi"]) }
            try await sql.raw("ROLLBACK").run()
            let row = try await tx.storedRows(sql: text, ["umi"]).first
            #expect(try row?.text("word") == "umi")
        }
    }

    @Test("rows read without preparing are the same rows")
    func unpreparedReadsTheSame() async throws {
        try await Self.onOneConnection { tx, _ in
            let text = "SELECT g AS n FROM generate_series(1, $1::int) AS g ORDER BY g"
            let prepared = GatheredRows()
            let plain = GatheredRows()
            try await tx.forEachStoredRow(sql: text, [5]) { row in prepared.append(try? row.number("n")) }
            try await tx.forEachStoredRow(sql: text, [5], preparing: false) { row in plain.append(try? row.number("n")) }
            #expect(prepared.values == [1, 2, 3, 4, 5])
            #expect(plain.values == prepared.values)
        }
    }

    @Test("names are bounded: past the capacity, or past the parameter limit, a text runs unnamed")
    func namesAreBounded() {
        let names = PreparedText.Names(capacity: 2, parameterLimit: 3)
        let first = names.naming("SELECT 1", types: [])
        #expect(first != nil)
        #expect(names.naming("SELECT 1", types: [])?.stem == first?.stem)
        #expect(names.naming("SELECT $1", types: [.int8]) != nil)
        #expect(names.naming("SELECT $1", types: [.text])?.stem == nil)
        #expect(names.naming("SELECT 1", types: [])?.stem == first?.stem)
        #expect(PreparedText.Names(capacity: 9, parameterLimit: 3).naming("SELECT $1, $2, $3, $4", types: [.int8, .int8, .int8, .int8]) == nil)
    }

    @Test("same text bound with other types is named apart; the name is the same in every process")
    func namingIsStable() {
        let one = PreparedText.Names(capacity: 9, parameterLimit: 9)
        let other = PreparedText.Names(capacity: 9, parameterLimit: 9)
        let int = one.naming("SELECT $1", types: [.int8])?.stem
        #expect(int != nil)
        #expect(int == other.naming("SELECT $1", types: [.int8])?.stem)
        #expect(int != one.naming("SELECT $1", types: [.text])?.stem)
    }

    @Test("a constraint violation keeps the prepared names; any other failure retires them")
    func whichFailuresRenew() {
        #expect(!PreparedNames.mayComeFromPreparing(Violation(isConstraintFailure: true)))
        #expect(PreparedNames.mayComeFromPreparing(Violation(isConstraintFailure: false)))
        #expect(PreparedNames.mayComeFromPreparing(CancellationError()))
        let before = PreparedNames.name("probe")
        PreparedNames.renew()
        #expect(PreparedNames.name("probe") != before)
    }

    /// Runs `body` with a unit of work and a plain handle on one PostgreSQL connection.
    private static func onOneConnection(_ body: @escaping @Sendable (FluentTransaction, any SQLDatabase) async throws -> Void) async throws {
        try await StoreFixture.withStore { fixture in
            guard fixture.store.engine == .postgres else { return }
            let database = try #require(fixture.databases.database(logger: fixture.logger, on: MultiThreadedEventLoopGroup.singleton.any()))
            try await database.withConnection { connection in
                try await body(FluentTransaction(db: connection, engine: .postgres), connection as! any SQLDatabase)
            }
        }
    }

    private struct Count: Decodable { var n: Int }

    private struct Violation: DatabaseError, Error {
        var isConstraintFailure: Bool
        var isSyntaxError: Bool { false }
        var isConnectionClosed: Bool { false }
    }
}

/// Values gathered from the rows a driver hands over, on whatever thread it hands them.
private final class GatheredRows: Sendable {
    private let box = NIOLockedValueBox<[Int?]>([])
    func append(_ value: Int?) { box.withLockedValue { $0.append(value) } }
    var values: [Int?] { box.withLockedValue { $0 } }
}
