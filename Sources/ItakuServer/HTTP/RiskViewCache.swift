import CoreMetrics
import Foundation
import ItakuCore
import NIOCore
import NIOConcurrencyHelpers
import Vapor

/// Risk views as served, remembered under the stamp they were derived from. The stamp lives in the
/// database, so every instance sees a write by any other the moment it commits; what is
/// remembered here is only ever served under an equal stamp.
final class RiskViewCache: Sendable {
    struct Entry: Sendable {
        var stamp: RiskViewStamp
        var contentType: String
        var body: ByteBuffer
        var lastUse: UInt64
    }

    private struct State {
        var entries: [UUID: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
        var hits = 0
        var misses = 0
    }

    private static let hitCounter = Counter(label: "itaku_risk_view_cache_total", dimensions: [("result", "hit")])
    private static let missCounter = Counter(label: "itaku_risk_view_cache_total", dimensions: [("result", "miss")])

    private let state = NIOLockedValueBox(State())
    /// Views are tens of kilobytes at most; the budget keeps the busiest few hundred.
    let budgetBytes: Int

    init(budgetBytes: Int = 16 << 20) {
        self.budgetBytes = budgetBytes
    }

    func view(of contractorID: UUID, at stamp: RiskViewStamp) -> Entry? {
        let found = state.withLockedValue { state -> Entry? in
            guard var entry = state.entries[contractorID], entry.stamp == stamp else {
                state.misses += 1
                return nil
            }
            state.hits += 1
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[contractorID] = entry
            return entry
        }
        (found == nil ? Self.missCounter : Self.hitCounter).increment()
        return found
    }

    func remember(_ body: ByteBuffer, contentType: String, of contractorID: UUID, at stamp: RiskViewStamp) {
        guard body.readableBytes <= budgetBytes / 4 else { return }
        state.withLockedValue { state in
            state.clock += 1
            if let old = state.entries[contractorID] { state.bytes -= old.body.readableBytes }
            state.entries[contractorID] = Entry(stamp: stamp, contentType: contentType, body: body, lastUse: state.clock)
            state.bytes += body.readableBytes
            guard state.bytes > budgetBytes else { return }
            // Over budget: drop the least recently served half, so eviction is rare and cheap overall.
            let byAge = state.entries.sorted { $0.value.lastUse < $1.value.lastUse }
            for (id, entry) in byAge.prefix(byAge.count / 2 + 1) {
                state.entries[id] = nil
                state.bytes -= entry.body.readableBytes
            }
        }
    }

    /// Views remembered, and lookups answered from memory or not, since start.
    var statistics: (views: Int, hits: Int, misses: Int) {
        state.withLockedValue { ($0.entries.count, $0.hits, $0.misses) }
    }
}

/// Serves `GET /api/v1/contractors/{id}/risk` from the cache while the view's stamp stands, and
/// remembers what the generated handler answers otherwise. The stamp comes with authentication
/// (`BearerAuthenticationMiddleware`), only for a caller who may read risk; anything unusual (no
/// stamp, an error) goes to the handler, which authorizes as always.
struct RiskViewMiddleware: AsyncMiddleware {
    let cache: RiskViewCache

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Authentication found the view's id in the path and read its stamp.
        guard let (contractorID, stamp) = RequestContext.riskView else { return try await next.respond(to: request) }
        if let entry = cache.view(of: contractorID, at: stamp) {
            var headers = HTTPHeaders()
            headers.add(name: .contentType, value: entry.contentType)
            return Response(status: .ok, headers: headers, body: .init(buffer: entry.body))
        }
        let response = try await next.respond(to: request)
        guard response.status == .ok, let contentType = response.headers.first(name: .contentType),
            let body = try await response.body.collect(on: request.eventLoop).get()
        else { return response }
        cache.remember(body, contentType: contentType, of: contractorID, at: stamp)
        response.body = .init(buffer: body)
        return response
    }

    /// The contractor id of a risk view's path, or nil for any other path.
    static func contractorID(inRiskPath path: String) -> UUID? {
        let prefix = "/api/v1/contractors/"
        let suffix = "/risk"
        guard path.hasPrefix(prefix), path.hasSuffix(suffix), path.utf8.count == prefix.utf8.count + 36 + suffix.utf8.count else { return nil }
        return UUID(storedText: String(path.dropFirst(prefix.count).dropLast(suffix.count)))
    }
}
