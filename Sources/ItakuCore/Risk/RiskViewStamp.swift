import Foundation

/// What a contractor's risk view (score, live flags, equivalence, sub-contracting tree) was
/// derived from. Two equal stamps promise the same view, so a view remembered under a stamp can be
/// served again until the stamp moves.
public struct RiskViewStamp: Hashable, Sendable {
    /// Moves with every write of the contractor's score, which every flag change makes (re-derivation, triage).
    public var flags: Int
    /// Moves with every write that can change any contractor's equivalence or tree: contracts,
    /// entrustments, sub-contracting, the policy, contractor profiles.
    public var structure: Int
    /// Contracts come into force and expire by the day.
    public var day: CalendarDay

    public init(flags: Int, structure: Int, day: CalendarDay) {
        self.flags = flags
        self.structure = structure
        self.day = day
    }

    /// Whether a write to this kind of subject can change a tree or an equivalence report.
    /// Anything not known to leave them alone counts as moving them, so a new kind of write
    /// can only make views be recomputed more often, never served stale.
    public static func movesStructure(subjectType: String) -> Bool {
        !flagOnlySubjects.contains(subjectType)
    }

    /// Subjects whose writes reach a contractor's view only through its flags (which move the
    /// flag stamp when they are re-derived) or not at all.
    static let flagOnlySubjects: Set<String> = [
        "attestation", "evidence", "incident", "flag", "scan", "document", "template", "token", "user", "questionnaire",
    ]
}

/// The two counters behind `RiskViewStamp`, kept by the store in the same transactions as the
/// writes that move them.
public protocol RiskViewRepository: Sendable {
    /// The contractor's flag counter and the portfolio's structure counter; nil before the
    /// contractor's flags were first derived.
    func riskViewCounters(of contractorID: UUID) async throws -> (flags: Int, structure: Int)?
    /// Moves the structure counter.
    func moveRiskStructure() async throws
}
