import Foundation

/// A generated, realistic portfolio for demonstrations and benchmarks: about five entrustments
/// and four attestations per contractor, sub-contracting chains up to four tiers, group companies,
/// and a few percent of each kind of violation. The same seed gives the same portfolio.
public struct DemoPortfolio: Sendable {
    public var contractors: [Contractor] = []
    public var entrustments: [Entrustment] = []
    public var contracts: [Contract] = []
    public var attestations: [Attestation] = []
    public var incidents: [Incident] = []
    public var subcontractings: [Subcontracting] = []

    /// Deterministic pseudo-random numbers (SplitMix64).
    struct Dice {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }

        /// True with the given percentage.
        mutating func chance(_ percent: Double) -> Bool {
            Double(next() % 10_000) < percent * 100
        }

        mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
    }

    static let names = ["Sakura", "Fuji", "Kaze", "Hikari", "Mirai", "Aozora", "Tsubasa", "Midori", "Kawa", "Yama", "Umi", "Hoshi"]
    static let trades = ["Data Services", "Logistics", "Call Centre", "Print Works", "Systems", "Marketing", "Payroll", "Cloud", "Research", "Mailing"]

    /// Purposes commonly outsourced, with the data-subject category they concern.
    static let outsourced: [(purpose: String, subjects: String)] = [
        ("customer_delivery", "customers"), ("customer_inquiries", "customers"), ("customer_support", "customers"),
        ("customer_information", "customers"), ("customer_surveys", "customers"), ("customer_membership", "customers"),
        ("partner_transaction_management", "business_partners"), ("shareholder_benefits", "shareholders"),
        ("recruitment_management", "employment_applicants"), ("employment_administration", "employees"),
    ]

    public static func generate(
        contractors count: Int, policy: PolicyVersion, catalog: Catalog, questionnaire: Questionnaire, today: CalendarDay, seed: UInt64 = 7,
        progress: (Int) -> Void = { _ in }
    ) -> DemoPortfolio {
        var dice = Dice(state: seed)
        var portfolio = DemoPortfolio()
        let created = today.adding(days: -720).startDate
        // Four half-year reporting periods have ended by today; the fifth is running.
        let contractStart = CalendarDay(year: today.year - 2, month: today.month >= 7 ? 7 : 1, day: 1)!
        let baseTerms = policy.content.terms.filter { catalog.kind($0.kind)?.isContractTerm == true }
            .map { policy.content.statedInFull($0, catalog: catalog) }

        func terms(noticeHours: Int, omit: String? = nil) -> [ObligationTerm] {
            baseTerms.compactMap { term in
                if term.kind == omit { return nil }
                var term = term
                if term.kind == "breach_notification_to_company" { term.parameters["notice_max_hours"] = .number(noticeHours) }
                if term.kind == "status_reporting" { term.parameters["report_interval_months"] = .number(6) }
                return term
            }
        }

        // Contractors.
        for index in 0..<count {
            let base = String(format: "%012d", 100_000_000 + index * 7)
            let number = String(CorporateNumber.checkDigit(forBase: base.compactMap(\.wholeNumberValue))) + base
            let foreign = dice.chance(5)
            let expired = dice.chance(3)
            let profile = ContractorProfile(
                legalName: "\(dice.pick(names)) \(dice.pick(trades)) \(index + 1) KK", corporateNumber: foreign ? nil : number,
                country: foreign ? dice.pick(["SG", "VN", "US"]) : "JP", relationship: dice.chance(5) ? .groupCompany : .outsourcee,
                status: .active, contacts: [Contact(name: "Compliance desk", email: "privacy\(index + 1)@demo.example")],
                certifications: [
                    Certification(
                        scheme: "privacy_mark", validUntil: expired ? today.adding(days: -dice.int(10...300)) : today.adding(days: dice.int(60...700)),
                        reference: "PM-\(20_000 + index)")
                ])
            portfolio.contractors.append(Contractor(id: UUID(), profile: profile, version: 1, createdAt: created, updatedAt: created))
        }
        let groupCompanies = portfolio.contractors.filter { $0.profile.relationship == .groupCompany }

        for (index, contractor) in portfolio.contractors.enumerated() {
            // Entrustments: four to six scopes, some ended.
            var own: [Entrustment] = []
            for _ in 0..<dice.int(4...6) {
                let (purpose, subjects) = dice.pick(outsourced)
                var items = Array((policy.content.necessity[purpose] ?? ["name"]).prefix(dice.int(2...5)))
                if dice.chance(1) { items.append("gender") }
                let ended = dice.chance(4)
                let starts = contractStart.adding(days: dice.int(0...180))
                var locations = ["JP"]
                if dice.chance(5) { locations.append("SG") }
                let scope = EntrustmentScope(
                    title: "\(purpose.replacingOccurrences(of: "_", with: " ").capitalized) work", purposes: [purpose],
                    subjectCategories: [subjects], dataItems: Array(Set(items)).sorted(), estimatedRecords: dice.int(1...100) * 1000,
                    locations: locations, retentionDays: 365 * dice.int(1...5), startsOn: starts,
                    endsOn: ended ? today.adding(days: -dice.int(10...200)) : nil)
                var entrustment = Entrustment(id: UUID(), contractorID: contractor.id, scope: scope, version: 1, createdAt: created, updatedAt: created)
                if ended && dice.chance(70) {
                    entrustment.disposition = .deleted
                    entrustment.dispositionCertifiedAt = created
                    entrustment.dispositionCertificate = DispositionCertificate(
                        entrustmentID: entrustment.id, method: .deleted, completedOn: scope.endsOn!, signatoryName: "Demo Officer", signatoryTitle: nil)
                }
                own.append(entrustment)
            }
            portfolio.entrustments += own

            // The contract: the policy's terms, now and then with a gap.
            if !dice.chance(3) {
                let omit: String? = dice.chance(3) ? "no_secondary_provision" : (dice.chance(2) ? "sensitive_data_safeguards" : nil)
                let contract = Contract(
                    id: UUID(), contractorID: contractor.id, reference: "OUT-\(contractStart.year)-\(String(format: "%05d", index + 1))",
                    status: .signed, effectiveFrom: contractStart, expiresOn: nil, entrustmentIDs: own.map(\.id),
                    obligations: terms(noticeHours: dice.chance(3) ? 72 : 12, omit: omit), issuedAt: created,
                    signedOn: contractStart.adding(days: -10),
                    signatories: [Signatory(name: "Procurement Lead", party: .company), Signatory(name: "Representative Director", party: .contractor)],
                    createdAt: created, updatedAt: created)
                portfolio.contracts.append(contract)
            }

            // Attestations: one per half year; the latest awaits review; a few are missing.
            let missing = dice.chance(3) ? 2 : (dice.chance(3) ? 1 : 0)
            let periods = (0..<4).map { half -> (CalendarDay, CalendarDay) in
                let start = contractStart.adding(months: 6 * half)
                return (start, contractStart.adding(months: 6 * (half + 1)).adding(days: -1))
            }.filter { $0.1 < today }
            for (position, period) in periods.dropLast(missing).enumerated() {
                let latest = position == periods.count - missing - 1
                var answers: [String: AnswerValue] = [:]
                for question in questionnaire.content.questions {
                    answers[question.code] = Self.expectedAnswer(question)
                }
                var sections = AttestationSections(
                    dataItemsHeld: Array(Set(own.filter { !$0.hasEnded(before: period.0) }.flatMap(\.scope.dataItems))).sorted(),
                    recordsHeld: own.reduce(0) { $0 + $1.scope.estimatedRecords } * 9 / 10,
                    locations: Array(Set(own.flatMap(\.scope.locations))).sorted(), subcontractorsUsed: [], thirdPartyDisclosures: [],
                    incidentsInPeriod: 0, dispositions: [])
                if latest {
                    if dice.chance(3) { answers["encryption_at_rest"] = .yesNo(false) }
                    if dice.chance(3) { sections.dataItemsHeld.append("date_of_birth") }
                    if dice.chance(3) { sections.recordsHeld *= 2 }
                    if dice.chance(3) { sections.locations.append("VN") }
                    if dice.chance(3) {
                        sections.subcontractorsUsed.append(SubcontractorUse(name: "Shadow Helpers \(index)", corporateNumber: nil, country: "JP", dataItems: ["name"]))
                    }
                    if dice.chance(3) {
                        sections.thirdPartyDisclosures.append(
                            Disclosure(recipient: "List Broker \(index)", recipientCorporateNumber: nil, basis: "none", dataItems: ["name", "email"], records: 500, date: period.1.adding(days: -20)))
                    }
                    if dice.chance(2) {
                        sections.thirdPartyDisclosures.append(
                            Disclosure(recipient: "Regional Police", recipientCorporateNumber: nil, basis: "laws_and_regulations", dataItems: ["name"], records: 1, date: period.1.adding(days: -40)))
                    }
                    if !groupCompanies.isEmpty && dice.chance(4) {
                        let unregistered = dice.chance(50)
                        let group = dice.pick(groupCompanies)
                        sections.thirdPartyDisclosures.append(
                            Disclosure(
                                recipient: unregistered ? "Cousin Holdings \(index)" : group.profile.legalName,
                                recipientCorporateNumber: unregistered ? nil : group.profile.corporateNumber, basis: "joint_use",
                                dataItems: ["name"], records: 100, date: period.1.adding(days: -5)))
                    }
                }
                portfolio.attestations.append(
                    Attestation(
                        id: UUID(), contractorID: contractor.id, periodStart: period.0, periodEnd: period.1, revision: 1, previousRevisionID: nil,
                        questionnaireVersion: questionnaire.version, answers: answers, sections: sections, status: latest ? .submitted : .accepted,
                        review: latest ? nil : Review(decision: .accepted, comment: nil, decidedAt: created, decidedBy: "demo-compliance"),
                        submittedAt: period.1.adding(days: 5).startDate, submittedBy: "contractor:\(contractor.id.uuidString.lowercased())"))
            }

            // Incidents, now and then.
            if dice.chance(5) {
                let discovered = today.adding(days: -dice.int(2...90)).startDate
                let late = dice.chance(40)
                let reported = discovered.addingTimeInterval(Double(late ? dice.int(30...200) : dice.int(1...10)) * 3600)
                let items = dice.chance(20) ? ["name", "medical_history"] : ["name", "email"]
                portfolio.incidents.append(
                    Incident(
                        id: UUID(), contractorID: contractor.id, category: dice.pick(IncidentCategory.allCases), discoveredAt: discovered,
                        reportedAt: reported, recordsAffected: dice.int(1...3000), dataItemsAffected: items,
                        involvesSpecialCare: items.contains("medical_history"), improperPurpose: false,
                        description: "Demo incident", entrustmentIDs: [own[0].id], status: dice.chance(50) ? .open : .closed, updatedAt: reported))
            }
            if (index + 1) % 1000 == 0 { progress(index + 1) }
        }

        // Sub-contracting in groups of ten: a chain of four tiers, a contractor with two, and single edges.
        let notice = [6, 3, 2]
        var attestationIndex: [UUID: Int] = [:]
        for (position, attestation) in portfolio.attestations.enumerated() where attestation.status == .submitted {
            attestationIndex[attestation.contractorID] = position
        }
        let entrustmentsByContractor = Dictionary(grouping: portfolio.entrustments, by: \.contractorID)
        for group in stride(from: 0, to: count - 9, by: 10) {
            let members = Array(portfolio.contractors[group..<(group + 10)])
            var links: [(parent: Int, child: Int, under: Int?)] = [(0, 1, nil), (1, 2, 0), (2, 3, 1), (4, 5, nil), (4, 6, nil), (7, 8, nil), (5, 6, nil), (8, 9, nil)]
            if dice.chance(50) { links.removeLast() }
            var madeEdges: [Int: Subcontracting] = [:]
            for (linkIndex, link) in links.enumerated() {
                let parent = members[link.parent]
                let child = members[link.child]
                let held = entrustmentsByContractor[parent.id] ?? []
                guard let first = held.first(where: { $0.scope.endsOn == nil }) ?? held.first else { continue }
                let parentEdge = link.under.flatMap { madeEdges[$0] }
                let depth = parentEdge == nil ? 0 : (link.under == 0 ? 1 : 2)
                var scope = parentEdge?.scope ?? TierScope(purposes: first.scope.purposes, dataItems: first.scope.dataItems, locations: first.scope.locations)
                if dice.chance(2) { scope.dataItems = Array(Set(scope.dataItems + ["date_of_birth"])).sorted() }
                let weak = dice.chance(3)
                let edge = Subcontracting(
                    id: UUID(), parentContractorID: parent.id, childContractorID: child.id,
                    entrustmentIDs: parentEdge == nil ? [first.id] : [], parentSubcontractingID: parentEdge?.id, scope: scope,
                    description: "Demo sub-contracting", status: .approved,
                    flowedDownTerms: terms(noticeHours: notice[min(depth, notice.count - 1)], omit: weak ? "no_secondary_provision" : nil),
                    requestedAt: created.addingTimeInterval(Double(linkIndex)),
                    requestedBy: "contractor:\(parent.id.uuidString.lowercased())", decidedAt: created,
                    decidedBy: "demo-compliance", decidedByRole: Role.compliance.rawValue)
                madeEdges[linkIndex] = edge
                portfolio.subcontractings.append(edge)
                // The parent's latest attestation names the sub-contractors it uses.
                if let position = attestationIndex[parent.id] {
                    portfolio.attestations[position].sections.subcontractorsUsed.append(
                        SubcontractorUse(name: child.profile.legalName, corporateNumber: child.profile.corporateNumber, country: child.profile.country, dataItems: scope.dataItems))
                }
            }
        }
        progress(count)
        return portfolio
    }

    /// The expected answer to a question, or a plain one when nothing is expected.
    static func expectedAnswer(_ question: Question) -> AnswerValue {
        switch question.type {
        case .yesNo: return .yesNo(question.expected?.equals ?? true)
        case .number: return .number(question.expected?.max ?? question.expected?.min ?? 1)
        case .choice: return .text(question.expected?.oneOf?.first ?? question.choices?.first ?? "")
        case .text: return .text("")
        }
    }
}
