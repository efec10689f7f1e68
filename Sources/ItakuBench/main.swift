// Figures for the core's judgement, printed for BENCHMARKS.md: `swift run -c release itaku-bench`.
import Foundation
import ItakuCore
import ItakuDocuments

let catalog = try Catalog.bundled()
let policy = PolicyVersion(
    version: 1, content: try PolicyContent.shippedDefault(catalog: catalog), createdAt: Date(), createdBy: "bench", note: nil)

/// Runs `body` `iterations` times in batches and returns the median time per call.
func measure(_ label: String, iterations: Int, batches: Int = 15, _ body: () -> Void) {
    var perCall: [Double] = []
    for _ in 0..<batches {
        let start = ContinuousClock.now
        for _ in 0..<iterations { body() }
        let elapsed = ContinuousClock.now - start
        perCall.append(Double(elapsed.components.attoseconds) / 1e18 / Double(iterations) + Double(elapsed.components.seconds) / Double(iterations))
    }
    perCall.sort()
    func format(_ seconds: Double) -> String {
        seconds < 1e-3 ? String(format: "%.1f µs", seconds * 1e6) : String(format: "%.2f ms", seconds * 1e3)
    }
    print("\(label): median \(format(perCall[perCall.count / 2])), best \(format(perCall[0])) (\(batches) batches × \(iterations))")
}

// A 35-term contract: every kind of the catalog, each stating the policy's value or stricter, for a
// scope that meets every condition, so every requirement is in play.
let everything = ScopeFacts(
    purposes: ["customer_support"], subjectCategories: ["customers"], dataItems: ["name", "my_number", "medical_history"],
    locations: ["JP", "SG"], hasSubcontracting: true)
let required = RequiredTerm.required(
    by: policy.content, conditions: everything.conditions(catalog: catalog, companyCountry: "JP"), catalog: catalog)
var contract: [ObligationTerm] = required.map {
    ObligationTerm(kind: $0.kind.code, parameters: Dictionary(uniqueKeysWithValues: $0.reference.map { ($0.name, $0.value) }))
}
for kind in catalog.obligationKinds where !contract.contains(where: { $0.kind == kind.code }) {
    contract.append(ObligationTerm(kind: kind.code, parameters: [:]))
}
let report = Equivalence.evaluate(contract, scope: everything, policy: policy, catalog: catalog)
print("contract: \(contract.count) terms, \(report.findings.count) required, equivalent: \(report.isEquivalent)")
measure("equivalence of a \(contract.count)-term contract", iterations: 2_000) {
    _ = Equivalence.evaluate(contract, scope: everything, policy: policy, catalog: catalog)
}

// A 1,000-edge graph: 100 first-tier contractors, each with a chain of 10 approved edges.
let scope = TierScope(purposes: ["customer_support"], dataItems: ["name"], locations: ["JP"])
var flowed = RequiredTerm.required(by: policy.content, conditions: [.subcontracting], catalog: catalog).map {
    ObligationTerm(kind: $0.kind.code, parameters: Dictionary(uniqueKeysWithValues: $0.reference.map { ($0.name, $0.value) }))
}
let notice = flowed.firstIndex { $0.kind == "breach_notification_to_company" }!
flowed[notice].parameters["notice_max_hours"] = .number(1)
var edges: [Subcontracting] = []
var entrustments: [UUID: Entrustment] = [:]
var windows: [UUID: TermValue?] = [:]
for _ in 0..<100 {
    let firstTier = UUID()
    let entrustment = Entrustment(
        id: UUID(), contractorID: firstTier,
        scope: EntrustmentScope(
            title: "w", purposes: ["customer_support"], subjectCategories: ["customers"], dataItems: ["name", "email"],
            estimatedRecords: 1, locations: ["JP"], retentionDays: 1, startsOn: CalendarDay("2026-01-01")!),
        version: 1, createdAt: Date(), updatedAt: Date())
    entrustments[entrustment.id] = entrustment
    windows[firstTier] = .number(8)
    var parent = firstTier
    var parentEdge: UUID?
    for _ in 0..<10 {
        let child = UUID()
        let edge = Subcontracting(
            id: UUID(), parentContractorID: parent, childContractorID: child,
            entrustmentIDs: parentEdge == nil ? [entrustment.id] : [], parentSubcontractingID: parentEdge, scope: scope,
            description: nil, status: .approved, flowedDownTerms: flowed, requestedAt: Date(), requestedBy: "b",
            decidedAt: Date(), decidedBy: "c", decidedByRole: "compliance")
        edges.append(edge)
        parent = child
        parentEdge = edge.id
    }
}
let checked = ChainCheck.evaluate(edges: edges, entrustments: entrustments, firstTierWindows: windows, policy: policy, catalog: catalog)
print("graph: \(edges.count) edges, \(checked.values.filter(\.isSound).count) sound")
measure("chain check of a \(edges.count)-edge graph", iterations: 3) {
    _ = ChainCheck.evaluate(edges: edges, entrustments: entrustments, firstTierWindows: windows, policy: policy, catalog: catalog)
}

