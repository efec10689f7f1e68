import Foundation
import ItakuCore
import ItakuTestSupport

@testable import ItakuWeb

/// Fixed domain values the page snapshots are drawn from: nothing here depends on the clock.
enum PageFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let views = try! WebViews(directory: root.appendingPathComponent("Templates/Web"))
    static let golden = GoldenFile(directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden"))
    static let catalog = try! Catalog.bundled()

    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18
    static let today = CalendarDay(now)
    static let earlier = Date(timeIntervalSince1970: 1_790_000_000)

    static let compliance = Principal(.user(id: uuid(0xA1), username: "kei", role: .compliance))
    static let procurement = Principal(.user(id: uuid(0xA2), username: "pat", role: .procurement))

    static func uuid(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-0000-0000-%012x", n))!
    }

    static func frame(_ title: String, _ area: PageFrame.Area?, as principal: Principal? = compliance) -> PageFrame {
        PageFrame(title: title, principal: principal, area: area, csrf: "csrf-token", notice: nil)
    }

    static func html<Content: PageContent>(_ content: Content, title: String = "Page", area: PageFrame.Area? = nil, as principal: Principal? = compliance) throws -> String {
        try views.render(WebPage(frame: frame(title, area, as: principal), content: content))
    }

    static let contractor = Contractor.mock(name: "Kaito <Data> Services KK", number: "1234567890123")
    static let policy = PolicyVersion(
        version: 3, content: try! PolicyContent.shippedDefault(catalog: catalog), createdAt: earlier, createdBy: "kei", note: "FY2026 review")

    static let entrustment = Entrustment(
        id: uuid(0xE1), contractorID: contractor.id,
        scope: EntrustmentScope(
            title: "Payroll processing", purposes: ["employment_administration"], subjectCategories: ["employees"],
            dataItems: ["name", "bank_account", "health_check_results"], estimatedRecords: 12_000, locations: ["JP", "SG"],
            retentionDays: 365, startsOn: CalendarDay("2026-04-01")!),
        version: 1, createdAt: earlier, updatedAt: earlier)

    /// The policy's contract terms with two left out and one weakened, so the matrix shows every verdict.
    static let contract: Contract = {
        var terms = policy.content.terms.filter { catalog.kind($0.kind)?.isContractTerm == true }
            .map { policy.content.statedInFull($0, catalog: catalog) }
        terms.removeFirst(2)
        if let index = terms.firstIndex(where: { $0.parameters.values.contains { if case .number = $0 { true } else { false } } }) {
            let key = terms[index].parameters.first { if case .number = $0.value { true } else { false } }!.key
            terms[index].parameters[key] = .unspecified
        }
        return Contract(
            id: uuid(0xC0), contractorID: contractor.id, reference: "OUT-2026-031", status: .signed, effectiveFrom: CalendarDay("2026-04-01")!,
            expiresOn: CalendarDay("2027-03-31")!, entrustmentIDs: [entrustment.id], obligations: terms, signedOn: CalendarDay("2026-03-25")!,
            signatories: [Signatory(name: "Aoi Tanaka", title: "CEO", party: .contractor), Signatory(name: "Kei Mori", party: .company)],
            createdAt: earlier, updatedAt: earlier)
    }()

    static let report = Equivalence.evaluate(
        contract.obligations, scope: ScopeFacts(entrustments: [entrustment], hasSubcontracting: true), policy: policy, catalog: catalog)

    static let flag = RiskFlag(
        finding: Finding(
            rule: "subcontractor-not-equivalent", severity: .high, contractorID: contractor.id, subjectType: "subcontracting",
            subjectID: "s1", explanation: "Sub-contracting to “Nami Print” (tier 2) passes on weaker leak-reporting terms.", evidence: []),
        id: uuid(0xF1), at: earlier)

    static let questionnaire = Questionnaire(version: 2, content: try! QuestionnaireContent.shippedDefault(), publishedAt: earlier, publishedBy: "kei", note: nil)

    static let attestation: Attestation = {
        var answers: [String: AnswerValue] = [:]
        for question in questionnaire.content.questions {
            answers[question.code] =
                switch question.type {
                case .yesNo: .yesNo(question.expected?.equals ?? true)
                case .number: .number(question.expected?.min ?? 0)
                case .choice: .text(question.expected?.oneOf?.first ?? question.choices?.first ?? "")
                case .text: .text("see the attached policy")
                }
        }
        // One critical control answered against its expectation.
        if let critical = questionnaire.content.questions.first(where: { $0.critical && $0.type == .yesNo }) {
            answers[critical.code] = .yesNo(!(critical.expected?.equals ?? true))
        }
        let sections = try! JSONDecoder().decode(
            AttestationSections.self,
            from: Data(
                """
                {"dataItemsHeld":["name","bank_account"],"recordsHeld":11800,"locations":["JP"],
                 "subcontractorsUsed":[{"name":"Nami Print","country":"JP","dataItems":["name"]}],
                 "thirdPartyDisclosures":[{"recipient":"Ad Partners KK","basis":"consent","dataItems":["name"],"records":40,"date":"2026-08-02"}],
                 "incidentsInPeriod":0,"dispositions":[]}
                """.utf8))
        return Attestation(
            id: uuid(0xA7), contractorID: contractor.id, periodStart: CalendarDay("2026-04-01")!, periodEnd: CalendarDay("2026-09-30")!,
            revision: 2, previousRevisionID: uuid(0xA6), questionnaireVersion: 2, answers: answers, sections: sections, submittedAt: earlier,
            submittedBy: "contractor:kaito")
    }()

    static let evidence = EvidenceFile(
        id: uuid(0xEF), attestationID: attestation.id, contractorID: contractor.id, filename: "access-log-review.pdf",
        contentType: "application/pdf", size: 48_213, sha256: String(repeating: "ab", count: 32), uploadedAt: earlier, uploadedBy: "contractor")

    static let chain = ChainGraph(
        rootName: "Kaito <Data> Services KK",
        edges: [
            .init(id: uuid(0x51), parentID: nil, level: 1, name: "Nami Print & Mail", verdict: .sound),
            .init(id: uuid(0x52), parentID: uuid(0x51), level: 2, name: "Umi Logistics", verdict: .unsound),
            .init(id: uuid(0x53), parentID: nil, level: 1, name: "Sora Cloud Hosting Platform Services KK", verdict: .requested),
        ])
}
