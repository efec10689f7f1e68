/// How a parameter and its value read in a contract document: `Notice: at most 24 hours`.
extension ParameterSpec {
    /// The parameter's name in words, without the unit and bound it carries.
    public var label: String {
        var words = wordsWithoutUnit
        if words.first == "max" || words.first == "min" { words.removeFirst() }
        if words.last == "max" || words.last == "min" { words.removeLast() }
        let phrase = (words.isEmpty ? name.split(separator: "_").map(String.init) : words).joined(separator: " ")
        return phrase.prefix(1).uppercased() + phrase.dropFirst()
    }

    /// `value` in words, with its unit and bound, and catalog titles for codes.
    public func wording(of value: TermValue, catalog: Catalog) -> String {
        switch value {
        case .flag(let flag): return flag ? "yes" : "no"
        case .unspecified: return "not specified"
        case .unbounded: return (unbounded ?? TermValue.unboundedWord).replacingUnderscores
        case .number(let number): return bound + Self.quantity(number, unit: unit)
        case .code(let code): return code.replacingUnderscores
        case .codes(let codes):
            if codes.isEmpty { return "none" }
            return inCatalogOrder(codes, catalog: catalog).map { title(of: $0, catalog: catalog) }.joined(separator: "; ")
        }
    }

    /// "at most " / "at least " when the name says which way the number binds.
    private var bound: String {
        let words = wordsWithoutUnit
        if words.first == "max" || words.last == "max" { return "at most " }
        if words.first == "min" || words.last == "min" { return "at least " }
        return ""
    }

    private var wordsWithoutUnit: [String] {
        var words = name.split(separator: "_").map(String.init)
        if let unit {
            let unitWords = unit.split(separator: "_").map(String.init)
            if words.count > unitWords.count, Array(words.suffix(unitWords.count)) == unitWords {
                words.removeLast(unitWords.count)
            }
        }
        return words
    }

    /// Set members as the catalog lists them (stored sets are sorted by code, which reads oddly).
    private func inCatalogOrder(_ codes: [String], catalog: Catalog) -> [String] {
        let order: [String]
        switch domain {
        case .purposes?: order = catalog.purposes.map(\.code)
        case .dataItems?, .specialCareItems?: order = catalog.dataItems.map(\.code)
        case .subjectCategories?: order = catalog.subjectCategories.map(\.code)
        case .certificationSchemes?: order = catalog.certificationSchemes.map(\.code)
        case .countries?: return codes
        case nil: order = values ?? []
        }
        let position = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return codes.sorted { (position[$0] ?? Int.max, $0) < (position[$1] ?? Int.max, $1) }
    }

    private func title(of code: String, catalog: Catalog) -> String {
        switch domain {
        case .purposes?: catalog.purposes.first { $0.code == code }?.title ?? code
        case .dataItems?, .specialCareItems?: catalog.dataItem(code)?.title ?? code
        case .subjectCategories?: catalog.subjectCategories.first { $0.code == code }?.title ?? code
        case .certificationSchemes?: catalog.certificationSchemes.first { $0.code == code }?.title ?? code
        case .countries?: code
        case nil: code.replacingUnderscores
        }
    }

    static func quantity(_ number: Int, unit: String?) -> String {
        let digits = DocumentNumber.grouped(number)
        switch unit {
        case nil: return digits
        case "jpy": return "JPY \(digits)"
        case let unit?:
            let words = unit.replacingUnderscores
            return number == 1 && words.hasSuffix("s") ? "\(digits) \(words.dropLast())" : "\(digits) \(words)"
        }
    }
}

/// Numbers as documents print them: digits grouped by thousands, whatever the machine's locale.
enum DocumentNumber {
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var grouped = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return number < 0 ? "-" + grouped : grouped
    }
}

extension String {
    var replacingUnderscores: String { split(separator: "_", omittingEmptySubsequences: false).joined(separator: " ") }
}
