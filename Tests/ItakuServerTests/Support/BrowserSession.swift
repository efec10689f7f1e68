import Foundation
import ItakuCore
import Testing
import VaporTesting

@testable import ItakuServer

/// A browser as far as the server can tell: it keeps cookies, follows nothing by itself, and
/// sends forms back with the token the last page carried.
final class BrowserSession {
    let harness: Harness
    private(set) var cookies: [String: String] = [:]
    /// The `_csrf` value of the last page that had one.
    private(set) var csrf: String?

    init(_ harness: Harness) {
        self.harness = harness
    }

    /// A browser signed in as a new staff user with `role`.
    static func signedIn(_ harness: Harness, as role: Role) async throws -> BrowserSession {
        let username = "\(role.rawValue)-\(UUID().uuidString.prefix(6).lowercased())"
        _ = try await harness.services.credentials.createUser(
            username: username, role: role, password: "correct horse battery", by: .system("test"))
        let browser = BrowserSession(harness)
        let reply = try await browser.signIn(username: username, password: "correct horse battery")
        #expect(reply.status == .seeOther)
        return browser
    }

    func signIn(username: String, password: String, headers: [(String, String)] = []) async throws -> Reply {
        _ = try await get("/ui/sign-in")
        return try await post("/ui/sign-in", ["username": username, "password": password, "next": "/ui"], headers: headers)
    }

    func setCookie(_ name: String, _ value: String) {
        cookies[name] = value
    }

    @discardableResult
    func get(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Reply {
        try await send(.GET, path, body: nil, headers: [], sourceLocation: sourceLocation)
    }

    /// Posts `fields` as a form, with the current `_csrf` unless `fields` sets its own.
    @discardableResult
    func post(
        _ path: String, _ fields: KeyValuePairs<String, String> = [:], headers: [(String, String)] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Reply {
        var pairs = fields.map { ($0.key, $0.value) }
        if !pairs.contains(where: { $0.0 == "_csrf" }), let csrf { pairs.append(("_csrf", csrf)) }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = pairs.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
        return try await send(.POST, path, body: body, headers: headers, sourceLocation: sourceLocation)
    }

    private func send(
        _ method: HTTPMethod, _ path: String, body: String?, headers extra: [(String, String)], sourceLocation: SourceLocation
    ) async throws -> Reply {
        var headers = HTTPHeaders()
        if !cookies.isEmpty {
            headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; "))
        }
        var buffer: ByteBuffer?
        if let body {
            headers.contentType = .urlEncodedForm
            headers.add(name: .contentLength, value: String(body.utf8.count))
            buffer = ByteBuffer(string: body)
        }
        for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
        let reply = Reply(response: try await harness.app.testing().sendRequest(method, path, headers: headers, body: buffer))
        #expect(reply.status.code < 500, "\(method) \(path) answered \(reply.status.code): \(reply.text)", sourceLocation: sourceLocation)
        for header in reply.headers[.setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        if let match = reply.text.firstMatch(of: /name="_csrf" value="([^"]+)"/) { csrf = String(match.1) }
        return reply
    }
}

extension Reply {
    /// Where a redirect points.
    var location: String? { headers.first(name: .location) }
}
