import ItakuCore
import Vapor

/// Answers every error with problem+json; anything unexpected is logged and becomes a plain 500.
struct ProblemMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let problem: Problem
            if let known = ProblemMapping.problem(for: error), known.status < 500 || known.status == 503 {
                problem = known
            } else {
                request.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
                problem = Problem(.internalServerError, kind: "internal", title: "Internal error",
                    detail: "Something went wrong on our side; the request id is \(request.id).")
            }
            return Self.response(for: problem, request: request)
        }
    }

    static func response(for problem: Problem, request: Request) -> Response {
        var problem = problem
        problem.instance = request.decodedPath
        var headers = HTTPHeaders()
        headers.contentType = Problem.defaultContentType
        if problem.status == 401 { headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
        if problem.status == 503 { headers.replaceOrAdd(name: .retryAfter, value: "1") }
        if let seconds = problem.retryAfter { headers.replaceOrAdd(name: .retryAfter, value: String(seconds)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A problem is plain strings and numbers; encoding it cannot fail.
        let body = (try? encoder.encode(problem)) ?? Data("{}".utf8)
        return Response(status: problem.httpStatus, headers: headers, body: .init(data: body))
    }
}
