import Foundation
import ItakuCore
import NIOConcurrencyHelpers

/// A list of obligation terms as stored: once, in `term_lists`, under the SHA-256 of its
/// canonical JSON, which contracts and sub-contractings name instead of carrying the text.
///
/// A portfolio's contracts mostly carry the policy's terms word for word, and a term list is
/// about 5 KB: carried in every row, two thirds of the bytes a scan read were repeats, and a
/// re-derivation's read was mostly term text. Named by content, a list is read once and a
/// decoded list can be kept for good, since a digest always names the same terms.
struct StoredTermList: Sendable, Hashable {
    static let table = "term_lists"

    var digest: String
    var text: String

    init(_ terms: [ObligationTerm]) {
        text = JSONColumn.encode(terms)
        digest = ContentHash.sha256(text)
    }

    init(text: String) {
        self.text = text
        digest = ContentHash.sha256(text)
    }

    // By digest alone, which the text decides: hashing the texts themselves (about 5 KB each)
    // would cost more than anything else done with them.
    static func == (a: Self, b: Self) -> Bool { a.digest == b.digest }
    func hash(into hasher: inout Hasher) { hasher.combine(digest) }
}

/// The decoded term lists one read needs, by digest.
struct TermListBook: Sendable {
    var lists: [String: [ObligationTerm]] = [:]

    /// A row names a list the book does not hold: corrupt data, or, for a book read before the
    /// rows, a list stored since (see `FluentTransaction.withStoredTermLists`).
    struct Missing: Error, CustomStringConvertible {
        var column: String
        var digest: String

        var description: String { "stored value in \(column) cannot be read: no stored term list \(digest)" }
    }

    /// The terms a row names in `column`.
    func terms(_ digest: String, column: String) throws -> [ObligationTerm] {
        guard let terms = lists[digest] else { throw Missing(column: column, digest: digest) }
        return terms
    }
}

/// Decoded term lists by digest across units of work. Nothing in it goes stale: a digest names
/// the same terms in every database, so one cache serves all of them. It holds a bounded number
/// of lists in two generations (as `SharedJSONMemo` does), since an API caller can make as many
/// distinct lists as it likes.
final class TermListCache: Sendable {
    static let process = TermListCache(listsPerGeneration: 256)

    private struct Generations {
        var current: [String: [ObligationTerm]] = [:]
        var previous: [String: [ObligationTerm]] = [:]
    }

    private let generations = NIOLockedValueBox(Generations())
    let listsPerGeneration: Int

    init(listsPerGeneration: Int) {
        self.listsPerGeneration = listsPerGeneration
    }

    /// The cached lists among `digests`, and the digests not cached.
    func lookUp(_ digests: Set<String>) -> (found: [String: [ObligationTerm]], missing: Set<String>) {
        generations.withLockedValue { state in
            var found: [String: [ObligationTerm]] = [:]
            var missing: Set<String> = []
            for digest in digests {
                if let terms = state.current[digest] {
                    found[digest] = terms
                } else if let terms = state.previous[digest] {
                    found[digest] = terms
                    Self.insert(terms, for: digest, into: &state, limit: listsPerGeneration)
                } else {
                    missing.insert(digest)
                }
            }
            return (found, missing)
        }
    }

    func store(_ lists: [String: [ObligationTerm]]) {
        guard !lists.isEmpty else { return }
        generations.withLockedValue { state in
            for (digest, terms) in lists { Self.insert(terms, for: digest, into: &state, limit: listsPerGeneration) }
        }
    }

    private static func insert(_ terms: [ObligationTerm], for digest: String, into state: inout Generations, limit: Int) {
        if state.current[digest] == nil, state.current.count >= limit {
            state.previous = state.current
            state.current = [:]
        }
        state.current[digest] = terms
    }
}
