import Foundation
import ItakuCore
import ItakuPersistence
import OpenAPIRuntime
import Vapor

/// An RFC 9457 problem document — the body of every failed request.
struct Problem: Content, Equatable {
    static let defaultContentType = HTTPMediaType(type: "application", subType: "problem+json")

    var type: String
    var title: String
    var status: Int
    var detail: String?
    var instance: String?
    var errors: [FieldIssue]?
    /// Sent as the `Retry-After` header, not in the body.
    var retryAfter: Int?

    private enum CodingKeys: String, CodingKey {
        case type, title, status, detail, instance, errors
    }

    init(
        _ status: HTTPResponseStatus, kind: String, title: String, detail: String? = nil, errors: [FieldIssue]? = nil, retryAfter: Int? = nil
    ) {
        self.type = "/problems/\(kind)"
        self.title = title
        self.status = Int(status.code)
        self.detail = detail
        self.errors = errors
        self.retryAfter = retryAfter
    }

    var httpStatus: HTTPResponseStatus { HTTPResponseStatus(statusCode: status) }

    static func invalid(_ issues: [FieldIssue]) -> Problem {
        let count = issues.count
        return Problem(
            .unprocessableEntity, kind: "validation", title: "Some values are not acceptable",
            detail: count == 1 ? "1 field needs attention" : "\(count) fields need attention", errors: issues)
    }
}

/// Turns any error into the one problem document the API promises — the single place where
/// domain errors meet HTTP.
enum ProblemMapping {
    static func problem(for error: any Error) -> Problem? {
        switch error {
        case let error as ItakuError:
            return problem(forDomain: error)
        case let error as ServerError:
            return problem(forServer: error)
        case let error as RateLimited:
            return Problem(
                .tooManyRequests, kind: "rate-limited", title: "Too many requests",
                detail: "Slow down: try again in \(error.retryAfterSeconds) seconds.", retryAfter: error.retryAfterSeconds)
        case let error as DecodingError:
            return problem(forDecoding: error)
        case let error as any AbortError:
            return problem(forAbort: error)
        case is DatabaseUnavailable:
            return Problem(
                .serviceUnavailable, kind: "busy", title: "The service is stopping",
                detail: "The database is no longer available while the service shuts down; nothing was saved. Retry shortly.")
        default:
            // The connection pool's wait ran out: the database is saturated, not broken.
            if String(reflecting: error).contains("connectionRequestTimeout") {
                return Problem(
                    .serviceUnavailable, kind: "busy", title: "The service is busy",
                    detail: "No database connection became free in time; nothing was saved. Retry shortly.")
            }
            return nil
        }
    }

    static func problem(forDomain error: ItakuError) -> Problem {
        switch error {
        case .invalid(let issues):
            .invalid(issues)
        case .malformed(let detail):
            Problem(.badRequest, kind: "malformed", title: "The request cannot be read", detail: detail)
        case .unauthenticated:
            Problem(
                .unauthorized, kind: "unauthenticated", title: "Authentication required",
                detail: "Send a valid, unexpired token as 'Authorization: Bearer <token>'.")
        case .forbidden(let detail):
            Problem(.forbidden, kind: "forbidden", title: "Not allowed for your role", detail: detail)
        case .notFound(let detail):
            Problem(.notFound, kind: "not-found", title: "Not found", detail: detail)
        case .conflict(let detail):
            Problem(.conflict, kind: "conflict", title: "Conflicts with the current state", detail: detail)
        case .staleVersion(let current):
            Problem(
                .preconditionFailed, kind: "stale-version", title: "The object has changed",
                detail: "If-Match does not name the current version (\(current)); read it again and reapply your change.")
        case .versionRequired:
            Problem(
                HTTPResponseStatus(statusCode: 428), kind: "version-required", title: "If-Match is required",
                detail: "Send If-Match with the version you read, so concurrent changes are not lost.")
        }
    }

    static func problem(forServer error: ServerError) -> Problem {
        if let domain = error.underlyingError as? ItakuError { return problem(forDomain: domain) }
        if let decoding = decodingError(in: error.underlyingError) { return problem(forDecoding: decoding) }
        let status = HTTPResponseStatus(statusCode: error.httpStatus.code)
        switch status {
        case .unsupportedMediaType:
            return Problem(
                status, kind: "unsupported-media-type", title: "Unsupported content type",
                detail: "Send the body as application/json.")
        case .notAcceptable:
            return Problem(status, kind: "not-acceptable", title: "No acceptable representation", detail: error.causeDescription)
        case .badRequest:
            return Problem(status, kind: "malformed", title: "The request cannot be read", detail: error.causeDescription)
        case .internalServerError:
            if let underlying = problem(for: error.underlyingError) { return underlying }
            return Problem(status, kind: "internal", title: "Internal error")
        default:
            return Problem(status, kind: "http-\(status.code)", title: status.reasonPhrase, detail: error.causeDescription)
        }
    }

    static func problem(forDecoding error: DecodingError) -> Problem {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return Problem(.badRequest, kind: "malformed", title: "The body is not valid JSON")
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return Problem(.badRequest, kind: "malformed", title: "The body must be a JSON object")
        case .dataCorrupted(let context):
            let message =
                context.debugDescription.hasPrefix("Additional properties")
                ? "is not a field this operation accepts" : context.debugDescription
            return .invalid([FieldIssue(path(context.codingPath), message)])
        case .typeMismatch(let type, let context):
            return .invalid([FieldIssue(path(context.codingPath), "must be \(describe(type))")])
        case .valueNotFound(let type, let context):
            return .invalid([FieldIssue(path(context.codingPath), "must be \(describe(type)), not null")])
        case .keyNotFound(let key, let context):
            return .invalid([FieldIssue(path(context.codingPath + [key]), "is required")])
        @unknown default:
            return Problem(.badRequest, kind: "malformed", title: "The body cannot be read")
        }
    }

    static func problem(forAbort error: any AbortError) -> Problem {
        switch error.status {
        case .notFound:
            return Problem(.notFound, kind: "no-route", title: "No such endpoint", detail: "See /api/v1/openapi.json.")
        case .payloadTooLarge:
            return Problem(.payloadTooLarge, kind: "too-large", title: "The body is too large", detail: error.reason)
        case .methodNotAllowed:
            return Problem(.methodNotAllowed, kind: "method-not-allowed", title: "Method not allowed")
        default:
            return Problem(error.status, kind: "http-\(error.status.code)", title: error.status.reasonPhrase, detail: error.reason)
        }
    }

    /// The runtime wraps decoding failures in its own (internal) error type; find them anyway.
    static func decodingError(in error: any Error) -> DecodingError? {
        if let decoding = error as? DecodingError { return decoding }
        for child in Mirror(reflecting: error).children {
            if let decoding = child.value as? DecodingError { return decoding }
            if let nested = child.value as? any Error, let decoding = decodingError(in: nested) { return decoding }
        }
        return nil
    }

    /// A JSON path such as `contacts[1].email`.
    static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.reduce(into: "") { text, key in
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        let name = "\(type)"
        if name.contains("Int") { return "an integer" }
        if name.contains("Bool") { return "true or false" }
        if name.contains("String") { return "a string" }
        if name.contains("Array") { return "a list" }
        if name.contains("Double") { return "a number" }
        return "an object"
    }
}
