import Foundation

/// An attestation as it arrives from a contractor: every field raw, so every problem can be named.
public struct AttestationInput: Sendable, Equatable {
    public var periodStart: String?
    public var periodEnd: String?
    public var questionnaireVersion: Int?
    public var answers: [String: AnswerValue]?
    public var dataItemsHeld: [String]?
    public var recordsHeld: Int?
    public var locations: [String]?
    public var subcontractorsUsed: [SubcontractorUseInput]?
    public var thirdPartyDisclosures: [DisclosureInput]?
    public var incidentsInPeriod: Int?
    public var dispositions: [DispositionInput]?
    /// The revision this one answers, after `changes_requested`.
    public var resubmissionOf: String?
    /// Problems found while reading the wire form.
    public var issues: [FieldIssue]

    public init(
        periodStart: String? = nil, periodEnd: String? = nil, questionnaireVersion: Int? = nil, answers: [String: AnswerValue]? = nil,
        dataItemsHeld: [String]? = nil, recordsHeld: Int? = nil, locations: [String]? = nil,
        subcontractorsUsed: [SubcontractorUseInput]? = nil, thirdPartyDisclosures: [DisclosureInput]? = nil,
        incidentsInPeriod: Int? = nil, dispositions: [DispositionInput]? = nil, resubmissionOf: String? = nil, issues: [FieldIssue] = []
    ) {
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.questionnaireVersion = questionnaireVersion
        self.answers = answers
        self.dataItemsHeld = dataItemsHeld
        self.recordsHeld = recordsHeld
        self.locations = locations
        self.subcontractorsUsed = subcontractorsUsed
        self.thirdPartyDisclosures = thirdPartyDisclosures
        self.incidentsInPeriod = incidentsInPeriod
        self.dispositions = dispositions
        self.resubmissionOf = resubmissionOf
        self.issues = issues
    }

    /// The checked parts of a submission.
    public struct Fields: Sendable, Equatable {
        public var periodStart: CalendarDay
        public var periodEnd: CalendarDay
        public var questionnaireVersion: Int
        public var answers: [String: AnswerValue]
        public var sections: AttestationSections
        public var resubmissionOf: UUID?
    }

    /// Validates against the questionnaire version named, the catalog and the contractor's own
    /// entrustments; every problem is named at once.
    public func validated(
        questionnaire: Questionnaire?, catalog: Catalog, ownEntrustments: [UUID: Entrustment], today: CalendarDay
    ) throws(ItakuError) -> Fields {
        var issues = IssueList()
        issues.append(contentsOf: self.issues)

        var start: CalendarDay?
        var end: CalendarDay?
        if let raw = periodStart { start = FieldRules.day(raw, "periodStart", into: &issues) } else { issues.add("periodStart", "is required") }
        if let raw = periodEnd { end = FieldRules.day(raw, "periodEnd", into: &issues) } else { issues.add("periodEnd", "is required") }
        if let start, let end {
            if end < start { issues.add("periodEnd", "must not be before periodStart") }
            if end > today { issues.add("periodEnd", "is in the future; attest a period only after it has ended") }
            if start.days(until: end) > 800 { issues.add("periodEnd", "a period may span at most 800 days") }
        }

        var answers: [String: AnswerValue] = [:]
        if questionnaireVersion == nil {
            issues.add("questionnaireVersion", "is required")
        } else if questionnaire == nil {
            issues.add("questionnaireVersion", "there is no questionnaire version \(questionnaireVersion!)")
        }
        if let questionnaire {
            let given = self.answers ?? [:]
            for question in questionnaire.content.questions {
                guard let raw = given[question.code] else {
                    issues.add("answers.\(question.code)", "is unanswered")
                    continue
                }
                switch question.interpret(raw) {
                case .success(let value): answers[question.code] = value
                case .failure(let problem): issues.add("answers.\(question.code)", problem.message)
                }
            }
            for code in given.keys.sorted() where questionnaire.content.question(code) == nil {
                issues.add("answers.\(code)", "is not a question of questionnaire version \(questionnaire.version)")
            }
        }

        let items = FieldRules.codes(dataItemsHeld, "dataItemsHeld", what: "data item", required: false, into: &issues, isKnown: catalog.hasDataItem)
        if dataItemsHeld == nil { issues.add("dataItemsHeld", "is required (an empty list if none)") }
        if let records = recordsHeld { if records < 0 { issues.add("recordsHeld", "must be 0 or more") } } else { issues.add("recordsHeld", "is required") }
        var countries: [String] = []
        if let raw = locations {
            for (index, value) in raw.enumerated() {
                if let code = FieldRules.country(value, "locations[\(index)]", into: &issues) { countries.append(code) }
            }
        } else {
            issues.add("locations", "is required (an empty list if no data was held)")
        }
        if let count = incidentsInPeriod { if count < 0 { issues.add("incidentsInPeriod", "must be 0 or more") } } else {
            issues.add("incidentsInPeriod", "is required")
        }

        let subcontractors = (subcontractorsUsed ?? []).enumerated().compactMap { index, entry in
            entry.validated("subcontractorsUsed[\(index)]", catalog: catalog, into: &issues)
        }
        let disclosures = (thirdPartyDisclosures ?? []).enumerated().compactMap { index, entry in
            entry.validated("thirdPartyDisclosures[\(index)]", catalog: catalog, today: today, into: &issues)
        }
        let dispositions = (dispositions ?? []).enumerated().compactMap { index, entry in
            entry.validated("dispositions[\(index)]", ownEntrustments: ownEntrustments, today: today, into: &issues)
        }

        var previous: UUID?
        if let raw = resubmissionOf {
            if let id = UUID(uuidString: raw) { previous = id } else { issues.add("resubmissionOf", "'\(raw)' is not an attestation id") }
        }
        try issues.throwIfAny()
        return Fields(
            periodStart: start!, periodEnd: end!, questionnaireVersion: questionnaire!.version, answers: answers,
            sections: AttestationSections(
                dataItemsHeld: items ?? [], recordsHeld: recordsHeld!, locations: Array(Set(countries)).sorted(),
                subcontractorsUsed: subcontractors, thirdPartyDisclosures: disclosures, incidentsInPeriod: incidentsInPeriod!,
                dispositions: dispositions),
            resubmissionOf: previous)
    }
}

