import Foundation
import ItakuCore
import ItakuWeb
import Vapor

/// The registry pages: the list, registration and edit forms, a contractor's page with its
/// entrustments, contracts and tokens, and a contract's page with its documents.
struct ContractorPages: RouteCollection {
    let services: ItakuServices

    func boot(routes: any RoutesBuilder) throws {
        let contractors = routes.grouped("contractors")
        contractors.get(use: list)
        contractors.get("new", use: registrationForm)
        contractors.post(use: register)
        contractors.get(":id", use: show)
        contractors.get(":id", "edit", use: editForm)
        contractors.post(":id", use: change)
        contractors.get(":id", "entrustments", "new", use: entrustmentForm)
        contractors.post(":id", "entrustments", use: entrust)
        contractors.get(":id", "contracts", "new", use: contractForm)
        contractors.post(":id", "contracts", use: draftContract)
        contractors.post(":id", "tokens", use: issueToken)
        routes.post("tokens", ":id", "revoke", use: revokeToken)
        routes.get("contracts", ":id", use: contract)
        routes.post("contracts", ":id", "issue", use: issueContract)
        routes.post("contracts", ":id", "documents", use: renderDocument)
        routes.get("documents", ":id", use: previewDocument)
        routes.get("documents", ":id", "download", use: downloadDocument)
    }

    // MARK: List and forms

