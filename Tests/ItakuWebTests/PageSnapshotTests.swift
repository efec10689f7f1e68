import Foundation
import ItakuCore
import Testing

@testable import ItakuWeb

/// Each page drawn from fixed models and compared with its stored HTML, so a template or model
/// change shows up in review. Re-record with `ITAKU_RECORD_GOLDEN=1`.
@Suite("Page snapshots")
struct PageSnapshotTests {
    typealias F = PageFixtures

    func expect<Content: PageContent>(_ content: Content, _ name: String, area: PageFrame.Area? = nil, as principal: Principal? = F.compliance) throws {
        try F.golden.expect(try F.html(content, title: name, area: area, as: principal), "\(name).html")
    }

    @Test("sign-in and error pages")
    func signInAndError() throws {
        try expect(SignInPage.mock, "sign-in", as: nil)
        try expect(ErrorPage.mock, "error")
    }

    @Test("dashboard")
    func dashboard() throws {
        try expect(DashboardPage.mock, "dashboard", area: .dashboard)
    }

    @Test("contractor list, registration form with errors, edit form")
    func contractorForms() throws {
        try expect(ContractorListPage.mock, "contractors", area: .contractors, as: F.procurement)
        try expect(ContractorFormPage.mock, "contractor-register", area: .contractors, as: F.procurement)
        try expect(ContractorFormPage.edit(F.contractor, catalog: F.catalog), "contractor-edit", area: .contractors, as: F.procurement)
    }

    @Test("contractor page with flags, matrix, entrustments, attestations and a new token")
    func contractorPage() throws {
        let risk = RiskDesk.ContractorRisk(
            score: ContractorScore(contractorID: F.contractor.id, legalName: F.contractor.profile.legalName, flags: [F.flag]), flags: [F.flag],
            contract: F.contract, equivalence: F.report, tree: [])
        let token = AccessToken(
            id: F.uuid(0x70), owner: .contractor(F.contractor.id), label: "reporting bot", secretHash: "x", createdAt: F.earlier, expiresAt: nil,
            createdBy: "pat")
        let facts = ContractorPage.Facts(
            contractor: F.contractor, risk: risk, policy: F.policy, entrustments: [F.entrustment], contracts: [F.contract],
            attestations: [F.attestation], incidents: [], tokens: [token], names: [:])
        let page = ContractorPage(
            facts, catalog: F.catalog, can: .init(edit: true, manageTokens: true, triage: false), newTokenSecret: "itk_secret-shown-once",
            now: F.now)
        try expect(page, "contractor", area: .contractors, as: F.procurement)
    }

    @Test("entrustment and contract forms")
    func entrustmentAndContractForms() throws {
        let entrustment = EntrustmentFormPage(
            contractor: F.contractor, catalog: F.catalog, form: FormValues([("title", ""), ("estimatedRecords", "many")]),
            issues: [FieldIssue("title", "is required"), FieldIssue("estimatedRecords", "must be a whole number")], today: F.today)
        try expect(entrustment, "entrustment-form", area: .contractors, as: F.procurement)
        let contract = ContractFormPage(contractor: F.contractor, entrustments: [F.entrustment], policy: F.policy, catalog: F.catalog, today: F.today)
        try expect(contract, "contract-form", area: .contractors, as: F.procurement)
    }

    @Test("contract page with its matrix and documents")
    func contractPage() throws {
        let document = ContractDocument(
            id: F.uuid(0xD0), contractID: F.contract.id, contractorID: F.contractor.id, templateName: "outsourcing-agreement", templateVersion: 1,
            format: .html, filename: "OUT-2026-031-outsourcing-agreement.html", size: 27_000, sha256: String(repeating: "cd", count: 32),
            snapshot: try DocumentSnapshot.example(catalog: F.catalog), createdAt: F.earlier, createdBy: "pat")
        let page = ContractPage(
            contract: F.contract, contractor: F.contractor, entrustments: [F.entrustment], report: F.report, policy: F.policy,
            documents: [document], templates: [], canIssue: true, canRender: true)
        try expect(page, "contract", area: .contractors, as: F.procurement)
    }

    @Test("review queue and attestation page with a critical failure")
    func review() throws {
        let queue = ReviewQueuePage(
            page: Page(items: [F.attestation], nextCursor: nil), names: [F.contractor.id: F.contractor.profile.legalName],
            questionnaires: [2: F.questionnaire])
        try expect(queue, "review-queue", area: .review)
        let page = AttestationPage(
            attestation: F.attestation, contractor: F.contractor, questionnaire: F.questionnaire, evidence: [F.evidence],
            revisions: [F.attestation], canReview: true, form: FormValues([("decision", "rejected")]),
            issues: [FieldIssue("comment", "is required when the decision is rejected")])
        try expect(page, "attestation", area: .review)
    }

    @Test("flags with triage actions")
    func flags() throws {
        let page = FlagsPage(
            filter: FlagFilter(severity: .high), rules: ["subcontractor-not-equivalent", "third-party-disclosure"],
            page: Page(items: [F.flag], nextCursor: "c2"), names: [F.contractor.id: F.contractor.profile.legalName], isFirstPage: true,
            canTriage: true, today: F.today)
        try expect(page, "flags", area: .flags)
    }

    @Test("policy, templates, template and audit pages")
    func reference() throws {
        let policyPage = PolicyPage(
            shown: F.policy, current: 3, versions: [F.policy], catalog: F.catalog, canEdit: true, document: "{\"purposes\": []}",
            issues: [FieldIssue("terms[2].parameters.notice_max_hours", "must be at least 1")])
        try expect(policyPage, "policy", area: .policy)
        let template = DocumentTemplate(
            name: "outsourcing-agreement", version: 2, body: "# Agreement with {{contractor.legalName}}", sha256: String(repeating: "ef", count: 32),
            source: .uploaded, note: "plainer wording", createdAt: F.earlier, createdBy: "kei")
        try expect(TemplatesPage(templates: [template], canPublish: true), "templates", area: .templates)
        try expect(TemplatePage(versions: [template]), "template", area: .templates)
        let event = AuditEvent(
            id: F.uuid(0xAE), sequence: 41, occurredAt: "2026-11-18T10:00:00.000Z", actor: "pat", role: "procurement", action: "contractor.create",
            subjectType: "contractor", subjectID: "c1", before: nil, after: "{}", previousHash: "00", hash: String(repeating: "12", count: 32))
        let audit = AuditPage(
            events: Page(items: [event], nextCursor: nil),
            verification: .broken(eventID: F.uuid(0xAE), sequence: 41, verified: 40, reason: "its hash does not match its content"),
            isFirstPage: true)
        try expect(audit, "audit", area: .audit)
    }
}
