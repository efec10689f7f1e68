import Foundation

/// A revision without its answers and sections: which period it covers, where it sits among
/// the revisions and where its review stands. The schedule and the history need no more, and a
/// contractor's history grows with every period while its answers are read only from the latest.
public struct AttestationOutline: Sendable, Equatable, Identifiable, CoversPeriod {
    public var id: UUID
    public var contractorID: UUID
    public var periodStart: CalendarDay
    public var periodEnd: CalendarDay
    public var revision: Int
    public var previousRevisionID: UUID?
    public var status: AttestationStatus
    public var submittedAt: Date

    public init(
        id: UUID, contractorID: UUID, periodStart: CalendarDay, periodEnd: CalendarDay, revision: Int, previousRevisionID: UUID?,
        status: AttestationStatus, submittedAt: Date
    ) {
        self.id = id
        self.contractorID = contractorID
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.revision = revision
        self.previousRevisionID = previousRevisionID
        self.status = status
        self.submittedAt = submittedAt
    }

    /// The position of the most recent revision that no later one answers — what the contractor
    /// last said — among `outlines`; of revisions tied on period end and submission time, the
    /// first listed.
    public static func latest(of outlines: [AttestationOutline]) -> Int? {
        // A contractor has a handful of attestations; searching them beats hashing into a set.
        let answered: (UUID) -> Bool
        if outlines.count > 16 {
            let ids = Set(outlines.compactMap(\.previousRevisionID))
            answered = { ids.contains($0) }
        } else {
            answered = { id in outlines.contains { $0.previousRevisionID == id } }
        }
        var latest: Int?
        for candidate in outlines.indices where !answered(outlines[candidate].id) {
            if let best = latest,
                (outlines[candidate].periodEnd, outlines[candidate].submittedAt) <= (outlines[best].periodEnd, outlines[best].submittedAt)
            {
                continue
            }
            latest = candidate
        }
        return latest
    }
}

extension Attestation {
    /// This revision without its answers and sections.
    public var outline: AttestationOutline {
        AttestationOutline(
            id: id, contractorID: contractorID, periodStart: periodStart, periodEnd: periodEnd, revision: revision,
            previousRevisionID: previousRevisionID, status: status, submittedAt: submittedAt)
    }
}

/// Which of a contractor's revisions a re-derivation on one day reads in outline. The schedule
/// matches revisions to the periods of the contract in force, and those start no earlier than
/// the earliest start of a signed contract not expired that day; the latest revision ends on the
/// latest period end. Older revisions move no finding: a history grows every period, and reading
/// all of it on every write grew with it.
public struct OutlineWindow: Sendable, Equatable {
    /// The earliest start of a signed contract not expired on the day; nil when there is none.
    public var earliestContractStart: CalendarDay?
    /// The latest period end of any revision; nil when there are none.
    public var latestPeriodEnd: CalendarDay?

    public init(contracts: [Contract], latestPeriodEnd: CalendarDay?, on day: CalendarDay) {
        earliestContractStart = contracts.lazy.filter { $0.status == .signed && ($0.expiresOn.map { $0 >= day } ?? true) }.map(\.effectiveFrom).min()
        self.latestPeriodEnd = latestPeriodEnd
    }

    /// Whether a revision ending on `periodEnd` is read.
    public func includes(periodEnd: CalendarDay) -> Bool {
        (earliestContractStart.map { periodEnd >= $0 } ?? false) || periodEnd == latestPeriodEnd
    }

    /// The outlines of `all` it includes, in their order.
    public static func outlines(_ all: [AttestationOutline], contracts: [Contract], on day: CalendarDay) -> [AttestationOutline] {
        let window = OutlineWindow(contracts: contracts, latestPeriodEnd: all.map(\.periodEnd).max(), on: day)
        return all.filter { window.includes(periodEnd: $0.periodEnd) }
    }
}
