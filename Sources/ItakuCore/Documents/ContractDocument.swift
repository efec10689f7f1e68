import Foundation

/// The file formats a contract document is rendered in.
public enum DocumentFormat: String, Codable, Sendable, CaseIterable {
    /// Print-ready HTML with an A4 stylesheet.
    case html
    /// Office Open XML word-processing document.
    case docx

    public var mediaType: String {
        switch self {
        case .html: "text/html; charset=utf-8"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
    }

    public var fileExtension: String { rawValue }
}

/// A rendered document: immutable once stored, served byte for byte under its hash.
public struct ContractDocument: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var contractID: UUID
    public var contractorID: UUID
    public var templateName: String
    public var templateVersion: Int
    public var format: DocumentFormat
    public var filename: String
    public var size: Int
    /// Lowercase hex SHA-256 of the bytes.
    public var sha256: String
    /// The data the template was rendered from.
    public var snapshot: DocumentSnapshot
    public var createdAt: Date
    public var createdBy: String

    public init(
        id: UUID, contractID: UUID, contractorID: UUID, templateName: String, templateVersion: Int, format: DocumentFormat,
        filename: String, size: Int, sha256: String, snapshot: DocumentSnapshot, createdAt: Date, createdBy: String
    ) {
        self.id = id
        self.contractID = contractID
        self.contractorID = contractorID
        self.templateName = templateName
        self.templateVersion = templateVersion
        self.format = format
        self.filename = filename
        self.size = size
        self.sha256 = sha256
        self.snapshot = snapshot
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// Where a template version came from.
public enum TemplateSource: String, Codable, Sendable {
    /// Shipped in `Templates/Contracts/` and installed at start.
    case shipped
    /// Uploaded by compliance.
    case uploaded
}

/// One version of a document template. The newest version of a name is used for new renders.
public struct DocumentTemplate: Codable, Sendable, Equatable {
    public var name: String
    public var version: Int
    public var body: String
    public var sha256: String
    public var source: TemplateSource
    public var note: String?
    public var createdAt: Date
    public var createdBy: String

    public init(
        name: String, version: Int, body: String, sha256: String, source: TemplateSource, note: String?, createdAt: Date,
        createdBy: String
    ) {
        self.name = name
        self.version = version
        self.body = body
        self.sha256 = sha256
        self.source = source
        self.note = note
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// A problem with a template body, at a line (and column) of it.
public struct TemplateProblem: Codable, Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
}

/// The template engine, as the core sees it; implemented by ItakuDocuments.
public protocol DocumentRenderer: Sendable {
    /// Everything wrong with `body` as a contract template, or nothing when it can be used.
    func problems(in body: String) -> [TemplateProblem]
    /// `body` rendered from `snapshot`. The body has passed `problems(in:)`.
    func render(_ body: String, snapshot: DocumentSnapshot, format: DocumentFormat) throws -> Data
}
