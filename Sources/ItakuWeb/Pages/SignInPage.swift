/// The sign-in form. Only staff sign in here; contractors use the API with their tokens.
public struct SignInPage: PageContent, Equatable {
    public static let template = "sign-in"

    public var username: String
    /// Where to go after signing in (a path under `/ui`).
    public var next: String
    public var error: String?

    public init(username: String = "", next: String = "/ui", error: String? = nil) {
        self.username = username
        self.next = next
        self.error = error
    }

    public static let mock = SignInPage(username: "pat", next: "/ui/flags", error: "The username or password is not right.")
}

/// A page for a request that cannot be served: not found, not allowed, conflicting.
public struct ErrorPage: PageContent, Equatable {
    public static let template = "error"

    public var status: Int
    public var heading: String
    public var detail: String

    public init(status: Int, heading: String, detail: String) {
        self.status = status
        self.heading = heading
        self.detail = detail
    }

    public static let mock = ErrorPage(status: 403, heading: "Not allowed", detail: "this needs the compliance role; you are procurement")
}
