import Foundation
import ItakuCore

/// The policy in force (or an earlier version), its versions, and for compliance the editor
/// that publishes a new version — the same JSON document `PUT /api/v1/policy` takes.
public struct PolicyPage: PageContent, Equatable {
    public static let template = "policy"

    public struct TermRow: Encodable, Sendable, Equatable {
        public var kind: String
        public var title: String
        public var parameters: [String]
    }

    public struct VersionRow: Encodable, Sendable, Equatable {
        public var version: Int
        public var href: String
        public var createdAt: String
        public var createdBy: String
        public var note: String?
        public var shown: Bool
    }

    public var version: Int
    public var isCurrent: Bool
    public var createdAt: String
    public var createdBy: String
    public var note: String?
    public var purposes: [String]
    public var terms: [TermRow]
    public var versions: [VersionRow]
    public var canEdit: Bool
    public var document: String
    public var errors: FormErrors

    public init(
        shown: PolicyVersion, current: Int, versions: [PolicyVersion], catalog: Catalog, canEdit: Bool, document: String,
        issues: [FieldIssue] = []
    ) {
        version = shown.version
        isCurrent = shown.version == current
        createdAt = WebFormat.moment(shown.createdAt)
        createdBy = shown.createdBy
        note = shown.note
        purposes = shown.content.purposes.map { code in catalog.purposes.first { $0.code == code }?.title ?? code }
        terms = shown.content.terms.map {
            TermRow(kind: $0.kind, title: catalog.kind($0.kind)?.title ?? $0.kind, parameters: EquivalenceMatrix.describe($0))
        }
        self.versions = versions.map {
            VersionRow(
                version: $0.version, href: "/ui/policy?version=\($0.version)", createdAt: WebFormat.moment($0.createdAt), createdBy: $0.createdBy,
                note: $0.note, shown: $0.version == shown.version)
        }
        self.canEdit = canEdit
        self.document = document
        // Issues name paths inside the document (terms[3].parameters.x); all of them belong to the editor.
        errors = FormErrors()
        errors.lines = issues.map { FormErrors.Line(field: $0.field, message: $0.message, anchor: "f-document") }
    }
}

/// Document templates: the newest version of each, and for compliance the form that publishes one.
public struct TemplatesPage: PageContent, Equatable {
    public static let template = "templates"

    public struct Row: Encodable, Sendable, Equatable {
        public var name: String
        public var href: String
        public var version: Int
        public var source: String
        public var createdAt: String
        public var createdBy: String
    }

    public var rows: [Row]
    public var canPublish: Bool
    public var fields: [FormField]
    public var errors: FormErrors

    public init(templates: [DocumentTemplate], canPublish: Bool, form: FormValues = FormValues(), issues: [FieldIssue] = []) {
        rows = templates.map {
            Row(
                name: $0.name, href: "/ui/templates/\($0.name)", version: $0.version, source: $0.source.rawValue,
                createdAt: WebFormat.moment($0.createdAt), createdBy: $0.createdBy)
        }
        self.canPublish = canPublish
        var fields = [
            FormField("name", label: "Template name", value: form["name"], required: true, hint: "Lowercase letters, digits and hyphens; an existing name gets a new version."),
            FormField("body", label: "Template", control: .textarea, value: form["body"], required: true, hint: "Mustache over the document snapshot; see Templates/README.md."),
            FormField("note", label: "Note", value: form["note"]),
        ]
        errors = FormErrors.place(issues, on: &fields)
        self.fields = fields
    }
}

/// Every version of one template, the newest shown in full.
public struct TemplatePage: PageContent, Equatable {
    public static let template = "template"

    public struct VersionRow: Encodable, Sendable, Equatable {
        public var version: Int
        public var sha256: String
        public var createdAt: String
        public var createdBy: String
        public var note: String?
    }

    public var name: String
    public var body: String
    public var versions: [VersionRow]

    public init(versions: [DocumentTemplate]) {
        name = versions.first?.name ?? ""
        body = versions.first?.body ?? ""
        self.versions = versions.map {
            VersionRow(
                version: $0.version, sha256: String($0.sha256.prefix(16)), createdAt: WebFormat.moment($0.createdAt), createdBy: $0.createdBy,
                note: $0.note)
        }
    }
}

/// The audit trail, newest first, with the chain's verification.
public struct AuditPage: PageContent, Equatable {
    public static let template = "audit"

    public struct Row: Encodable, Sendable, Equatable {
        public var sequence: Int
        public var occurredAt: String
        public var actor: String
        public var role: String
        public var action: String
        public var subject: String
        public var hash: String
    }

    /// Nil until someone asks for the check: it reads the whole chain.
    public var verified: Bool?
    public var broken: Bool
    public var verification: String?
    public var rows: [Row]
    public var nextHref: String?
    public var firstHref: String?

    public init(events: Page<AuditEvent>, verification: AuditVerification?, isFirstPage: Bool) {
        switch verification {
        case .intact(let count)?:
            verified = true
            broken = false
            self.verification = "The chain is intact: \(count) events verified."
        case .broken(let eventID, let sequence, let count, let reason)?:
            verified = false
            broken = true
            self.verification =
                "The chain is broken at event \(sequence) (\(WebFormat.lowercased(eventID))): \(reason). \(count) events before it verified."
        case nil:
            verified = nil
            broken = false
            self.verification = nil
        }
        rows = events.items.map {
            Row(
                sequence: $0.sequence, occurredAt: $0.occurredAt, actor: $0.actor, role: $0.role, action: $0.action,
                subject: "\($0.subjectType) \($0.subjectID)", hash: String($0.hash.prefix(12)))
        }
        nextHref = events.nextCursor.map { "/ui/audit?cursor=\($0)" }
        firstHref = isFirstPage ? nil : "/ui/audit"
    }
}
