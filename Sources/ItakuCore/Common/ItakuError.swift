/// A failure the domain reports to its callers; the HTTP layer maps each case to a status once.
public enum ItakuError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input is well-formed but some values are not acceptable; every problem is listed.
    case invalid([FieldIssue])
    /// The request itself cannot be understood (not a value problem).
    case malformed(String)
    /// No credentials, or credentials that do not identify anyone.
    case unauthenticated
    /// The caller is known but its role may not do this.
    case forbidden(String)
    /// The object does not exist — or exists but belongs to someone the caller may not see.
    case notFound(String)
    /// The request conflicts with the object's current state.
    case conflict(String)
    /// The caller's `If-Match` names a version that is no longer current.
    case staleVersion(current: Int)
    /// The operation needs `If-Match` and none was given.
    case versionRequired

    public var description: String {
        switch self {
        case .invalid(let issues):
            issues.map { issue in "\(issue.field)\(issue.line.map { ":\($0)" } ?? "") \(issue.message)" }.joined(separator: "; ")
        case .malformed(let detail), .forbidden(let detail), .notFound(let detail), .conflict(let detail): detail
        case .unauthenticated: "not authenticated"
        case .staleVersion(let current): "stale version (current is \(current))"
        case .versionRequired: "If-Match is required"
        }
    }
}

/// One bad field of an input: where it is (a JSON path such as `contacts[1].email`) and what is wrong.
public struct FieldIssue: Equatable, Hashable, Sendable, Codable {
    public var field: String
    public var message: String
    /// For a problem inside a text body (a template), where it is.
    public var line: Int?
    public var column: Int?

    public init(_ field: String, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.field = field
        self.message = message
        self.line = line
        self.column = column
    }
}

/// Collects field issues so a whole input is checked before anything is rejected.
public struct IssueList: Sendable {
    public private(set) var issues: [FieldIssue] = []

    public init() {}

    public var isEmpty: Bool { issues.isEmpty }

    public mutating func add(_ field: String, _ message: String) {
        issues.append(FieldIssue(field, message))
    }

    public mutating func append(contentsOf other: [FieldIssue]) {
        issues.append(contentsOf: other)
    }

    /// Throws `ItakuError.invalid` when anything was collected.
    public func throwIfAny() throws(ItakuError) {
        if !issues.isEmpty { throw .invalid(issues) }
    }
}
