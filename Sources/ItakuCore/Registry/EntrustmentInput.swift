/// An entrustment scope or change as it arrives: every field raw and optional.
public struct EntrustmentInput: Sendable, Equatable {
    public var title: String?
    public var description: String?
    public var purposes: [String]?
    public var subjectCategories: [String]?
    public var dataItems: [String]?
    public var estimatedRecords: Int?
    public var locations: [String]?
    public var retentionDays: Int?
    public var startsOn: String?
    /// An empty string clears the end date.
    public var endsOn: String?

    public init(
        title: String? = nil, description: String? = nil, purposes: [String]? = nil, subjectCategories: [String]? = nil,
        dataItems: [String]? = nil, estimatedRecords: Int? = nil, locations: [String]? = nil,
        retentionDays: Int? = nil, startsOn: String? = nil, endsOn: String? = nil
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

    public static let maxRetentionDays = 36_500

    /// Validates a new scope; throws `.invalid` naming every bad field.
    public func validatedScope(catalog: Catalog) throws(ItakuError) -> EntrustmentScope {
        try resolve(over: nil, catalog: catalog)
    }

    /// Applies this change to `scope`; throws `.invalid` naming every bad field.
    public func applied(to scope: EntrustmentScope, catalog: Catalog) throws(ItakuError) -> EntrustmentScope {
        try resolve(over: scope, catalog: catalog)
    }

    private func resolve(over base: EntrustmentScope?, catalog: Catalog) throws(ItakuError) -> EntrustmentScope {
        var issues = IssueList()
        let creating = base == nil

        let title = FieldRules.text(title, "title", required: creating || title != nil, maxLength: 200, into: &issues)
        var description = base?.description
        if self.description != nil {
            description = FieldRules.text(self.description, "description", required: false, maxLength: 4000, into: &issues)
        }
        let purposes = FieldRules.codes(
            self.purposes, "purposes", what: "purpose", required: creating || self.purposes != nil, into: &issues,
            isKnown: catalog.hasPurpose)
        let subjects = FieldRules.codes(
            subjectCategories, "subjectCategories", what: "subject category",
            required: creating || subjectCategories != nil, into: &issues, isKnown: catalog.hasSubjectCategory)
        let items = FieldRules.codes(
            dataItems, "dataItems", what: "data item", required: creating || dataItems != nil, into: &issues,
            isKnown: catalog.hasDataItem)

        var estimatedRecords = base?.estimatedRecords
        if let value = self.estimatedRecords {
            if value < 0 { issues.add("estimatedRecords", "must be 0 or more") } else { estimatedRecords = value }
        } else if creating {
            issues.add("estimatedRecords", "is required")
        }

        var locations = base?.locations
        if let raw = self.locations {
            if raw.isEmpty {
                issues.add("locations", "must name at least one country")
            } else {
                var codes: [String] = []
                for (index, value) in raw.enumerated() {
                    if let code = FieldRules.country(value, "locations[\(index)]", into: &issues) { codes.append(code) }
                }
                locations = Array(Set(codes)).sorted()
            }
        } else if creating {
            issues.add("locations", "is required")
        }

        var retentionDays = base?.retentionDays
        if let value = self.retentionDays {
            if value <= 0 || value > Self.maxRetentionDays {
                issues.add("retentionDays", "must be between 1 and \(Self.maxRetentionDays)")
            } else {
                retentionDays = value
            }
        } else if creating {
            issues.add("retentionDays", "is required")
        }

        var startsOn = base?.startsOn
        if let raw = self.startsOn {
            startsOn = FieldRules.day(raw, "startsOn", into: &issues)
        } else if creating {
            issues.add("startsOn", "is required")
        }
        var endsOn = base?.endsOn
        if let raw = self.endsOn {
            endsOn = raw.trimmingCharacters(in: .whitespaces).isEmpty ? nil : FieldRules.day(raw, "endsOn", into: &issues)
        }
        if let startsOn, let endsOn, endsOn < startsOn {
            issues.add("endsOn", "must not be before startsOn (\(startsOn))")
        }

        try issues.throwIfAny()
        return EntrustmentScope(
            title: title ?? base!.title, description: description, purposes: purposes ?? base!.purposes,
            subjectCategories: subjects ?? base!.subjectCategories, dataItems: items ?? base!.dataItems,
            estimatedRecords: estimatedRecords!, locations: locations!, retentionDays: retentionDays!,
            startsOn: startsOn!, endsOn: endsOn)
    }
}
