import Foundation
import ItakuAPI
import ItakuCore
import OpenAPIRuntime

extension APIHandler {
    var today: CalendarDay { CalendarDay(services.now()) }

    // MARK: Policy versions

    func publishPolicy(_ input: Operations.PublishPolicy.Input) async throws -> Operations.PublishPolicy.Output {
        let principal = try caller()
        try principal.authorize(.writePolicy)
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let (policy, scan) = try await Self.publishPolicy(body, services: services, by: principal)
        var published = try Components.Schemas.PolicyVersion(policy)
        published.rescanId = scan.id.wire
        return .created(.init(headers: .init(location: "/api/v1/policy/versions/\(policy.version)"), body: .json(published)))
    }

    /// Publishes a policy version from its wire document and starts the re-scan it calls for;
    /// the API and the web editor both come through here.
    static func publishPolicy(
        _ body: Components.Schemas.PolicyInput, services: ItakuServices, by principal: Principal
    ) async throws -> (PolicyVersion, Scan) {
        var issues: [FieldIssue] = []
        for (field, value) in [("purposes", body.purposes as Any?), ("necessity", body.necessity), ("terms", body.terms)] where value == nil {
            issues.append(FieldIssue(field, "is required"))
        }
        let terms = TermConversion.terms(body.terms, field: "terms", into: &issues)
        let settings = try body.settings.map { try WireCoding.convert($0, to: PolicySettings.self) }
        let policy = try await services.policies.publish(
            PolicyInput(
                settings: settings, purposes: body.purposes ?? [], necessity: body.necessity?.additionalProperties ?? [:], terms: terms,
                note: body.note, issues: issues), by: principal)
        // Every contractor's findings may move with the policy: re-derive them all, in the background.
        let scan = try await services.scans.start(trigger: "policy version \(policy.version)", by: .system("policy"))
        return (policy, scan)
    }

    func listPolicyVersions(_ input: Operations.ListPolicyVersions.Input) async throws -> Operations.ListPolicyVersions.Output {
        let principal = try caller()
        try principal.authorize(.readPolicy)
        let page = try await services.policies.versions(
            page: try WireCoding.page(limit: input.query.limit, cursor: input.query.cursor), by: principal)
        return .ok(
            .init(body: .json(.init(
                items: page.items.map {
                    .init(
                        version: $0.version, createdAt: $0.createdAt, createdBy: $0.createdBy, note: $0.note,
                        termCount: $0.content.terms.count, purposeCount: $0.content.purposes.count)
                }, nextCursor: page.nextCursor))))
    }

    func getPolicyVersion(_ input: Operations.GetPolicyVersion.Input) async throws -> Operations.GetPolicyVersion.Output {
        .ok(.init(body: .json(try .init(try await services.policies.version(input.path.version, by: try caller())))))
    }

    // MARK: Contracts

    func contractInput(_ body: Components.Schemas.ContractInput) -> ContractInput {
        var obligations: TermListInput?
        if body.obligations != nil || body.startFromPolicy != nil || body.omitKinds != nil {
            obligations = TermConversion.termList(
                body.obligations, startFromPolicy: body.startFromPolicy, omitKinds: body.omitKinds, field: "obligations")
        }
        return ContractInput(
            reference: body.reference, effectiveFrom: body.effectiveFrom, expiresOn: body.expiresOn,
            entrustmentIDs: body.entrustmentIds, obligations: obligations, supersedes: body.supersedes)
    }

    func listContracts(_ input: Operations.ListContracts.Input) async throws -> Operations.ListContracts.Output {
        let principal = try caller()
        let id = try WireCoding.id(input.path.id, "contractor")
        try principal.authorize(.readContracts(ofContractor: id))
        let page = try await services.contracts.contracts(
            ofContractor: id, page: try WireCoding.page(limit: input.query.limit, cursor: input.query.cursor), by: principal)
        let today = self.today
        return .ok(.init(body: .json(.init(items: try page.items.map { try .init($0, today: today) }, nextCursor: page.nextCursor))))
    }

    func createContract(_ input: Operations.CreateContract.Input) async throws -> Operations.CreateContract.Output {
        let principal = try caller()
        try principal.authorize(.writeContract)
        let id = try WireCoding.id(input.path.id, "contractor")
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let contract = try await services.contracts.draft(contractInput(body), for: id, by: principal)
        return .created(
            .init(
                headers: .init(eTag: WireCoding.etag(contract.version), location: "/api/v1/contracts/\(contract.id.wire)"),
                body: .json(try .init(contract, today: today))))
    }

    func getContract(_ input: Operations.GetContract.Input) async throws -> Operations.GetContract.Output {
        let contract = try await services.contracts.contract(try WireCoding.id(input.path.cid, "contract"), by: try caller())
        return .ok(.init(headers: .init(eTag: WireCoding.etag(contract.version)), body: .json(try .init(contract, today: today))))
    }

    func updateContract(_ input: Operations.UpdateContract.Input) async throws -> Operations.UpdateContract.Output {
        let principal = try caller()
        try principal.authorize(.writeContract)
        let id = try WireCoding.id(input.path.cid, "contract")
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let contract = try await services.contracts.change(
            id, with: contractInput(body), ifVersion: WireCoding.version(ifMatch: input.headers.ifMatch), by: principal)
        return .ok(.init(headers: .init(eTag: WireCoding.etag(contract.version)), body: .json(try .init(contract, today: today))))
    }

    func listContractVersions(_ input: Operations.ListContractVersions.Input) async throws -> Operations.ListContractVersions.Output {
        let chain = try await services.contracts.versions(of: try WireCoding.id(input.path.cid, "contract"), by: try caller())
        let today = self.today
        return .ok(.init(body: .json(.init(items: try chain.map { try .init($0, today: today) }))))
    }

