import Foundation
import ItakuCore

/// Drafting a contract: its reference and dates, the entrustments it covers, and which of the
/// policy's obligations it leaves out (everything else is taken from the policy as it stands).
public struct ContractFormPage: PageContent, Equatable {
    public static let template = "contract-form"

    public var contractorName: String
    public var action: String
    public var cancelHref: String
    public var policyVersion: Int
    public var fields: [FormField]
    public var errors: FormErrors
    public var hasEntrustments: Bool

    public static func input(from form: FormValues) -> ContractInput {
        ContractInput(
            reference: form.text("reference"), effectiveFrom: form.text("effectiveFrom"), expiresOn: form.text("expiresOn"),
            entrustmentIDs: form.all("entrustmentIds"),
            obligations: TermListInput(startFromPolicy: true, omitKinds: form.all("omitKinds")))
    }

    public init(
        contractor: Contractor, entrustments: [Entrustment], policy: PolicyVersion, catalog: Catalog, form: FormValues = FormValues(),
        issues: [FieldIssue] = [], today: CalendarDay
    ) {
        contractorName = contractor.profile.legalName
        let href = "/ui/contractors/\(WebFormat.lowercased(contractor.id))"
        action = href + "/contracts"
        cancelHref = href
        policyVersion = policy.version
        hasEntrustments = !entrustments.isEmpty
        let chosen = form.pairs.isEmpty ? Set(entrustments.map { WebFormat.lowercased($0.id) }) : Set(form.all("entrustmentIds"))
        let kinds = policy.content.terms.compactMap { term in catalog.kind(term.kind).flatMap { $0.isContractTerm ? $0 : nil } }
        var fields = [
            FormField("reference", label: "Reference", value: form["reference"], required: true, hint: "Your contract number, e.g. OUT-2026-031"),
            FormField("effectiveFrom", label: "Effective from", control: .date, value: form["effectiveFrom"] ?? today.description, required: true),
            FormField("expiresOn", label: "Expires on", control: .date, value: form["expiresOn"]),
            FormField(
                "entrustmentIds", label: "Entrustments covered", control: .checkboxes, required: true,
                options: FormField.options(entrustments.map { (WebFormat.lowercased($0.id), $0.scope.title) }, selected: chosen)),
            FormField(
                "omitKinds", label: "Obligations the contract leaves out", control: .checkboxes,
                hint: "Every other obligation is taken from policy version \(policy.version) as it stands; anything left out shows as missing.",
                options: FormField.options(kinds.map { ($0.code, $0.title) }, selected: Set(form.all("omitKinds")))),
        ]
        errors = FormErrors.place(issues, on: &fields)
        self.fields = fields
    }
}