/// A sub-contractor entry as it arrives.
public struct SubcontractorUseInput: Sendable, Equatable {
    public var name: String?
    public var corporateNumber: String?
    public var country: String?
    public var dataItems: [String]?

    public init(name: String? = nil, corporateNumber: String? = nil, country: String? = nil, dataItems: [String]? = nil) {
        self.name = name
        self.corporateNumber = corporateNumber
        self.country = country
        self.dataItems = dataItems
    }

    func validated(_ field: String, catalog: Catalog, into issues: inout IssueList) -> SubcontractorUse? {
        let name = FieldRules.text(name, "\(field).name", required: true, maxLength: 300, into: &issues)
        let number = FieldRules.text(corporateNumber, "\(field).corporateNumber", required: false, maxLength: 13, into: &issues)
        if let number, let problem = CorporateNumber.problem(number) { issues.add("\(field).corporateNumber", problem) }
        var country: String?
        if let raw = self.country { country = FieldRules.country(raw, "\(field).country", into: &issues) } else {
            issues.add("\(field).country", "is required")
        }
        let items = FieldRules.codes(dataItems, "\(field).dataItems", what: "data item", required: true, into: &issues, isKnown: catalog.hasDataItem)
        guard let name, let country, let items else { return nil }
        return SubcontractorUse(name: name, corporateNumber: number, country: country, dataItems: items)
    }
}

/// A disclosure entry as it arrives.
public struct DisclosureInput: Sendable, Equatable {
    public var recipient: String?
    public var recipientCorporateNumber: String?
    public var basis: String?
    public var dataItems: [String]?
    public var records: Int?
    public var date: String?

    public init(
        recipient: String? = nil, recipientCorporateNumber: String? = nil, basis: String? = nil, dataItems: [String]? = nil,
        records: Int? = nil, date: String? = nil
    ) {
        self.recipient = recipient
        self.recipientCorporateNumber = recipientCorporateNumber
        self.basis = basis
        self.dataItems = dataItems
        self.records = records
        self.date = date
    }

    /// The basis codes a disclosure may name.
    static func knownBases(_ catalog: Catalog) -> [String] {
        catalog.thirdPartyExceptions.map(\.code) + catalog.nonThirdPartyKinds.map(\.code) + ["none"]
    }

