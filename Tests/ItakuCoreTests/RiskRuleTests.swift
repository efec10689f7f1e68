import Foundation
import Testing

@testable import ItakuCore

/// A contractor in good standing, to be spoiled one fact at a time.
struct World {
    static let catalog = try! Catalog.bundled()
    static let policy = PolicyVersion(
        version: 1, content: try! PolicyContent.shippedDefault(catalog: catalog), createdAt: Date(), createdBy: "test", note: nil)
    static let questionnaire = Questionnaire(
        version: 1, content: try! QuestionnaireContent.shippedDefault(), publishedAt: Date(), publishedBy: "test", note: nil)
    static let now = Timestamp.date("2026-11-25T12:00:00.000Z")!

    var contractor = Contractor(
        id: UUID(),
        profile: ContractorProfile(
            legalName: "Good Data KK", corporateNumber: "7000012050002", country: "JP", relationship: .outsourcee, status: .active,
            certifications: [Certification(scheme: "privacy_mark", validUntil: CalendarDay("2027-06-30")!)]),
        version: 1, createdAt: now, updatedAt: now)
    var entrustments: [Entrustment]
    var contract: Contract?
    var attestations: [Attestation]
    var incidents: [Incident] = []
    var subcontractings: [Subcontracting] = []
    var subcontractors: [UUID: Contractor] = [:]
    var policy = World.policy
    var organisations: [Contractor] = []
    var chainReports: [UUID: ChainCheck.EdgeReport] = [:]

    init() {
        let id = contractor.id
        let entrustment = Entrustment(
            id: UUID(), contractorID: id,
            scope: EntrustmentScope(
                title: "Help desk", purposes: ["customer_inquiries"], subjectCategories: ["customers"], dataItems: ["email", "name"],
                estimatedRecords: 1000, locations: ["JP"], retentionDays: 365, startsOn: CalendarDay("2026-01-01")!),
            version: 1, createdAt: World.now, updatedAt: World.now)
        entrustments = [entrustment]
        contract = Contract(
            id: UUID(), contractorID: id, reference: "OUT-1", status: .signed, effectiveFrom: CalendarDay("2026-01-01")!, expiresOn: nil,
            entrustmentIDs: [entrustment.id], obligations: World.fullTerms(), signedOn: CalendarDay("2025-12-20")!, createdAt: World.now,
            updatedAt: World.now)
        var answers: [String: AnswerValue] = [:]
        for question in World.questionnaire.content.questions { answers[question.code] = DemoPortfolio.expectedAnswer(question) }
        attestations = [
            Attestation(
                id: UUID(), contractorID: id, periodStart: CalendarDay("2026-01-01")!, periodEnd: CalendarDay("2026-10-31")!, revision: 1,
                previousRevisionID: nil, questionnaireVersion: 1, answers: answers,
                sections: AttestationSections(
                    dataItemsHeld: ["email", "name"], recordsHeld: 950, locations: ["JP"], subcontractorsUsed: [], thirdPartyDisclosures: [],
                    incidentsInPeriod: 0, dispositions: []),
                status: .accepted, submittedAt: World.now, submittedBy: "c")
        ]
    }

    /// The policy's contract-side terms, stated in full.
    static func fullTerms(omitting omitted: Set<String> = []) -> [ObligationTerm] {
        policy.content.terms.filter { catalog.kind($0.kind)?.isContractTerm == true && !omitted.contains($0.kind) }
            .map { policy.content.statedInFull($0, catalog: catalog) }
    }

    var facts: ContractorFacts {
        ContractorFacts(
            contractor: contractor, entrustments: entrustments, contracts: contract.map { [$0] } ?? [], attestations: attestations,
            incidents: incidents, subcontractings: subcontractings, subcontractors: subcontractors)
    }

    var context: RiskContext {
        RiskContext(
            policy: policy, catalog: World.catalog, now: World.now, questionnaires: [1: World.questionnaire.content],
            organisations: organisations, chainReports: chainReports)
    }

    func findings(_ rule: some RiskRule) -> [Finding] { rule.findings(for: facts, in: context) }

