import Foundation
import ItakuCore

/// Findings across the portfolio, filtered, with acknowledge and waive for compliance.
public struct FlagsPage: PageContent, Equatable {
    public static let template = "flags"

    public struct Row: Encodable, Sendable, Equatable {
        public var id: String
        public var contractor: String
        public var contractorHref: String
        public var rule: String
        public var severity: String
        public var status: String
        public var explanation: String
        public var firstSeen: String
        public var version: Int
        public var waiver: String?
        public var canAcknowledge: Bool
        public var canWaive: Bool
    }

    public var ruleOptions: [FormField.Option]
    public var severityOptions: [FormField.Option]
    public var statusOptions: [FormField.Option]
    public var rows: [Row]
    public var nextHref: String?
    public var firstHref: String?
    public var canTriage: Bool
    /// A waiver may run for at most this long.
    public var waiverDefaultExpiry: String
    /// The filters as a query string, carried through actions so the list stays as it was.
    public var returnTo: String
    public var errors: FormErrors

    public init(
        filter: FlagFilter, rules: [String], page: Page<RiskFlag>, names: [UUID: String], isFirstPage: Bool, canTriage: Bool, today: CalendarDay,
        issues: [FieldIssue] = []
    ) {
        let any = { (label: String, selected: Bool) in FormField.Option(value: "", label: label, selected: selected) }
        ruleOptions = [any("Any rule", filter.rule == nil)] + rules.map { FormField.Option(value: $0, label: $0, selected: $0 == filter.rule) }
        severityOptions =
            [any("Any severity", filter.severity == nil)]
            + Severity.allCases.reversed().map { FormField.Option(value: $0.rawValue, label: $0.rawValue, selected: $0 == filter.severity) }
        statusOptions =
            [any("Any status", filter.status == nil)]
            + FlagStatus.allCases.map { FormField.Option(value: $0.rawValue, label: $0.rawValue, selected: $0 == filter.status) }
        rows = page.items.map { flag in
            Row(
                id: WebFormat.lowercased(flag.id), contractor: names[flag.contractorID] ?? WebFormat.lowercased(flag.contractorID),
                contractorHref: "/ui/contractors/\(WebFormat.lowercased(flag.contractorID))", rule: flag.rule, severity: flag.severity.rawValue,
                status: flag.status.rawValue, explanation: flag.explanation, firstSeen: WebFormat.moment(flag.firstSeenAt), version: flag.version,
                waiver: flag.waiver.map { "\($0.reason) (until \($0.expiresOn), by \($0.by))" },
                canAcknowledge: canTriage && flag.status == .open, canWaive: canTriage && flag.isLive)
        }
        let parameters: [String: String?] = [
            "rule": filter.rule, "severity": filter.severity?.rawValue, "status": filter.status?.rawValue,
            "contractor": filter.contractorID.map(WebFormat.lowercased),
        ]
        returnTo = ContractorListPage.query(parameters)
        nextHref = page.nextCursor.map { cursor in
            "/ui/flags?" + ContractorListPage.query(parameters.merging(["cursor": cursor]) { $1 })
        }
        firstHref = isFirstPage ? nil : "/ui/flags" + (returnTo.isEmpty ? "" : "?" + returnTo)
        self.canTriage = canTriage
        waiverDefaultExpiry = CalendarDay(today.startDate.addingTimeInterval(90 * 86_400)).description
        var fields = [FormField("reason", label: "Reason"), FormField("expiresOn", label: "Until")]
        errors = FormErrors.place(issues, on: &fields)
    }
}
