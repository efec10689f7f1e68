import Foundation
import ItakuAPI
import ItakuCore
import ItakuWeb
import Vapor

/// The policy and its editor, the document templates, and the audit trail.
struct ReferencePages: RouteCollection {
    let services: ItakuServices

    func boot(routes: any RoutesBuilder) throws {
        routes.get("policy", use: policy)
        routes.post("policy", use: publishPolicy)
        routes.get("templates", use: templates)
        routes.post("templates", use: publishTemplate)
        routes.get("templates", ":name", use: template)
        routes.get("audit", use: audit)
    }

    // MARK: Policy

    func policy(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let current = try await services.policies.current(by: principal)
        let shown = try await request.query[Int.self, at: "version"].asyncMap { try await services.policies.version($0, by: principal) } ?? current
        return try await policyPage(request, shown: shown, current: current, document: try Self.editorDocument(current), issues: [], status: .ok)
    }

    private func policyPage(
        _ request: Request, shown: PolicyVersion, current: PolicyVersion, document: String, issues: [FieldIssue], status: HTTPStatus
    ) async throws -> Response {
        let principal = try request.staff()
        let versions = try await services.policies.versions(page: PageRequest(limit: 100), by: principal).items
        let content = PolicyPage(
            shown: shown, current: current.version, versions: versions, catalog: services.catalog, canEdit: request.may(.writePolicy),
            document: document, issues: issues)
        return try request.page(content, title: "Policy", area: .policy, status: status)
    }

    func publishPolicy(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        try principal.authorize(.writePolicy)
        let form = try request.verifiedForm()
        let document = form["document"] ?? ""
        do {
            let body: Components.Schemas.PolicyInput
            do {
                body = try JSONDecoder().decode(Components.Schemas.PolicyInput.self, from: Data(document.utf8))
            } catch {
                throw ItakuError.invalid([FieldIssue("document", "is not a policy document: \(Self.describe(error))")])
            }
            let (published, _) = try await APIHandler.publishPolicy(body, services: services, by: principal)
            return request.redirect(to: "/ui/policy", notice: "Published policy version \(published.version); every contractor is being re-evaluated.")
        } catch ItakuError.invalid(let issues) {
            let current = try await services.policies.current(by: principal)
            return try await policyPage(request, shown: current, current: current, document: document, issues: issues, status: .unprocessableEntity)
        }
    }

    /// The policy in force as the JSON document the editor starts from: what `PUT /api/v1/policy` takes.
    static func editorDocument(_ policy: PolicyVersion) throws -> String {
        let wire = try JSONEncoder().encode(try Components.Schemas.PolicyVersion(policy))
        guard var object = try JSONSerialization.jsonObject(with: wire) as? [String: Any] else { return "{}" }
        object = object.filter { ["settings", "purposes", "necessity", "terms"].contains($0.key) }
        object["note"] = ""
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// A decoding failure in words: where in the document, and what was wrong.
    static func describe(_ error: any Error) -> String {
        let path = { (context: DecodingError.Context) in
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        }
        switch error {
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "the JSON does not parse" : "\(path(context)): \(context.debugDescription)"
        case DecodingError.keyNotFound(let key, let context): return "\(path(context)).\(key.stringValue) is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(path(context)) has the wrong type"
        default: return "it does not decode"
        }
    }

    // MARK: Templates

    func templates(_ request: Request) async throws -> Response {
        try await templatesPage(request, form: FormValues(), issues: [], status: .ok)
    }

    private func templatesPage(_ request: Request, form: FormValues, issues: [FieldIssue], status: HTTPStatus) async throws -> Response {
        let principal = try request.staff()
        let templates = try await services.templates.list(by: principal)
        let content = TemplatesPage(templates: templates, canPublish: request.may(.publishTemplate), form: form, issues: issues)
        return try request.page(content, title: "Templates", area: .templates, status: status)
    }

    func publishTemplate(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let form = try request.verifiedForm()
        do {
            let template = try await services.templates.publish(name: form.text("name"), body: form["body"], note: form.text("note"), by: principal)
            return request.redirect(to: "/ui/templates/\(template.name)", notice: "Published \(template.name) version \(template.version).")
        } catch ItakuError.invalid(let issues) {
            return try await templatesPage(request, form: form, issues: issues, status: .unprocessableEntity)
        }
    }

    func template(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let versions = try await services.templates.versions(of: request.parameters.get("name") ?? "", by: principal)
        return try request.page(TemplatePage(versions: versions), title: "Template", area: .templates)
    }

    // MARK: Audit

    func audit(_ request: Request) async throws -> Response {
        let principal = try request.staff()
        let cursor = request.query[String.self, at: "cursor"]
        let events = try await services.audit.events(AuditFilter(), page: try PageRequest.parse(limit: 50, cursor: cursor), by: principal)
        let verification = request.query[String.self, at: "verify"] == "1" ? try await services.audit.verify(by: principal) : nil
        return try request.page(
            AuditPage(events: events, verification: verification, isFirstPage: cursor == nil), title: "Audit trail", area: .audit)
    }
}
