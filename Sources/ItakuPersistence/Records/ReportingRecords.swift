import FluentKit
import Foundation
import ItakuCore

/// A row of `questionnaires`.
final class QuestionnaireRecord: Model, @unchecked Sendable {
    static let schema = "questionnaires"

    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "content") var content: String
    @Field(key: "published_at") var publishedAt: String
    @Field(key: "published_by") var publishedBy: String
    @OptionalField(key: "note") var note: String?

    init() {}

    init(_ questionnaire: Questionnaire) {
        id = UUID()
        version = questionnaire.version
        content = JSONColumn.encode(questionnaire.content)
        publishedAt = TimestampColumn.encode(questionnaire.publishedAt)
        publishedBy = questionnaire.publishedBy
        note = questionnaire.note
    }

    func domain() throws -> Questionnaire {
        Questionnaire(
            version: version, content: try JSONColumn.decode(QuestionnaireContent.self, from: content, column: "questionnaires.content"),
            publishedAt: try TimestampColumn.decode(publishedAt, column: "questionnaires.published_at"), publishedBy: publishedBy, note: note)
    }
}

/// A row of `attestations`: one revision; answers, sections and review kept whole as JSON.
final class AttestationRecord: Model, @unchecked Sendable {
    static let schema = "attestations"

    @ID(key: .id) var id: UUID?
    @Field(key: "contractor_id") var contractorID: UUID
    @Field(key: "period_start") var periodStart: String
    @Field(key: "period_end") var periodEnd: String
    @Field(key: "revision") var revision: Int
    @OptionalField(key: "previous_revision_id") var previousRevisionID: UUID?
    @Field(key: "questionnaire_version") var questionnaireVersion: Int
    @Field(key: "answers") var answers: String
    @Field(key: "sections") var sections: String
    @Field(key: "status") var status: String
    @OptionalField(key: "review") var review: String?
    @Field(key: "submitted_at") var submittedAt: String
    @Field(key: "submitted_by") var submittedBy: String
    @Field(key: "version") var version: Int

    init() {}

    /// The columns of each array `outlines(json:of:)` reads, in its order: a row without its
    /// content (most of it), and without the contractor, which the caller knows.
    static let outlineColumns = ["id", "period_start", "period_end", "revision", "previous_revision_id", "status", "submitted_at"]

    /// The row of `attestation`, column by column, for writing without building the model.
    static func columns(_ attestation: Attestation) -> [(String, (any Encodable & Sendable)?)] {
        [
            ("id", attestation.id), ("contractor_id", attestation.contractorID), ("period_start", attestation.periodStart.description),
            ("period_end", attestation.periodEnd.description), ("revision", attestation.revision),
            ("previous_revision_id", attestation.previousRevisionID), ("questionnaire_version", attestation.questionnaireVersion),
            ("answers", JSONColumn.encode(attestation.answers)), ("sections", JSONColumn.encode(attestation.sections)),
            ("status", attestation.status.rawValue), ("review", attestation.review.map { JSONColumn.encode($0) }),
            ("submitted_at", TimestampColumn.encode(attestation.submittedAt)), ("submitted_by", attestation.submittedBy),
            ("version", attestation.version),
        ]
    }

    func domain() throws -> Attestation {
        try Self.domain(
            id: id!, contractorID: contractorID, periodStart: periodStart, periodEnd: periodEnd, revision: revision,
            previousRevisionID: previousRevisionID, questionnaireVersion: questionnaireVersion, answers: answers,
            sections: sections, status: status, review: review, submittedAt: submittedAt, submittedBy: submittedBy,
            version: version)
    }

    /// The value of a row read through the driver, without building the model (see `StoredRow`).
    static func domain(_ row: any StoredRow) throws -> Attestation {
        try domain(
            id: row.uuid("id"), contractorID: row.uuid("contractor_id"), periodStart: row.text("period_start"),
            periodEnd: row.text("period_end"), revision: row.number("revision"),
            previousRevisionID: row.optionalUUID("previous_revision_id"),
            questionnaireVersion: row.number("questionnaire_version"), answers: row.text("answers"),
            sections: row.text("sections"), status: row.text("status"), review: row.optionalText("review"),
            submittedAt: row.text("submitted_at"), submittedBy: row.text("submitted_by"), version: row.number("version"))
    }

    /// The outlines of `contractorID`'s revisions from a JSON array of `outlineColumns` arrays,
    /// in its order. Read by position straight from the text: a contractor's whole history comes
    /// this way on every write that re-derives it.
    static func outlines(json text: String, of contractorID: UUID) throws -> [AttestationOutline] {
        do {
            return try JSONReader.read(text) { json in
                var outlines: [AttestationOutline] = []
                var all = try json.array()
                while try json.hasNext(in: &all) {
                    var fields = try json.array()
                    func next<T>(_ read: (inout JSONReader) throws -> T) throws -> T {
                        guard try json.hasNext(in: &fields) else { throw StoredDataError(column: "attestations", detail: "an outline ended early") }
                        return try read(&json)
                    }
                    outlines.append(
                        AttestationOutline(
                            id: try next { try $0.uuid() }, contractorID: contractorID, periodStart: try next { try $0.day() },
                            periodEnd: try next { try $0.day() }, revision: try next { try $0.int() },
                            previousRevisionID: try next { $0.null() ? nil : try $0.uuid() },
                            status: try next { try $0.value(AttestationStatus.self) }, submittedAt: try next { try $0.date() }))
                    guard try !json.hasNext(in: &fields) else { throw StoredDataError(column: "attestations", detail: "an outline has values left over") }
                }
                return outlines
            }
        } catch let error as StoredDataError {
            throw error
        } catch {
            throw StoredDataError(column: "attestations", detail: "outlines: \(error)")
        }
    }

