extension ParameterSpec {
    /// Reads a raw value as this parameter's type, or says why it does not fit.
    ///
    /// Strings name `unspecified`/`unbounded` for numbers; single codes are accepted for
    /// `ordered`/`choice`; sets must be lists of known members.
    public func interpret(_ raw: TermValue, in catalog: Catalog) -> Result<TermValue, ParameterValueProblem> {
        switch type {
        case .boolean:
            guard case .flag = raw else { return .failure(.wrongType("true or false")) }
            return .success(raw)
        case .integer:
            switch raw {
            case .number(let value):
                if let min, value < min { return .failure(.outOfDomain("must be at least \(min)")) }
                if let max, value > max { return .failure(.outOfDomain("must be at most \(max)")) }
                return .success(raw)
            case .unspecified:
                return .success(.unspecified)
            case .unbounded:
                return unbounded == nil ? .failure(.outOfDomain("has no unbounded value")) : .success(.unbounded)
            case .code(let word) where word == unbounded || (unbounded != nil && word == TermValue.unboundedWord):
                return .success(.unbounded)
            default:
                let words = [TermValue.unspecifiedWord] + (unbounded.map { [$0] } ?? [])
                return .failure(.wrongType("an integer or one of \(words.joined(separator: ", "))"))
            }
        case .ordered, .choice:
            guard case .code(let value) = raw else { return .failure(.wrongType("one of \(allowedValuesText)")) }
            guard (values ?? []).contains(value) else {
                return .failure(.outOfDomain("'\(value)' is not one of \(allowedValuesText)"))
            }
            return .success(raw)
        case .set:
            guard case .codes(let members) = raw else { return .failure(.wrongType("a list of codes")) }
            let unknown = members.filter { !acceptsMember($0, in: catalog) }
            guard unknown.isEmpty else {
                return .failure(.outOfDomain("unknown \(unknown.count == 1 ? "member" : "members") \(unknown.map { "'\($0)'" }.joined(separator: ", "))"))
            }
            return .success(.set(members))
        }
    }

    /// Whether a code may be a member of this set parameter.
    public func acceptsMember(_ code: String, in catalog: Catalog) -> Bool {
        if let domain { return catalog.contains(code, in: domain) }
        if let values { return values.contains(code) }
        return !code.isEmpty && code.count <= 200
    }

    private var allowedValuesText: String {
        (values ?? []).joined(separator: ", ")
    }

    /// Renders a value for people: units, words for unbounded, yes/no.
    public func display(_ value: TermValue) -> String {
        switch value {
        case .number(let number): unit.map { "\(number) \($0.replacingOccurrences(of: "_", with: " "))" } ?? String(number)
        case .unbounded: unbounded ?? TermValue.unboundedWord
        default: value.description
        }
    }
}

/// Why a parameter value was refused.
public enum ParameterValueProblem: Error, Equatable, Sendable {
    case wrongType(String)
    case outOfDomain(String)

    public var message: String {
        switch self {
        case .wrongType(let expected): "must be \(expected)"
        case .outOfDomain(let detail): detail
        }
    }
}