    func validated(_ field: String, catalog: Catalog, today: CalendarDay, into issues: inout IssueList) -> Disclosure? {
        let recipient = FieldRules.text(recipient, "\(field).recipient", required: true, maxLength: 300, into: &issues)
        let number = FieldRules.text(recipientCorporateNumber, "\(field).recipientCorporateNumber", required: false, maxLength: 13, into: &issues)
        if let number, let problem = CorporateNumber.problem(number) { issues.add("\(field).recipientCorporateNumber", problem) }
        var basis: String?
        if let raw = self.basis {
            let known = Self.knownBases(catalog)
            if known.contains(raw) { basis = raw } else { issues.add("\(field).basis", "'\(raw)' is not one of \(known.joined(separator: ", "))") }
        } else {
            issues.add("\(field).basis", "is required (`none` when there was no basis)")
        }
        let items = FieldRules.codes(dataItems, "\(field).dataItems", what: "data item", required: true, into: &issues, isKnown: catalog.hasDataItem)
        if let records, records < 0 { issues.add("\(field).records", "must be 0 or more") }
        if records == nil { issues.add("\(field).records", "is required") }
        var day: CalendarDay?
        if let raw = date {
            day = FieldRules.day(raw, "\(field).date", into: &issues)
            if let disclosed = day, disclosed > today { issues.add("\(field).date", "is in the future") }
        } else {
            issues.add("\(field).date", "is required")
        }
        guard let recipient, let basis, let items, let records, let day else { return nil }
        return Disclosure(recipient: recipient, recipientCorporateNumber: number, basis: basis, dataItems: items, records: records, date: day)
    }
}

/// A return-or-deletion certificate as it arrives.
public struct DispositionInput: Sendable, Equatable {
    public var entrustmentID: String?
    public var method: String?
    public var completedOn: String?
    public var signatoryName: String?
    public var signatoryTitle: String?

    public init(
        entrustmentID: String? = nil, method: String? = nil, completedOn: String? = nil, signatoryName: String? = nil,
        signatoryTitle: String? = nil
    ) {
        self.entrustmentID = entrustmentID
        self.method = method
        self.completedOn = completedOn
        self.signatoryName = signatoryName
        self.signatoryTitle = signatoryTitle
    }

    /// Checks the certificate; the entrustment must be the contractor's own. Whether its work has
    /// ended is for the caller, which knows the contracts.
    func validated(_ field: String, ownEntrustments: [UUID: Entrustment], today: CalendarDay, into issues: inout IssueList) -> DispositionCertificate? {
        var entrustment: UUID?
        if let raw = entrustmentID {
            if let id = UUID(uuidString: raw), ownEntrustments[id] != nil { entrustment = id } else {
                issues.add(Self.path(field, "entrustmentId"), "'\(raw)' is not one of your entrustments")
            }
        } else {
            issues.add(Self.path(field, "entrustmentId"), "is required")
        }
        var method: Disposition?
        if let raw = self.method {
            if raw == Disposition.returned.rawValue || raw == Disposition.deleted.rawValue { method = Disposition(rawValue: raw) } else {
                issues.add(Self.path(field, "method"), "'\(raw)' is not one of returned, deleted")
            }
        } else {
            issues.add(Self.path(field, "method"), "is required")
        }
        var day: CalendarDay?
        if let raw = completedOn {
            day = FieldRules.day(raw, Self.path(field, "completedOn"), into: &issues)
            if let completed = day, completed > today { issues.add(Self.path(field, "completedOn"), "is in the future") }
        } else {
            issues.add(Self.path(field, "completedOn"), "is required")
        }
        let name = FieldRules.text(signatoryName, Self.path(field, "signatoryName"), required: true, maxLength: 200, into: &issues)
        let title = FieldRules.text(signatoryTitle, Self.path(field, "signatoryTitle"), required: false, maxLength: 200, into: &issues)
        guard let entrustment, let method, let day, let name else { return nil }
        return DispositionCertificate(
            entrustmentID: entrustment, method: method, completedOn: day, signatoryName: name, signatoryTitle: title)
    }

    static func path(_ field: String, _ name: String) -> String { field.isEmpty ? name : "\(field).\(name)" }
}