    mutating func edit(_ change: (inout AttestationSections) -> Void) { change(&attestations[0].sections) }

    func organisation(_ name: String, number: String? = nil, relationship: Relationship = .outsourcee) -> Contractor {
        Contractor(
            id: UUID(), profile: ContractorProfile(legalName: name, corporateNumber: number, country: "JP", relationship: relationship),
            version: 1, createdAt: World.now, updatedAt: World.now)
    }

    func edge(to child: Contractor, status: SubcontractingStatus = .approved) -> Subcontracting {
        Subcontracting(
            id: UUID(), parentContractorID: contractor.id, childContractorID: child.id, entrustmentIDs: [entrustments[0].id],
            parentSubcontractingID: nil, scope: TierScope(purposes: ["customer_inquiries"], dataItems: ["name"], locations: ["JP"]),
            description: nil, status: status, flowedDownTerms: World.fullTerms(), requestedAt: World.now, requestedBy: "c")
    }
}

@Suite("Every risk rule fires on its finding, and only then")
struct RiskRuleTests {
    @Test("a contractor in good standing has no findings at all")
    func goodStanding() {
        #expect(RiskRules.evaluate(World().facts, in: World().context).map(\.rule) == [])
        #expect(RiskRules.all.count == 18)
        #expect(Set(RiskRules.all.map(\.id)) == Set(World.catalog.riskRules.map(\.code)))
    }

    @Test("unapproved-subcontractor: listed without approval is critical; approved, matched by number or name, is not")
    func unapprovedSubcontractor() {
        var world = World()
        world.edit { $0.subcontractorsUsed = [SubcontractorUse(name: "Helper Co., Ltd.", corporateNumber: nil, country: "JP", dataItems: ["name"])] }
        let fired = world.findings(UnapprovedSubcontractor())
        #expect(fired.map(\.severity) == [.critical])
        #expect(fired[0].explanation.contains("Helper Co., Ltd."))
        #expect(fired[0].evidence.contains { $0.type == "attestation" && $0.id == world.attestations[0].id.uuidString.lowercased() })

        let helper = world.organisation("Helper KK")
        world.subcontractors = [helper.id: helper]
        world.subcontractings = [world.edge(to: helper, status: .rejected)]
        #expect(world.findings(UnapprovedSubcontractor()).count == 1)
        world.subcontractings = [world.edge(to: helper)]
        #expect(world.findings(UnapprovedSubcontractor()).isEmpty)

        let numbered = world.organisation("Renamed Since", number: "7000012050002")
        world.subcontractors = [numbered.id: numbered]
        world.subcontractings = [world.edge(to: numbered)]
        world.edit { $0.subcontractorsUsed = [SubcontractorUse(name: "Old Name", corporateNumber: "7000012050002", country: "JP", dataItems: ["name"])] }
        #expect(world.findings(UnapprovedSubcontractor()).isEmpty)
    }

    func disclosure(_ basis: String, to recipient: String = "Someone", items: [String] = ["name"], number: String? = nil) -> Disclosure {
        Disclosure(recipient: recipient, recipientCorporateNumber: number, basis: basis, dataItems: items, records: 10, date: CalendarDay("2026-05-01")!)
    }

    @Test("third-party-disclosure: no basis is critical, a claimed exception is high for review, joint use is left to its own rule")
    func thirdPartyDisclosure() {
        var world = World()
        #expect(world.findings(ThirdPartyDisclosure()).isEmpty)
        world.edit { $0.thirdPartyDisclosures = [disclosure("none")] }
        #expect(world.findings(ThirdPartyDisclosure()).map(\.severity) == [.critical])
        world.edit { $0.thirdPartyDisclosures = [disclosure("laws_and_regulations")] }
        let claimed = world.findings(ThirdPartyDisclosure())
        #expect(claimed.map(\.severity) == [.high])
        #expect(claimed[0].explanation.contains("review"))
        world.edit { $0.thirdPartyDisclosures = [disclosure("academic_research")] }
        #expect(world.findings(ThirdPartyDisclosure()).map(\.severity) == [.critical])
        world.edit { $0.thirdPartyDisclosures = [disclosure("consent", items: ["my_number"])] }
        #expect(world.findings(ThirdPartyDisclosure()).first?.explanation.contains("My Number Act") == true)
        world.edit { $0.thirdPartyDisclosures = [disclosure("joint_use")] }
        #expect(world.findings(ThirdPartyDisclosure()).isEmpty)
    }

