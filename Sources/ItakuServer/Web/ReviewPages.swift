import Foundation
import ItakuCore
import ItakuWeb
import Vapor

/// Compliance's review: the queue, one attestation with its evidence, and the decision.
struct ReviewPages: RouteCollection {
    let services: ItakuServices

    func boot(routes: any RoutesBuilder) throws {
        routes.get("review", use: queue)
        routes.get("attestations", ":id", use: attestation)
        routes.post("attestations", ":id", "review", use: decide)
        routes.get("evidence", ":id", use: evidence)
    }

    func queue(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let page = try await services.attestations.queue(
            AttestationFilter(status: .submitted), page: try PageRequest.parse(limit: 50, cursor: request.query["cursor"]), by: principal)
        let names = try await services.registry.names(page.items.map(\.contractorID), by: principal)
        var questionnaires: [Int: Questionnaire] = [:]
        for attestation in page.items {
            if questionnaires[attestation.questionnaireVersion] == nil {
                questionnaires[attestation.questionnaireVersion] = try await services.attestations.questionnaire(
                    version: attestation.questionnaireVersion, by: principal)
            }
        }
        return try request.page(
            ReviewQueuePage(page: page, names: names, questionnaires: questionnaires), title: "Review queue", area: .review)
    }

    func attestation(_ request: Request) async throws -> Response {
        try await attestationPage(request, id: try request.uuid("id"), form: FormValues(), issues: [], status: .ok)
    }

    private func attestationPage(
        _ request: Request, id: UUID, form: FormValues, issues: [FieldIssue], status: HTTPStatus
    ) async throws -> Response {
        let principal = try request.staff()
        let attestation = try await services.attestations.attestation(id, by: principal)
        async let contractor = services.registry.contractor(attestation.contractorID, by: principal)
        async let questionnaire = services.attestations.questionnaire(version: attestation.questionnaireVersion, by: principal)
        async let evidence = services.attestations.evidence(ofAttestation: id, by: principal)
        async let revisions = services.attestations.revisions(of: id, by: principal)
        let content = AttestationPage(
            attestation: attestation, contractor: try await contractor, questionnaire: try await questionnaire, evidence: try await evidence,
            revisions: try await revisions, canReview: request.may(.review), form: form, issues: issues)
        return try request.page(content, title: "Attestation \(content.period)", area: .review, status: status)
    }

    func decide(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let form = try request.verifiedForm()
        let id = try request.uuid("id")
        do {
            let decided = try await services.attestations.review(
                id, decision: form.text("decision"), comment: form.text("comment"), ifVersion: form["version"].flatMap { Int($0) },
                by: principal)
            return request.redirect(to: "/ui/review", notice: "Recorded: \(WebFormat.code(decided.status.rawValue)).")
        } catch ItakuError.invalid(let issues) {
            return try await attestationPage(request, id: id, form: form, issues: issues, status: .unprocessableEntity)
        }
    }

    func evidence(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let (file, bytes) = try await services.attestations.evidenceContent(try request.uuid("id"), by: principal)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: file.contentType)
        // Evidence comes from outside: always a download, never rendered in our origin.
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(file.filename.replacingOccurrences(of: "\"", with: ""))\"")
        return Response(status: .ok, headers: headers, body: .init(data: bytes))
    }
}

/// Findings across the portfolio, with acknowledge and waive.
struct FlagPages: RouteCollection {
    let services: ItakuServices

    func boot(routes: any RoutesBuilder) throws {
        routes.get("flags", use: list)
        routes.post("flags", ":id", "acknowledge", use: acknowledge)
        routes.post("flags", ":id", "waive", use: waive)
    }

    func list(_ request: Request) async throws -> Response {
        try await listPage(request, issues: [], status: .ok)
    }

    private func listPage(_ request: Request, issues: [FieldIssue], status: HTTPStatus) async throws -> Response {
        let principal = try request.staff()
        let value = { (name: String) in request.query[String.self, at: name].flatMap { $0.isEmpty ? nil : $0 } }
        let filter = FlagFilter(
            contractorID: value("contractor").flatMap(UUID.init(uuidString:)), rule: value("rule"),
            severity: value("severity").flatMap(Severity.init(rawValue:)), status: value("status").flatMap(FlagStatus.init(rawValue:)))
        let cursor = value("cursor")
        let page = try await services.risk.flags(filter, page: try PageRequest.parse(limit: 50, cursor: cursor), by: principal)
        let names = try await services.registry.names(page.items.map(\.contractorID), by: principal)
        let content = FlagsPage(
            filter: filter, rules: RiskRules.all.map { type(of: $0).id }, page: page, names: names, isFirstPage: cursor == nil,
            canTriage: request.may(.triageFlags), today: CalendarDay(services.now()), issues: issues)
        return try request.page(content, title: "Flags", area: .flags, status: status)
    }

    func acknowledge(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let form = try request.verifiedForm()
        let flag = try await services.risk.acknowledge(try request.uuid("id"), ifVersion: form["version"].flatMap { Int($0) }, by: principal)
        return request.redirect(to: Self.back(form), notice: "Acknowledged \(flag.rule).")
    }

    func waive(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let form = try request.verifiedForm()
        do {
            let flag = try await services.risk.waive(
                try request.uuid("id"), reason: form.text("reason"), expiresOn: form.text("expiresOn"),
                ifVersion: form["version"].flatMap { Int($0) }, by: principal)
            return request.redirect(to: Self.back(form), notice: "Waived \(flag.rule) until \(flag.waiver?.expiresOn.description ?? "").")
        } catch ItakuError.invalid(let issues) {
            return try await listPage(request, issues: issues, status: .unprocessableEntity)
        }
    }

    /// The list as it was filtered when the action was taken.
    static func back(_ form: FormValues) -> String {
        let query = form["returnTo"] ?? ""
        let safe = query.allSatisfy { $0.isLetter || $0.isNumber || "=&-_.%".contains($0) }
        return safe && !query.isEmpty ? "/ui/flags?\(query)" : "/ui/flags"
    }
}
