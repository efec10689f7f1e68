import Foundation

/// Where an attestation revision stands in review.
public enum AttestationStatus: String, Codable, Sendable, CaseIterable {
    case submitted, accepted, rejected
    case changesRequested = "changes_requested"
}

/// A reviewer's decision on one revision.
public enum ReviewDecision: String, Codable, Sendable, CaseIterable {
    case accepted, rejected
    case changesRequested = "changes_requested"
}

/// A sub-contractor the contractor says it used in the period.
public struct SubcontractorUse: Codable, Sendable, Equatable {
    public var name: String
    public var corporateNumber: String?
    public var country: String
    public var dataItems: [String]
}

/// A disclosure of entrusted data to someone else, with the basis the contractor relied on.
public struct Disclosure: Codable, Sendable, Equatable {
    public var recipient: String
    public var recipientCorporateNumber: String?
    /// An exception or non-third-party kind from the catalog, or `none`.
    public var basis: String
    public var dataItems: [String]
    public var records: Int
    public var date: CalendarDay
}

/// A certificate that entrusted data was returned or deleted when the work ended.
public struct DispositionCertificate: Codable, Sendable, Equatable {
    public var entrustmentID: UUID
    public var method: Disposition
    public var completedOn: CalendarDay
    public var signatoryName: String
    public var signatoryTitle: String?

    public init(entrustmentID: UUID, method: Disposition, completedOn: CalendarDay, signatoryName: String, signatoryTitle: String?) {
        self.entrustmentID = entrustmentID
        self.method = method
        self.completedOn = completedOn
        self.signatoryName = signatoryName
        self.signatoryTitle = signatoryTitle
    }
}

/// The facts an attestation states about the period, which the risk rules read.
public struct AttestationSections: Codable, Sendable, Equatable {
    public var dataItemsHeld: [String]
    public var recordsHeld: Int
    public var locations: [String]
    public var subcontractorsUsed: [SubcontractorUse]
    public var thirdPartyDisclosures: [Disclosure]
    public var incidentsInPeriod: Int
    public var dispositions: [DispositionCertificate]
}

/// A reviewer's decision as recorded.
public struct Review: Codable, Sendable, Equatable {
    public var decision: ReviewDecision
    public var comment: String?
    public var decidedAt: Date
    public var decidedBy: String
}

/// A reporting period some revision covers, whole or in outline.
public protocol CoversPeriod {
    var periodStart: CalendarDay { get }
    var periodEnd: CalendarDay { get }
}

extension CoversPeriod {
    public func overlaps(_ start: CalendarDay, _ end: CalendarDay) -> Bool {
        periodStart <= end && start <= periodEnd
    }
}

/// One revision of a contractor's leak-prevention report for a period.
public struct Attestation: Codable, Sendable, Equatable, Identifiable, CoversPeriod {
    public var id: UUID
    public var contractorID: UUID
    public var periodStart: CalendarDay
    public var periodEnd: CalendarDay
    /// 1 for the first submission for a period; a resubmission after `changes_requested` adds one.
    public var revision: Int
    public var previousRevisionID: UUID?
    public var questionnaireVersion: Int
    public var answers: [String: AnswerValue]
    public var sections: AttestationSections
    public var status: AttestationStatus
    public var review: Review?
    public var submittedAt: Date
    public var submittedBy: String
    public var version: Int

    public init(
        id: UUID, contractorID: UUID, periodStart: CalendarDay, periodEnd: CalendarDay, revision: Int, previousRevisionID: UUID?,
        questionnaireVersion: Int, answers: [String: AnswerValue], sections: AttestationSections,
        status: AttestationStatus = .submitted, review: Review? = nil, submittedAt: Date, submittedBy: String, version: Int = 1
    ) {
        self.id = id
        self.contractorID = contractorID
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.revision = revision
        self.previousRevisionID = previousRevisionID
        self.questionnaireVersion = questionnaireVersion
        self.answers = answers
        self.sections = sections
        self.status = status
        self.review = review
        self.submittedAt = submittedAt
        self.submittedBy = submittedBy
        self.version = version
    }

    /// Critical questions answered against their expected answer.
    public func failedCriticalControls(in questionnaire: QuestionnaireContent) -> [Question] {
        questionnaire.questions.filter { question in
            guard question.critical, let expected = question.expected, let answer = answers[question.code] else { return false }
            return !expected.isMet(by: answer)
        }
    }
}
