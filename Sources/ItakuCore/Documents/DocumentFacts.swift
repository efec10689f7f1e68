import Foundation

/// The records a contract document is drawn from, gathered in one read.
public struct DocumentFacts: Sendable {
    public var companyName: String
    public var renderedOn: CalendarDay
    public var contract: Contract
    public var contractor: Contractor
    /// The contract's entrustments, in the contract's order.
    public var entrustments: [Entrustment]
    public var policy: PolicyVersion
    public var equivalence: EquivalenceReport
    /// Sub-contractings the contractor passes on, with the sub-contractor's registered name.
    public var subcontractings: [(Subcontracting, Contractor)]
    public var predecessor: Contract?
    public var questionnaireVersion: Int?
    public var reportingIntervalMonths: Int?
    public var periods: [AttestationSchedule.Period]

    public init(
        companyName: String, renderedOn: CalendarDay, contract: Contract, contractor: Contractor, entrustments: [Entrustment],
        policy: PolicyVersion, equivalence: EquivalenceReport, subcontractings: [(Subcontracting, Contractor)],
        predecessor: Contract?, questionnaireVersion: Int?, reportingIntervalMonths: Int?, periods: [AttestationSchedule.Period]
    ) {
        self.companyName = companyName
        self.renderedOn = renderedOn
        self.contract = contract
        self.contractor = contractor
        self.entrustments = entrustments
        self.policy = policy
        self.equivalence = equivalence
        self.subcontractings = subcontractings
        self.predecessor = predecessor
        self.questionnaireVersion = questionnaireVersion
        self.reportingIntervalMonths = reportingIntervalMonths
        self.periods = periods
    }
}

extension DocumentSnapshot {
    /// The snapshot of `facts`, with codes given their catalog titles and terms numbered in
    /// catalog order so the same contract always yields the same schedule.
    public init(_ facts: DocumentFacts, catalog: Catalog) {
        let contract = facts.contract
        let terms = Self.terms(of: contract, catalog: catalog)
        let clauseOfKind = Dictionary(terms.map { ($0.kind, $0.clause) }, uniquingKeysWith: { first, _ in first })
        let numberOfEntrustment = Dictionary(
            facts.entrustments.enumerated().map { ($1.id, "E\($0 + 1)") }, uniquingKeysWith: { first, _ in first })
        let conditions = Set(facts.equivalence.conditions)
        let items = facts.entrustments.flatMap(\.scope.dataItems).compactMap(catalog.dataItem)

        self.init(
            renderedOn: facts.renderedOn.description,
            company: CompanyPart(name: facts.companyName, country: facts.policy.content.settings.companyCountry),
            contractor: Self.contractor(facts.contractor, catalog: catalog),
            contract: ContractPart(
                id: contract.id.uuidString.lowercased(), reference: contract.reference,
                status: contract.status(on: facts.renderedOn).rawValue, effectiveFrom: contract.effectiveFrom.description,
                expiresOn: contract.expiresOn?.description, signedOn: contract.signedOn?.description,
                isSigned: contract.signedOn != nil,
                signatories: contract.signatories.map { SignatoryPart(name: $0.name, title: $0.title, party: $0.party.rawValue) },
                supersedesReference: facts.predecessor?.reference, policyVersion: String(facts.equivalence.policyVersion),
                isEquivalent: facts.equivalence.isEquivalent,
                shortfalls: facts.equivalence.shortfalls.map { ShortfallPart(title: $0.title, explanation: $0.explanation) }),
            entrustments: facts.entrustments.enumerated().map { Self.entrustment($1, number: "E\($0 + 1)", catalog: catalog) },
            scope: ScopePart(
                includesIndividualNumber: items.contains { $0.class == .individualNumber },
                includesSpecialCare: items.contains { $0.class == .specialCare },
                handledAbroad: conditions.contains(.foreignLocation), subcontracting: conditions.contains(.subcontracting),
                totalRecords: DocumentNumber.grouped(facts.entrustments.reduce(0) { $0 + $1.scope.estimatedRecords }),
                conditions: catalog.conditionalRequirements.filter { conditions.contains($0.condition) }
                    .map { CodedPart(code: $0.condition.rawValue, title: $0.title) }),
            terms: terms,
            checklists: catalog.contractChecklists.filter { $0.onlyWhen.map(conditions.contains) ?? true }
                .map { Self.checklist($0, clauseOfKind: clauseOfKind) },
            subcontractors: facts.subcontractings.map {
                Self.subcontractor($0.0, child: $0.1, numbers: numberOfEntrustment, catalog: catalog)
            },
            reporting: Self.reporting(facts, catalog: catalog))
    }

