import Foundation

extension DocumentSnapshot {
    /// A fixed, fully populated snapshot: every optional value present and every list non-empty.
    /// Template checks read its shape to know which names exist; golden tests and the render
    /// benchmark render it. `entrustments` sets how many data scopes it covers.
    public static func example(catalog: Catalog, entrustments count: Int = 3) throws -> DocumentSnapshot {
        DocumentSnapshot(try exampleFacts(catalog: catalog, entrustments: count), catalog: catalog)
    }

    /// The records behind `example`, for tests and benchmarks that vary one of them.
    public static func exampleFacts(catalog: Catalog, entrustments count: Int = 3) throws -> DocumentFacts {
        let content = try PolicyContent.shippedDefault(catalog: catalog)
        let created = Date(timeIntervalSince1970: 1_743_465_600)  // 2025-04-01T00:00:00Z
        let policy = PolicyVersion(version: 1, content: content, createdAt: created, createdBy: "system", note: nil)
        func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))! }
        func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

        let base = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2]
        let contractor = Contractor(
            id: id(1),
            profile: ContractorProfile(
                legalName: "Sakura Data Services KK",
                corporateNumber: String(CorporateNumber.checkDigit(forBase: base)) + base.map(String.init).joined(),
                country: "JP", relationship: .outsourcee, status: .active,
                contacts: [Contact(name: "Hanako Yamada", email: "privacy@sakura.example", role: "Privacy officer", phone: "+81 3 5555 0100")],
                certifications: [Certification(scheme: "privacy_mark", validUntil: day("2027-03-31"), reference: "PM-10820001")]),
            version: 1, createdAt: created, updatedAt: created)
        let scopes = [
            EntrustmentScope(
                title: "Payroll and social-insurance administration",
                description: "Monthly payroll, year-end tax adjustment and social-insurance filings for employees.",
                purposes: ["employment_administration"], subjectCategories: ["employees"],
                dataItems: ["name", "address", "date_of_birth", "bank_account", "my_number", "health_check_results"],
                estimatedRecords: 4_200, locations: ["JP"], retentionDays: 2_555, startsOn: day("2025-04-01"), endsOn: day("2027-03-31")),
            EntrustmentScope(
                title: "Customer support desk", description: "First-line answers to product inquiries by telephone and e-mail.",
                purposes: ["customer_inquiries", "customer_support"], subjectCategories: ["customers"],
                dataItems: ["name", "email", "telephone", "inquiry_content", "product_registration"],
                estimatedRecords: 120_000, locations: ["JP", "SG"], retentionDays: 1_095, startsOn: day("2025-04-01"),
                endsOn: day("2026-03-31")),
        ]
        let entrustments = (0..<max(1, count)).map { index in
            var scope = scopes[index % scopes.count]
            if index >= scopes.count { scope.title += " (\(index / scopes.count + 1))" }
            let ended = scope.endsOn.map { $0 < day("2026-11-25") } ?? false
            return Entrustment(
                id: id(100 + index), contractorID: contractor.id, scope: scope, disposition: ended ? .deleted : .pending,
                dispositionCertifiedAt: ended ? created : nil,
                dispositionCertificate: ended
                    ? DispositionCertificate(
                        entrustmentID: id(100 + index), method: .deleted, completedOn: day("2026-04-20"),
                        signatoryName: "Taro Suzuki", signatoryTitle: "Head of operations") : nil,
                version: 1, createdAt: created, updatedAt: created)
        }

        // Every term the policy states, as a contract would copy it, with the breach notice
        // loosened so the schedule's shortfall note has something to say.
        var obligations = content.terms.filter { catalog.kind($0.kind)?.isContractTerm == true }.map {
            content.statedInFull($0, catalog: catalog)
        }
        if let index = obligations.firstIndex(where: { $0.kind == "breach_notification_to_company" }) {
            obligations[index].parameters["notice_max_hours"] = .number(72)
        }
        let predecessor = Contract(
            id: id(9), contractorID: contractor.id, reference: "OUT-2024-031", status: .superseded, effectiveFrom: day("2024-04-01"),
            expiresOn: day("2025-03-31"), entrustmentIDs: [], obligations: [], createdAt: created, updatedAt: created)
        let contract = Contract(
            id: id(10), contractorID: contractor.id, reference: "OUT-2025-007", status: .signed, effectiveFrom: day("2025-04-01"),
            expiresOn: day("2028-03-31"), entrustmentIDs: entrustments.map(\.id), obligations: obligations,
            supersedes: predecessor.id, issuedAt: created, signedOn: day("2025-03-25"),
            signatories: [
                Signatory(name: "Ichiro Tanaka", title: "Director, Procurement", party: .company),
                Signatory(name: "Hanako Yamada", title: "Representative Director", party: .contractor),
            ],
            createdAt: created, updatedAt: created)
        let child = Contractor(
            id: id(2),
            profile: ContractorProfile(legalName: "Kaede Print & Mail KK", country: "JP", relationship: .outsourcee, status: .active),
            version: 1, createdAt: created, updatedAt: created)
        let edge = Subcontracting(
            id: id(20), parentContractorID: contractor.id, childContractorID: child.id, entrustmentIDs: [entrustments[0].id],
            parentSubcontractingID: nil, scope: TierScope(purposes: ["employment_administration"], dataItems: ["name", "address"], locations: ["JP"]),
            description: "Printing and mailing payslips", status: .approved, flowedDownTerms: obligations,
            requestedAt: created, requestedBy: "contractor", decidedAt: created.addingTimeInterval(86_400 * 3), decidedBy: "compliance")
        let scope = ScopeFacts(entrustments: entrustments, hasSubcontracting: true)
        let today = day("2026-11-25")
        let months = AttestationSchedule.intervalMonths(of: contract, catalog: catalog)
        return DocumentFacts(
            companyName: "Itaku Example Holdings KK", renderedOn: today, contract: contract, contractor: contractor,
            entrustments: entrustments, policy: policy,
            equivalence: Equivalence.evaluate(obligations, scope: scope, policy: policy, catalog: catalog),
            subcontractings: [(edge, child)], predecessor: predecessor, questionnaireVersion: 1, reportingIntervalMonths: months,
            periods: months.map {
                AttestationSchedule.periods(
                    contract: contract, months: $0, graceDays: content.settings.attestationGraceDays, attestations: [], today: today)
            } ?? [])
    }
}
