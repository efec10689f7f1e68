import Foundation

/// Everything a contract document may say, frozen when it is rendered: templates read this and
/// nothing else, and it is stored beside the document so what was signed can be shown to have
/// come from what was checked. Every value is text or a yes/no, ready to print.
public struct DocumentSnapshot: Codable, Sendable, Equatable {
    /// Bumped when the shape changes, so stored snapshots stay readable.
    public var schemaVersion: Int
    public var renderedOn: String
    public var company: CompanyPart
    public var contractor: ContractorPart
    public var contract: ContractPart
    public var entrustments: [EntrustmentPart]
    public var scope: ScopePart
    public var terms: [TermPart]
    /// Obligation kind → its clause number in the schedule, for clauses that refer to others.
    public var clauses: [String: String]
    public var checklists: [ChecklistPart]
    public var subcontractors: [SubcontractorPart]
    public var reporting: ReportingPart

    public static let currentSchemaVersion = 1

    public init(
        renderedOn: String, company: CompanyPart, contractor: ContractorPart, contract: ContractPart,
        entrustments: [EntrustmentPart], scope: ScopePart, terms: [TermPart], checklists: [ChecklistPart],
        subcontractors: [SubcontractorPart], reporting: ReportingPart
    ) {
        self.schemaVersion = Self.currentSchemaVersion
        self.renderedOn = renderedOn
        self.company = company
        self.contractor = contractor
        self.contract = contract
        self.entrustments = entrustments
        self.scope = scope
        self.terms = terms
        self.clauses = Dictionary(terms.map { ($0.kind, $0.clause) }, uniquingKeysWith: { first, _ in first })
        self.checklists = checklists
        self.subcontractors = subcontractors
        self.reporting = reporting
    }

    /// The company that entrusts the data.
    public struct CompanyPart: Codable, Sendable, Equatable {
        public var name: String
        public var country: String
    }

    /// The contractor as registered.
    public struct ContractorPart: Codable, Sendable, Equatable {
        public var id: String
        public var legalName: String
        public var corporateNumber: String?
        public var country: String
        public var relationship: String
        public var contacts: [ContactPart]
        public var certifications: [CertificationPart]
    }

    /// A person to write to at the contractor.
    public struct ContactPart: Codable, Sendable, Equatable {
        public var name: String
        public var email: String
        public var role: String?
        public var phone: String?
    }

    /// A certification the contractor holds.
    public struct CertificationPart: Codable, Sendable, Equatable {
        public var scheme: String
        public var title: String
        public var validUntil: String
        public var reference: String?
    }

    /// The contract the document belongs to.
    public struct ContractPart: Codable, Sendable, Equatable {
        public var id: String
        public var reference: String
        public var status: String
        public var effectiveFrom: String
        public var expiresOn: String?
        public var signedOn: String?
        public var isSigned: Bool
        public var signatories: [SignatoryPart]
        public var supersedesReference: String?
        /// The policy version the terms were judged against.
        public var policyVersion: String
        public var isEquivalent: Bool
        /// What falls short of the policy, one line each; empty when equivalent.
        public var shortfalls: [ShortfallPart]
    }

    /// Who signed, for whom.
    public struct SignatoryPart: Codable, Sendable, Equatable {
        public var name: String
        public var title: String?
        public var party: String
    }

    /// One way the contract falls short of the policy.
    public struct ShortfallPart: Codable, Sendable, Equatable {
        public var title: String
        public var explanation: String
    }

    /// One entrusted data scope (annex entry).
    public struct EntrustmentPart: Codable, Sendable, Equatable {
        public var id: String
        /// The annex number, `E1`, `E2`, … in the contract's order.
        public var number: String
        public var title: String
        public var description: String?
        public var purposes: [CodedPart]
        public var subjectCategories: [CodedPart]
        public var dataItems: [DataItemPart]
        /// The lists above as one line each, for table cells.
        public var purposesText: String
        public var subjectsText: String
        public var itemsText: String
        public var locationsText: String
        public var estimatedRecords: String
        public var locations: [CodedPart]
        public var retentionDays: String
        public var startsOn: String
        public var endsOn: String?
        public var disposition: String
        public var dispositionCertificate: DispositionPart?
    }

    /// A catalog code with its title.
    public struct CodedPart: Codable, Sendable, Equatable {
        public var code: String
        public var title: String
    }

    /// A data item with how closely the law guards it.
    public struct DataItemPart: Codable, Sendable, Equatable {
        public var code: String
        public var title: String
        public var `class`: String
        public var isSpecialCare: Bool
        public var isIndividualNumber: Bool
    }

    /// A certified return or deletion.
    public struct DispositionPart: Codable, Sendable, Equatable {
        public var method: String
        public var completedOn: String
        public var signatoryName: String
        public var signatoryTitle: String?
    }

    /// Facts about the whole scope that decide which clauses apply.
    public struct ScopePart: Codable, Sendable, Equatable {
        public var includesIndividualNumber: Bool
        public var includesSpecialCare: Bool
        public var handledAbroad: Bool
        public var subcontracting: Bool
        public var totalRecords: String
        public var conditions: [CodedPart]
    }

    /// One term of the obligations schedule.
    public struct TermPart: Codable, Sendable, Equatable {
        /// The clause number in the schedule, `1`, `2`, ….
        public var clause: String
        public var kind: String
        public var title: String
        public var party: String
        /// Who the clause binds, in words.
        public var binds: String
        public var mustFlowDown: Bool
        public var cites: String
        public var parameters: [ParameterPart]
        /// The parameters on one line, `Label: value; Label: value`.
        public var summary: String
    }

    /// One parameter of a term, in words.
    public struct ParameterPart: Codable, Sendable, Equatable {
        public var name: String
        public var label: String
        public var value: String
    }

    /// Where the contract meets one framework's list of required contract items.
    public struct ChecklistPart: Codable, Sendable, Equatable {
        public var code: String
        public var title: String
        public var isComplete: Bool
        public var items: [ChecklistItemPart]
    }

    /// One required item and the clauses that address it.
    public struct ChecklistItemPart: Codable, Sendable, Equatable {
        public var code: String
        public var title: String
        public var isAddressed: Bool
        public var isRecommended: Bool
        /// Clause numbers, `3, 7`; empty when not addressed.
        public var clauses: String
    }

    /// A sub-contractor the contractor passes work on to.
    public struct SubcontractorPart: Codable, Sendable, Equatable {
        public var id: String
        public var legalName: String
        public var country: String
        public var status: String
        public var isApproved: Bool
        public var description: String?
        public var purposes: [CodedPart]
        public var dataItems: [CodedPart]
        public var locations: [CodedPart]
        public var purposesText: String
        public var itemsText: String
        public var locationsText: String
        public var entrustmentNumbers: String
        public var requestedOn: String
        public var decidedOn: String?
        public var flowedDownTerms: String
    }

    /// What the contractor must report and how to send it.
    public struct ReportingPart: Codable, Sendable, Equatable {
        public var hasSchedule: Bool
        public var intervalMonths: String?
        public var graceDays: String
        public var nextPeriod: PeriodPart?
        public var openPeriods: [PeriodPart]
        public var questionnaireVersion: String
        public var questionnairePath: String
        public var submitPath: String
        public var duePath: String
        public var incidentPath: String
        public var breachNoticeHours: String?
    }

    /// One reporting period and its due date.
    public struct PeriodPart: Codable, Sendable, Equatable {
        public var start: String
        public var end: String
        public var dueOn: String
        public var status: String
    }
}