    @Test("group-joint-use-unregistered: joint use with a registered group company is not third-party provision")
    func jointUse() {
        var world = World()
        world.edit { $0.thirdPartyDisclosures = [disclosure("joint_use", to: "Sister KK", number: "7000012050002")] }
        #expect(world.findings(GroupJointUseUnregistered()).map(\.severity) == [.high])
        world.organisations = [world.organisation("Sister Kabushiki Kaisha", number: "7000012050002", relationship: .groupCompany)]
        #expect(world.findings(GroupJointUseUnregistered()).isEmpty)
        world.organisations = [world.organisation("Sister KK", number: "7000012050002", relationship: .outsourcee)]
        #expect(world.findings(GroupJointUseUnregistered()).first?.explanation.contains("not a group company") == true)
        world.organisations = [world.organisation("Sister KK", relationship: .groupCompany)]
        world.edit { $0.thirdPartyDisclosures = [disclosure("joint_use", to: "SISTER K.K.")] }
        #expect(world.findings(GroupJointUseUnregistered()).isEmpty)
    }

    @Test("subcontractor-not-equivalent: an unsound chain check fires, critical when no secondary provision is missing")
    func subcontractorNotEquivalent() {
        var world = World()
        let helper = world.organisation("Helper KK")
        var edge = world.edge(to: helper)
        world.subcontractors = [helper.id: helper]
        world.subcontractings = [edge]
        let sound = ChainCheck.evaluate(
            edges: [edge], entrustments: [world.entrustments[0].id: world.entrustments[0]], firstTierWindows: [world.contractor.id: .number(12)],
            policy: World.policy, catalog: World.catalog)
        world.chainReports = sound
        #expect(sound[edge.id]?.isSound == false, "the flowed-down window of 24 h plus the first tier's 12 h exceeds 24 h")
        #expect(world.findings(SubcontractorNotEquivalent()).map(\.severity) == [.high])

        edge.flowedDownTerms = World.fullTerms().map { term in
            var term = term
            if term.kind == "breach_notification_to_company" { term.parameters["notice_max_hours"] = .number(6) }
            return term
        }
        world.subcontractings = [edge]
        world.chainReports = ChainCheck.evaluate(
            edges: [edge], entrustments: [world.entrustments[0].id: world.entrustments[0]], firstTierWindows: [world.contractor.id: .number(12)],
            policy: World.policy, catalog: World.catalog)
        #expect(world.findings(SubcontractorNotEquivalent()).isEmpty)

        edge.flowedDownTerms.removeAll { $0.kind == "no_secondary_provision" }
        world.subcontractings = [edge]
        world.chainReports = ChainCheck.evaluate(
            edges: [edge], entrustments: [world.entrustments[0].id: world.entrustments[0]], firstTierWindows: [world.contractor.id: .number(12)],
            policy: World.policy, catalog: World.catalog)
        #expect(world.findings(SubcontractorNotEquivalent()).map(\.severity) == [.critical])
    }

    @Test("obligations-not-equivalent: high for a shortfall, critical when no secondary provision is missing; unspecified is weaker")
    func obligationsNotEquivalent() {
        var world = World()
        #expect(world.findings(ObligationsNotEquivalent()).isEmpty)
        world.contract?.obligations = World.fullTerms(omitting: ["audit_and_inspection"])
        #expect(world.findings(ObligationsNotEquivalent()).map(\.severity) == [.high])
        world.contract?.obligations = World.fullTerms(omitting: ["no_secondary_provision"])
        #expect(world.findings(ObligationsNotEquivalent()).map(\.severity) == [.critical])
        world.contract?.obligations = World.fullTerms().map { term in
            var term = term
            if term.kind == "breach_notification_to_company" { term.parameters["notice_max_hours"] = .unspecified }
            return term
        }
        let vague = world.findings(ObligationsNotEquivalent())
        #expect(vague.map(\.severity) == [.high])
        #expect(vague.first?.explanation.contains("unspecified") == true)
    }