    func list(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let query = (request.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        let rawStatus = request.query[String.self, at: "status"].flatMap { $0.isEmpty ? nil : $0 }
        let status = rawStatus.flatMap(ContractorStatus.init(rawValue:))
        let cursor = request.query[String.self, at: "cursor"]
        let page = try await services.registry.contractors(
            ContractorFilter(status: status, nameContains: query.isEmpty ? nil : query),
            page: try PageRequest.parse(limit: 50, cursor: cursor), by: principal)
        let content = ContractorListPage(
            query: query, status: status?.rawValue, page: page, isFirstPage: cursor == nil, canRegister: request.may(.writeContractor))
        return try request.page(content, title: "Contractors", area: .contractors)
    }

    func registrationForm(_ request: Request) async throws -> Response {
        try request.staff().authorize(.writeContractor)
        return try request.page(ContractorFormPage.register(catalog: services.catalog), title: "Register a contractor", area: .contractors)
    }

    func register(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let form = try request.verifiedForm()
        do {
            let contractor = try await services.registry.register(ContractorFormPage.input(from: form, creating: true), by: principal)
            return request.redirect(to: "/ui/contractors/\(WebFormat.lowercased(contractor.id))", notice: "Registered \(contractor.profile.legalName).")
        } catch ItakuError.invalid(let issues) {
            return try request.page(
                ContractorFormPage.register(catalog: services.catalog, form: form, issues: issues), title: "Register a contractor",
                area: .contractors, status: .unprocessableEntity)
        }
    }

    func editForm(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        try principal.authorize(.writeContractor)
        let contractor = try await services.registry.contractor(try request.uuid("id"), by: principal)
        return try request.page(
            ContractorFormPage.edit(contractor, catalog: services.catalog), title: "Change \(contractor.profile.legalName)", area: .contractors)
    }

    func change(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let form = try request.verifiedForm()
        let id = try request.uuid("id")
        do {
            let changed = try await services.registry.change(
                id, with: ContractorFormPage.input(from: form, creating: false), ifVersion: form["version"].flatMap { Int($0) }, by: principal)
            return request.redirect(to: "/ui/contractors/\(WebFormat.lowercased(id))", notice: "Saved \(changed.profile.legalName).")
        } catch ItakuError.invalid(let issues) {
            let contractor = try await services.registry.contractor(id, by: principal)
            return try request.page(
                ContractorFormPage.edit(contractor, catalog: services.catalog, form: form, issues: issues),
                title: "Change \(contractor.profile.legalName)", area: .contractors, status: .unprocessableEntity)
        }
    }

    // MARK: The contractor's page

    func show(_ request: Request) async throws -> Response {
        try await contractorPage(request, contractorID: try request.uuid("id"), newTokenSecret: nil)
    }

    private func contractorPage(_ request: Request, contractorID id: UUID, newTokenSecret: String?) async throws -> Response {
        let principal = try request.staff()
        let services = self.services
        async let contractor = services.registry.contractor(id, by: principal)
        async let risk = services.risk.risk(ofContractor: id, subcontracting: services.subcontracting, by: principal)
        async let policy = services.policies.current(by: principal)
        async let entrustments = services.registry.entrustments(ofContractor: id, page: PageRequest(limit: 100), by: principal)
        async let contracts = services.contracts.contracts(ofContractor: id, page: PageRequest(limit: 50), by: principal)
        async let attestations = services.attestations.attestations(ofContractor: id, page: PageRequest(limit: 20), by: principal)
        async let incidents = services.incidents.incidents(ofContractor: id, page: PageRequest(limit: 20), by: principal)
        let tokens = request.may(.manageContractorTokens) ? try await services.credentials.tokens(ofContractor: id, by: principal) : nil
        let gathered = try await risk
        let names = try await services.registry.names(gathered.tree.map(\.subcontracting.childContractorID), by: principal)
        let facts = ContractorPage.Facts(
            contractor: try await contractor, risk: gathered, policy: try await policy, entrustments: try await entrustments.items,
            contracts: try await contracts.items, attestations: try await attestations.items, incidents: try await incidents.items,
            tokens: tokens, names: names)
        let content = ContractorPage(
            facts, catalog: services.catalog,
            can: .init(edit: request.may(.writeContractor), manageTokens: tokens != nil, triage: request.may(.triageFlags)),
            newTokenSecret: newTokenSecret, now: services.now())
        return try request.page(content, title: facts.contractor.profile.legalName, area: .contractors)
    }

    // MARK: Entrustments and contracts

    func entrustmentForm(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        try principal.authorize(.writeEntrustment)
        let contractor = try await services.registry.contractor(try request.uuid("id"), by: principal)
        let content = EntrustmentFormPage(contractor: contractor, catalog: services.catalog, today: CalendarDay(services.now()))
        return try request.page(content, title: "Entrust data", area: .contractors)
    }

    func entrust(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let form = try request.verifiedForm()
        let id = try request.uuid("id")
        let (input, readingIssues) = EntrustmentFormPage.input(from: form)
        do {
            if !readingIssues.isEmpty {
                // Report the numbers that did not read together with whatever else the core finds.
                var issues = readingIssues
                do { _ = try input.validatedScope(catalog: services.catalog) } catch .invalid(let found) { issues += found } catch {}
                throw ItakuError.invalid(issues)
            }
            let entrustment = try await services.registry.entrust(input, to: id, by: principal)
            return request.redirect(to: "/ui/contractors/\(WebFormat.lowercased(id))#entrustments", notice: "Entrusted \(entrustment.scope.title).")
        } catch ItakuError.invalid(let issues) {
            let contractor = try await services.registry.contractor(id, by: principal)
            let content = EntrustmentFormPage(
                contractor: contractor, catalog: services.catalog, form: form, issues: issues, today: CalendarDay(services.now()))
            return try request.page(content, title: "Entrust data", area: .contractors, status: .unprocessableEntity)
        }
    }

    func contractForm(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        try principal.authorize(.writeContract)
        return try await contractFormPage(request, contractorID: try request.uuid("id"), form: FormValues(), issues: [], status: .ok)
    }

    private func contractFormPage(
        _ request: Request, contractorID id: UUID, form: FormValues, issues: [FieldIssue], status: HTTPStatus
    ) async throws -> Response {
        let principal = try request.staff()
        let contractor = try await services.registry.contractor(id, by: principal)
        let entrustments = try await services.registry.entrustments(ofContractor: id, page: PageRequest(limit: 100), by: principal).items
        let policy = try await services.policies.current(by: principal)
        let content = ContractFormPage(
            contractor: contractor, entrustments: entrustments, policy: policy, catalog: services.catalog, form: form, issues: issues,
            today: CalendarDay(services.now()))
        return try request.page(content, title: "Draft a contract", area: .contractors, status: status)
    }

    func draftContract(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let form = try request.verifiedForm()
        let id = try request.uuid("id")
        do {
            let contract = try await services.contracts.draft(ContractFormPage.input(from: form), for: id, by: principal)
            return request.redirect(to: "/ui/contracts/\(WebFormat.lowercased(contract.id))", notice: "Drafted \(contract.reference).")
        } catch ItakuError.invalid(let issues) {
            return try await contractFormPage(request, contractorID: id, form: form, issues: issues, status: .unprocessableEntity)
        }
    }

    func contract(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let id = try request.uuid("id")
        let contract = try await services.contracts.contract(id, by: principal)
        async let report = services.contracts.equivalence(of: id, by: principal)
        async let contractor = services.registry.contractor(contract.contractorID, by: principal)
        async let entrustments = services.registry.entrustments(ofContractor: contract.contractorID, page: PageRequest(limit: 100), by: principal)
        async let policy = services.policies.current(by: principal)
        async let documents = services.documents.documents(ofContract: id, page: PageRequest(limit: 50), by: principal)
        let templates = request.may(.renderDocument) ? try await services.templates.list(by: principal) : []
        let equivalence = try await report
        let shownPolicy =
            equivalence.policyVersion == (try await policy).version
            ? try await policy : try await services.policies.version(equivalence.policyVersion, by: principal)
        let content = ContractPage(
            contract: contract, contractor: try await contractor, entrustments: try await entrustments.items, report: equivalence,
            policy: shownPolicy, documents: try await documents.items, templates: templates, canIssue: request.may(.writeContract),
            canRender: request.may(.renderDocument))
        return try request.page(content, title: "Contract \(contract.reference)", area: .contractors)
    }

    func issueContract(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let form = try request.verifiedForm()
        let id = try request.uuid("id")
        let issued = try await services.contracts.issue(id, ifVersion: form["version"].flatMap { Int($0) }, by: principal)
        return request.redirect(to: "/ui/contracts/\(WebFormat.lowercased(id))", notice: "Issued \(issued.reference).")
    }

    func renderDocument(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let form = try request.verifiedForm()
        let id = try request.uuid("id")
        let document = try await services.documents.render(contract: id, template: form.text("template"), format: form.text("format"), by: principal)
        return request.redirect(to: "/ui/contracts/\(WebFormat.lowercased(id))#documents-h", notice: "Rendered \(document.filename).")
    }

    /// An HTML document shown as it will print; its own stylesheet is inline, so it gets a CSP of its own.
    func previewDocument(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let (document, bytes) = try await services.documents.content(try request.uuid("id"), by: principal)
        guard document.format == .html else { return request.redirect(to: "/ui/documents/\(WebFormat.lowercased(document.id))/download") }
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
        return Response(status: .ok, headers: headers, body: .init(data: bytes))
    }

    func downloadDocument(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let (document, bytes) = try await services.documents.content(try request.uuid("id"), by: principal)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: document.format.mediaType)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(document.filename)\"")
        return Response(status: .ok, headers: headers, body: .init(data: bytes))
    }

    // MARK: Tokens

    func issueToken(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let form = try request.verifiedForm()
        let id = try request.uuid("id")
        let days = form.text("expiresInDays").map { Int($0) ?? 0 }
        let issued = try await services.credentials.issueToken(forContractor: id, label: form.text("label"), expiresInDays: days, by: principal)
        // Drawn directly, not redirected: the secret must not travel in a URL or a cookie.
        return try await contractorPage(request, contractorID: id, newTokenSecret: issued.secret)
    }

    func revokeToken(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let form = try request.verifiedForm()
        try await services.credentials.revokeToken(try request.uuid("id"), by: principal)
        let back = form.text("contractor").flatMap(UUID.init(uuidString:)).map { "/ui/contractors/\(WebFormat.lowercased($0))#tokens" } ?? "/ui"
        return request.redirect(to: back, notice: "Token revoked.")
    }
}
