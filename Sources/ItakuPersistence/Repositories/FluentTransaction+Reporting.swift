import FluentKit
import Foundation
import ItakuCore
import SQLKit

extension FluentTransaction {
    // MARK: Questionnaires

    func currentQuestionnaire() async throws -> Questionnaire? {
        try await QuestionnaireRecord.query(on: db).sort(\.$version, .descending).first()?.domain()
    }

    func questionnaire(version: Int) async throws -> Questionnaire? {
        try await QuestionnaireRecord.query(on: db).filter(\.$version == version).first()?.domain()
    }

    func insert(_ questionnaire: Questionnaire) async throws {
        try await QuestionnaireRecord(questionnaire).create(on: db)
    }

    // MARK: Attestations

    func attestation(_ id: UUID) async throws -> Attestation? {
        try await rows(AttestationRecord.schema, where: "id", is: id) { try AttestationRecord.domain($0) }.first
    }

    func attestations(_ filter: AttestationFilter, oldestFirst: Bool, page: PageRequest) async throws -> Page<Attestation> {
        let query = AttestationRecord.query(on: db)
        if let contractorID = filter.contractorID { query.filter(\.$contractorID == contractorID) }
        if let status = filter.status { query.filter(\.$status == status.rawValue) }
        if let after = page.after, let afterID = UUID(uuidString: after.id) {
            query.group(.or) { group in
                if oldestFirst {
                    group.filter(\.$submittedAt > after.key)
                    group.group(.and) { $0.filter(\.$submittedAt == after.key).filter(\.$id > afterID) }
                } else {
                    group.filter(\.$submittedAt < after.key)
                    group.group(.and) { $0.filter(\.$submittedAt == after.key).filter(\.$id < afterID) }
                }
            }
        }
        let direction: DatabaseQuery.Sort.Direction = oldestFirst ? .ascending : .descending
        let rows = try await query.sort(\.$submittedAt, direction).sort(\.$id, direction).limit(page.limit + 1).all()
        return try paged(rows, limit: page.limit) { Cursor(key: $0.submittedAt, id: $0.id!.uuidString) }.map { try $0.domain() }
    }

    func allAttestations(ofContractor contractorID: UUID) async throws -> [Attestation] {
        try await rows(AttestationRecord.schema, where: "contractor_id", is: contractorID, orderedBy: "submitted_at") {
            try AttestationRecord.domain($0)
        }
    }

    // Every submission runs the next two; as text they skip building Fluent's models.
    func attestations(ofContractor contractorID: UUID, overlapping start: CalendarDay, _ end: CalendarDay) async throws -> [Attestation] {
        try await storedRows(sql: Self.overlappingAttestations, [contractorID, end.description, start.description])
            .map { try AttestationRecord.domain($0) }
    }

    private static let overlappingAttestations =
        "SELECT * FROM \(AttestationRecord.schema) WHERE contractor_id = $1 AND period_start <= $2 AND period_end >= $3 ORDER BY submitted_at"

    func insert(_ attestation: Attestation) async throws {
        try await insertRow(into: AttestationRecord.schema, AttestationRecord.columns(attestation))
    }

    func update(_ attestation: Attestation, expectedVersion: Int) async throws -> Bool {
        guard try await claim(AttestationRecord.schema, id: attestation.id, expectedVersion: expectedVersion) else { return false }
        try await updateRow(in: AttestationRecord.schema, id: attestation.id, AttestationRecord.columns(attestation))
        return true
    }

    func insert(_ evidence: EvidenceFile, bytes: Data) async throws {
        try await EvidenceRecord(evidence, bytes: bytes).create(on: db)
    }

    func evidence(_ id: UUID) async throws -> EvidenceFile? {
        try await Self.metadataOnly(EvidenceRecord.query(on: db).filter(\.$id == id)).first()?.domain()
    }

    func evidenceContent(_ id: UUID) async throws -> Data? {
        try await EvidenceRecord.find(id, on: db)?.content
    }

    func evidence(ofAttestation attestationID: UUID) async throws -> [EvidenceFile] {
        try await Self.metadataOnly(EvidenceRecord.query(on: db).filter(\.$attestationID == attestationID).sort(\.$uploadedAt))
            .all().map { try $0.domain() }
    }

    /// Leaves the bytes out: listing files should not read megabytes.
    static func metadataOnly(_ query: QueryBuilder<EvidenceRecord>) -> QueryBuilder<EvidenceRecord> {
        query.field(\.$id).field(\.$attestationID).field(\.$contractorID).field(\.$filename).field(\.$contentType)
            .field(\.$size).field(\.$sha256).field(\.$uploadedAt).field(\.$uploadedBy)
    }

    // MARK: Incidents

    func incident(_ id: UUID) async throws -> Incident? {
        try await IncidentRecord.find(id, on: db)?.domain()
    }

    func incidents(ofContractor contractorID: UUID, page: PageRequest) async throws -> Page<Incident> {
        let query = IncidentRecord.query(on: db).filter(\.$contractorID == contractorID)
        if let after = page.after, let afterID = UUID(uuidString: after.id) {
            query.group(.or) { group in
                group.filter(\.$reportedAt < after.key)
                group.group(.and) { $0.filter(\.$reportedAt == after.key).filter(\.$id < afterID) }
            }
        }
        let rows = try await query.sort(\.$reportedAt, .descending).sort(\.$id, .descending).limit(page.limit + 1).all()
        return try paged(rows, limit: page.limit) { Cursor(key: $0.reportedAt, id: $0.id!.uuidString) }.map { try $0.domain() }
    }

    func allIncidents(ofContractor contractorID: UUID) async throws -> [Incident] {
        try await rows(IncidentRecord.schema, where: "contractor_id", is: contractorID, orderedBy: "reported_at") { try IncidentRecord.domain($0) }
    }

    func insert(_ incident: Incident) async throws {
        try await IncidentRecord(incident).create(on: db)
    }

    func update(_ incident: Incident, expectedVersion: Int) async throws -> Bool {
        guard try await claim(IncidentRecord.schema, id: incident.id, expectedVersion: expectedVersion),
            let record = try await IncidentRecord.find(incident.id, on: db)
        else { return false }
        record.apply(incident)
        try await record.update(on: db)
        return true
    }

    // MARK: Idempotency

    func idempotencyRecord(scope: String, key: String) async throws -> IdempotencyRecord? {
        try await IdempotencyRow.query(on: db).filter(\.$scope == scope).filter(\.$key == key).first()?.domain()
    }

    func insert(_ record: IdempotencyRecord) async throws {
        try await IdempotencyRow(record).create(on: db)
    }

    func complete(scope: String, key: String, result: String) async throws {
        try await IdempotencyRow.query(on: db).filter(\.$scope == scope).filter(\.$key == key).set(\.$result, to: result).update()
    }
}