    @Test("no-contract-in-force: a running entrustment without a signed contract fires; an ended one does not")
    func noContract() {
        var world = World()
        #expect(world.findings(NoContractInForce()).isEmpty)
        world.contract?.status = .issued
        #expect(world.findings(NoContractInForce()).count == 1)
        world.contract = nil
        #expect(world.findings(NoContractInForce()).count == 1)
        world.entrustments[0].scope.endsOn = CalendarDay("2026-06-30")
        #expect(world.findings(NoContractInForce()).isEmpty)
    }

    @Test("scope-items-exceeded: items outside the entrustments fire; special care-required ones are critical")
    func itemsExceeded() {
        var world = World()
        #expect(world.findings(ScopeItemsExceeded()).isEmpty)
        world.edit { $0.dataItemsHeld.append("date_of_birth") }
        #expect(world.findings(ScopeItemsExceeded()).map(\.severity) == [.high])
        world.edit { $0.dataItemsHeld.append("medical_history") }
        #expect(world.findings(ScopeItemsExceeded()).map(\.severity) == [.critical])

        // Past a handful of entrustments the items are looked up through a set: the same answers.
        var many = World()
        let first = many.entrustments[0]
        many.entrustments += (0..<20).map { _ in
            var copy = first
            copy.id = UUID()
            copy.scope.dataItems = ["name"]
            return copy
        }
        #expect(many.findings(ScopeItemsExceeded()).isEmpty)
        many.edit { $0.dataItemsHeld.append("date_of_birth") }
        #expect(many.findings(ScopeItemsExceeded()).map(\.severity) == [.high])
    }

    @Test("scope-volume-exceeded: above the estimate plus 20% fires; at the tolerance it does not")
    func volumeExceeded() {
        var world = World()
        world.edit { $0.recordsHeld = 1200 }
        #expect(world.findings(ScopeVolumeExceeded()).isEmpty)
        world.edit { $0.recordsHeld = 1201 }
        #expect(world.findings(ScopeVolumeExceeded()).map(\.severity) == [.medium])
    }

    @Test("location-not-approved: a country no entrustment allows fires")
    func locationNotApproved() {
        var world = World()
        #expect(world.findings(LocationNotApproved()).isEmpty)
        world.edit { $0.locations = ["JP", "VN"] }
        let fired = world.findings(LocationNotApproved())
        #expect(fired.map(\.severity) == [.high])
        #expect(fired.first?.explanation.contains("VN") == true)
    }

    @Test("purpose-not-declared: a purpose the policy version does not declare fires")
    func purposeNotDeclared() {
        var world = World()
        #expect(world.findings(PurposeNotDeclared()).isEmpty)
        world.policy.content.purposes.removeAll { $0 == "customer_inquiries" }
        #expect(world.findings(PurposeNotDeclared()).map(\.severity) == [.high])
    }

    @Test("items-not-necessary: an item none of the purposes needs fires")
    func itemsNotNecessary() {
        var world = World()
        #expect(world.findings(ItemsNotNecessary()).isEmpty)
        world.entrustments[0].scope.dataItems.append("gender")
        let fired = world.findings(ItemsNotNecessary())
        #expect(fired.map(\.severity) == [.medium])
        #expect(fired.first?.explanation.contains("gender") == true)
    }

    @Test("special-care-unprotected: special care or My Number without the special terms, or with a critical control failing")
    func specialCare() {
        var world = World()
        world.entrustments[0].scope.dataItems.append("medical_history")
        #expect(world.findings(SpecialCareUnprotected()).isEmpty, "the full policy terms include the safeguards")
        world.contract?.obligations = World.fullTerms(omitting: ["sensitive_data_safeguards"])
        #expect(world.findings(SpecialCareUnprotected()).first?.explanation.contains("sensitive_data_safeguards") == true)
        world.contract?.obligations = World.fullTerms()
        world.attestations[0].answers["encryption_at_rest"] = .yesNo(false)
        #expect(world.findings(SpecialCareUnprotected()).first?.explanation.contains("encryption_at_rest") == true)

        var numbers = World()
        numbers.entrustments[0].scope.dataItems.append("my_number")
        numbers.contract?.obligations = World.fullTerms(omitting: ["my_number_handling"])
        #expect(numbers.findings(SpecialCareUnprotected()).map(\.severity) == [.high])
        numbers.entrustments[0].scope.dataItems.removeLast()
        #expect(numbers.findings(SpecialCareUnprotected()).isEmpty)
    }

