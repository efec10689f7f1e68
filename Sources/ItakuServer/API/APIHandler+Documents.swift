import Foundation
import ItakuAPI
import ItakuCore
import OpenAPIRuntime

extension APIHandler {
    // MARK: Documents

    func renderContractDocument(_ input: Operations.RenderContractDocument.Input) async throws -> Operations.RenderContractDocument.Output {
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let document = try await services.documents.render(
            contract: try WireCoding.id(input.path.cid, "contract"), template: body.template, format: body.format, by: try caller())
        return .created(.init(headers: .init(location: "/api/v1/documents/\(document.id.wire)"), body: .json(try .init(document, withSnapshot: true))))
    }

    func listContractDocuments(_ input: Operations.ListContractDocuments.Input) async throws -> Operations.ListContractDocuments.Output {
        let page = try await services.documents.documents(
            ofContract: try WireCoding.id(input.path.cid, "contract"),
            page: try WireCoding.page(limit: input.query.limit, cursor: input.query.cursor), by: try caller())
        return .ok(.init(body: .json(.init(items: try page.items.map { try .init($0, withSnapshot: false) }, nextCursor: page.nextCursor))))
    }

    func getDocument(_ input: Operations.GetDocument.Input) async throws -> Operations.GetDocument.Output {
        let document = try await services.documents.document(try WireCoding.id(input.path.did, "document"), by: try caller())
        return .ok(.init(body: .json(try .init(document, withSnapshot: true))))
    }

    func getDocumentContent(_ input: Operations.GetDocumentContent.Input) async throws -> Operations.GetDocumentContent.Output {
        let (document, bytes) = try await services.documents.content(try WireCoding.id(input.path.did, "document"), by: try caller())
        let etag = "\"\(document.sha256)\""
        // The bytes never change, so any earlier copy with this tag is still exact.
        if let match = input.headers.ifNoneMatch, match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
            return .notModified(.init(headers: .init(eTag: etag)))
        }
        let headers = Operations.GetDocumentContent.Output.Ok.Headers(eTag: etag, contentDisposition: Self.attachment(document.filename))
        switch document.format {
        case .html: return .ok(.init(headers: headers, body: .html(HTTPBody(bytes))))
        case .docx: return .ok(.init(headers: headers, body: .applicationVnd_openxmlformatsOfficedocument_wordprocessingml_document(HTTPBody(bytes))))
        }
    }

    // MARK: Templates

    func publishTemplate(_ input: Operations.PublishTemplate.Input) async throws -> Operations.PublishTemplate.Output {
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let template = try await services.templates.publish(name: body.name, body: body.body, note: body.note, by: try caller())
        return .created(
            .init(
                headers: .init(location: "/api/v1/templates/\(template.name)/versions/\(template.version)"),
                body: .json(.init(template, withBody: true))))
    }

    func listTemplates(_ input: Operations.ListTemplates.Input) async throws -> Operations.ListTemplates.Output {
        let templates = try await services.templates.list(by: try caller())
        return .ok(.init(body: .json(.init(items: templates.map { .init($0, withBody: false) }))))
    }

    func getTemplate(_ input: Operations.GetTemplate.Input) async throws -> Operations.GetTemplate.Output {
        let versions = try await services.templates.versions(of: input.path.name, by: try caller())
        return .ok(
            .init(
                body: .json(
                    .init(name: input.path.name, current: .init(versions[0], withBody: true), versions: versions.map { .init($0, withBody: false) }))))
    }

    func getTemplateVersion(_ input: Operations.GetTemplateVersion.Input) async throws -> Operations.GetTemplateVersion.Output {
        let template = try await services.templates.version(input.path.version, of: input.path.name, by: try caller())
        return .ok(.init(body: .json(.init(template, withBody: true))))
    }
}

extension Components.Schemas.Document {
    init(_ document: ContractDocument, withSnapshot: Bool) throws {
        self.init(
            id: document.id.wire, contractId: document.contractID.wire, contractorId: document.contractorID.wire,
            template: document.templateName, templateVersion: document.templateVersion,
            format: document.format == .html ? .html : .docx, contentType: document.format.mediaType, filename: document.filename,
            size: document.size, sha256: document.sha256, createdAt: document.createdAt, createdBy: document.createdBy,
            contentUrl: "/api/v1/documents/\(document.id.wire)/content",
            snapshot: withSnapshot ? try WireCoding.convert(document.snapshot, to: SnapshotPayload.self) : nil)
    }
}

extension Components.Schemas.TemplateVersion {
    init(_ template: DocumentTemplate, withBody: Bool) {
        self.init(
            name: template.name, version: template.version, sha256: template.sha256, source: template.source == .shipped ? .shipped : .uploaded,
            note: template.note, createdAt: template.createdAt, createdBy: template.createdBy, body: withBody ? template.body : nil)
    }
}
