import FluentKit
import Foundation
import ItakuCore

extension FluentTransaction {
    func insert(_ template: DocumentTemplate) async throws {
        try await TemplateRecord(template).create(on: db)
    }

    func latestTemplate(named name: String) async throws -> DocumentTemplate? {
        try await TemplateRecord.query(on: db).filter(\.$name == name).sort(\.$version, .descending).first()?.domain()
    }

    func template(named name: String, version: Int) async throws -> DocumentTemplate? {
        try await TemplateRecord.query(on: db).filter(\.$name == name).filter(\.$version == version).first()?.domain()
    }

    func templateVersions(named name: String) async throws -> [DocumentTemplate] {
        try await TemplateRecord.query(on: db).filter(\.$name == name).sort(\.$version, .descending).all().map { try $0.domain() }
    }

    func latestTemplates() async throws -> [DocumentTemplate] {
        // A handful of names with a few versions each: one ordered read, newest kept per name.
        let rows = try await TemplateRecord.query(on: db).sort(\.$name).sort(\.$version, .descending).all()
        var seen = Set<String>()
        return try rows.filter { seen.insert($0.name).inserted }.map { try $0.domain() }
    }

    func insert(_ document: ContractDocument, bytes: Data) async throws {
        try await DocumentRecord(document, bytes: bytes).create(on: db)
    }

    func document(_ id: UUID) async throws -> ContractDocument? {
        try await Self.withoutContent(DocumentRecord.query(on: db).filter(\.$id == id)).first()?.domain()
    }

    func documentContent(_ id: UUID) async throws -> Data? {
        try await DocumentRecord.query(on: db).filter(\.$id == id).field(\.$id).field(\.$content).first()?.content
    }

    func documents(ofContract contractID: UUID, page: PageRequest) async throws -> Page<ContractDocument> {
        let query = Self.withoutContent(DocumentRecord.query(on: db).filter(\.$contractID == contractID))
        if let after = page.after, let afterID = UUID(uuidString: after.id) {
            query.group(.or) { group in
                group.filter(\.$createdAt < after.key)
                group.group(.and) { $0.filter(\.$createdAt == after.key).filter(\.$id < afterID) }
            }
        }
        let rows = try await query.sort(\.$createdAt, .descending).sort(\.$id, .descending).limit(page.limit + 1).all()
        return try paged(rows, limit: page.limit) { Cursor(key: $0.createdAt, id: $0.id!.uuidString) }.map { try $0.domain() }
    }

    /// Leaves the bytes out: metadata reads should not pull whole documents.
    static func withoutContent(_ query: QueryBuilder<DocumentRecord>) -> QueryBuilder<DocumentRecord> {
        query.field(\.$id).field(\.$contractID).field(\.$contractorID).field(\.$templateName).field(\.$templateVersion)
            .field(\.$format).field(\.$filename).field(\.$size).field(\.$sha256).field(\.$snapshot).field(\.$createdAt)
            .field(\.$createdBy)
    }
}
