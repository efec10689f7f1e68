import Foundation

/// Staff accounts and API tokens: creating, issuing, revoking and recognising them.
public struct Credentials: Sendable {
    let store: any Store
    let hasher: any PasswordHasher
    let now: @Sendable () -> Date

    public init(store: any Store, hasher: any PasswordHasher, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.hasher = hasher
        self.now = now
    }

    /// A token as handed out: its record and the secret, which is shown this once and never stored.
    public struct IssuedToken: Sendable {
        public var token: AccessToken
        public var secret: String
    }

    public static let minimumPasswordLength = 12
    public static let maximumTokenDays = 3650

    public func createUser(username: String, role: Role, password: String, by principal: Principal) async throws -> User {
        var issues = IssueList()
        if let problem = User.usernameProblem(username) { issues.add("username", problem) }
        if password.count < Self.minimumPasswordLength {
            issues.add("password", "must be at least \(Self.minimumPasswordLength) characters")
        }
        if password.utf8.count > 72 { issues.add("password", "must be at most 72 bytes (bcrypt's limit)") }
        try issues.throwIfAny()
        let moment = now()
        let user = User(id: UUID(), username: username, role: role, passwordHash: try await hasher.hash(password), createdAt: moment)
        return try await store.write { tx in
            if try await tx.user(username: username) != nil { throw ItakuError.conflict("user '\(username)' already exists") }
            try await tx.insert(user)
            try await tx.appendAudit(
                AuditDraft(
                    by: principal, action: "user.create", subjectType: "user", subjectID: user.id,
                    before: UserSnapshot?.none, after: UserSnapshot(user)), at: moment)
            return user
        }
    }

    /// Issues a token for a staff user (by username).
    public func issueToken(forUsername username: String, label: String?, expiresInDays: Int?, by principal: Principal) async throws -> IssuedToken {
        let expiry = try expiryDate(expiresInDays)
        return try await store.write { tx in
            guard let user = try await tx.user(username: username) else { throw ItakuError.notFound("user '\(username)' not found") }
            return try await Self.issue(owner: .user(user.id), label: label, expiresAt: expiry, by: principal, at: now(), in: tx)
        }
    }

    /// Issues an API token for a contractor organisation.
    public func issueToken(forContractor contractorID: UUID, label: String?, expiresInDays: Int?, by principal: Principal) async throws -> IssuedToken {
        try principal.authorize(.manageContractorTokens)
        var issues = IssueList()
        if let label, label.count > 200 { issues.add("label", "must be at most 200 characters") }
        let expiry = (try? expiryDate(expiresInDays)) ?? nil
        if expiry == nil, expiresInDays != nil {
            issues.add("expiresInDays", "must be between 1 and \(Self.maximumTokenDays)")
        }
        try issues.throwIfAny()
        return try await store.write { tx in
            guard try await tx.contractorExists(contractorID) else {
                throw ItakuError.notFound("contractor \(contractorID.uuidString.lowercased()) not found")
            }
            return try await Self.issue(owner: .contractor(contractorID), label: label, expiresAt: expiry, by: principal, at: now(), in: tx)
        }
    }

    public func tokens(ofContractor contractorID: UUID, by principal: Principal) async throws -> [AccessToken] {
        try principal.authorize(.manageContractorTokens)
        return try await store.read { tx in
            guard try await tx.contractorExists(contractorID) else {
                throw ItakuError.notFound("contractor \(contractorID.uuidString.lowercased()) not found")
            }
            return try await tx.tokens(ofContractor: contractorID)
        }
    }

    /// Revokes a token; revoking one that is already revoked changes nothing.
    public func revokeToken(_ id: UUID, by principal: Principal) async throws {
        try principal.authorize(.revokeTokens)
        let moment = now()
        try await store.write { tx in
            guard let token = try await tx.token(id) else { throw ItakuError.notFound("token \(id.uuidString.lowercased()) not found") }
            if case .user = token.owner, principal.role != .admin {
                throw ItakuError.forbidden("only an admin can revoke a staff user's token")
            }
            guard token.revokedAt == nil else { return }
            try await tx.revokeToken(id, at: moment)
            var revoked = token
            revoked.revokedAt = moment
            try await tx.appendAudit(
                AuditDraft(
                    by: principal, action: "token.revoke", subjectType: "token", subjectID: id,
                    before: TokenSnapshot(token), after: TokenSnapshot(revoked)), at: moment)
        }
    }

    /// The principal a bearer secret stands for; throws `.unauthenticated` for anything unusable.
    public func authenticate(secret: String) async throws -> Principal {
        try await authenticate(secret: secret, readingRiskViewOf: nil).principal
    }

