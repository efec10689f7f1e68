import Foundation
import ItakuCore

/// The registry: searchable by name, filtered by status, a page at a time.
public struct ContractorListPage: PageContent, Equatable {
    public static let template = "contractors"

    /// One contractor in the list.
    public struct Row: Encodable, Sendable, Equatable {
        public var name: String
        public var href: String
        public var corporateNumber: String?
        public var country: String
        public var relationship: String
        public var status: String
    }

    public var query: String
    public var statusOptions: [FormField.Option]
    public var rows: [Row]
    public var nextHref: String?
    /// Shown when this is not the first page.
    public var firstHref: String?
    public var canRegister: Bool

    public init(query: String, status: String?, page: Page<Contractor>, isFirstPage: Bool, canRegister: Bool) {
        self.query = query
        statusOptions =
            [FormField.Option(value: "", label: "Any status", selected: status == nil)]
            + ContractorStatus.allCases.map { FormField.Option(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == status) }
        rows = page.items.map {
            Row(
                name: $0.profile.legalName, href: "/ui/contractors/\(WebFormat.lowercased($0.id))",
                corporateNumber: $0.profile.corporateNumber, country: $0.profile.country,
                relationship: WebFormat.code($0.profile.relationship.rawValue), status: $0.profile.status.rawValue)
        }
        let filters = Self.query(["q": query.isEmpty ? nil : query, "status": status])
        nextHref = page.nextCursor.map { "/ui/contractors?" + Self.query(["q": query.isEmpty ? nil : query, "status": status, "cursor": $0]) }
        firstHref = isFirstPage ? nil : "/ui/contractors" + (filters.isEmpty ? "" : "?" + filters)
        self.canRegister = canRegister
    }

    /// A query string from the parameters that have values, in a fixed order.
    static func query(_ parameters: [String: String?]) -> String {
        parameters.compactMap { key, value in
            value.map { "\(key)=\($0.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "")" }
        }.sorted().joined(separator: "&")
    }

    public static let mock: ContractorListPage = {
        let contractors = [
            Contractor.mock(name: "Kaito Data Services KK", number: "1234567890123"),
            Contractor.mock(name: "Nami Print & Mail", number: nil),
        ]
        return ContractorListPage(
            query: "a", status: "active", page: Page(items: contractors, nextCursor: "next1"), isFirstPage: false, canRegister: true)
    }()
}

extension CharacterSet {
    /// What may stand unescaped in a query value.
    static let urlQueryValueAllowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
}

extension Contractor {
    /// A fixed contractor for page snapshots.
    static func mock(name: String, number: String?) -> Contractor {
        let id = UUID(uuidString: number == nil ? "00000000-0000-0000-0000-0000000000c2" : "00000000-0000-0000-0000-0000000000c1")!
        return Contractor(
            id: id,
            profile: ContractorProfile(
                legalName: name, corporateNumber: number, country: "JP", relationship: .outsourcee, status: .active,
                contacts: [Contact(name: "Aoi Tanaka", email: "aoi@example.jp", role: "DPO", phone: nil)],
                certifications: [Certification(scheme: "pmark", validUntil: CalendarDay("2027-03-31")!, reference: "P-123")]),
            version: 3, createdAt: Date(timeIntervalSince1970: 1_760_000_000), updatedAt: Date(timeIntervalSince1970: 1_760_000_000))
    }
}
