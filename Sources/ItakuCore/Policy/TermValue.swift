/// The value of one obligation parameter as written in a policy or contract.
public enum TermValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case flag(Bool)
    case number(Int)
    /// Vague wording ("promptly", "without undue delay"): fails every numeric comparison.
    case unspecified
    /// Larger than any number ("perpetual", "uncapped").
    case unbounded
    case code(String)
    /// A set of codes, kept sorted and without repeats.
    case codes([String])

    /// The spelling used on the wire for `unspecified`.
    public static let unspecifiedWord = "unspecified"
    /// The spelling used on the wire for `unbounded` when the parameter names no word of its own.
    public static let unboundedWord = "unbounded"

    /// A set value, normalised.
    public static func set<S: Sequence<String>>(_ members: S) -> TermValue {
        .codes(Array(Set(members)).sorted())
    }

    public var description: String {
        switch self {
        case .flag(let value): value ? "yes" : "no"
        case .number(let value): String(value)
        case .unspecified: TermValue.unspecifiedWord
        case .unbounded: TermValue.unboundedWord
        case .code(let value): value
        case .codes(let values): values.isEmpty ? "(none)" : values.joined(separator: ", ")
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .flag(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = text == TermValue.unspecifiedWord ? .unspecified : .code(text)
        } else if let members = try? container.decode([String].self) {
            self = .set(members)
        } else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected a boolean, an integer, a string or a list of strings"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .flag(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .unspecified: try container.encode(TermValue.unspecifiedWord)
        case .unbounded: try container.encode(TermValue.unboundedWord)
        case .code(let value): try container.encode(value)
        case .codes(let values): try container.encode(values)
        }
    }
}

/// One obligation as a policy or contract states it: a kind and its parameter values.
public struct ObligationTerm: Codable, Sendable, Hashable {
    public var kind: String
    public var parameters: [String: TermValue]

    public init(kind: String, parameters: [String: TermValue] = [:]) {
        self.kind = kind
        self.parameters = parameters
    }
}