    @Test("critical-control-failed: a critical control against its expected answer fires; a non-critical one does not")
    func criticalControl() {
        var world = World()
        world.attestations[0].answers["access_review_interval_days"] = .number(400)
        #expect(world.findings(CriticalControlFailed()).isEmpty)
        world.attestations[0].answers["removable_media_policy"] = .text("allowed_without_control")
        let fired = world.findings(CriticalControlFailed())
        #expect(fired.map(\.severity) == [.high])
        #expect(fired.first?.evidence.contains { $0.id == "removable_media_policy" } == true)
    }

    @Test("attestation-overdue: one missed period is medium, two are high; an accepted one is not overdue")
    func overdue() {
        var world = World()
        world.contract?.effectiveFrom = CalendarDay("2025-01-01")!
        world.attestations = []
        #expect(world.findings(AttestationOverdue()).map(\.severity) == [.medium])
        world.contract?.effectiveFrom = CalendarDay("2024-01-01")!
        #expect(world.findings(AttestationOverdue()).map(\.severity) == [.high])
        var accepted = World().attestations[0]
        accepted.periodStart = CalendarDay("2024-01-01")!
        accepted.periodEnd = CalendarDay("2025-12-31")!
        world.attestations = [accepted]
        #expect(world.findings(AttestationOverdue()).isEmpty)
    }

    @Test("disposition-missing: ended past the policy's days without a certificate fires; certified or recent does not")
    func disposition() {
        var world = World()
        world.entrustments[0].scope.endsOn = CalendarDay("2026-09-01")
        #expect(world.findings(DispositionMissing()).map(\.severity) == [.high])
        world.entrustments[0].scope.endsOn = CalendarDay("2026-11-10")
        #expect(world.findings(DispositionMissing()).isEmpty)
        world.entrustments[0].scope.endsOn = CalendarDay("2026-09-01")
        world.entrustments[0].disposition = .deleted
        #expect(world.findings(DispositionMissing()).isEmpty)

        var terminated = World()
        terminated.contract?.status = .terminated
        terminated.contract?.terminatedOn = CalendarDay("2026-08-01")
        #expect(terminated.findings(DispositionMissing()).count == 1)
    }

    @Test("certification-expired: a lapsed certification is low; a valid one is nothing")
    func certification() {
        var world = World()
        #expect(world.findings(CertificationExpired()).isEmpty)
        world.contractor.profile.certifications[0].validUntil = CalendarDay("2026-11-24")!
        #expect(world.findings(CertificationExpired()).map(\.severity) == [.low])
    }

    func incident(discoveredHoursAgo: Double, reportedHoursAgo: Double, status: IncidentStatus = .open) -> Incident {
        Incident(
            id: UUID(), contractorID: World().contractor.id, category: .leakage, discoveredAt: World.now.addingTimeInterval(-discoveredHoursAgo * 3600),
            reportedAt: World.now.addingTimeInterval(-reportedHoursAgo * 3600), recordsAffected: 3, dataItemsAffected: ["name"],
            involvesSpecialCare: false, improperPurpose: false, description: "x", entrustmentIDs: [], status: status, updatedAt: World.now)
    }

    @Test("incident-notified-late: later than the contract's hours fires; within them, or under a vague deadline, does not")
    func notifiedLate() {
        var world = World()
        world.incidents = [incident(discoveredHoursAgo: 50, reportedHoursAgo: 20)]
        #expect(world.findings(IncidentNotifiedLate()).map(\.severity) == [.high])
        world.incidents = [incident(discoveredHoursAgo: 50, reportedHoursAgo: 40)]
        #expect(world.findings(IncidentNotifiedLate()).isEmpty)
        world.incidents = [incident(discoveredHoursAgo: 50, reportedHoursAgo: 20)]
        world.contract?.obligations = World.fullTerms().map { term in
            var term = term
            if term.kind == "breach_notification_to_company" { term.parameters["notice_max_hours"] = .unspecified }
            return term
        }
        #expect(world.findings(IncidentNotifiedLate()).isEmpty)
    }