    static func contractor(_ contractor: Contractor, catalog: Catalog) -> ContractorPart {
        let profile = contractor.profile
        return ContractorPart(
            id: contractor.id.uuidString.lowercased(), legalName: profile.legalName, corporateNumber: profile.corporateNumber,
            country: profile.country, relationship: profile.relationship.rawValue.replacingUnderscores,
            contacts: profile.contacts.map { ContactPart(name: $0.name, email: $0.email, role: $0.role, phone: $0.phone) },
            certifications: profile.certifications.map { certification in
                CertificationPart(
                    scheme: certification.scheme,
                    title: catalog.certificationSchemes.first { $0.code == certification.scheme }?.title ?? certification.scheme,
                    validUntil: certification.validUntil.description, reference: certification.reference)
            })
    }

    /// The contract's terms in catalog order, numbered from 1; parameters in the kind's order.
    static func terms(of contract: Contract, catalog: Catalog) -> [TermPart] {
        let byKind = Dictionary(contract.obligations.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        var parts: [TermPart] = []
        for kind in catalog.obligationKinds {
            guard let term = byKind[kind.code] else { continue }
            let parameters = kind.parameters.compactMap { spec -> ParameterPart? in
                guard let value = term.parameters[spec.name] else { return nil }
                return ParameterPart(name: spec.name, label: spec.label, value: spec.wording(of: value, catalog: catalog))
            }
            parts.append(
                TermPart(
                    clause: String(parts.count + 1), kind: kind.code, title: kind.title, party: kind.party.rawValue,
                    binds: kind.party == .both ? "Company and Contractor" : "Contractor", mustFlowDown: kind.flowDown == .required, cites: (kind.cites ?? []).joined(separator: "; "),
                    parameters: parameters,
                    summary: parameters.isEmpty ? "as stated" : parameters.map { "\($0.label): \($0.value)" }.joined(separator: "; ")))
        }
        return parts
    }

    static func checklist(_ checklist: ContractChecklist, clauseOfKind: [String: String]) -> ChecklistPart {
        let items = checklist.items.map { item in
            let clauses = item.kinds.compactMap { clauseOfKind[$0] }.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
            return ChecklistItemPart(
                code: item.code, title: item.title, isAddressed: !clauses.isEmpty, isRecommended: item.recommended ?? false,
                clauses: clauses.joined(separator: ", "))
        }
        return ChecklistPart(
            code: checklist.code, title: checklist.title, isComplete: items.allSatisfy { $0.isAddressed || $0.isRecommended },
            items: items)
    }

    static func entrustment(_ entrustment: Entrustment, number: String, catalog: Catalog) -> EntrustmentPart {
        let scope = entrustment.scope
        let purposes = scope.purposes.map { code in CodedPart(code: code, title: catalog.purposes.first { $0.code == code }?.title ?? code) }
        let subjects = scope.subjectCategories.map { code in
            CodedPart(code: code, title: catalog.subjectCategories.first { $0.code == code }?.title ?? code)
        }
        let items = scope.dataItems.map { code in
            let item = catalog.dataItem(code)
            return DataItemPart(
                code: code, title: item?.title ?? code, class: (item?.class.rawValue ?? "ordinary").replacingUnderscores,
                isSpecialCare: item?.class == .specialCare, isIndividualNumber: item?.class == .individualNumber)
        }
        return EntrustmentPart(
            id: entrustment.id.uuidString.lowercased(), number: number, title: scope.title, description: scope.description,
            purposes: purposes, subjectCategories: subjects, dataItems: items, purposesText: line(purposes.map(\.title)),
            subjectsText: line(subjects.map(\.title)), itemsText: line(items.map(\.title)), locationsText: line(scope.locations),
            estimatedRecords: DocumentNumber.grouped(scope.estimatedRecords),
            locations: scope.locations.map { CodedPart(code: $0, title: $0) },
            retentionDays: DocumentNumber.grouped(scope.retentionDays), startsOn: scope.startsOn.description,
            endsOn: scope.endsOn?.description, disposition: entrustment.disposition.rawValue,
            dispositionCertificate: entrustment.dispositionCertificate.map {
                DispositionPart(
                    method: $0.method.rawValue, completedOn: $0.completedOn.description, signatoryName: $0.signatoryName,
                    signatoryTitle: $0.signatoryTitle)
            })
    }

    static func subcontractor(
        _ edge: Subcontracting, child: Contractor, numbers: [UUID: String], catalog: Catalog
    ) -> SubcontractorPart {
        let purposes = edge.scope.purposes.map { code in CodedPart(code: code, title: catalog.purposes.first { $0.code == code }?.title ?? code) }
        let items = edge.scope.dataItems.map { CodedPart(code: $0, title: catalog.dataItem($0)?.title ?? $0) }
        return SubcontractorPart(
            id: edge.id.uuidString.lowercased(), legalName: child.profile.legalName, country: child.profile.country,
            status: edge.status.rawValue, isApproved: edge.status == .approved, description: edge.description,
            purposes: purposes, dataItems: items, locations: edge.scope.locations.map { CodedPart(code: $0, title: $0) },
            purposesText: line(purposes.map(\.title)), itemsText: line(items.map(\.title)), locationsText: line(edge.scope.locations),
            entrustmentNumbers: edge.entrustmentIDs.compactMap { numbers[$0] }.joined(separator: ", "),
            requestedOn: CalendarDay(edge.requestedAt).description, decidedOn: edge.decidedAt.map { CalendarDay($0).description },
            flowedDownTerms: DocumentNumber.grouped(edge.flowedDownTerms.count))
    }

    /// A list as one line of a table cell.
    static func line(_ parts: [String]) -> String {
        parts.isEmpty ? "none" : parts.joined(separator: "; ")
    }

    static func reporting(_ facts: DocumentFacts, catalog: Catalog) -> ReportingPart {
        let contractorPath = "/api/v1/contractors/\(facts.contractor.id.uuidString.lowercased())"
        let periods = facts.periods.map {
            PeriodPart(start: $0.start.description, end: $0.end.description, dueOn: $0.dueOn.description, status: $0.status.rawValue)
        }
        let open = periods.filter { $0.status != "accepted" && $0.status != "submitted" }
        let notice = facts.contract.term("breach_notification_to_company")?.parameters["notice_max_hours"]
        return ReportingPart(
            hasSchedule: facts.reportingIntervalMonths != nil, intervalMonths: facts.reportingIntervalMonths.map(String.init),
            graceDays: String(facts.policy.content.settings.attestationGraceDays), nextPeriod: open.first, openPeriods: open,
            questionnaireVersion: facts.questionnaireVersion.map(String.init) ?? "current", questionnairePath: "/api/v1/questionnaire",
            submitPath: "\(contractorPath)/attestations", duePath: "\(contractorPath)/attestations/due",
            incidentPath: "\(contractorPath)/incidents",
            breachNoticeHours: notice.flatMap { value in
                catalog.kind("breach_notification_to_company")?.parameter(named: "notice_max_hours")?.wording(of: value, catalog: catalog)
            })
    }
}
