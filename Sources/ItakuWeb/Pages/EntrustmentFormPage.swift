import Foundation
import ItakuCore

/// Entrusting a scope of personal data to a contractor.
public struct EntrustmentFormPage: PageContent, Equatable {
    public static let template = "entrustment-form"

    public var contractorName: String
    public var action: String
    public var cancelHref: String
    public var fields: [FormField]
    public var errors: FormErrors

    /// The core's input read off the form, and the problems reading it (numbers that are not numbers).
    public static func input(from form: FormValues) -> (EntrustmentInput, [FieldIssue]) {
        var issues: [FieldIssue] = []
        func number(_ name: String) -> Int? {
            guard let text = form.text(name) else { return nil }
            guard let value = Int(text) else {
                issues.append(FieldIssue(name, "must be a whole number"))
                return nil
            }
            return value
        }
        let locations = (form.text("locations") ?? "").split { $0 == "," || $0 == " " }.map(String.init)
        let input = EntrustmentInput(
            title: form.text("title"), description: form.text("description"), purposes: form.all("purposes"),
            subjectCategories: form.all("subjectCategories"), dataItems: form.all("dataItems"),
            estimatedRecords: number("estimatedRecords"), locations: locations, retentionDays: number("retentionDays"),
            startsOn: form.text("startsOn"), endsOn: form.text("endsOn"))
        return (input, issues)
    }

    public init(contractor: Contractor, catalog: Catalog, form: FormValues = FormValues(), issues: [FieldIssue] = [], today: CalendarDay) {
        contractorName = contractor.profile.legalName
        let href = "/ui/contractors/\(WebFormat.lowercased(contractor.id))"
        action = href + "/entrustments"
        cancelHref = href
        let itemLabel = { (item: DataItem) -> String in
            switch item.class {
            case .ordinary: item.title
            case .specialCare: item.title + " (special care-required)"
            case .individualNumber: item.title + " (individual number)"
            }
        }
        var fields = [
            FormField("title", label: "Title", value: form["title"], required: true, hint: "What the contractor does with the data, in a few words."),
            FormField("description", label: "Description", control: .textarea, value: form["description"]),
            FormField(
                "purposes", label: "Purposes of use", control: .checkboxes, required: true,
                options: FormField.options(catalog.purposes.map { ($0.code, $0.title) }, selected: Set(form.all("purposes")))),
            FormField(
                "subjectCategories", label: "Whose data", control: .checkboxes, required: true,
                options: FormField.options(catalog.subjectCategories.map { ($0.code, $0.title) }, selected: Set(form.all("subjectCategories")))),
            FormField(
                "dataItems", label: "Data items", control: .checkboxes, required: true,
                options: FormField.options(catalog.dataItems.map { ($0.code, itemLabel($0)) }, selected: Set(form.all("dataItems")))),
            FormField("estimatedRecords", label: "Estimated records", control: .number, value: form["estimatedRecords"], required: true),
            FormField(
                "locations", label: "Processing locations", value: form["locations"] ?? "JP", required: true,
                hint: "Country codes separated by commas, e.g. JP, SG"),
            FormField("retentionDays", label: "Retention (days)", control: .number, value: form["retentionDays"], required: true),
            FormField("startsOn", label: "Starts on", control: .date, value: form["startsOn"] ?? today.description, required: true),
            FormField("endsOn", label: "Ends on", control: .date, value: form["endsOn"]),
        ]
        errors = FormErrors.place(issues, on: &fields)
        self.fields = fields
    }
}
