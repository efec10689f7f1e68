import Foundation
import ItakuCore

/// The portfolio at a glance: who is riskiest, which findings are open, what is about to lapse.
public struct DashboardPage: PageContent, Equatable {
    public static let template = "dashboard"

    /// A contractor ranked by risk score.
    public struct ScoreRow: Encodable, Sendable, Equatable {
        public var name: String
        public var href: String
        public var score: Int
        public var critical: Int
        public var high: Int
        public var medium: Int
        public var low: Int
    }

    /// Open flags of one rule at one severity.
    public struct FlagCountRow: Encodable, Sendable, Equatable {
        public var rule: String
        public var severity: String
        public var count: Int
        public var href: String
    }

    /// A contract expiring within the horizon.
    public struct ExpiringRow: Encodable, Sendable, Equatable {
        public var reference: String
        public var href: String
        public var contractor: String
        public var contractorHref: String
        public var expiresOn: String
        public var left: String
    }

    /// An incident whose clocks still run.
    public struct IncidentRow: Encodable, Sendable, Equatable {
        public var contractor: String
        public var contractorHref: String
        public var category: String
        public var status: String
        public var discoveredAt: String
        public var noticeClock: String
        public var noticeLate: Bool
        public var regulatorClock: String?
    }

    /// A contractor behind on its attestations.
    public struct OverdueRow: Encodable, Sendable, Equatable {
        public var contractor: String
        public var contractorHref: String
        public var severity: String
        public var explanation: String
    }

    public var ranked: [ScoreRow]
    public var rankedMoreHref: String?
    public var flagCounts: [FlagCountRow]
    public var openFlags: Int
    public var expiring: [ExpiringRow]
    public var horizonDays: Int
    public var incidents: [IncidentRow]
    public var overdue: [OverdueRow]

    public init(
        scores: Page<ContractorScore>, counts: [FlagCount], watchlist: PortfolioWatch.Watchlist, now: Date
    ) {
        ranked = scores.items.map {
            ScoreRow(
                name: $0.legalName, href: "/ui/contractors/\(WebFormat.lowercased($0.contractorID))", score: $0.score,
                critical: $0.critical, high: $0.high, medium: $0.medium, low: $0.low)
        }
        rankedMoreHref = scores.nextCursor.map { "/ui?cursor=\($0)" }
        flagCounts = counts.sorted { ($0.severity.rank, $0.count, $1.rule) > ($1.severity.rank, $1.count, $0.rule) }.map {
            FlagCountRow(
                rule: $0.rule, severity: $0.severity.rawValue, count: $0.count,
                href: "/ui/flags?rule=\($0.rule)&severity=\($0.severity.rawValue)")
        }
        openFlags = counts.reduce(0) { $0 + $1.count }
        let today = CalendarDay(now)
        let name = { (id: UUID) in watchlist.contractorNames[id] ?? WebFormat.lowercased(id) }
        expiring = watchlist.expiringContracts.map { contract in
            ExpiringRow(
                reference: contract.reference, href: "/ui/contracts/\(WebFormat.lowercased(contract.id))",
                contractor: name(contract.contractorID), contractorHref: "/ui/contractors/\(WebFormat.lowercased(contract.contractorID))",
                expiresOn: contract.expiresOn?.description ?? "",
                left: contract.expiresOn.map { WebFormat.daysLeft(until: $0, today: today) } ?? "")
        }
        horizonDays = PortfolioWatch.expiryHorizonDays
        incidents = watchlist.unclosedIncidents.map { IncidentRow(report: $0, contractor: name($0.incident.contractorID), now: now) }
        overdue = watchlist.overdueAttestations.map {
            OverdueRow(
                contractor: name($0.contractorID), contractorHref: "/ui/contractors/\(WebFormat.lowercased($0.contractorID))",
                severity: $0.severity.rawValue, explanation: $0.explanation)
        }
    }

    init(
        ranked: [ScoreRow], rankedMoreHref: String?, flagCounts: [FlagCountRow], openFlags: Int, expiring: [ExpiringRow],
        incidents: [IncidentRow], overdue: [OverdueRow]
    ) {
        self.ranked = ranked
        self.rankedMoreHref = rankedMoreHref
        self.flagCounts = flagCounts
        self.openFlags = openFlags
        self.expiring = expiring
        horizonDays = PortfolioWatch.expiryHorizonDays
        self.incidents = incidents
        self.overdue = overdue
    }

    public static let mock = DashboardPage(
        ranked: [
            ScoreRow(name: "Kaito Data Services KK", href: "/ui/contractors/c1", score: 85, critical: 1, high: 2, medium: 1, low: 0),
            ScoreRow(name: "Nami Print & Mail", href: "/ui/contractors/c2", score: 20, critical: 0, high: 0, medium: 2, low: 0),
        ],
        rankedMoreHref: "/ui?cursor=abc",
        flagCounts: [
            FlagCountRow(rule: "third-party-disclosure", severity: "critical", count: 1, href: "/ui/flags?rule=third-party-disclosure&severity=critical"),
            FlagCountRow(rule: "attestation-overdue", severity: "medium", count: 3, href: "/ui/flags?rule=attestation-overdue&severity=medium"),
        ],
        openFlags: 4,
        expiring: [
            ExpiringRow(
                reference: "OUT-2025-014", href: "/ui/contracts/k1", contractor: "Nami Print & Mail", contractorHref: "/ui/contractors/c2",
                expiresOn: "2026-12-20", left: "24 days left")
        ],
        incidents: [
            IncidentRow(
                contractor: "Kaito Data Services KK", contractorHref: "/ui/contractors/c1", category: "leakage", status: "open",
                discoveredAt: "2026-11-24 09:00 UTC", noticeClock: "notice 2 h late", noticeLate: true,
                regulatorClock: "preliminary report due 2026-11-27, final 2026-12-24")
        ],
        overdue: [
            OverdueRow(
                contractor: "Nami Print & Mail", contractorHref: "/ui/contractors/c2", severity: "medium",
                explanation: "No attestation accepted for 2026-07-01…2026-09-30.")
        ])
}

extension DashboardPage.IncidentRow {
    init(report: IncidentDesk.Report, contractor: String, now: Date) {
        let incident = report.incident
        let notice = report.deadlines.contractorNotice
        var clock = notice.explanation
        if let deadline = notice.deadline {
            clock =
                switch notice.onTime {
            case true?: "notice on time"
            case false?: "notice late (due \(WebFormat.moment(deadline)))"
            case nil: "notice due \(WebFormat.moment(deadline))"
            }
        }
        let regulator = report.deadlines.regulator
        var regulatorClock: String?
        if regulator.reportable {
            let today = CalendarDay(now)
            let parts = [
                regulator.preliminaryDueOn.map { "preliminary report \($0) (\(WebFormat.daysLeft(until: $0, today: today)))" },
                regulator.finalDueOn.map { "final report \($0) (\(WebFormat.daysLeft(until: $0, today: today)))" },
            ].compactMap { $0 }
            regulatorClock = "Reportable to the PPC: " + parts.joined(separator: "; ")
        }
        self.init(
            contractor: contractor, contractorHref: "/ui/contractors/\(WebFormat.lowercased(incident.contractorID))",
            category: WebFormat.code(incident.category.rawValue), status: incident.status.rawValue,
            discoveredAt: WebFormat.moment(incident.discoveredAt), noticeClock: clock, noticeLate: notice.onTime == false,
            regulatorClock: regulatorClock)
    }
}
