import Foundation

/// The company's policy versions: the one in force, history, and the shipped default.
public struct PolicyLibrary: Sendable {
    let store: any Store
    let catalog: Catalog
    let now: @Sendable () -> Date

    public init(store: any Store, catalog: Catalog, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.catalog = catalog
        self.now = now
    }

    /// Installs the shipped policy as version 1 when no policy exists yet; returns the one in force.
    @discardableResult
    public func installDefaultIfMissing() async throws -> PolicyVersion {
        let content = try PolicyContent.shippedDefault(catalog: catalog)
        let moment = now()
        return try await store.write { tx in
            if let current = try await tx.currentPolicy() { return current }
            let policy = PolicyVersion(
                version: 1, content: content, createdAt: moment, createdBy: "system",
                note: "Default policy installed on first start")
            try await tx.insert(policy)
            try await tx.appendAudit(
                AuditDraft(
                    by: .system("system"), action: "policy.install", subjectType: "policy", subjectID: "1",
                    before: nil, after: CanonicalJSON.string(policy)), at: moment)
            return policy
        }
    }

    /// Publishes a new version made of `input`; settings left out are carried over from the one in force.
    public func publish(_ input: PolicyInput, by principal: Principal) async throws -> PolicyVersion {
        try principal.authorize(.writePolicy)
        let catalog = self.catalog
        let moment = now()
        return try await store.write { tx in
            guard let current = try await tx.currentPolicy() else { throw ItakuError.notFound("no policy is installed") }
            var issues = IssueList()
            issues.append(contentsOf: input.issues)
            let note = FieldRules.text(input.note, "note", required: false, maxLength: 2000, into: &issues)
            let content = PolicyContent(
                settings: input.settings ?? current.content.settings, purposes: input.purposes, necessity: input.necessity,
                terms: input.terms)
            var validated = content
            do {
                validated = try content.validated(against: catalog)
            } catch {
                if case ItakuError.invalid(let found) = error { issues.append(contentsOf: found) }
            }
            try issues.throwIfAny()
            let policy = PolicyVersion(
                version: current.version + 1, content: validated, createdAt: moment, createdBy: principal.actorName, note: note)
            try await tx.insert(policy)
            try await tx.appendAudit(
                AuditDraft(
                    by: principal, action: "policy.publish", subjectType: "policy", subjectID: String(policy.version),
                    before: CanonicalJSON.string(current), after: CanonicalJSON.string(policy)), at: moment)
            return policy
        }
    }

    public func versions(page: PageRequest, by principal: Principal) async throws -> Page<PolicyVersion> {
        try principal.authorize(.readPolicy)
        return try await store.read { tx in try await tx.policyVersions(page: page) }
    }

    public func version(_ number: Int, by principal: Principal) async throws -> PolicyVersion {
        try principal.authorize(.readPolicy)
        guard let policy = try await store.read({ tx in try await tx.policy(version: number) }) else {
            throw ItakuError.notFound("policy version \(number) not found")
        }
        return policy
    }

    public func current(by principal: Principal) async throws -> PolicyVersion {
        try principal.authorize(.readPolicy)
        guard let policy = try await store.read({ tx in try await tx.currentPolicy() }) else {
            throw ItakuError.notFound("no policy is installed")
        }
        return policy
    }
}

/// A new policy version as it arrives. Conversion problems found before the domain sees the
/// values (a parameter that is not a boolean, integer, string or list) travel in `issues`.
public struct PolicyInput: Sendable, Equatable {
    public var settings: PolicySettings?
    public var purposes: [String]
    public var necessity: [String: [String]]
    public var terms: [ObligationTerm]
    public var note: String?
    public var issues: [FieldIssue]

    public init(
        settings: PolicySettings?, purposes: [String], necessity: [String: [String]], terms: [ObligationTerm], note: String?,
        issues: [FieldIssue] = []
    ) {
        self.settings = settings
        self.purposes = purposes
        self.necessity = necessity
        self.terms = terms
        self.note = note
        self.issues = issues
    }
}
