import FluentKit

struct CreateQuestionnaires: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(QuestionnaireRecord.schema)
            .id()
            .field("version", .int, .required)
            .field("content", .string, .required)
            .field("published_at", .string, .required)
            .field("published_by", .string, .required)
            .field("note", .string)
            .unique(on: "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(QuestionnaireRecord.schema).delete()
    }
}

struct CreateAttestations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AttestationRecord.schema)
            .id()
            .field("contractor_id", .uuid, .required, .references(ContractorRecord.schema, .id))
            .field("period_start", .string, .required)
            .field("period_end", .string, .required)
            .field("revision", .int, .required)
            .field("previous_revision_id", .uuid)
            .field("questionnaire_version", .int, .required)
            .field("answers", .string, .required)
            .field("sections", .string, .required)
            .field("status", .string, .required)
            .field("review", .string)
            .field("submitted_at", .string, .required)
            .field("submitted_by", .string, .required)
            .field("version", .int, .required)
            .create()
        try await database.createIndex("attestations_contractor", on: AttestationRecord.schema, columns: ["contractor_id", "submitted_at"])
        try await database.createIndex("attestations_queue", on: AttestationRecord.schema, columns: ["status", "submitted_at", "id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AttestationRecord.schema).delete()
    }
}

struct CreateEvidenceFiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(EvidenceRecord.schema)
            .id()
            .field("attestation_id", .uuid, .required, .references(AttestationRecord.schema, .id))
            .field("contractor_id", .uuid, .required)
            .field("filename", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("content", .data, .required)
            .field("uploaded_at", .string, .required)
            .field("uploaded_by", .string, .required)
            .create()
        try await database.createIndex("evidence_files_attestation", on: EvidenceRecord.schema, columns: ["attestation_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EvidenceRecord.schema).delete()
    }
}

struct CreateIncidents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(IncidentRecord.schema)
            .id()
            .field("contractor_id", .uuid, .required, .references(ContractorRecord.schema, .id))
            .field("status", .string, .required)
            .field("reported_at", .string, .required)
            .field("body", .string, .required)
            .field("version", .int, .required)
            .create()
        try await database.createIndex("incidents_contractor", on: IncidentRecord.schema, columns: ["contractor_id", "reported_at", "id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IncidentRecord.schema).delete()
    }
}

struct CreateIdempotencyKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(IdempotencyRow.schema)
            .id()
            .field("scope", .string, .required)
            .field("key", .string, .required)
            .field("operation", .string, .required)
            .field("request_hash", .string, .required)
            .field("result", .string)
            .field("created_at", .string, .required)
            // A concurrent repeat blocks on this constraint until the first request commits.
            .unique(on: "scope", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IdempotencyRow.schema).delete()
    }
}

/// Entrustments carry the contractor's certificate of return or deletion.
struct UpdateEntrustmentsAddDispositionCertificate: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(EntrustmentRecord.schema).field("disposition_certificate", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EntrustmentRecord.schema).deleteField("disposition_certificate").update()
    }
}
