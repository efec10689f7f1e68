import FluentKit
import Foundation
import ItakuCore
import NIOConcurrencyHelpers
import SQLKit
import Testing

@testable import ItakuPersistence

@Suite("Term lists stored once, by content")
struct TermListTests {
    private struct Count: Decodable { var n: Int }

    private static func count(_ query: SQLQueryString, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw(query).first(decoding: Count.self)?.n ?? -1
    }

    /// Rows of contracts and edges naming a list that is not stored.
    private static func unnamedLists(on sql: any SQLDatabase) async throws -> Int {
        try await count(
            """
            SELECT count(*) AS n FROM (SELECT obligations_digest AS d FROM contracts UNION ALL \
            SELECT flowed_down_terms_digest FROM subcontractings) AS named WHERE d NOT IN (SELECT digest FROM term_lists)
            """, on: sql)
    }

    private static func distinctLists(_ demo: DemoPortfolio) -> Int {
        Set(demo.contracts.map { JSONColumn.encode($0.obligations) } + demo.subcontractings.map { JSONColumn.encode($0.flowedDownTerms) }).count
    }

    @Test("a portfolio's contracts and edges share one stored list per distinct term list, and a changed contract gets its own")
    func storedOnce() async throws {
        try await StoreFixture.withDemo(contractors: 40) { fixture, demo in
            let distinct = Self.distinctLists(demo)
            #expect(distinct < demo.contracts.count, "the demo shares terms between contracts")
            #expect(try await Self.count("SELECT count(*) AS n FROM term_lists", on: fixture.sql) == distinct)
            #expect(try await Self.unnamedLists(on: fixture.sql) == 0)

            var changed = try #require(demo.contracts.first)
            let untouched = try #require(demo.contracts.first { $0.contractorID != changed.contractorID && $0.obligations == changed.obligations })
            changed.obligations = Array(changed.obligations.dropLast())
            changed.version += 1
            let update = changed
            #expect(try await fixture.store.write { tx in try await tx.update(update, expectedVersion: update.version - 1) })
            #expect(try await Self.count("SELECT count(*) AS n FROM term_lists", on: fixture.sql) == distinct + 1)
            let (readChanged, readUntouched) = try await fixture.store.read { tx in
                (try await tx.contract(update.id), try await tx.allContracts(ofContractor: untouched.contractorID))
            }
            #expect(readChanged == update)
            #expect(readUntouched.contains(untouched))
        }
    }

    @Test("the migration moves each row's stored terms into lists by content and back, terms unchanged")
    func migration() async throws {
        try await StoreFixture.withDemo(contractors: 30) { fixture, demo in
            let before = try await fixture.store.read { tx in try await tx.portfolioSnapshot() }
            let database = try fixture.store.database()
            let sql = fixture.sql

            try await UpdateTermsStoredByContent().revert(on: database)
            let contract = try #require(demo.contracts.first)
            let stored = try await sql.raw("SELECT obligations AS terms FROM contracts WHERE id = \(bind: contract.id)").first()
            #expect(try stored?.decode(column: "terms", as: String.self) == JSONColumn.encode(contract.obligations))
            // A row changed in the old shape: after the move it must read its own text, not a cached list.
            try await sql.raw("UPDATE contracts SET obligations = '[]' WHERE id = \(bind: contract.id)").run()

            try await UpdateTermsStoredByContent().prepare(on: database)
            #expect(try await Self.count("SELECT count(*) AS n FROM term_lists", on: sql) == Self.distinctLists(demo) + 1)
            #expect(try await Self.unnamedLists(on: sql) == 0)
            let after = try await fixture.store.read { tx in try await tx.portfolioSnapshot() }
            let emptied = try #require(after.contracts.first { $0.id == contract.id })
            #expect(emptied.obligations.isEmpty)
            #expect(Sample.byID(after.contracts.filter { $0.id != contract.id }) == Sample.byID(before.contracts.filter { $0.id != contract.id }))
            #expect(Sample.byID(after.subcontractings) == Sample.byID(before.subcontractings))
        }
    }

    @Test("a digest with no stored list is reported as unreadable stored data")
    func missingList() throws {
        let book = TermListBook(lists: ["known": []])
        #expect(try book.terms("known", column: "contracts.obligations_digest").isEmpty)
        #expect(throws: TermListBook.Missing.self) { try book.terms("unknown", column: "contracts.obligations_digest") }
    }

    @Test("a whole-portfolio read that meets a list stored since it read the lists reads them again, twice at most")
    func listsReadAgain() async throws {
        try await StoreFixture.withDemo(contractors: 5) { fixture, demo in
            let stored = Self.distinctLists(demo)
            let attempts = NIOLockedValueBox(0)
            let held = try await fixture.store.read { tx in
                try await (tx as! FluentTransaction).withStoredTermLists { book in
                    attempts.withLockedValue { $0 += 1 }
                    if attempts.withLockedValue({ $0 }) == 1 { throw TermListBook.Missing(column: "contracts.obligations_digest", digest: "new") }
                    return book.lists.count
                }
            }
            #expect(held == stored && attempts.withLockedValue { $0 } == 2)

            attempts.withLockedValue { $0 = 0 }
            await #expect(throws: TermListBook.Missing.self) {
                try await fixture.store.read { tx in
                    try await (tx as! FluentTransaction).withStoredTermLists { _ -> Int in
                        attempts.withLockedValue { $0 += 1 }
                        throw TermListBook.Missing(column: "contracts.obligations_digest", digest: "never")
                    }
                }
            }
            #expect(attempts.withLockedValue { $0 } == 3)
        }
    }

    @Test("the process cache keeps a bounded number of lists, the recently used ones")
    func cacheBound() {
        let cache = TermListCache(listsPerGeneration: 2)
        cache.store(["a": [], "b": []])
        cache.store(["c": []])  // a and b become the previous generation
        #expect(cache.lookUp(["a"]).missing.isEmpty)  // and a is brought forward
        cache.store(["d": []])  // the current generation (c, a) fills: b is dropped
        let (found, missing) = cache.lookUp(["a", "b", "c", "d"])
        #expect(Set(found.keys) == ["a", "c", "d"])
        #expect(missing == ["b"])
    }
}
