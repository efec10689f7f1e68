import Foundation

/// What happened to entrusted data once the work ended.
public enum Disposition: String, Codable, Sendable, CaseIterable {
    case pending, returned, deleted
}

/// The data scope of one entrustment: what, about whom, how much, where and for how long.
public struct EntrustmentScope: Codable, Sendable, Equatable {
    public var title: String
    public var description: String?
    public var purposes: [String]
    public var subjectCategories: [String]
    public var dataItems: [String]
    public var estimatedRecords: Int
    /// Countries where the data may be stored or processed.
    public var locations: [String]
    public var retentionDays: Int
    public var startsOn: CalendarDay
    public var endsOn: CalendarDay?

    public init(
        title: String, description: String? = nil, purposes: [String], subjectCategories: [String],
        dataItems: [String], estimatedRecords: Int, locations: [String], retentionDays: Int,
        startsOn: CalendarDay, endsOn: CalendarDay? = nil
    ) {
        self.title = title
        self.description = description
        self.purposes = purposes
        self.subjectCategories = subjectCategories
        self.dataItems = dataItems
        self.estimatedRecords = estimatedRecords
        self.locations = locations
        self.retentionDays = retentionDays
        self.startsOn = startsOn
        self.endsOn = endsOn
    }
}

/// One data scope entrusted to a contractor.
public struct Entrustment: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var contractorID: UUID
    public var scope: EntrustmentScope
    public var disposition: Disposition
    /// When the contractor certified the return or deletion.
    public var dispositionCertifiedAt: Date?
    /// The certificate itself: method, date and signatory.
    public var dispositionCertificate: DispositionCertificate?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, contractorID: UUID, scope: EntrustmentScope, disposition: Disposition = .pending,
        dispositionCertifiedAt: Date? = nil, dispositionCertificate: DispositionCertificate? = nil, version: Int, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.contractorID = contractorID
        self.scope = scope
        self.disposition = disposition
        self.dispositionCertifiedAt = dispositionCertifiedAt
        self.dispositionCertificate = dispositionCertificate
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether the work is running on `day` (started and not yet ended).
    public func isActive(on day: CalendarDay) -> Bool {
        scope.startsOn <= day && (scope.endsOn.map { day <= $0 } ?? true)
    }

    /// Whether the work has ended before `day`.
    public func hasEnded(before day: CalendarDay) -> Bool {
        scope.endsOn.map { $0 < day } ?? false
    }
}