    private static func domain(
        id: UUID, contractorID: UUID, periodStart: String, periodEnd: String, revision: Int, previousRevisionID: UUID?,
        questionnaireVersion: Int, answers: String, sections: String, status: String, review: String?, submittedAt: String,
        submittedBy: String, version: Int
    ) throws -> Attestation {
        Attestation(
            id: id, contractorID: contractorID, periodStart: try CalendarDay.stored(periodStart, column: "attestations.period_start"),
            periodEnd: try CalendarDay.stored(periodEnd, column: "attestations.period_end"), revision: revision,
            previousRevisionID: previousRevisionID, questionnaireVersion: questionnaireVersion,
            answers: try JSONColumn.decode([String: AnswerValue].self, from: answers, column: "attestations.answers"),
            sections: try JSONColumn.decode(AttestationSections.self, from: sections, column: "attestations.sections"),
            status: try EnumColumn.decode(AttestationStatus.self, status, column: "attestations.status"),
            review: try review.map { try JSONColumn.decode(Review.self, from: $0, column: "attestations.review") },
            submittedAt: try TimestampColumn.decode(submittedAt, column: "attestations.submitted_at"), submittedBy: submittedBy,
            version: version)
    }
}

/// A row of `evidence_files`: the metadata and the bytes.
final class EvidenceRecord: Model, @unchecked Sendable {
    static let schema = "evidence_files"

    @ID(key: .id) var id: UUID?
    @Field(key: "attestation_id") var attestationID: UUID
    @Field(key: "contractor_id") var contractorID: UUID
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "content") var content: Data
    @Field(key: "uploaded_at") var uploadedAt: String
    @Field(key: "uploaded_by") var uploadedBy: String

    init() {}

    init(_ file: EvidenceFile, bytes: Data) {
        id = file.id
        attestationID = file.attestationID
        contractorID = file.contractorID
        filename = file.filename
        contentType = file.contentType
        size = file.size
        sha256 = file.sha256
        content = bytes
        uploadedAt = TimestampColumn.encode(file.uploadedAt)
        uploadedBy = file.uploadedBy
    }

    func domain() throws -> EvidenceFile {
        EvidenceFile(
            id: id!, attestationID: attestationID, contractorID: contractorID, filename: filename, contentType: contentType, size: size,
            sha256: sha256, uploadedAt: try TimestampColumn.decode(uploadedAt, column: "evidence_files.uploaded_at"), uploadedBy: uploadedBy)
    }
}

/// A row of `incidents`; updates kept whole as JSON.
final class IncidentRecord: Model, @unchecked Sendable {
    static let schema = "incidents"

    @ID(key: .id) var id: UUID?
    @Field(key: "contractor_id") var contractorID: UUID
    @Field(key: "status") var status: String
    @Field(key: "reported_at") var reportedAt: String
    @Field(key: "body") var body: String
    @Field(key: "version") var version: Int

    init() {}

    init(_ incident: Incident) {
        id = incident.id
        apply(incident)
    }

    func apply(_ incident: Incident) {
        contractorID = incident.contractorID
        status = incident.status.rawValue
        reportedAt = TimestampColumn.encode(incident.reportedAt)
        body = JSONColumn.encode(incident)
        version = incident.version
    }

    func domain() throws -> Incident {
        try Self.domain(body: body, version: version)
    }

    /// The value of a row read through the driver, without building the model (see `StoredRow`).
    static func domain(_ row: any StoredRow) throws -> Incident {
        try domain(body: row.text("body"), version: row.number("version"))
    }

    private static func domain(body: String, version: Int) throws -> Incident {
        var incident = try JSONColumn.decode(Incident.self, from: body, column: "incidents.body")
        incident.version = version
        return incident
    }
}

/// A row of `idempotency_keys`.
final class IdempotencyRow: Model, @unchecked Sendable {
    static let schema = "idempotency_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "scope") var scope: String
    @Field(key: "key") var key: String
    @Field(key: "operation") var operation: String
    @Field(key: "request_hash") var requestHash: String
    @OptionalField(key: "result") var result: String?
    @Field(key: "created_at") var createdAt: String

    init() {}

    init(_ record: IdempotencyRecord) {
        id = UUID()
        scope = record.scope
        key = record.key
        operation = record.operation
        requestHash = record.requestHash
        result = record.result
        createdAt = TimestampColumn.encode(record.createdAt)
    }

    func domain() throws -> IdempotencyRecord {
        IdempotencyRecord(
            scope: scope, key: key, operation: operation, requestHash: requestHash, result: result,
            createdAt: try TimestampColumn.decode(createdAt, column: "idempotency_keys.created_at"))
    }
}
