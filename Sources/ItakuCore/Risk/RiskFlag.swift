import Foundation

/// Where a flag stands in triage.
public enum FlagStatus: String, Codable, Sendable, CaseIterable {
    case open, acknowledged, waived, resolved
}

/// A compliance officer's decision to accept a finding for a while.
public struct Waiver: Codable, Sendable, Equatable {
    public var reason: String
    public var expiresOn: CalendarDay
    public var by: String
    public var at: Date
}

/// A finding kept as a record: when it was first and last seen, and what compliance did about it.
public struct RiskFlag: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var key: String
    public var rule: String
    public var severity: Severity
    public var contractorID: UUID
    public var subjectType: String
    public var subjectID: String
    public var explanation: String
    public var evidence: [EvidenceRef]
    public var status: FlagStatus
    public var firstSeenAt: Date
    public var lastSeenAt: Date
    public var resolvedAt: Date?
    public var acknowledgedAt: Date?
    public var acknowledgedBy: String?
    public var waiver: Waiver?
    public var version: Int

    public init(finding: Finding, id: UUID = UUID(), at moment: Date) {
        self.id = id
        key = finding.key
        rule = finding.rule
        severity = finding.severity
        contractorID = finding.contractorID
        subjectType = finding.subjectType
        subjectID = finding.subjectID
        explanation = finding.explanation
        evidence = finding.evidence
        status = .open
        firstSeenAt = moment
        lastSeenAt = moment
        version = 1
    }

    /// Whether the flag counts towards the risk score (waived and resolved ones do not).
    public var isLive: Bool { status == .open || status == .acknowledged }
}

/// What re-derivation changes: flags to insert and flags to update.
public struct FlagChanges: Sendable, Equatable {
    public var inserted: [RiskFlag] = []
    public var updated: [RiskFlag] = []

    public var isEmpty: Bool { inserted.isEmpty && updated.isEmpty }
}

/// Brings stored flags in line with fresh findings (pure).
public enum FlagReconciliation {
    /// - New findings become open flags; a finding seen again refreshes its flag's text, severity,
    ///   evidence and `lastSeenAt`, and reopens it if it was resolved or its waiver has expired.
    /// - A live or waived flag whose finding is gone is resolved.
    /// - Nothing changes for flags whose finding is unchanged, so a quiet re-derivation writes nothing.
    public static func reconcile(existing: [RiskFlag], findings: [Finding], at moment: Date) -> FlagChanges {
        var changes = FlagChanges()
        let today = CalendarDay(moment)
        var byKey: [String: RiskFlag] = [:]
        for flag in existing { byKey[flag.key] = flag }
        var seen: Set<String> = []
        for finding in findings where seen.insert(finding.key).inserted {
            guard var flag = byKey[finding.key] else {
                changes.inserted.append(RiskFlag(finding: finding, at: moment))
                continue
            }
            let before = flag
            flag.severity = finding.severity
            flag.explanation = finding.explanation
            flag.evidence = finding.evidence
            switch flag.status {
            case .resolved:
                flag.status = .open
                flag.resolvedAt = nil
                flag.acknowledgedAt = nil
                flag.acknowledgedBy = nil
            case .waived where (flag.waiver?.expiresOn ?? today) < today:
                flag.status = .open
            default:
                break
            }
            if flag != before {
                flag.lastSeenAt = moment
                flag.version += 1
                changes.updated.append(flag)
            }
        }
        for flag in existing where !seen.contains(flag.key) && flag.status != .resolved {
            var resolved = flag
            resolved.status = .resolved
            resolved.resolvedAt = moment
            resolved.version += 1
            changes.updated.append(resolved)
        }
        return changes
    }
}

/// A contractor's risk score: the weighted sum of its live flags, capped at 100.
///
/// Weights: critical 40, high 15, medium 5, low 1. One critical flag alone puts a contractor in
/// the top band; a waived flag does not count until its waiver expires.
public enum RiskScore {
    public static func weight(_ severity: Severity) -> Int {
        switch severity {
        case .critical: 40
        case .high: 15
        case .medium: 5
        case .low: 1
        }
    }

    public static func of(_ flags: [RiskFlag]) -> Int {
        min(100, flags.filter(\.isLive).reduce(0) { $0 + weight($1.severity) })
    }
}
