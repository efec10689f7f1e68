import ItakuCore

/// What every page shares: its title, the signed-in user, the navigation they may use, the form
/// token and a one-line notice from the last action.
public struct PageFrame: Encodable, Sendable, Equatable {
    /// A link in the main navigation.
    public struct NavItem: Encodable, Sendable, Equatable {
        public var label: String
        public var href: String
        public var current: Bool
    }

    /// Who is signed in, as the header shows it.
    public struct SignedIn: Encodable, Sendable, Equatable {
        public var username: String
        public var role: String
    }

    public var title: String
    public var user: SignedIn?
    public var nav: [NavItem]
    /// The CSRF token every form posts back as `_csrf`.
    public var csrf: String
    public var notice: String?

    /// The areas of the UI, in navigation order, with the permission that opens each.
    public enum Area: String, Sendable, CaseIterable {
        case dashboard, contractors, review, flags, policy, templates, audit

        var label: String {
            switch self {
            case .dashboard: "Dashboard"
            case .contractors: "Contractors"
            case .review: "Review queue"
            case .flags: "Flags"
            case .policy: "Policy"
            case .templates: "Templates"
            case .audit: "Audit trail"
            }
        }

        var href: String {
            self == .dashboard ? "/ui" : "/ui/\(rawValue)"
        }

        var permission: Permission {
            switch self {
            case .dashboard, .flags: .readRisk
            case .contractors: .listContractors
            case .review: .readReviewQueue
            case .policy: .readPolicy
            case .templates: .readTemplates
            case .audit: .readAudit
            }
        }
    }

    public init(title: String, principal: Principal?, area: Area?, csrf: String, notice: String? = nil) {
        self.title = title
        self.csrf = csrf
        self.notice = notice
        guard let principal, case .user(_, let username, let role) = principal.identity else {
            user = nil
            nav = []
            return
        }
        user = SignedIn(username: username, role: role.rawValue)
        nav = Area.allCases.filter { (try? principal.authorize($0.permission)) != nil }
            .map { NavItem(label: $0.label, href: $0.href, current: $0 == area) }
    }
}
