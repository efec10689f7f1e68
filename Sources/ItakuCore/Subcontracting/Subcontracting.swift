import Foundation

/// Where a re-entrustment request stands.
public enum SubcontractingStatus: String, Codable, Sendable, CaseIterable {
    case requested, approved, rejected, revoked
}

/// The part of a scope a tier hands on: purposes, data items and countries.
public struct TierScope: Codable, Sendable, Equatable {
    public var purposes: [String]
    public var dataItems: [String]
    public var locations: [String]

    public init(purposes: [String], dataItems: [String], locations: [String]) {
        self.purposes = purposes
        self.dataItems = dataItems
        self.locations = locations
    }

    public var facts: ScopeFacts {
        ScopeFacts(purposes: Set(purposes), dataItems: Set(dataItems), locations: Set(locations))
    }
}

/// One edge of the sub-contracting graph: a contractor re-entrusting part of its work to another.
public struct Subcontracting: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    /// The contractor passing the work on.
    public var parentContractorID: UUID
    /// The organisation receiving it (itself registered as a contractor).
    public var childContractorID: UUID
    /// For a first tier: the parent's own entrustments being passed on.
    public var entrustmentIDs: [UUID]
    /// For deeper tiers: the approved edge through which the parent holds the work.
    public var parentSubcontractingID: UUID?
    public var scope: TierScope
    public var description: String?
    public var status: SubcontractingStatus
    /// The obligation terms the sub-contractor is bound to, recorded at approval.
    public var flowedDownTerms: [ObligationTerm]
    public var requestedAt: Date
    public var requestedBy: String
    public var decidedAt: Date?
    /// Who decided, and in which role — for the individual number it must be the company.
    public var decidedBy: String?
    public var decidedByRole: String?
    public var decisionNote: String?
    public var version: Int

    public init(
        id: UUID, parentContractorID: UUID, childContractorID: UUID, entrustmentIDs: [UUID], parentSubcontractingID: UUID?,
        scope: TierScope, description: String?, status: SubcontractingStatus = .requested, flowedDownTerms: [ObligationTerm] = [],
        requestedAt: Date, requestedBy: String, decidedAt: Date? = nil, decidedBy: String? = nil, decidedByRole: String? = nil,
        decisionNote: String? = nil, version: Int = 1
    ) {
        self.id = id
        self.parentContractorID = parentContractorID
        self.childContractorID = childContractorID
        self.entrustmentIDs = entrustmentIDs
        self.parentSubcontractingID = parentSubcontractingID
        self.scope = scope
        self.description = description
        self.status = status
        self.flowedDownTerms = flowedDownTerms
        self.requestedAt = requestedAt
        self.requestedBy = requestedBy
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.decidedByRole = decidedByRole
        self.decisionNote = decisionNote
        self.version = version
    }

    /// Requested or approved: the edge exists in the graph.
    public var isLive: Bool { status == .requested || status == .approved }
}

/// A request to re-entrust, as it arrives from a contractor.
public struct SubcontractingInput: Sendable, Equatable {
    public var subcontractorLegalName: String?
    public var subcontractorCorporateNumber: String?
    public var subcontractorCountry: String?
    public var entrustmentIDs: [String]?
    public var parentSubcontractingID: String?
    public var purposes: [String]?
    public var dataItems: [String]?
    public var locations: [String]?
    public var description: String?

    public init(
        subcontractorLegalName: String? = nil, subcontractorCorporateNumber: String? = nil, subcontractorCountry: String? = nil,
        entrustmentIDs: [String]? = nil, parentSubcontractingID: String? = nil, purposes: [String]? = nil,
        dataItems: [String]? = nil, locations: [String]? = nil, description: String? = nil
    ) {
        self.subcontractorLegalName = subcontractorLegalName
        self.subcontractorCorporateNumber = subcontractorCorporateNumber
        self.subcontractorCountry = subcontractorCountry
        self.entrustmentIDs = entrustmentIDs
        self.parentSubcontractingID = parentSubcontractingID
        self.purposes = purposes
        self.dataItems = dataItems
        self.locations = locations
        self.description = description
    }

    /// The checked request.
    public struct Fields: Sendable, Equatable {
        public var subcontractor: ContractorProfile
        public var entrustmentIDs: [UUID]
        public var parentSubcontractingID: UUID?
        public var scope: TierScope
        public var description: String?
    }

    /// Validates everything that does not need the database; holdings are checked by the caller.
    public func validated(catalog: Catalog) throws(ItakuError) -> Fields {
        var issues = IssueList()
        var profile: ContractorProfile?
        do {
            profile = try ContractorInput(
                legalName: subcontractorLegalName, corporateNumber: subcontractorCorporateNumber, country: subcontractorCountry,
                relationship: Relationship.outsourcee.rawValue
            ).validatedProfile(catalog: catalog)
        } catch {
            if case .invalid(let found) = error {
                issues.append(contentsOf: found.map { FieldIssue("subcontractor.\($0.field)", $0.message) })
            }
        }
        var entrustments: [UUID] = []
        var parent: UUID?
        let namesEntrustments = !(entrustmentIDs ?? []).isEmpty
        if namesEntrustments && parentSubcontractingID != nil {
            issues.add(
                "parentSubcontractingId",
                "give either entrustmentIds (your own entrustments) or parentSubcontractingId (work you hold as a sub-contractor), not both")
        } else if namesEntrustments {
            for (index, text) in (entrustmentIDs ?? []).enumerated() {
                if let id = UUID(uuidString: text) { entrustments.append(id) } else {
                    issues.add("entrustmentIds[\(index)]", "'\(text)' is not an entrustment id")
                }
            }
        } else if let text = parentSubcontractingID {
            if let id = UUID(uuidString: text) { parent = id } else {
                issues.add("parentSubcontractingId", "'\(text)' is not a sub-contracting id")
            }
        } else {
            issues.add(
                "entrustmentIds", "name the entrustments passed on, or parentSubcontractingId when you are yourself a sub-contractor")
        }
        let purposes = FieldRules.codes(self.purposes, "purposes", what: "purpose", required: true, into: &issues, isKnown: catalog.hasPurpose)
        let items = FieldRules.codes(dataItems, "dataItems", what: "data item", required: true, into: &issues, isKnown: catalog.hasDataItem)
        var locations: [String] = []
        if let raw = self.locations, !raw.isEmpty {
            for (index, value) in raw.enumerated() {
                if let code = FieldRules.country(value, "locations[\(index)]", into: &issues) { locations.append(code) }
            }
        } else {
            issues.add("locations", "must name at least one country")
        }
        let description = FieldRules.text(description, "description", required: false, maxLength: 4000, into: &issues)
        try issues.throwIfAny()
        return Fields(
            subcontractor: profile!, entrustmentIDs: entrustments, parentSubcontractingID: parent,
            scope: TierScope(purposes: purposes!, dataItems: items!, locations: Array(Set(locations)).sorted()),
            description: description)
    }
}
