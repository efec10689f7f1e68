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
            _ = try await tx.appendAudit(
                AuditDraft(
                    by: .system("system"), action: "policy.install", subjectType: "policy", subjectID: "1",
                    before: nil, after: CanonicalJSON.string(policy)), at: moment)
            return policy
        }
    }

    public func current(by principal: Principal) async throws -> PolicyVersion {
        try principal.authorize(.readPolicy)
        guard let policy = try await store.read({ tx in try await tx.currentPolicy() }) else {
            throw ItakuError.notFound("no policy is installed")
        }
        return policy
    }
}
