/// What a contract (or a sub-contracting tier) covers, as far as the requirements depend on it.
public struct ScopeFacts: Sendable, Equatable, Codable {
    public var purposes: Set<String>
    public var subjectCategories: Set<String>
    public var dataItems: Set<String>
    public var locations: Set<String>
    /// Whether any of the work is re-entrusted.
    public var hasSubcontracting: Bool

    public init(
        purposes: Set<String> = [], subjectCategories: Set<String> = [], dataItems: Set<String> = [],
        locations: Set<String> = [], hasSubcontracting: Bool = false
    ) {
        self.purposes = purposes
        self.subjectCategories = subjectCategories
        self.dataItems = dataItems
        self.locations = locations
        self.hasSubcontracting = hasSubcontracting
    }

    /// The union of the scopes of `entrustments`.
    public init(entrustments: [Entrustment], hasSubcontracting: Bool) {
        self.init(hasSubcontracting: hasSubcontracting)
        for entrustment in entrustments {
            purposes.formUnion(entrustment.scope.purposes)
            subjectCategories.formUnion(entrustment.scope.subjectCategories)
            dataItems.formUnion(entrustment.scope.dataItems)
            locations.formUnion(entrustment.scope.locations)
        }
    }

    /// The scope conditions that hold, which decide the extra terms required.
    public func conditions(catalog: Catalog, companyCountry: String) -> Set<ScopeCondition> {
        var conditions: Set<ScopeCondition> = hasSubcontracting ? [.subcontracting] : []
        Self.add(dataItems: dataItems, locations: locations, to: &conditions, catalog, companyCountry)
        return conditions
    }

    /// The scope conditions that hold for the union of `entrustments`' scopes, read from them
    /// directly: a scan asks once per contractor, and building the union was most of the cost.
    /// Only the entrustments `isIncluded` accepts count; they are read in place, by index, because
    /// copying an entrustment retains every list and text it holds.
    public static func conditions(
        of entrustments: [Entrustment], where isIncluded: (Entrustment) -> Bool = { _ in true }, hasSubcontracting: Bool, catalog: Catalog,
        companyCountry: String
    ) -> Set<ScopeCondition> {
        var conditions: Set<ScopeCondition> = hasSubcontracting ? [.subcontracting] : []
        for index in entrustments.indices where isIncluded(entrustments[index]) {
            add(dataItems: entrustments[index].scope.dataItems, locations: entrustments[index].scope.locations, to: &conditions, catalog, companyCountry)
        }
        return conditions
    }

    private static func add(
        dataItems: some Sequence<String>, locations: some Sequence<String>, to conditions: inout Set<ScopeCondition>, _ catalog: Catalog,
        _ companyCountry: String
    ) {
        for item in dataItems {
            switch catalog.dataItem(item)?.class {
            case .individualNumber?: conditions.insert(.individualNumber)
            case .specialCare?: conditions.insert(.specialCare)
            case .ordinary?, nil: break
            }
        }
        if locations.contains(where: { $0 != companyCountry }) { conditions.insert(.foreignLocation) }
    }
}
