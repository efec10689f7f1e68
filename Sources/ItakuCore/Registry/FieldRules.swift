/// Small field checks shared by every input type; each reports into an `IssueList`.
enum FieldRules {
    /// A required free-text value, trimmed; nil when missing or blank.
    static func text(_ value: String?, _ field: String, required: Bool, maxLength: Int, into issues: inout IssueList) -> String? {
        guard let value else {
            if required { issues.add(field, "is required") }
            return nil
        }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            if required { issues.add(field, "must not be blank") }
            return nil
        }
        if trimmed.count > maxLength {
            issues.add(field, "must be at most \(maxLength) characters")
            return nil
        }
        if trimmed.unicodeScalars.contains(where: isHazardous) {
            issues.add(field, "must not contain control or text-direction characters")
            return nil
        }
        return trimmed
    }

    /// Control characters, and direction overrides that can make text read differently from
    /// what it is, have no place in names and titles.
    static func isHazardous(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return false }
        if scalar.properties.generalCategory == .control { return true }
        return (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// An ISO 3166-1 alpha-2 code, upper-cased.
    static func country(_ value: String, _ field: String, into issues: inout IssueList) -> String? {
        let code = value.trimmingCharacters(in: .whitespaces).uppercased()
        guard CountryCode.isValid(code) else {
            issues.add(field, "'\(value)' is not an ISO 3166-1 alpha-2 country code (e.g. JP)")
            return nil
        }
        return code
    }

    /// An ISO 8601 calendar date.
    static func day(_ value: String, _ field: String, into issues: inout IssueList) -> CalendarDay? {
        guard let day = CalendarDay(value.trimmingCharacters(in: .whitespaces)) else {
            issues.add(field, "'\(value)' is not a date in the form YYYY-MM-DD")
            return nil
        }
        return day
    }

    /// One value of a closed list.
    static func choice<E: RawRepresentable & CaseIterable>(_ value: String, _ field: String, into issues: inout IssueList) -> E?
    where E.RawValue == String {
        guard let parsed = E(rawValue: value) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            issues.add(field, "'\(value)' is not one of \(allowed)")
            return nil
        }
        return parsed
    }

    /// A list of catalog codes: not empty, each known, no repeats; returned sorted.
    static func codes(
        _ values: [String]?, _ field: String, what: String, required: Bool, into issues: inout IssueList,
        isKnown: (String) -> Bool
    ) -> [String]? {
        guard let values else {
            if required { issues.add(field, "is required") }
            return nil
        }
        if values.isEmpty && required {
            issues.add(field, "must name at least one \(what)")
            return nil
        }
        var ok = true
        var seen: Set<String> = []
        for (index, code) in values.enumerated() {
            if !isKnown(code) {
                issues.add("\(field)[\(index)]", "unknown \(what) '\(code)'")
                ok = false
            } else if !seen.insert(code).inserted {
                issues.add("\(field)[\(index)]", "'\(code)' appears twice")
                ok = false
            }
        }
        return ok ? values.sorted() : nil
    }

    /// A plausible e-mail address: one `@`, a local part, a dotted domain, no spaces.
    static func email(_ value: String?, _ field: String, into issues: inout IssueList) -> String? {
        guard let text = text(value, field, required: true, maxLength: 254, into: &issues) else { return nil }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        let valid =
            parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && !text.contains(where: \.isWhitespace)
        if !valid {
            issues.add(field, "'\(text)' is not an e-mail address")
            return nil
        }
        return text
    }
}
