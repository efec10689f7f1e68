import Foundation

/// A staff role; contractors are not users and have no role of this kind.
public enum Role: String, Codable, Sendable, CaseIterable {
    case admin, procurement, compliance, auditor
}

/// Who is making a request: a staff user, a contractor organisation, or the system itself.
public struct Principal: Sendable, Equatable {
    public enum Identity: Sendable, Equatable {
        case user(id: UUID, username: String, role: Role)
        /// A contractor organisation acting through one of its API tokens.
        case contractor(id: UUID)
        /// Work the service or an operator's command does on its own account.
        case system(String)
    }

    public var identity: Identity
    /// The token the request was authenticated with, if any.
    public var tokenID: UUID?

    public init(_ identity: Identity, tokenID: UUID? = nil) {
        self.identity = identity
        self.tokenID = tokenID
    }

    public static func system(_ name: String) -> Principal { Principal(.system(name)) }

    /// The staff role, or nil for contractors and the system.
    public var role: Role? {
        if case .user(_, _, let role) = identity { role } else { nil }
    }

    /// The contractor this principal acts for, or nil for staff.
    public var contractorID: UUID? {
        if case .contractor(let id) = identity { id } else { nil }
    }

    /// The name written into the audit record.
    public var actorName: String {
        switch identity {
        case .user(_, let username, _): username
        case .contractor(let id): "contractor:\(id.uuidString.lowercased())"
        case .system(let name): name
        }
    }

    /// The role written into the audit record.
    public var roleName: String {
        switch identity {
        case .user(_, _, let role): role.rawValue
        case .contractor: "contractor"
        case .system: "system"
        }
    }
}
