import Crypto
import Foundation
import ItakuCore
import ItakuWeb
import Vapor

/// A signed-in staff user's session: the principal their cookie stands for and the form token
/// derived from it.
struct WebSession: Sendable {
    static let cookieName = "itaku_session"
    /// Holds the sign-in form's token before any session exists (login CSRF).
    static let signInCookieName = "itaku_signin"
    static let noticeCookieName = "itaku_notice"

    let principal: Principal
    let csrf: String

    /// The form token for a session secret: an HMAC, so it cannot be forged without the secret
    /// and needs no storage of its own.
    static func csrf(forSecret secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("itaku-csrf".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return ContentHash.hex(code)
    }

    /// A cookie that scripts cannot read, that other sites' forms do not carry, and that only
    /// travels over TLS when the service is reached over TLS.
    static func cookie(_ value: String, for request: Request, maxAge: Int?, sameSite: HTTPCookies.SameSitePolicy = .lax) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, maxAge: maxAge, path: "/ui", isSecure: request.isOverTLS, isHTTPOnly: true, sameSite: sameSite)
    }
}

extension Request {
    private struct WebSessionKey: StorageKey {
        typealias Value = WebSession
    }

    /// The session `WebSessionMiddleware` found, if any.
    var webSession: WebSession? {
        get { storage[WebSessionKey.self] }
        set { storage[WebSessionKey.self] = newValue }
    }

    /// The signed-in user; pages that need one throw `.unauthenticated`, which sends the browser to sign in.
    func staff() throws -> Principal {
        guard let session = webSession else { throw ItakuError.unauthenticated }
        return session.principal
    }

    /// Whether the browser reached us over TLS, directly or through a proxy that says so.
    var isOverTLS: Bool {
        url.scheme == "https" || headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
    }

    /// The submitted form, after checking its `_csrf` token against the session's.
    func verifiedForm() throws -> FormValues {
        let form = FormValues(urlEncoded: body.string ?? "")
        guard let session = webSession, let sent = form["_csrf"], Self.constantTimeEquals(sent, session.csrf) else {
            throw ItakuError.forbidden("the form's security token is missing or stale; reload the page and try again")
        }
        return form
    }

    static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Recognises the session cookie on `/ui` requests. Only staff sessions count: a contractor's
/// API token placed in the cookie is ignored, so it never opens the UI.
struct WebSessionMiddleware: AsyncMiddleware {
    let credentials: Credentials

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let secret = request.cookies[WebSession.cookieName]?.string,
            let principal = try? await credentials.authenticate(secret: secret), case .user = principal.identity
        {
            request.webSession = WebSession(principal: principal, csrf: WebSession.csrf(forSecret: secret))
            request.logger[metadataKey: "actor"] = "\(principal.actorName)"
        }
        return try await next.respond(to: request)
    }
}

/// Turns failures on `/ui` into pages: sign-in for a missing session, an error page otherwise.
struct WebErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch ItakuError.unauthenticated {
            let target = request.url.query.map { "\(request.url.path)?\($0)" } ?? request.url.path
            let next = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/ui"
            return request.redirect(to: "/ui/sign-in?next=\(next)")
        } catch {
            guard let problem = ProblemMapping.problem(for: error), problem.status < 500 else { throw error }
            let heading =
                switch problem.status {
                case 403: "Not allowed"
                case 404: "Not found"
                case 409, 412: "Changed meanwhile"
                default: problem.title
                }
            return try request.page(
                ErrorPage(status: problem.status, heading: heading, detail: problem.detail ?? problem.title), title: heading, area: nil,
                status: problem.httpStatus)
        }
    }
}

extension Application {
    private struct WebViewsKey: StorageKey {
        typealias Value = WebViews
    }

    /// The parsed page templates, set by `configure`.
    var webViews: WebViews {
        get {
            guard let views = storage[WebViewsKey.self] else { fatalError("configure(_:) has not run") }
            return views
        }
        set { storage[WebViewsKey.self] = newValue }
    }
}

extension Request {
    /// Renders `content` in the page frame, as HTML that is never cached.
    func page<Content: PageContent>(
        _ content: Content, title: String, area: PageFrame.Area?, status: HTTPStatus = .ok, notice: String? = nil
    ) throws -> Response {
        let shownNotice = notice ?? cookies[WebSession.noticeCookieName].flatMap { $0.string.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
        let frame = PageFrame(
            title: title, principal: webSession?.principal, area: area, csrf: webSession?.csrf ?? "", notice: shownNotice)
        let response = try html(WebPage(frame: frame, content: content), status: status)
        if cookies[WebSession.noticeCookieName] != nil {
            response.cookies[WebSession.noticeCookieName] = WebSession.cookie("", for: self, maxAge: 0)
        }
        return response
    }

    /// A page as HTML that is never cached.
    func html<Content: PageContent>(_ page: WebPage<Content>, status: HTTPStatus) throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: try application.webViews.render(page)))
    }

    /// Sends the browser to `path` after a change, with a one-line notice for the next page.
    func redirect(to path: String, notice: String) -> Response {
        let response = redirect(to: path, redirectType: .normal)
        let encoded = notice.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        response.cookies[WebSession.noticeCookieName] = WebSession.cookie(encoded, for: self, maxAge: 60)
        return response
    }
}
