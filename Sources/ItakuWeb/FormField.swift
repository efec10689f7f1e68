import ItakuCore

/// One input of a form as the `field` partial draws it: label, current value, and the message
/// validation left on it. Field names are the API's, so the core's `FieldIssue`s land on them.
public struct FormField: Encodable, Sendable, Equatable {
    /// A choice of a select, a radio group or a checkbox list.
    public struct Option: Encodable, Sendable, Equatable {
        public var value: String
        public var label: String
        public var selected: Bool

        public init(value: String, label: String, selected: Bool) {
            self.value = value
            self.label = label
            self.selected = selected
        }
    }

    public enum Control: String, Encodable, Sendable {
        case text, date, number, email, password, select, textarea, checkboxes
    }

    public var name: String
    public var label: String
    public var control: Control
    public var value: String
    public var required: Bool
    public var hint: String?
    public var error: String?
    public var options: [Option]
    /// For the template: which control to draw.
    public var isSelect: Bool
    public var isTextarea: Bool
    public var isCheckboxes: Bool
    public var inputType: String
    /// The id the input and its messages share.
    public var id: String

    public init(
        _ name: String, label: String, control: Control = .text, value: String? = nil, required: Bool = false, hint: String? = nil,
        options: [Option] = []
    ) {
        self.name = name
        self.label = label
        self.control = control
        self.value = value ?? ""
        self.required = required
        self.hint = hint
        self.options = options
        isSelect = control == .select
        isTextarea = control == .textarea
        isCheckboxes = control == .checkboxes
        inputType = control.rawValue
        id = "f-" + name.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }

    /// Options for a select or checkbox list, with the given values selected.
    public static func options(_ pairs: [(value: String, label: String)], selected: Set<String>) -> [Option] {
        pairs.map { Option(value: $0.value, label: $0.label, selected: selected.contains($0.value)) }
    }
}

/// The problems a submitted form had: the core's issues, placed on the fields that caused them,
/// and listed together at the top of the form.
public struct FormErrors: Encodable, Sendable, Equatable {
    /// One line of the summary, linking to its field when the form has one.
    public struct Line: Encodable, Sendable, Equatable {
        public var field: String
        public var message: String
        public var anchor: String?
    }

    public var lines: [Line]

    public init() {
        lines = []
    }

    public var isEmpty: Bool { lines.isEmpty }

    private enum CodingKeys: String, CodingKey {
        case lines, any, plural
    }

    /// Templates also see `any` and `plural`, which Mustache cannot work out for itself.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lines, forKey: .lines)
        try container.encode(!lines.isEmpty, forKey: .any)
        try container.encode(lines.count > 1, forKey: .plural)
    }

    /// Puts each issue on the field whose name is the issue's field or the start of it
    /// (`certifications[0].scheme` lands on `certifications[0].scheme`, `entrustmentIds[1]` on
    /// `entrustmentIds`), and lists every issue in the summary.
    public static func place(_ issues: [FieldIssue], on fields: inout [FormField]) -> FormErrors {
        var errors = FormErrors()
        for issue in issues {
            let index =
                fields.firstIndex { $0.name == issue.field }
                ?? fields.firstIndex { issue.field.hasPrefix($0.name + "[") || issue.field.hasPrefix($0.name + ".") }
            let where_ = issue.line.map { " (line \($0)\(issue.column.map { ", column \($0)" } ?? ""))" } ?? ""
            let message = issue.message + where_
            if let index {
                let previous = fields[index].error.map { $0 + "; " } ?? ""
                fields[index].error = previous + message
                errors.lines.append(Line(field: fields[index].label, message: message, anchor: fields[index].id))
            } else {
                errors.lines.append(Line(field: issue.field, message: message, anchor: nil))
            }
        }
        return errors
    }
}
