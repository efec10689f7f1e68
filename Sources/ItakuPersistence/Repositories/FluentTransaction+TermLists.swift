import FluentKit
import Foundation
import ItakuCore

extension FluentTransaction {
    /// Stores the lists not stored yet; a list already there (the same digest) is left alone.
    /// Every write stores the lists it names, rather than trusting a cache to say they exist:
    /// the cache serves every database in the process, and a digest's row may be in another.
    func store(_ lists: some Collection<StoredTermList>) async throws {
        let distinct = Array(Set(lists))
        for start in stride(from: 0, to: distinct.count, by: 250) {
            let batch = distinct[start..<min(start + 250, distinct.count)]
            let tuples = (0..<batch.count).map { "($\(2 * $0 + 1), $\(2 * $0 + 2))" }.joined(separator: ", ")
            let binds: [any Encodable & Sendable] = batch.flatMap { [$0.digest, $0.text] }
            _ = try await storedRows(
                sql: "INSERT INTO \(StoredTermList.table) (digest, terms) VALUES \(tuples) ON CONFLICT (digest) DO NOTHING", binds)
        }
    }

    /// The decoded lists `digests` name: from the process's cache, the rest in one statement.
    func termLists(_ digests: some Sequence<String>) async throws -> TermListBook {
        let (found, missing) = TermListCache.process.lookUp(Set(digests))
        var book = TermListBook(lists: found)
        guard !missing.isEmpty else { return book }
        let wanted = Array(missing)
        var fetched: [String: [ObligationTerm]] = [:]
        for start in stride(from: 0, to: wanted.count, by: 250) {
            let batch = Array(wanted[start..<min(start + 250, wanted.count)])
            let placeholders = (1...batch.count).map { "$\($0)" }.joined(separator: ", ")
            let rows = try await storedRows(
                sql: "SELECT digest, terms FROM \(StoredTermList.table) WHERE digest IN (\(placeholders))", batch)
            for row in rows { fetched[try row.text("digest")] = try Self.decodeTerms(row) }
        }
        TermListCache.process.store(fetched)
        book.lists.merge(fetched) { cached, _ in cached }
        return book
    }

    /// Every stored list, for a read of the whole portfolio. They go into the cache too when
    /// one generation holds them all, so the re-derivations after a scan read none; more would
    /// only churn it.
    func allTermLists() async throws -> TermListBook {
        var book = TermListBook()
        for row in try await storedRows(sql: "SELECT digest, terms FROM \(StoredTermList.table)", []) {
            book.lists[try row.text("digest")] = try Self.decodeTerms(row)
        }
        if book.lists.count <= TermListCache.process.listsPerGeneration { TermListCache.process.store(book.lists) }
        return book
    }

    /// Runs `body` with every stored list at hand, reading the lists again when a row names one
    /// the book lacks, twice at most. A read of the whole portfolio is not one snapshot, and its
    /// lists are read before its rows: a row written in between may name a list stored in
    /// between. Lists are never removed, so lists read after a row hold the one it names.
    func withStoredTermLists<T>(_ body: (TermListBook) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await body(try await allTermLists())
            } catch is TermListBook.Missing where attempt < 3 {
                attempt += 1
            }
        }
    }

    /// The book for rows that name lists in `column` (rows that name none are skipped).
    func termLists(namedIn rows: [any StoredRow], column: String) async throws -> TermListBook {
        try await termLists(rows.compactMap { try $0.optionalText(column) })
    }

    private static func decodeTerms(_ row: any StoredRow) throws -> [ObligationTerm] {
        try JSONColumn.decode([ObligationTerm].self, from: try row.text("terms"), column: "\(StoredTermList.table).terms")
    }
}
