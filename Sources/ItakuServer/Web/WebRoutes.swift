import Foundation
import ItakuCore
import ItakuWeb
import Vapor

/// The staff web UI under `/ui`: server-rendered pages over the same services as the API.
struct WebRoutes: RouteCollection {
    let services: ItakuServices
    let limiter: RateLimiter
    let limits: RateLimits
    let throttle: SignInThrottle

    func boot(routes: any RoutesBuilder) throws {
        let ui = routes.grouped("ui").grouped(WebErrorMiddleware(), WebSessionMiddleware(credentials: services.credentials))
        ui.get("static", "itaku.css", use: stylesheet)
        ui.get("sign-in", use: signInForm)
        ui.post("sign-in", use: signIn)
        ui.post("sign-out", use: signOut)
        ui.get(use: dashboard)
        try ui.register(collection: ContractorPages(services: services))
        try ui.register(collection: ReviewPages(services: services))
        try ui.register(collection: FlagPages(services: services))
        try ui.register(collection: ReferencePages(services: services))
        routes.get { request in request.redirect(to: "/ui") }
    }

    func stylesheet(_ request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: request.application.webViews.stylesheet))
    }

    // MARK: Signing in and out

    func signInForm(_ request: Request) async throws -> Response {
        if request.webSession != nil { return request.redirect(to: "/ui") }
        return try signInPage(request, page: SignInPage(next: Self.safeNext(request.query["next"])), status: .ok)
    }

    func signIn(_ request: Request) async throws -> Response {
        let form = FormValues(urlEncoded: request.body.string ?? "")
        let next = Self.safeNext(form["next"])
        do {
            try await limiter.take("sign-in:\(request.clientAddress)", perMinute: limits.signInPerMinute)
            if let username = form.text("username") { try await throttle.check(username) }
        } catch let limited as RateLimited {
            let response = try signInPage(
                request,
                page: SignInPage(
                    username: form["username"] ?? "", next: next,
                    error: "Too many attempts. Wait \(limited.retryAfterSeconds) seconds before trying again."),
                status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(limited.retryAfterSeconds))
            return response
        }
        guard let expected = request.cookies[WebSession.signInCookieName]?.string, let sent = form["_csrf"],
            Request.constantTimeEquals(sent, expected)
        else {
            return try signInPage(
                request, page: SignInPage(username: form["username"] ?? "", next: next, error: "The form expired; please sign in again."),
                status: .forbidden)
        }
        guard let username = form.text("username"), let password = form["password"], !password.isEmpty,
            let session = try await services.credentials.startSession(username: username, password: password)
        else {
            if let username = form.text("username") { await throttle.failed(username) }
            return try signInPage(
                request, page: SignInPage(username: form["username"] ?? "", next: next, error: "The username or password is not right."),
                status: .unauthorized)
        }
        await throttle.succeeded(username)
        let response = request.redirect(to: next, redirectType: .normal)
        response.cookies[WebSession.cookieName] = WebSession.cookie(
            session.secret, for: request, maxAge: Credentials.sessionHours * 3600)
        response.cookies[WebSession.signInCookieName] = WebSession.cookie("", for: request, maxAge: 0)
        return response
    }

    func signOut(_ request: Request) async throws -> Response {
        _ = try request.verifiedForm()
        if let secret = request.cookies[WebSession.cookieName]?.string {
            try await services.credentials.endSession(secret: secret)
        }
        let response = request.redirect(to: "/ui/sign-in", redirectType: .normal)
        response.cookies[WebSession.cookieName] = WebSession.cookie("", for: request, maxAge: 0)
        return response
    }

    /// The sign-in page with a fresh form token in its own cookie.
    private func signInPage(_ request: Request, page: SignInPage, status: HTTPStatus) throws -> Response {
        let token = AccessToken.generateSecret()
        let frame = PageFrame(title: "Sign in", principal: nil, area: nil, csrf: token)
        let response = try request.html(WebPage(frame: frame, content: page), status: status)
        response.cookies[WebSession.signInCookieName] = WebSession.cookie(token, for: request, maxAge: 3600, sameSite: .strict)
        return response
    }

    /// Only paths inside the UI: an open redirect would let a link send people elsewhere after sign-in.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/ui"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains("\n") else { return "/ui" }
        return next
    }

    // MARK: Dashboard

    func dashboard(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let page = try PageRequest.parse(limit: 20, cursor: request.query["cursor"])
        async let portfolio = services.risk.portfolio(page: page, by: principal)
        async let watchlist = services.watch.watchlist(limit: 20, by: principal)
        let (scores, counts) = try await portfolio
        let content = DashboardPage(scores: scores, counts: counts, watchlist: try await watchlist, now: services.now())
        return try request.page(content, title: "Portfolio", area: .dashboard)
    }
}

extension Request {
    /// A path parameter that must be a UUID; anything else is a 404, as for an unknown id.
    func uuid(_ name: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else {
            throw ItakuError.notFound("\(name) '\(parameters.get(name) ?? "")' not found")
        }
        return id
    }

    /// The principal may do this, for deciding what a page offers.
    func may(_ permission: Permission) -> Bool {
        (try? webSession?.principal.authorize(permission)) != nil
    }
}
