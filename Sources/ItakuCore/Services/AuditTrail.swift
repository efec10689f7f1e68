/// Reading and checking the audit chain.
public struct AuditTrail: Sendable {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    public func events(_ filter: AuditFilter, page: PageRequest, by principal: Principal) async throws -> Page<AuditEvent> {
        try principal.authorize(.readAudit)
        return try await store.read { tx in try await tx.auditEvents(filter, page: page) }
    }

    /// Recomputes the whole chain in batches and names the first broken link.
    public func verify(by principal: Principal) async throws -> AuditVerification {
        try principal.authorize(.readAudit)
        var verifiedSoFar = 0
        var last: AuditEvent?
        while true {
            let after = last?.sequence ?? 0
            let batch = try await store.read { tx in try await tx.auditEvents(afterSequence: after, limit: 1000) }
            guard !batch.isEmpty else { return .intact(count: verifiedSoFar) }
            switch AuditChain.verify(batch, after: last) {
            case .intact(let count):
                verifiedSoFar += count
            case .broken(let id, let sequence, let verified, let reason):
                return .broken(eventID: id, sequence: sequence, verified: verifiedSoFar + verified, reason: reason)
            }
            last = batch.last
        }
    }
}
