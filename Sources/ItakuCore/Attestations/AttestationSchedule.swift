import Foundation

/// Which attestation periods a contractor owes, from the reporting term of its contract in force.
public enum AttestationSchedule {
    /// Where one period stands.
    public enum PeriodStatus: String, Codable, Sendable {
        /// The period has not ended yet.
        case upcoming
        /// Ended, still within the grace days, nothing submitted.
        case due
        /// Past the grace days with nothing accepted or awaiting review.
        case overdue
        case submitted
        case changesRequested = "changes_requested"
        case accepted
    }

    /// One reporting period and what has been done about it.
    public struct Period: Codable, Sendable, Equatable {
        public var start: CalendarDay
        public var end: CalendarDay
        /// The last day to attest before it is overdue (end + grace days).
        public var dueOn: CalendarDay
        public var status: PeriodStatus
        /// The latest revision covering the period, if any.
        public var attestationID: UUID?
    }

    /// The reporting interval in months the contract sets, or nil when it sets none.
    public static func intervalMonths(of contract: Contract, catalog: Catalog) -> Int? {
        for (kind, parameter) in catalog.reportingIntervals {
            if case .number(let months)? = contract.term(kind)?.parameters[parameter], months > 0 { return months }
        }
        return nil
    }

    /// Consecutive periods of `months` from the contract's start until the period containing
    /// `today` (at most `limit`, newest last), each matched with the attestations covering it.
    public static func periods(
        contract: Contract, months: Int, graceDays: Int, attestations: [AttestationOutline], today: CalendarDay, limit: Int = 120
    ) -> [Period] {
        var periods: [Period] = []
        var start = contract.effectiveFrom
        var index = 0
        while start <= today && periods.count < limit {
            index += 1
            let next = contract.effectiveFrom.adding(months: months * index)
            var end = next.adding(days: -1)
            if let expiresOn = contract.expiresOn, expiresOn < end { end = expiresOn }
            var latest: Int?
            for candidate in attestations.indices where attestations[candidate].overlaps(start, end) {
                if let best = latest,
                    (attestations[candidate].submittedAt, attestations[candidate].revision) <= (attestations[best].submittedAt, attestations[best].revision)
                {
                    continue
                }
                latest = candidate
            }
            let covering = latest.map { attestations[$0] }
            let dueOn = end.adding(days: graceDays)
            let status: PeriodStatus
            switch covering?.status {
            case .accepted?: status = .accepted
            case .submitted?: status = .submitted
            case .changesRequested?: status = today > dueOn ? .overdue : .changesRequested
            case .rejected?, nil: status = end >= today ? .upcoming : (today > dueOn ? .overdue : .due)
            }
            periods.append(Period(start: start, end: end, dueOn: dueOn, status: status, attestationID: covering?.id))
            if let expiresOn = contract.expiresOn, end >= expiresOn { break }
            start = next
        }
        return periods
    }
}
