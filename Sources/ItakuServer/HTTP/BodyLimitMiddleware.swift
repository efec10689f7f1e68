import Vapor

/// Refuses bodies over the limit with 413 before anything reads them, and gathers smaller ones
/// so no handler ever streams an unbounded body.
struct BodyLimitMiddleware: AsyncMiddleware {
    let defaultMaxBytes: Int
    /// Larger limits for the few routes that take files.
    let uploadMaxBytes: Int

    /// Evidence uploads: `POST /api/v1/attestations/{aid}/evidence`.
    func limit(for request: Request) -> Int {
        // Only a POST can be an upload; other methods need not look at the path.
        guard request.method == .POST else { return defaultMaxBytes }
        let parts = request.decodedPath.split(separator: "/")
        let isUpload = parts.count == 5 && parts[2] == "attestations" && parts[4] == "evidence"
        return isUpload ? uploadMaxBytes : defaultMaxBytes
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let maxBytes = limit(for: request)
        if let declared = request.headers.first(name: .contentLength).flatMap(Int.init), declared > maxBytes {
            throw Abort(.payloadTooLarge, reason: "Bodies are limited to \(maxBytes) bytes; this one declares \(declared).")
        }
        if request.method != .GET && request.method != .HEAD {
            let collected: ByteBuffer?
            do {
                collected = try await request.body.collect(max: maxBytes).get()
            } catch let error as any AbortError where error.status == .payloadTooLarge {
                throw Abort(.payloadTooLarge, reason: "Bodies are limited to \(maxBytes) bytes.")
            }
            // A body that arrived already gathered (in-process callers) is not measured by collect.
            if let collected, collected.readableBytes > maxBytes {
                throw Abort(.payloadTooLarge, reason: "Bodies are limited to \(maxBytes) bytes.")
            }
        }
        return try await next.respond(to: request)
    }
}
