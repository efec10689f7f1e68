import Foundation

/// What happened to the data.
public enum IncidentCategory: String, Codable, Sendable, CaseIterable {
    case leakage, loss, damage
    case unauthorizedAccess = "unauthorized_access"
}

/// Where the handling of an incident stands.
public enum IncidentStatus: String, Codable, Sendable, CaseIterable {
    case open, contained, closed
}

/// A note added to an incident, by the contractor or by compliance.
public struct IncidentUpdate: Codable, Sendable, Equatable {
    public var at: Date
    public var by: String
    public var role: String
    public var text: String
    /// Set when the update moved the incident to another status.
    public var status: IncidentStatus?
}

/// A leak, loss, damage or unauthorised access reported by a contractor.
public struct Incident: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var contractorID: UUID
    public var category: IncidentCategory
    public var discoveredAt: Date
    /// Stamped by the service when the report arrives: the moment the company knew at the latest.
    public var reportedAt: Date
    public var recordsAffected: Int
    public var dataItemsAffected: [String]
    public var involvesSpecialCare: Bool
    /// Unauthorised access, theft, ransomware or other acts that may have an improper purpose.
    public var improperPurpose: Bool
    public var description: String
    public var entrustmentIDs: [UUID]
    public var status: IncidentStatus
    public var updates: [IncidentUpdate]
    public var version: Int
    public var updatedAt: Date

    public init(
        id: UUID, contractorID: UUID, category: IncidentCategory, discoveredAt: Date, reportedAt: Date, recordsAffected: Int,
        dataItemsAffected: [String], involvesSpecialCare: Bool, improperPurpose: Bool, description: String,
        entrustmentIDs: [UUID], status: IncidentStatus = .open, updates: [IncidentUpdate] = [], version: Int = 1, updatedAt: Date
    ) {
        self.id = id
        self.contractorID = contractorID
        self.category = category
        self.discoveredAt = discoveredAt
        self.reportedAt = reportedAt
        self.recordsAffected = recordsAffected
        self.dataItemsAffected = dataItemsAffected
        self.involvesSpecialCare = involvesSpecialCare
        self.improperPurpose = improperPurpose
        self.description = description
        self.entrustmentIDs = entrustmentIDs
        self.status = status
        self.updates = updates
        self.version = version
        self.updatedAt = updatedAt
    }
}

/// The clocks an incident starts: the contractor's notice to the company, and the company's own
/// reports to the regulator (PPC Rules Arts. 7–8; reference §1.3).
public struct IncidentDeadlines: Codable, Sendable, Equatable {
    /// The contractor's notice against its contract's deadline.
    public struct ContractorNotice: Codable, Sendable, Equatable {
        /// The contract's `notice_max_hours`, if a contract was in force when the incident was found.
        public var deadlineHours: TermValue?
        public var deadline: Date?
        /// Nil when it cannot be judged (no contract, or a vague deadline).
        public var onTime: Bool?
        public var explanation: String
    }

    /// The company's reports to the Personal Information Protection Commission.
    public struct RegulatorReports: Codable, Sendable, Equatable {
        public var reportable: Bool
        public var reasons: [String]
        /// The day the company knew, at the latest (day 1 of the count).
        public var knownOn: CalendarDay
        public var preliminaryDueOn: CalendarDay?
        public var finalDueOn: CalendarDay?
        public var explanation: String
    }

    public var contractorNotice: ContractorNotice
    public var regulator: RegulatorReports

    /// Works out both clocks for `incident` under the contract in force when it was found.
    public static func of(_ incident: Incident, contract: Contract?, policy: PolicyContent, catalog: Catalog) -> IncidentDeadlines {
        let notice: ContractorNotice
        let hours = ChainCheck.budget(policy: policy, catalog: catalog).flatMap { budget in
            contract?.term(budget.kind)?.parameters[budget.parameter]
        }
        switch (contract, hours) {
        case (nil, _):
            notice = ContractorNotice(
                deadlineHours: nil, deadline: nil, onTime: nil,
                explanation: "No contract was in force when the incident was discovered, so no notice deadline applies.")
        case (_, .number(let limit)?):
            let deadline = incident.discoveredAt.addingTimeInterval(Double(limit) * 3600)
            let onTime = incident.reportedAt <= deadline
            let took = Int((incident.reportedAt.timeIntervalSince(incident.discoveredAt) / 3600).rounded(.up))
            notice = ContractorNotice(
                deadlineHours: .number(limit), deadline: deadline, onTime: onTime,
                explanation: onTime
                    ? "Reported within the contract's \(limit) hours of discovery."
                    : "Reported about \(took) hours after discovery; the contract allows \(limit).")
        case (_, let stated):
            notice = ContractorNotice(
                deadlineHours: stated, deadline: nil, onTime: nil,
                explanation: stated == .unspecified
                    ? "The contract's notice deadline is vague (“unspecified”), so timeliness cannot be judged."
                    : "The contract states no notice deadline.")
        }

        var reasons: [String] = []
        let classes = incident.dataItemsAffected.compactMap { catalog.dataItem($0) }
        if incident.involvesSpecialCare || classes.contains(where: { $0.class == .specialCare }) {
            reasons.append("special care-required information is involved")
        }
        if classes.contains(where: { $0.class == .individualNumber }) { reasons.append("individual numbers are involved") }
        if classes.contains(where: { $0.financialHarm == true }) { reasons.append("misuse could cause financial damage") }
        if incident.improperPurpose || incident.category == .unauthorizedAccess { reasons.append("it may have been done for an improper purpose") }
        if incident.recordsAffected > 1000 { reasons.append("more than 1,000 people are affected") }

        let knownOn = CalendarDay(incident.reportedAt, timeZone: policy.settings.companyCountry == "JP" ? "Asia/Tokyo" : "UTC")
        guard !reasons.isEmpty else {
            return IncidentDeadlines(
                contractorNotice: notice,
                regulator: RegulatorReports(
                    reportable: false, reasons: [], knownOn: knownOn, preliminaryDueOn: nil, finalDueOn: nil,
                    explanation: "On the facts reported, the incident is not one the regulator must be told of; review as facts develop."))
        }
        let improper = incident.improperPurpose || incident.category == .unauthorizedAccess
        let finalDays = improper ? policy.settings.regulatorFinalDaysImproperPurpose : policy.settings.regulatorFinalDays
        let preliminary = knownOn.adding(days: policy.settings.regulatorPreliminaryDays - 1)
        let final = knownOn.adding(days: finalDays - 1).nextBusinessDay
        return IncidentDeadlines(
            contractorNotice: notice,
            regulator: RegulatorReports(
                reportable: true, reasons: reasons, knownOn: knownOn, preliminaryDueOn: preliminary, finalDueOn: final,
                explanation:
                    "Reportable because \(reasons.joined(separator: "; ")). Preliminary report promptly, by \(preliminary) at the latest; final report within \(finalDays) days, by \(final)."))
    }
}

extension CalendarDay {
    /// This day, or the next one that is not a weekend or in the 29 December – 3 January closure.
    /// (National holidays are not modelled; check the calendar for those.)
    public var nextBusinessDay: CalendarDay {
        var day = self
        while day.isWeekend || (day.month == 12 && day.day >= 29) || (day.month == 1 && day.day <= 3) {
            day = day.adding(days: 1)
        }
        return day
    }

    public var isWeekend: Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let weekday = calendar.component(.weekday, from: startDate)
        return weekday == 1 || weekday == 7
    }
}