// Documents: the shipped agreement for a contract with 20 entrustments and every catalog kind as a
// term (35), rendered from its snapshot to HTML and to DOCX.
let templatesDirectory = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? "Templates").appendingPathComponent("Contracts")
let agreement = try ShippedTemplates.load(from: templatesDirectory).first { $0.name == "outsourcing-agreement" }!.body
var facts = try DocumentSnapshot.exampleFacts(catalog: catalog, entrustments: 20)
facts.contract.obligations = catalog.obligationKinds.map { kind in
    facts.policy.content.term(kind.code).map { facts.policy.content.statedInFull($0, catalog: catalog) } ?? ObligationTerm(kind: kind.code)
}
let snapshot = DocumentSnapshot(facts, catalog: catalog)
let renderer = try MustacheDocumentRenderer(catalog: catalog)
let html = try renderer.render(agreement, snapshot: snapshot, format: .html)
let docx = try renderer.render(agreement, snapshot: snapshot, format: .docx)
print("agreement: \(snapshot.entrustments.count) entrustments, \(snapshot.terms.count) terms; HTML \(html.count) bytes, DOCX \(docx.count) bytes")
measure("snapshot of the contract", iterations: 200) { _ = DocumentSnapshot(facts, catalog: catalog) }
measure("render the agreement as HTML", iterations: 100) { _ = try! renderer.render(agreement, snapshot: snapshot, format: .html) }
measure("render the agreement as DOCX", iterations: 30) { _ = try! renderer.render(agreement, snapshot: snapshot, format: .docx) }

// Stored JSON: an attestation and a flag of a demo portfolio, through the canonical writer and
// through JSONEncoder, and the audit event a submission seals.
let questionnaire = Questionnaire(
    version: 1, content: try QuestionnaireContent.shippedDefault(), publishedAt: Date(), publishedBy: "bench", note: nil)
let demo = DemoPortfolio.generate(contractors: 50, policy: policy, catalog: catalog, questionnaire: questionnaire, today: CalendarDay(Date()))
let attestation = demo.attestations.max { CanonicalJSON.string($0).utf8.count < CanonicalJSON.string($1).utf8.count }!
let flag = RiskFlag(
    finding: Finding(
        rule: "unapproved-subcontractor", severity: .critical, contractorID: attestation.contractorID, subjectType: "attestation",
        subjectID: attestation.id.uuidString.lowercased(), explanation: "Attestation lists Example Data Services, which is not an approved sub-contractor.",
        evidence: [EvidenceRef("attestation", attestation.id, label: "2026-Q3"), EvidenceRef("subcontractor", "Example Data Services")]),
    at: Date())
print("attestation: \(CanonicalJSON.string(attestation).utf8.count) bytes of JSON; flag: \(CanonicalJSON.string(flag).utf8.count) bytes")
measure("canonical JSON of the attestation", iterations: 2_000) { _ = CanonicalJSON.string(attestation) }
measure("the same through JSONEncoder", iterations: 2_000) { _ = CanonicalJSON.stringWithFoundation(attestation) }
measure("canonical JSON of a flag", iterations: 5_000) { _ = CanonicalJSON.string(flag) }
measure("the same through JSONEncoder", iterations: 5_000) { _ = CanonicalJSON.stringWithFoundation(flag) }
let submitted = AuditDraft(
    by: .system("bench"), action: "attestation.submit", subjectType: "attestation", subjectID: attestation.id, before: Attestation?.none,
    after: attestation)
measure("audit event of a submission, ready to seal", iterations: 2_000) { _ = AuditChain.unsealed(submitted, id: UUID(), at: Date()) }