    @Test("incident-open: still open past the policy's days fires; closed or recent does not")
    func incidentOpen() {
        var world = World()
        world.incidents = [incident(discoveredHoursAgo: 41 * 24, reportedHoursAgo: 40 * 24)]
        #expect(world.findings(IncidentOpen()).map(\.severity) == [.medium])
        world.incidents = [incident(discoveredHoursAgo: 41 * 24, reportedHoursAgo: 40 * 24, status: .closed)]
        #expect(world.findings(IncidentOpen()).isEmpty)
        world.incidents = [incident(discoveredHoursAgo: 11 * 24, reportedHoursAgo: 10 * 24)]
        #expect(world.findings(IncidentOpen()).isEmpty)
    }
}

@Suite("Flags from findings")
struct FlagReconciliationTests {
    func finding(_ rule: String = "incident-open", subject: String = "1", severity: Severity = .medium, text: String = "x") -> Finding {
        Finding(rule: rule, severity: severity, contractorID: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!, subjectType: "incident",
                subjectID: subject, explanation: text, evidence: [])
    }

    let first = Timestamp.date("2026-11-01T00:00:00.000Z")!
    let later = Timestamp.date("2026-11-20T00:00:00.000Z")!

    @Test("a new finding opens a flag; the same finding again changes nothing")
    func opensAndStays() {
        let opened = FlagReconciliation.reconcile(existing: [], findings: [finding()], at: first)
        #expect(opened.inserted.count == 1)
        #expect(opened.inserted[0].status == .open)
        let quiet = FlagReconciliation.reconcile(existing: opened.inserted, findings: [finding()], at: later)
        #expect(quiet.isEmpty)
        let reworded = FlagReconciliation.reconcile(existing: opened.inserted, findings: [finding(severity: .high, text: "y")], at: later)
        #expect(reworded.updated.first?.severity == .high)
        #expect(reworded.updated.first?.lastSeenAt == later)
        #expect(reworded.updated.first?.firstSeenAt == first)
    }

    @Test("a finding that disappears resolves its flag; if it comes back the flag reopens")
    func resolvesAndReopens() {
        let flag = RiskFlag(finding: finding(), at: first)
        let resolved = FlagReconciliation.reconcile(existing: [flag], findings: [], at: later)
        #expect(resolved.updated.first?.status == .resolved)
        #expect(resolved.updated.first?.resolvedAt == later)
        let reopened = FlagReconciliation.reconcile(existing: resolved.updated, findings: [finding()], at: later.addingTimeInterval(60))
        #expect(reopened.updated.first?.status == .open)
        #expect(reopened.updated.first?.resolvedAt == nil)
        #expect(FlagReconciliation.reconcile(existing: resolved.updated, findings: [], at: later).isEmpty)
    }

    @Test("a waiver survives re-derivation until it expires, then the flag reopens; acknowledgement stays")
    func waiversAndAcknowledgements() {
        var waived = RiskFlag(finding: finding(), at: first)
        waived.status = .waived
        waived.waiver = Waiver(reason: "accepted risk", expiresOn: CalendarDay("2026-12-31")!, by: "c", at: first)
        #expect(FlagReconciliation.reconcile(existing: [waived], findings: [finding()], at: later).isEmpty)
        let expired = FlagReconciliation.reconcile(existing: [waived], findings: [finding()], at: Timestamp.date("2027-01-02T00:00:00.000Z")!)
        #expect(expired.updated.first?.status == .open)
        var acknowledged = RiskFlag(finding: finding(), at: first)
        acknowledged.status = .acknowledged
        #expect(FlagReconciliation.reconcile(existing: [acknowledged], findings: [finding(text: "new")], at: later).updated.first?.status == .acknowledged)
    }

