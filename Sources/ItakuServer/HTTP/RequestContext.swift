import ItakuCore
import Vapor

/// What the current request carries, for the generated handler which only sees OpenAPI types.
enum RequestContext {
    /// The authenticated caller; nil when the request had no credentials.
    @TaskLocal static var principal: Principal?
    /// The request itself, for what the generated types do not carry (the raw body for idempotency).
    @TaskLocal static var request: Request?
    /// The risk view this request asks for and its stamp, read along with its bearer token; nil
    /// for any other request, a caller who may not read risk, or a view not yet derived.
    @TaskLocal static var riskView: (contractorID: UUID, stamp: RiskViewStamp)?
}

/// Resolves `Authorization: Bearer` once per request and makes the caller available to handlers.
struct BearerAuthenticationMiddleware: AsyncMiddleware {
    let credentials: Credentials
    let limiter: RateLimiter
    let limits: RateLimits

    /// Paths anyone may read; everything else under `/api/v1/` needs a token.
    static let publicPaths: Set<String> = ["/api/v1/openapi.json", "/api/v1/openapi.yaml"]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.decodedPath
        let needsToken = path.hasPrefix("/api/v1/") && !Self.publicPaths.contains(path)
        guard let header = request.headers.first(name: .authorization) else {
            // Answer 401 before anything else is looked at, so no other answer can hint at what exists.
            if needsToken { throw ItakuError.unauthenticated }
            return try await next.respond(to: request)
        }
        var principal: Principal?
        var riskView: (contractorID: UUID, stamp: RiskViewStamp)?
        if let secret = Self.bearerSecret(header) {
            do {
                // The busiest read of all, a remembered risk view, needs its stamp next: ask in the same lookup.
                let viewed = request.method == .GET ? RiskViewMiddleware.contractorID(inRiskPath: path) : nil
                let authenticated = try await credentials.authenticate(secret: secret, readingRiskViewOf: viewed)
                principal = authenticated.principal
                if let viewed, let stamp = authenticated.riskViewStamp { riskView = (viewed, stamp) }
            } catch ItakuError.unauthenticated {
                principal = nil
            }
        }
        guard let principal else {
            // Guessing tokens costs the address its sign-in allowance.
            try await limiter.take("auth-failure:\(request.clientAddress)", perMinute: limits.signInPerMinute)
            if needsToken { throw ItakuError.unauthenticated }
            return try await next.respond(to: request)
        }
        if case .contractor = principal.identity, let tokenID = principal.tokenID {
            try await limiter.take("token:\(tokenID)", perMinute: limits.contractorPerMinute)
            // An address may hold several contractors' tokens; it gets a few tokens' worth.
            try await limiter.take("contractor-address:\(request.clientAddress)", perMinute: limits.contractorPerMinute * 4)
        }
        request.logger[metadataKey: "actor"] = "\(principal.actorName)"
        return try await RequestContext.$principal.withValue(principal) {
            try await RequestContext.$request.withValue(request) {
                try await RequestContext.$riskView.withValue(riskView) {
                    try await next.respond(to: request)
                }
            }
        }
    }
}

extension BearerAuthenticationMiddleware {
    /// The secret of an `Authorization: Bearer <secret>` value (scheme in any case, spaces and
    /// tabs around the secret ignored); nil for any other scheme. Read over bytes: every API
    /// request passes here, and Foundation's trimming went through `NSString`.
    static func bearerSecret(_ header: String) -> String? {
        let bytes = header.utf8
        let scheme = "bearer".utf8
        guard bytes.count > scheme.count, zip(bytes, scheme).allSatisfy({ $0 | 0x20 == $1 }) else { return nil }
        let rest = bytes.dropFirst(scheme.count)
        guard let first = rest.first, first == UInt8(ascii: " ") else { return nil }
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let start = rest.firstIndex(where: { !isBlank($0) }), let end = rest.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(decoding: header.utf8[start...end], as: UTF8.self)
    }
}

/// Headers every response carries: no sniffing, no framing, no referrers, and the request id.
struct ResponseHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        // The OpenAPI runtime percent-encodes header values; these must carry their literal
        // quotes, slashes and semicolons, so decoding once restores what the handler set.
        if request.decodedPath.hasPrefix("/api/") {
            for name in [HTTPHeaders.Name.eTag, .location, .contentDisposition] {
                if let value = response.headers.first(name: name), value.contains("%"), let decoded = value.removingPercentEncoding {
                    response.headers.replaceOrAdd(name: name, value: decoded)
                }
            }
        }
        let headers: [(String, String)] = [
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "no-referrer"),
            ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'"),
            ("X-Request-ID", request.id),
        ]
        for (name, value) in headers where !response.headers.contains(name: name) {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }
}
