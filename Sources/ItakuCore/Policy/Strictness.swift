extension StrictnessDirection {
    /// Whether `candidate` is at least as strict as `reference` under this direction.
    ///
    /// `unspecified` never satisfies a numeric reference; a value of the wrong shape never
    /// satisfies anything. For ordered values, `order` lists them strictest first.
    public func isAtLeastAsStrict(_ candidate: TermValue, as reference: TermValue, order: [String] = []) -> Bool {
        switch (self, candidate, reference) {
        case (.lowerIsStricter, .number(let c), .number(let r)): c <= r
        case (.lowerIsStricter, .number, .unbounded), (.lowerIsStricter, .unbounded, .unbounded): true
        case (.higherIsStricter, .number(let c), .number(let r)): c >= r
        case (.higherIsStricter, .unbounded, .number), (.higherIsStricter, .unbounded, .unbounded): true
        case (.trueIsStricter, .flag(let c), .flag(let r)): c || !r
        case (.falseIsStricter, .flag(let c), .flag(let r)): !c || r
        case (.subsetIsStricter, .codes(let c), .codes(let r)): Set(c).isSubset(of: r)
        case (.supersetIsStricter, .codes(let c), .codes(let r)): Set(c).isSuperset(of: r)
        case (.strictestFirst, .code(let c), .code(let r)):
            if let ci = order.firstIndex(of: c), let ri = order.firstIndex(of: r) { ci <= ri } else { false }
        case (.equalRequired, .code(let c), .code(let r)): c == r
        default: false
        }
    }

    /// The stricter of two values (used when a scope condition tightens a policy value).
    public func stricter(_ a: TermValue, _ b: TermValue, order: [String] = []) -> TermValue {
        isAtLeastAsStrict(a, as: b, order: order) ? a : b
    }
}

extension ParameterSpec {
    /// Whether a contract value meets a reference value for this parameter.
    public func isAtLeastAsStrict(_ candidate: TermValue, as reference: TermValue) -> Bool {
        direction.isAtLeastAsStrict(candidate, as: reference, order: values ?? [])
    }
}
