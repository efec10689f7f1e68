import Foundation
import ItakuCore

/// One contract: its lifecycle, its equivalence to the policy term by term, and its documents.
public struct ContractPage: PageContent, Equatable {
    public static let template = "contract"

    public struct DocumentRow: Encodable, Sendable, Equatable {
        public var filename: String
        public var template: String
        public var format: String
        public var createdAt: String
        public var createdBy: String
        public var sha256: String
        public var previewHref: String?
        public var downloadHref: String
    }

    public var id: String
    public var reference: String
    public var status: String
    public var version: Int
    public var contractorName: String
    public var contractorHref: String
    public var effectiveFrom: String
    public var expiresOn: String?
    public var signedOn: String?
    public var signatories: [String]
    public var entrustments: [String]
    public var matrix: EquivalenceMatrix
    public var documents: [DocumentRow]
    public var templateOptions: [FormField.Option]
    public var canIssue: Bool
    public var canRender: Bool

    public init(
        contract: Contract, contractor: Contractor, entrustments: [Entrustment], report: EquivalenceReport, policy: PolicyVersion?,
        documents: [ContractDocument], templates: [DocumentTemplate], canIssue: Bool, canRender: Bool
    ) {
        id = WebFormat.lowercased(contract.id)
        reference = contract.reference
        status = contract.status.rawValue
        version = contract.version
        contractorName = contractor.profile.legalName
        contractorHref = "/ui/contractors/\(WebFormat.lowercased(contractor.id))"
        effectiveFrom = contract.effectiveFrom.description
        expiresOn = contract.expiresOn?.description
        signedOn = contract.signedOn?.description
        signatories = contract.signatories.map { "\($0.name)\($0.title.map { ", \($0)" } ?? "") (\($0.party.rawValue))" }
        self.entrustments = entrustments.filter { contract.entrustmentIDs.contains($0.id) }.map(\.scope.title)
        matrix = EquivalenceMatrix(report: report, policy: policy?.content, obligations: contract.obligations)
        self.documents = documents.map {
            let href = "/ui/documents/\(WebFormat.lowercased($0.id))"
            return DocumentRow(
                filename: $0.filename, template: "\($0.templateName) v\($0.templateVersion)", format: $0.format.rawValue.uppercased(),
                createdAt: WebFormat.moment($0.createdAt), createdBy: $0.createdBy, sha256: String($0.sha256.prefix(16)),
                previewHref: $0.format == .html ? href : nil, downloadHref: href + "/download")
        }
        templateOptions = templates.map { FormField.Option(value: $0.name, label: "\(WebFormat.code($0.name)) (v\($0.version))", selected: false) }
        self.canIssue = canIssue && contract.status == .draft
        self.canRender = canRender
    }
}