    /// The principal a bearer secret stands for and, in the same lookup, the stamp of the risk
    /// view of `contractorID` when the principal may read risk and the view has one. A read of
    /// a remembered risk view then costs the database one statement, not two.
    public func authenticate(secret: String, readingRiskViewOf contractorID: UUID?) async throws -> (
        principal: Principal, riskViewStamp: RiskViewStamp?
    ) {
        guard secret.hasPrefix(AccessToken.secretPrefix), secret.utf8.count < 200 else { throw ItakuError.unauthenticated }
        let hash = AccessToken.hash(secret: secret)
        let moment = now()
        guard let bearer = try await store.read({ tx in try await tx.bearer(secretHash: hash, riskViewOf: contractorID) }),
            bearer.isUsable(at: moment)
        else {
            throw ItakuError.unauthenticated
        }
        let principal: Principal
        switch bearer.owner {
        case .user(let userID):
            guard let staff = bearer.staff, !staff.isDisabled else { throw ItakuError.unauthenticated }
            principal = Principal(.user(id: userID, username: staff.username, role: staff.role), tokenID: bearer.tokenID)
        case .contractor(let contractorID):
            principal = Principal(.contractor(id: contractorID), tokenID: bearer.tokenID)
        }
        // A stamp is what lets a remembered view be served: never to someone who may not read it.
        guard let counters = bearer.riskViewCounters, (try? principal.authorize(.readRisk)) != nil else { return (principal, nil) }
        return (principal, RiskViewStamp(flags: counters.flags, structure: counters.structure, day: CalendarDay(moment)))
    }

    /// How long a web session lasts before its holder signs in again.
    public static let sessionHours = 12
    /// The label session tokens carry, so they read as sessions in the token list and the audit.
    public static let sessionLabel = "web session"

    /// Signs a staff user in: a short-lived token whose secret the browser keeps in a cookie.
    /// Nil for a wrong username or password (which one is never said).
    public func startSession(username: String, password: String) async throws -> IssuedToken? {
        guard let user = try await signIn(username: username, password: password) else { return nil }
        let principal = Principal(.user(id: user.id, username: user.username, role: user.role))
        let moment = now()
        return try await store.write { tx in
            try await Self.issue(
                owner: .user(user.id), label: Self.sessionLabel, expiresAt: moment.addingTimeInterval(Double(Self.sessionHours) * 3600),
                by: principal, at: moment, in: tx, action: "session.start")
        }
    }

    /// Ends the session whose cookie holds `secret`; an unknown or ended session changes nothing.
    public func endSession(secret: String) async throws {
        guard secret.hasPrefix(AccessToken.secretPrefix), secret.utf8.count < 200 else { return }
        let hash = AccessToken.hash(secret: secret)
        let moment = now()
        try await store.write { tx in
            guard let token = try await tx.token(secretHash: hash), token.revokedAt == nil, token.label == Self.sessionLabel,
                case .user(let userID) = token.owner, let user = try await tx.user(userID)
            else { return }
            try await tx.revokeToken(token.id, at: moment)
            var ended = token
            ended.revokedAt = moment
            try await tx.appendAudit(
                AuditDraft(
                    by: Principal(.user(id: user.id, username: user.username, role: user.role), tokenID: token.id), action: "session.end",
                    subjectType: "token", subjectID: token.id, before: TokenSnapshot(token), after: TokenSnapshot(ended)), at: moment)
        }
    }

    /// The staff user a username and password identify, or nil.
    public func signIn(username: String, password: String) async throws -> User? {
        guard let user = try await store.read({ tx in try await tx.user(username: username) }), !user.isDisabled else {
            return nil
        }
        return try await hasher.verify(password, against: user.passwordHash) ? user : nil
    }

    private func expiryDate(_ days: Int?) throws(ItakuError) -> Date? {
        guard let days else { return nil }
        guard (1...Self.maximumTokenDays).contains(days) else {
            throw .invalid([FieldIssue("expiresInDays", "must be between 1 and \(Self.maximumTokenDays)")])
        }
        return now().addingTimeInterval(Double(days) * 86_400)
    }

    private static func issue(
        owner: AccessToken.Owner, label: String?, expiresAt: Date?, by principal: Principal, at moment: Date,
        in tx: any StoreTransaction, action: String = "token.issue"
    ) async throws -> IssuedToken {
        let secret = AccessToken.generateSecret()
        let token = AccessToken(
            id: UUID(), owner: owner, label: label, secretHash: AccessToken.hash(secret: secret), createdAt: moment,
            expiresAt: expiresAt, createdBy: principal.actorName)
        try await tx.insert(token)
        try await tx.appendAudit(
            AuditDraft(
                by: principal, action: action, subjectType: "token", subjectID: token.id,
                before: TokenSnapshot?.none, after: TokenSnapshot(token)), at: moment)
        return IssuedToken(token: token, secret: secret)
    }
}

/// What the audit record keeps of a user: never the password hash.
struct UserSnapshot: Encodable {
    var id: UUID, username: String, role: Role, isDisabled: Bool

    init(_ user: User) {
        id = user.id
        username = user.username
        role = user.role
        isDisabled = user.isDisabled
    }
}

/// What the audit record keeps of a token: never the secret's hash.
struct TokenSnapshot: Encodable {
    var id: UUID, owner: AccessToken.Owner, label: String?, expiresAt: Date?, revokedAt: Date?

    init(_ token: AccessToken) {
        id = token.id
        owner = token.owner
        label = token.label
        expiresAt = token.expiresAt
        revokedAt = token.revokedAt
    }
}
