import Foundation
import ItakuCore

/// Attestations waiting for compliance, oldest first.
public struct ReviewQueuePage: PageContent, Equatable {
    public static let template = "review-queue"

    public struct Row: Encodable, Sendable, Equatable {
        public var contractor: String
        public var href: String
        public var period: String
        public var revision: Int
        public var submittedAt: String
        public var criticalFailures: Int
    }

    public var rows: [Row]
    public var nextHref: String?

    public init(page: Page<Attestation>, names: [UUID: String], questionnaires: [Int: Questionnaire]) {
        rows = page.items.map { attestation in
            Row(
                contractor: names[attestation.contractorID] ?? WebFormat.lowercased(attestation.contractorID),
                href: "/ui/attestations/\(WebFormat.lowercased(attestation.id))",
                period: "\(attestation.periodStart) – \(attestation.periodEnd)", revision: attestation.revision,
                submittedAt: WebFormat.moment(attestation.submittedAt),
                criticalFailures: questionnaires[attestation.questionnaireVersion].map {
                    AttestationPage.answers(attestation, questionnaire: $0).filter { $0.criticalFailure }.count
                } ?? 0)
        }
        nextHref = page.nextCursor.map { "/ui/review?cursor=\($0)" }
    }
}

/// One attestation revision: answers beside what was expected, the structured sections, the
/// evidence, the earlier revisions, and the decision form.
public struct AttestationPage: PageContent, Equatable {
    public static let template = "attestation"

    public struct AnswerRow: Encodable, Sendable, Equatable {
        public var code: String
        public var area: String?
        public var question: String
        public var answer: String
        public var expected: String
        public var meets: Bool
        public var critical: Bool
        public var criticalFailure: Bool
    }

    public struct EvidenceRow: Encodable, Sendable, Equatable {
        public var filename: String
        public var mediaType: String
        public var size: Int
        public var sha256: String
        public var href: String
    }

    public struct RevisionRow: Encodable, Sendable, Equatable {
        public var revision: Int
        public var href: String
        public var status: String
        public var decision: String?
        public var current: Bool
    }

    public var id: String
    public var contractor: String
    public var contractorHref: String
    public var period: String
    public var revision: Int
    public var status: String
    public var version: Int
    public var submittedAt: String
    public var submittedBy: String
    public var questionnaireVersion: Int
    public var answers: [AnswerRow]
    public var criticalFailures: Int
    public var dataItemsHeld: String
    public var recordsHeld: Int
    public var locations: String
    public var subcontractors: [String]
    public var disclosures: [String]
    public var incidentsInPeriod: Int
    public var dispositions: [String]
    public var evidence: [EvidenceRow]
    public var revisions: [RevisionRow]
    public var review: String?
    public var canDecide: Bool
    public var decisionOptions: [FormField.Option]
    public var comment: String
    public var errors: FormErrors

    public init(
        attestation: Attestation, contractor: Contractor, questionnaire: Questionnaire?, evidence: [EvidenceFile], revisions: [Attestation],
        canReview: Bool, form: FormValues = FormValues(), issues: [FieldIssue] = []
    ) {
        id = WebFormat.lowercased(attestation.id)
        self.contractor = contractor.profile.legalName
        contractorHref = "/ui/contractors/\(WebFormat.lowercased(contractor.id))"
        period = "\(attestation.periodStart) – \(attestation.periodEnd)"
        revision = attestation.revision
        status = WebFormat.code(attestation.status.rawValue)
        version = attestation.version
        submittedAt = WebFormat.moment(attestation.submittedAt)
        submittedBy = attestation.submittedBy
        questionnaireVersion = attestation.questionnaireVersion
        answers = questionnaire.map { Self.answers(attestation, questionnaire: $0) } ?? []
        criticalFailures = answers.filter(\.criticalFailure).count
        let sections = attestation.sections
        dataItemsHeld = sections.dataItemsHeld.map(WebFormat.code).joined(separator: ", ")
        recordsHeld = sections.recordsHeld
        locations = sections.locations.joined(separator: ", ")
        subcontractors = sections.subcontractorsUsed.map {
            "\($0.name)\($0.corporateNumber.map { " (\($0))" } ?? ""), \($0.country): \($0.dataItems.map(WebFormat.code).joined(separator: ", "))"
        }
        disclosures = sections.thirdPartyDisclosures.map {
            "\($0.date): \($0.records) records of \($0.dataItems.map(WebFormat.code).joined(separator: ", ")) to \($0.recipient) — basis \(WebFormat.code($0.basis))"
        }
        incidentsInPeriod = sections.incidentsInPeriod
        dispositions = sections.dispositions.map {
            "\($0.method.rawValue) on \($0.completedOn), signed by \($0.signatoryName)"
        }
        self.evidence = evidence.map {
            EvidenceRow(
                filename: $0.filename, mediaType: $0.contentType, size: $0.size, sha256: String($0.sha256.prefix(16)),
                href: "/ui/evidence/\(WebFormat.lowercased($0.id))")
        }
        self.revisions = revisions.sorted { $0.revision > $1.revision }.map {
            RevisionRow(
                revision: $0.revision, href: "/ui/attestations/\(WebFormat.lowercased($0.id))", status: WebFormat.code($0.status.rawValue),
                decision: $0.review.map { review in "\(review.decidedBy): \(review.comment ?? review.decision.rawValue)" },
                current: $0.id == attestation.id)
        }
        review = attestation.review.map {
            "\(WebFormat.code($0.decision.rawValue)) by \($0.decidedBy) at \(WebFormat.moment($0.decidedAt))\($0.comment.map { ": \($0)" } ?? "")"
        }
        canDecide = canReview && attestation.status == .submitted
        let chosen = form["decision"] ?? ""
        decisionOptions = ReviewDecision.allCases.map {
            FormField.Option(value: $0.rawValue, label: WebFormat.code($0.rawValue), selected: $0.rawValue == chosen)
        }
        comment = form["comment"] ?? ""
        var fields = [FormField("decision", label: "Decision"), FormField("comment", label: "Comment")]
        errors = FormErrors.place(issues, on: &fields)
    }

    static func answers(_ attestation: Attestation, questionnaire: Questionnaire) -> [AnswerRow] {
        questionnaire.content.questions.map { question in
            let answer = attestation.answers[question.code]
            let meets = answer.map { question.expected?.isMet(by: $0) ?? true } ?? false
            return AnswerRow(
                code: question.code, area: question.area.map(WebFormat.code), question: question.text,
                answer: answer.map(Self.describe) ?? "not answered", expected: question.expected?.description ?? "any answer",
                meets: meets, critical: question.critical, criticalFailure: question.critical && !meets)
        }
    }

    static func describe(_ answer: AnswerValue) -> String {
        switch answer {
        case .yesNo(let value): value ? "yes" : "no"
        case .number(let value): String(value)
        case .text(let value): value
        }
    }
}
