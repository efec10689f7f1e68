import FluentKit
import Foundation
import ItakuCore

/// A row of `document_templates`: one version of one template.
final class TemplateRecord: Model, @unchecked Sendable {
    static let schema = "document_templates"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "version") var version: Int
    @Field(key: "body") var body: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "source") var source: String
    @OptionalField(key: "note") var note: String?
    @Field(key: "created_at") var createdAt: String
    @Field(key: "created_by") var createdBy: String

    init() {}

    init(_ template: DocumentTemplate) {
        id = UUID()
        name = template.name
        version = template.version
        body = template.body
        sha256 = template.sha256
        source = template.source.rawValue
        note = template.note
        createdAt = TimestampColumn.encode(template.createdAt)
        createdBy = template.createdBy
    }

    func domain() throws -> DocumentTemplate {
        DocumentTemplate(
            name: name, version: version, body: body, sha256: sha256,
            source: try EnumColumn.decode(TemplateSource.self, source, column: "document_templates.source"), note: note,
            createdAt: try TimestampColumn.decode(createdAt, column: "document_templates.created_at"), createdBy: createdBy)
    }
}

/// A row of `documents`: a rendered document's metadata, snapshot and bytes. Rows are only ever inserted.
final class DocumentRecord: Model, @unchecked Sendable {
    static let schema = "documents"

    @ID(key: .id) var id: UUID?
    @Field(key: "contract_id") var contractID: UUID
    @Field(key: "contractor_id") var contractorID: UUID
    @Field(key: "template_name") var templateName: String
    @Field(key: "template_version") var templateVersion: Int
    @Field(key: "format") var format: String
    @Field(key: "filename") var filename: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "snapshot") var snapshot: String
    @Field(key: "content") var content: Data
    @Field(key: "created_at") var createdAt: String
    @Field(key: "created_by") var createdBy: String

    init() {}

    init(_ document: ContractDocument, bytes: Data) {
        id = document.id
        contractID = document.contractID
        contractorID = document.contractorID
        templateName = document.templateName
        templateVersion = document.templateVersion
        format = document.format.rawValue
        filename = document.filename
        size = document.size
        sha256 = document.sha256
        snapshot = JSONColumn.encode(document.snapshot)
        content = bytes
        createdAt = TimestampColumn.encode(document.createdAt)
        createdBy = document.createdBy
    }

    func domain() throws -> ContractDocument {
        ContractDocument(
            id: id!, contractID: contractID, contractorID: contractorID, templateName: templateName, templateVersion: templateVersion,
            format: try EnumColumn.decode(DocumentFormat.self, format, column: "documents.format"), filename: filename, size: size,
            sha256: sha256, snapshot: try JSONColumn.decode(DocumentSnapshot.self, from: snapshot, column: "documents.snapshot"),
            createdAt: try TimestampColumn.decode(createdAt, column: "documents.created_at"), createdBy: createdBy)
    }
}