    @Test("the score weighs live flags 40/15/5/1 and caps at 100; waived and resolved ones do not count")
    func score() {
        var flags = [Severity.critical, .high, .medium, .low].map { RiskFlag(finding: finding(subject: $0.rawValue, severity: $0), at: first) }
        #expect(RiskScore.of(flags) == 61)
        flags[0].status = .waived
        flags[1].status = .resolved
        #expect(RiskScore.of(flags) == 6)
        let many = (0..<5).map { RiskFlag(finding: finding(subject: "\($0)", severity: .critical), at: first) }
        #expect(RiskScore.of(many) == 100)
    }

    @Test("a scan writes the scores that moved, or whose contractor's flags changed, and no others")
    func scoresToWrite() {
        let flag = RiskFlag(finding: finding(severity: .high), at: first)
        let same = ContractorScore(contractorID: UUID(), legalName: "Same KK", flags: [flag])
        let moved = ContractorScore(contractorID: UUID(), legalName: "Moved KK", flags: [flag])
        let renamed = ContractorScore(contractorID: UUID(), legalName: "Renamed KK", flags: [])
        let new = ContractorScore(contractorID: UUID(), legalName: "New KK", flags: [])
        var before = moved
        before.score = 0
        var oldName = renamed
        oldName.legalName = "Old KK"
        let stored = [same, before, oldName]
        let computed = [same, moved, renamed, new]
        #expect(RiskDerivation.scoresToWrite(computed, stored: stored, changes: FlagChanges()).map(\.legalName) == ["Moved KK", "Renamed KK", "New KK"])
        #expect(RiskDerivation.scoresToWrite([same], stored: stored, changes: FlagChanges()).isEmpty)
        // The same score, but a flag's text or status changed: remembered views must hear of it.
        var changed = flag
        changed.contractorID = same.contractorID
        #expect(RiskDerivation.scoresToWrite([same], stored: stored, changes: FlagChanges(updated: [changed])) == [same])
    }
}

@Suite("The whole portfolio at once")
struct PortfolioEvaluationTests {
    @Test("facts keep the latest attestation current as revisions arrive")
    func latestAttestationFollowsRevisions() {
        var world = World()
        let first = world.attestations[0]
        #expect(world.facts.latestAttestation == first)
        var revision = first
        revision.id = UUID()
        revision.revision = 2
        revision.previousRevisionID = first.id
        revision.submittedAt = first.submittedAt.addingTimeInterval(60)
        world.attestations.append(revision)
        #expect(world.facts.latestAttestation == revision)
        #expect(world.facts.attestations == [first.outline, revision.outline])
        world.attestations = []
        #expect(world.facts.latestAttestation == nil)
    }

    @Test("a portfolio finds what the rules find one contractor at a time, and lets go of everything on release")
    func evaluateAndRelease() async throws {
        var world = World()
        world.edit { $0.thirdPartyDisclosures = [Disclosure(recipient: "List Broker", recipientCorporateNumber: nil, basis: "none", dataItems: ["name"], records: 900, date: CalendarDay("2026-06-01")!)] }
        let snapshot = PortfolioSnapshot(
            contractors: [world.contractor], entrustments: world.entrustments, contracts: world.contract.map { [$0] } ?? [],
            attestations: world.attestations, incidents: [], subcontractings: [], flags: [])
        var portfolio = await RiskDerivation.Portfolio(
            snapshot, policy: World.policy, catalog: World.catalog, questionnaires: [1: World.questionnaire.content], at: World.now)
        let (changes, scores) = portfolio.evaluate(0..<1)
        let direct = RiskRules.evaluate(world.facts, in: world.context)
        #expect(!direct.isEmpty)
        #expect(Set(changes.inserted.map(\.rule)) == Set(direct.map(\.rule)))
        #expect(scores.map(\.contractorID) == [world.contractor.id])

        await portfolio.release()
        #expect(portfolio.contractors.isEmpty && portfolio.attestations.isEmpty && portfolio.entrustments.isEmpty)
        #expect(portfolio.contracts.isEmpty && portfolio.incidents.isEmpty && portfolio.edges.isEmpty && portfolio.flags.isEmpty)
    }
}
