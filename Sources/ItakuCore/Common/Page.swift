import Foundation

/// One page of a list and the cursor that continues it (`nil` on the last page).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    public func map<T>(_ transform: (Item) throws -> T) rethrows -> Page<T> {
        Page<T>(items: try items.map(transform), nextCursor: nextCursor)
    }
}

/// Where a list starts and how long it may be; built from `?limit=` and `?cursor=`.
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maximumLimit = 500

    public var limit: Int
    /// The position after which the page starts, decoded from the opaque cursor.
    public var after: Cursor?

    public init(limit: Int = PageRequest.defaultLimit, after: Cursor? = nil) {
        self.limit = limit
        self.after = after
    }

    /// Validates the raw query values, naming each bad one.
    public static func parse(limit: Int?, cursor: String?) throws(ItakuError) -> PageRequest {
        var issues = IssueList()
        let limit = limit ?? defaultLimit
        if !(1...maximumLimit).contains(limit) {
            issues.add("limit", "must be between 1 and \(maximumLimit)")
        }
        var after: Cursor?
        if let cursor, !cursor.isEmpty {
            after = Cursor(token: cursor)
            if after == nil { issues.add("cursor", "is not a cursor this service issued") }
        }
        try issues.throwIfAny()
        return PageRequest(limit: limit, after: after)
    }
}

/// A keyset position: the sort key and id of the last item of the previous page.
public struct Cursor: Sendable, Equatable {
    public var key: String
    public var id: String

    public init(key: String, id: String) {
        self.key = key
        self.id = id
    }

    /// Decodes the opaque token handed out as `nextCursor`.
    public init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard token.count <= 1024, let data = Data(base64Encoded: base64),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        let parts = text.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty else { return nil }
        self.key = String(parts[0])
        self.id = String(parts[1])
    }

    /// The opaque token form (base64url without padding).
    public var token: String {
        Data("\(key)\u{1F}\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
