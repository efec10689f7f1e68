import Foundation
import ItakuCore

/// Registering a contractor, or changing one: the same fields and the same validation as the API.
public struct ContractorFormPage: PageContent, Equatable {
    public static let template = "contractor-form"

    public var heading: String
    public var action: String
    public var submitLabel: String
    public var cancelHref: String
    public var version: Int?
    public var fields: [FormField]
    public var errors: FormErrors

    /// The input the core validates, read off a submitted form. Blank optional fields are left out;
    /// a contact or certification is sent only when one of its fields was filled in.
    public static func input(from form: FormValues, creating: Bool) -> ContractorInput {
        var input = ContractorInput(
            legalName: form.text("legalName"), corporateNumber: form["corporateNumber"].map { $0.trimmingCharacters(in: .whitespaces) },
            country: form.text("country"), relationship: form.text("relationship"), status: form.text("status"))
        if creating {
            if input.corporateNumber?.isEmpty == true { input.corporateNumber = nil }
            let contact = ContactInput(
                name: form.text("contacts[0].name"), email: form.text("contacts[0].email"), role: form.text("contacts[0].role"),
                phone: form.text("contacts[0].phone"))
            input.contacts = contact == ContactInput() ? [] : [contact]
            let certification = CertificationInput(
                scheme: form.text("certifications[0].scheme"), validUntil: form.text("certifications[0].validUntil"),
                reference: form.text("certifications[0].reference"))
            input.certifications = certification == CertificationInput() ? [] : [certification]
        }
        return input
    }

    /// The registration form, empty or as submitted, with the core's issues on their fields.
    public static func register(catalog: Catalog, form: FormValues = FormValues(), issues: [FieldIssue] = []) -> ContractorFormPage {
        var fields = profileFields(catalog: catalog, form: form, profile: nil)
        fields += [
            FormField("contacts[0].name", label: "Contact name", value: form["contacts[0].name"]),
            FormField("contacts[0].email", label: "Contact email", control: .email, value: form["contacts[0].email"]),
            FormField("contacts[0].role", label: "Contact role", value: form["contacts[0].role"], hint: "e.g. data protection officer"),
            FormField("contacts[0].phone", label: "Contact phone", value: form["contacts[0].phone"]),
            FormField(
                "certifications[0].scheme", label: "Certification", control: .select, value: form["certifications[0].scheme"],
                options: [FormField.Option(value: "", label: "None", selected: (form["certifications[0].scheme"] ?? "").isEmpty)]
                    + FormField.options(
                        catalog.certificationSchemes.map { ($0.code, $0.title) }, selected: [form["certifications[0].scheme"] ?? ""])),
            FormField(
                "certifications[0].validUntil", label: "Certification valid until", control: .date,
                value: form["certifications[0].validUntil"]),
            FormField("certifications[0].reference", label: "Certificate reference", value: form["certifications[0].reference"]),
        ]
        let errors = FormErrors.place(issues, on: &fields)
        return ContractorFormPage(
            heading: "Register a contractor", action: "/ui/contractors", submitLabel: "Register", cancelHref: "/ui/contractors",
            version: nil, fields: fields, errors: errors)
    }

    /// The edit form for `contractor`, prefilled, or as submitted when it did not validate.
    public static func edit(
        _ contractor: Contractor, catalog: Catalog, form: FormValues? = nil, issues: [FieldIssue] = []
    ) -> ContractorFormPage {
        var fields = profileFields(catalog: catalog, form: form, profile: contractor.profile)
        let errors = FormErrors.place(issues, on: &fields)
        let href = "/ui/contractors/\(WebFormat.lowercased(contractor.id))"
        return ContractorFormPage(
            heading: "Change \(contractor.profile.legalName)", action: href, submitLabel: "Save changes", cancelHref: href,
            version: contractor.version, fields: fields, errors: errors)
    }

    private static func profileFields(catalog: Catalog, form: FormValues?, profile: ContractorProfile?) -> [FormField] {
        let value = { (name: String, current: String?) in form?[name] ?? current }
        let relationship = value("relationship", profile?.relationship.rawValue) ?? Relationship.outsourcee.rawValue
        var fields = [
            FormField("legalName", label: "Legal name", value: value("legalName", profile?.legalName), required: true),
            FormField(
                "corporateNumber", label: "Corporate number", value: value("corporateNumber", profile?.corporateNumber),
                hint: "The 13-digit number from the National Tax Agency, check digit included; leave empty for a foreign company."),
            FormField(
                "country", label: "Country", value: value("country", profile?.country) ?? "JP", required: true,
                hint: "ISO 3166-1 alpha-2 code, e.g. JP"),
            FormField(
                "relationship", label: "Relationship", control: .select, value: relationship, required: true,
                options: FormField.options(Relationship.allCases.map { ($0.rawValue, WebFormat.code($0.rawValue)) }, selected: [relationship])),
        ]
        if let profile {
            let status = value("status", profile.status.rawValue) ?? profile.status.rawValue
            fields.append(
                FormField(
                    "status", label: "Status", control: .select, value: status,
                    options: FormField.options(ContractorStatus.allCases.map { ($0.rawValue, $0.rawValue) }, selected: [status])))
        }
        return fields
    }

    public static let mock = ContractorFormPage.register(
        catalog: try! Catalog.bundled(),
        form: FormValues([("legalName", "Kaito <Data> KK"), ("corporateNumber", "1234567890124"), ("country", "JP"), ("relationship", "outsourcee")]),
        issues: [FieldIssue("corporateNumber", "check digit does not match"), FieldIssue("contacts[0].email", "is not an email address")])
}
