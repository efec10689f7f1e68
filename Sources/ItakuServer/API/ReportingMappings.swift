import Foundation
import ItakuAPI
import ItakuCore
import OpenAPIRuntime

extension Components.Schemas.Questionnaire {
    init(_ questionnaire: Questionnaire) throws {
        self.init(
            version: questionnaire.version, title: questionnaire.content.title,
            questions: try questionnaire.content.questions.map { try WireCoding.convert($0, to: Components.Schemas.Question.self) },
            publishedAt: questionnaire.publishedAt, publishedBy: questionnaire.publishedBy, note: questionnaire.note)
    }
}

extension OpenAPIValueContainer {
    init(_ answer: AnswerValue) throws {
        switch answer {
        case .yesNo(let value): try self.init(unvalidatedValue: value)
        case .number(let value): try self.init(unvalidatedValue: value)
        case .text(let value): try self.init(unvalidatedValue: value)
        }
    }
}

extension Components.Schemas.Attestation {
    init(_ attestation: Attestation) throws {
        let sections = attestation.sections
        self.init(
            id: attestation.id.wire, contractorId: attestation.contractorID.wire, periodStart: attestation.periodStart.description,
            periodEnd: attestation.periodEnd.description, revision: attestation.revision,
            previousRevisionId: attestation.previousRevisionID?.wire, questionnaireVersion: attestation.questionnaireVersion,
            answers: .init(additionalProperties: try attestation.answers.mapValues(OpenAPIValueContainer.init)),
            sections: .init(
                dataItemsHeld: sections.dataItemsHeld, recordsHeld: sections.recordsHeld, locations: sections.locations,
                subcontractorsUsed: sections.subcontractorsUsed.map {
                    .init(name: $0.name, corporateNumber: $0.corporateNumber, country: $0.country, dataItems: $0.dataItems)
                },
                thirdPartyDisclosures: sections.thirdPartyDisclosures.map {
                    .init(
                        recipient: $0.recipient, recipientCorporateNumber: $0.recipientCorporateNumber, basis: $0.basis,
                        dataItems: $0.dataItems, records: $0.records, date: $0.date.description)
                },
                incidentsInPeriod: sections.incidentsInPeriod,
                dispositions: sections.dispositions.map(Components.Schemas.DispositionCertificate.init)),
            status: .init(rawValue: attestation.status.rawValue)!,
            review: attestation.review.map {
                .init(decision: .init(rawValue: $0.decision.rawValue)!, comment: $0.comment, decidedAt: $0.decidedAt, decidedBy: $0.decidedBy)
            },
            submittedAt: attestation.submittedAt, submittedBy: attestation.submittedBy, version: attestation.version)
    }
}

extension AttestationInput {
    init(_ body: Components.Schemas.AttestationInput) {
        var issues: [FieldIssue] = []
        var answers: [String: AnswerValue]?
        if let given = body.answers?.additionalProperties {
            var converted: [String: AnswerValue] = [:]
            for (code, value) in given {
                switch value.value {
                case let flag as Bool: converted[code] = .yesNo(flag)
                case let number as Int: converted[code] = .number(number)
                case let number as Double where number.rounded() == number && abs(number) < 1e15: converted[code] = .number(Int(number))
                case let text as String: converted[code] = .text(text)
                default: issues.append(FieldIssue("answers.\(code)", "must be true or false, an integer or a string"))
                }
            }
            answers = converted
        }
        self.init(
            periodStart: body.periodStart, periodEnd: body.periodEnd, questionnaireVersion: body.questionnaireVersion, answers: answers,
            dataItemsHeld: body.dataItemsHeld, recordsHeld: body.recordsHeld, locations: body.locations,
            subcontractorsUsed: body.subcontractorsUsed?.map {
                SubcontractorUseInput(name: $0.name, corporateNumber: $0.corporateNumber, country: $0.country, dataItems: $0.dataItems)
            },
            thirdPartyDisclosures: body.thirdPartyDisclosures?.map {
                DisclosureInput(
                    recipient: $0.recipient, recipientCorporateNumber: $0.recipientCorporateNumber, basis: $0.basis, dataItems: $0.dataItems,
                    records: $0.records, date: $0.date)
            },
            incidentsInPeriod: body.incidentsInPeriod,
            dispositions: body.dispositions?.map {
                DispositionInput(
                    entrustmentID: $0.entrustmentId, method: $0.method, completedOn: $0.completedOn, signatoryName: $0.signatoryName,
                    signatoryTitle: $0.signatoryTitle)
            },
            resubmissionOf: body.resubmissionOf, issues: issues)
    }
}

extension Components.Schemas.EvidenceFile {
    init(_ file: EvidenceFile) {
        self.init(
            id: file.id.wire, attestationId: file.attestationID.wire, filename: file.filename, contentType: file.contentType,
            size: file.size, sha256: file.sha256, uploadedAt: file.uploadedAt, uploadedBy: file.uploadedBy,
            contentUrl: "/api/v1/evidence/\(file.id.wire)/content")
    }
}

extension Components.Schemas.IncidentReport {
    init(_ report: IncidentDesk.Report) throws {
        let incident = report.incident
        let deadlines = report.deadlines
        self.init(
            incident: .init(
                id: incident.id.wire, contractorId: incident.contractorID.wire, category: .init(rawValue: incident.category.rawValue)!,
                discoveredAt: incident.discoveredAt, reportedAt: incident.reportedAt, recordsAffected: incident.recordsAffected,
                dataItemsAffected: incident.dataItemsAffected, involvesSpecialCare: incident.involvesSpecialCare,
                improperPurpose: incident.improperPurpose, description: incident.description,
                entrustmentIds: incident.entrustmentIDs.map(\.wire), status: .init(rawValue: incident.status.rawValue)!,
                updates: incident.updates.map {
                    .init(at: $0.at, by: $0.by, role: $0.role, text: $0.text, status: $0.status.map { .init(rawValue: $0.rawValue)! })
                }, version: incident.version),
            deadlines: .init(
                contractorNotice: .init(
                    deadlineHours: try deadlines.contractorNotice.deadlineHours.map(OpenAPIValueContainer.init),
                    deadline: deadlines.contractorNotice.deadline, onTime: deadlines.contractorNotice.onTime,
                    explanation: deadlines.contractorNotice.explanation),
                regulator: .init(
                    reportable: deadlines.regulator.reportable, reasons: deadlines.regulator.reasons,
                    knownOn: deadlines.regulator.knownOn.description, preliminaryDueOn: deadlines.regulator.preliminaryDueOn?.description,
                    finalDueOn: deadlines.regulator.finalDueOn?.description, explanation: deadlines.regulator.explanation)))
    }
}

extension Components.Schemas.DispositionCertificate {
    init(_ certificate: DispositionCertificate) {
        self.init(
            entrustmentId: certificate.entrustmentID.wire, method: .init(rawValue: certificate.method.rawValue)!,
            completedOn: certificate.completedOn.description, signatoryName: certificate.signatoryName,
            signatoryTitle: certificate.signatoryTitle)
    }
}
