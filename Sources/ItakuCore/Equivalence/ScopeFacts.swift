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
        var conditions: Set<ScopeCondition> = []
        let classes = Set(dataItems.compactMap { catalog.dataItem($0)?.class })
        if classes.contains(.individualNumber) { conditions.insert(.individualNumber) }
        if classes.contains(.specialCare) { conditions.insert(.specialCare) }
        if locations.contains(where: { $0 != companyCountry }) { conditions.insert(.foreignLocation) }
        if hasSubcontracting { conditions.insert(.subcontracting) }
        return conditions
    }
}
