import Foundation
import ItakuAPI
import ItakuCore
import OpenAPIRuntime

extension APIHandler {
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: "ok"))))
    }

    func getReadiness(_ input: Operations.GetReadiness.Input) async throws -> Operations.GetReadiness.Output {
        let notReady = { (title: String, detail: String?) -> Operations.GetReadiness.Output in
            .serviceUnavailable(.init(body: .applicationProblemJson(.init(_type: "/problems/not-ready", title: title, status: 503, detail: detail))))
        }
        guard await services.store.isReachable() else { return notReady("The database does not answer", nil) }
        let pending = (try? await pendingMigrations()) ?? ["(the migration log cannot be read)"]
        guard pending.isEmpty else {
            return notReady("Migrations are pending", "Not yet applied: \(pending.joined(separator: ", ")).")
        }
        return .ok(.init(body: .json(.init(status: "ok", database: "ok"))))
    }

    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        let (_, counts) = try await services.risk.portfolio(page: PageRequest(limit: 1), by: .system("metrics"))
        return .ok(.init(body: .plainText(HTTPBody(ServiceMetrics.exposition(liveFlags: counts)))))
    }

    func getOpenAPIJSON(_ input: Operations.GetOpenAPIJSON.Input) async throws -> Operations.GetOpenAPIJSON.Output {
        let object = try JSONDecoder().decode(OpenAPIObjectContainer.self, from: documentJSON)
        return .ok(.init(body: .json(object)))
    }

    func getOpenAPIYAML(_ input: Operations.GetOpenAPIYAML.Input) async throws -> Operations.GetOpenAPIYAML.Output {
        .ok(.init(body: .yaml(HTTPBody(documentYAML))))
    }

    func getCatalog(_ input: Operations.GetCatalog.Input) async throws -> Operations.GetCatalog.Output {
        try caller().authorize(.readCatalog)
        return .ok(.init(body: .json(catalogBody)))
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let principal = try caller()
        switch principal.identity {
        case .user(let id, let username, let role):
            return .ok(
                .init(body: .json(.init(
                    kind: .user, user: .init(id: id.wire, username: username, role: .init(role)),
                    tokenId: principal.tokenID?.wire))))
        case .contractor(let id):
            let contractor = try await services.registry.contractor(id, by: principal)
            return .ok(
                .init(body: .json(.init(
                    kind: .contractor, contractor: .init(id: id.wire, legalName: contractor.profile.legalName),
                    tokenId: principal.tokenID?.wire))))
        case .system:
            throw ItakuError.unauthenticated
        }
    }

    func getPolicy(_ input: Operations.GetPolicy.Input) async throws -> Operations.GetPolicy.Output {
        let policy = try await services.policies.current(by: try caller())
        return .ok(.init(body: .json(try .init(policy))))
    }

    // MARK: Contractors

    func listContractors(_ input: Operations.ListContractors.Input) async throws -> Operations.ListContractors.Output {
        let principal = try caller()
        try principal.authorize(.listContractors)
        var issues = IssueList()
        var filter = ContractorFilter(nameContains: input.query.q)
        if let raw = input.query.status {
            if let status = ContractorStatus(rawValue: raw) { filter.status = status } else {
                issues.add("status", "'\(raw)' is not one of \(ContractorStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let raw = input.query.relationship {
            if let relationship = Relationship(rawValue: raw) { filter.relationship = relationship } else {
                issues.add("relationship", "'\(raw)' is not one of \(Relationship.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        let pageRequest: PageRequest
        do {
            pageRequest = try WireCoding.page(limit: input.query.limit, cursor: input.query.cursor)
        } catch {
            guard case ItakuError.invalid(let found) = error else { throw error }
            issues.append(contentsOf: found)
            pageRequest = PageRequest()
        }
        try issues.throwIfAny()
        let page = try await services.registry.contractors(filter, page: pageRequest, by: principal)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Contractor.init), nextCursor: page.nextCursor))))
    }

    func createContractor(_ input: Operations.CreateContractor.Input) async throws -> Operations.CreateContractor.Output {
        let principal = try caller()
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let contractor = try await services.registry.register(ContractorInput(body), by: principal)
        return .created(
            .init(
                headers: .init(eTag: WireCoding.etag(contractor.version), location: "/api/v1/contractors/\(contractor.id.wire)"),
                body: .json(.init(contractor))))
    }

    func getContractor(_ input: Operations.GetContractor.Input) async throws -> Operations.GetContractor.Output {
        let contractor = try await services.registry.contractor(try WireCoding.id(input.path.id, "contractor"), by: try caller())
        return .ok(.init(headers: .init(eTag: WireCoding.etag(contractor.version)), body: .json(.init(contractor))))
    }

    func updateContractor(_ input: Operations.UpdateContractor.Input) async throws -> Operations.UpdateContractor.Output {
        let principal = try caller()
        try principal.authorize(.writeContractor)
        let id = try WireCoding.id(input.path.id, "contractor")
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let version = WireCoding.version(ifMatch: input.headers.ifMatch)
        let contractor = try await services.registry.change(id, with: ContractorInput(body), ifVersion: version, by: principal)
        return .ok(.init(headers: .init(eTag: WireCoding.etag(contractor.version)), body: .json(.init(contractor))))
    }

    // MARK: Tokens

    func listContractorTokens(_ input: Operations.ListContractorTokens.Input) async throws -> Operations.ListContractorTokens.Output {
        let tokens = try await services.credentials.tokens(
            ofContractor: try WireCoding.id(input.path.id, "contractor"), by: try caller())
        return .ok(.init(body: .json(.init(items: tokens.map(Components.Schemas.TokenInfo.init)))))
    }

    func issueContractorToken(_ input: Operations.IssueContractorToken.Input) async throws -> Operations.IssueContractorToken.Output {
        let principal = try caller()
        let id = try WireCoding.id(input.path.id, "contractor")
        var request = Components.Schemas.TokenRequest()
        if case .json(let body) = input.body { request = body }
        let issued = try await services.credentials.issueToken(
            forContractor: id, label: request.label, expiresInDays: request.expiresInDays, by: principal)
        return .created(
            .init(body: .json(.init(
                id: issued.token.id.wire, token: issued.secret, contractorId: id.wire, label: issued.token.label,
                createdAt: issued.token.createdAt, expiresAt: issued.token.expiresAt))))
    }

    func revokeToken(_ input: Operations.RevokeToken.Input) async throws -> Operations.RevokeToken.Output {
        let principal = try caller()
        try principal.authorize(.revokeTokens)
        try await services.credentials.revokeToken(try WireCoding.id(input.path.tokenId, "token"), by: principal)
        return .noContent(.init())
    }

    // MARK: Entrustments

    func listEntrustments(_ input: Operations.ListEntrustments.Input) async throws -> Operations.ListEntrustments.Output {
        let principal = try caller()
        let id = try WireCoding.id(input.path.id, "contractor")
        try principal.authorize(.readEntrustments(ofContractor: id))
        let pageRequest = try WireCoding.page(limit: input.query.limit, cursor: input.query.cursor)
        let page = try await services.registry.entrustments(ofContractor: id, page: pageRequest, by: principal)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Entrustment.init), nextCursor: page.nextCursor))))
    }

    func createEntrustment(_ input: Operations.CreateEntrustment.Input) async throws -> Operations.CreateEntrustment.Output {
        let principal = try caller()
        let id = try WireCoding.id(input.path.id, "contractor")
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let entrustment = try await services.registry.entrust(EntrustmentInput(body), to: id, by: principal)
        return .created(
            .init(
                headers: .init(
                    eTag: WireCoding.etag(entrustment.version),
                    location: "/api/v1/contractors/\(id.wire)/entrustments/\(entrustment.id.wire)"),
                body: .json(.init(entrustment))))
    }

    func getEntrustment(_ input: Operations.GetEntrustment.Input) async throws -> Operations.GetEntrustment.Output {
        let entrustment = try await services.registry.entrustment(
            try WireCoding.id(input.path.eid, "entrustment"), ofContractor: try WireCoding.id(input.path.id, "contractor"),
            by: try caller())
        return .ok(.init(headers: .init(eTag: WireCoding.etag(entrustment.version)), body: .json(.init(entrustment))))
    }

    func updateEntrustment(_ input: Operations.UpdateEntrustment.Input) async throws -> Operations.UpdateEntrustment.Output {
        let principal = try caller()
        try principal.authorize(.writeEntrustment)
        let contractorID = try WireCoding.id(input.path.id, "contractor")
        let id = try WireCoding.id(input.path.eid, "entrustment")
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let version = WireCoding.version(ifMatch: input.headers.ifMatch)
        let entrustment = try await services.registry.change(
            entrustment: id, ofContractor: contractorID, with: EntrustmentInput(body), ifVersion: version, by: principal)
        return .ok(.init(headers: .init(eTag: WireCoding.etag(entrustment.version)), body: .json(.init(entrustment))))
    }

    // MARK: Audit

    func listAuditEvents(_ input: Operations.ListAuditEvents.Input) async throws -> Operations.ListAuditEvents.Output {
        let principal = try caller()
        try principal.authorize(.readAudit)
        let query = input.query
        let filter = AuditFilter(subjectType: query.subjectType, subjectID: query.subjectId, action: query.action, actor: query.actor)
        let page = try await services.audit.events(
            filter, page: try WireCoding.page(limit: query.limit, cursor: query.cursor), by: principal)
        return .ok(.init(body: .json(.init(items: try page.items.map(Components.Schemas.AuditEvent.init), nextCursor: page.nextCursor))))
    }

    func verifyAuditChain(_ input: Operations.VerifyAuditChain.Input) async throws -> Operations.VerifyAuditChain.Output {
        let verification = try await services.audit.verify(by: try caller())
        return .ok(.init(body: .json(.init(verification))))
    }
}

extension Components.Schemas.AuditVerification {
    init(_ verification: AuditVerification) {
        switch verification {
        case .intact(let count):
            self.init(intact: true, verifiedEvents: count)
        case .broken(let eventID, let sequence, let verified, let reason):
            self.init(intact: false, verifiedEvents: verified, brokenAt: .init(eventId: eventID.wire, sequence: sequence, reason: reason))
        }
    }
}
