import Foundation

/// A contractor's rows as the stores read them for one contractor: by the time each was made,
/// ties by identifier. A portfolio scan reads whole tables in whatever order they lie in and
/// puts each contractor's rows in this order, so a rule that lists its evidence in the order of
/// the facts says the same after a scan as after a re-derivation.
public protocol StoredInOrder {
    var id: UUID { get }
    /// The time the row is ordered by.
    var orderedAt: Date { get }
}

extension StoredInOrder {
    /// Whether `self` comes before `other`. Identifiers compare as their text does in either
    /// case, which for hexadecimal is the order of their bytes.
    func precedes(_ other: Self) -> Bool {
        if orderedAt != other.orderedAt { return orderedAt < other.orderedAt }
        return withUnsafeBytes(of: id.uuid) { mine in
            withUnsafeBytes(of: other.id.uuid) { theirs in mine.lexicographicallyPrecedes(theirs) }
        }
    }
}

extension Entrustment: StoredInOrder {
    public var orderedAt: Date { createdAt }
}

extension Contract: StoredInOrder {
    public var orderedAt: Date { createdAt }
}

extension Attestation: StoredInOrder {
    public var orderedAt: Date { submittedAt }
}

extension Incident: StoredInOrder {
    public var orderedAt: Date { reportedAt }
}

extension Subcontracting: StoredInOrder {
    public var orderedAt: Date { requestedAt }
}