    func issueContract(_ input: Operations.IssueContract.Input) async throws -> Operations.IssueContract.Output {
        let principal = try caller()
        let contract = try await services.contracts.issue(
            try WireCoding.id(input.path.cid, "contract"), ifVersion: WireCoding.version(ifMatch: input.headers.ifMatch), by: principal)
        return .ok(.init(headers: .init(eTag: WireCoding.etag(contract.version)), body: .json(try .init(contract, today: today))))
    }

    func signContract(_ input: Operations.SignContract.Input) async throws -> Operations.SignContract.Output {
        let principal = try caller()
        try principal.authorize(.writeContract)
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let signing = SigningInput(
            signedOn: body.signedOn,
            signatories: (body.signatories ?? []).map { SignatoryInput(name: $0.name, title: $0.title, party: $0.party) })
        let contract = try await services.contracts.sign(
            try WireCoding.id(input.path.cid, "contract"), signing, ifVersion: WireCoding.version(ifMatch: input.headers.ifMatch),
            by: principal)
        return .ok(.init(headers: .init(eTag: WireCoding.etag(contract.version)), body: .json(try .init(contract, today: today))))
    }

    func terminateContract(_ input: Operations.TerminateContract.Input) async throws -> Operations.TerminateContract.Output {
        let principal = try caller()
        try principal.authorize(.writeContract)
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let contract = try await services.contracts.terminate(
            try WireCoding.id(input.path.cid, "contract"), TerminationInput(reason: body.reason, terminatedOn: body.terminatedOn),
            ifVersion: WireCoding.version(ifMatch: input.headers.ifMatch), by: principal)
        return .ok(.init(headers: .init(eTag: WireCoding.etag(contract.version)), body: .json(try .init(contract, today: today))))
    }

    func getContractEquivalence(_ input: Operations.GetContractEquivalence.Input) async throws -> Operations.GetContractEquivalence.Output {
        let id = try WireCoding.id(input.path.cid, "contract")
        let report = try await services.contracts.equivalence(of: id, by: try caller())
        return .ok(.init(body: .json(try .init(report, contractID: id))))
    }

    // MARK: Sub-contracting

    func getSubcontractingTree(_ input: Operations.GetSubcontractingTree.Input) async throws -> Operations.GetSubcontractingTree.Output {
        let id = try WireCoding.id(input.path.id, "contractor")
        let entries = try await services.subcontracting.tree(of: id, by: try caller())
        return .ok(
            .init(body: .json(.init(
                contractorId: id.wire,
                items: try entries.map {
                    .init(level: $0.level, subcontracting: try .init($0.subcontracting), check: try $0.report.map(Components.Schemas.ChainCheckReport.init))
                }))))
    }

    func requestSubcontracting(_ input: Operations.RequestSubcontracting.Input) async throws -> Operations.RequestSubcontracting.Output {
        let principal = try caller()
        let id = try WireCoding.id(input.path.id, "contractor")
        try principal.authorize(.requestSubcontracting(forContractor: id))
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let request = SubcontractingInput(
            subcontractorLegalName: body.subcontractor?.legalName, subcontractorCorporateNumber: body.subcontractor?.corporateNumber,
            subcontractorCountry: body.subcontractor?.country, entrustmentIDs: body.entrustmentIds,
            parentSubcontractingID: body.parentSubcontractingId, purposes: body.purposes, dataItems: body.dataItems,
            locations: body.locations, description: body.description)
        let edge = try await services.subcontracting.request(request, by: id, as: principal)
        return .created(.init(headers: .init(location: "/api/v1/subcontractings/\(edge.id.wire)"), body: .json(try .init(edge))))
    }

    func getSubcontracting(_ input: Operations.GetSubcontracting.Input) async throws -> Operations.GetSubcontracting.Output {
        .ok(.init(body: .json(try .init(try await services.subcontracting.subcontracting(try WireCoding.id(input.path.sid, "sub-contracting"), by: try caller())))))
    }

    func approveSubcontracting(_ input: Operations.ApproveSubcontracting.Input) async throws -> Operations.ApproveSubcontracting.Output {
        let principal = try caller()
        try principal.authorize(.decideSubcontracting)
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let terms = TermConversion.termList(
            body.flowedDownTerms, startFromPolicy: body.startFromPolicy, omitKinds: body.omitKinds, field: "flowedDownTerms")
        let edge = try await services.subcontracting.approve(
            try WireCoding.id(input.path.sid, "sub-contracting"), terms: terms, note: body.note,
            ifVersion: WireCoding.version(ifMatch: input.headers.ifMatch), by: principal)
        return .ok(.init(body: .json(try .init(edge))))
    }

    func rejectSubcontracting(_ input: Operations.RejectSubcontracting.Input) async throws -> Operations.RejectSubcontracting.Output {
        let principal = try caller()
        try principal.authorize(.decideSubcontracting)
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let edge = try await services.subcontracting.reject(
            try WireCoding.id(input.path.sid, "sub-contracting"), reason: body.reason,
            ifVersion: WireCoding.version(ifMatch: input.headers.ifMatch), by: principal)
        return .ok(.init(body: .json(try .init(edge))))
    }

    func revokeSubcontracting(_ input: Operations.RevokeSubcontracting.Input) async throws -> Operations.RevokeSubcontracting.Output {
        let principal = try caller()
        try principal.authorize(.decideSubcontracting)
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let edge = try await services.subcontracting.revoke(
            try WireCoding.id(input.path.sid, "sub-contracting"), reason: body.reason,
            ifVersion: WireCoding.version(ifMatch: input.headers.ifMatch), by: principal)
        return .ok(.init(body: .json(try .init(edge))))
    }
}
