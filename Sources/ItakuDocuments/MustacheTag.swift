import ItakuCore

/// One `{{…}}` tag of a template, where it is, and what it does.
struct MustacheTag: Equatable {
    enum Sigil: Equatable {
        case variable, unescaped, section, inverted, close, comment
        /// `{{> …}}`, `{{< …}}`, `{{$ …}}`: partials and inheritance, which could reach other files.
        case partial
        /// `{{= … =}}`
        case delimiters
        /// `{{% … }}`
        case pragma
    }

    var sigil: Sigil
    var name: String
    var line: Int
    var column: Int

    /// Every tag of `body` in order, and the tags that are never closed. Delimiters are always
    /// `{{` and `}}`: a template that changes them is refused, so this scan sees what the engine sees.
    static func scan(_ body: String) -> (tags: [MustacheTag], problems: [TemplateProblem]) {
        let bytes = Array(body.utf8)
        var tags: [MustacheTag] = []
        var line = 1
        var column = 1
        var index = 0

        func advance(to end: Int) {
            while index < end {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
                index += 1
            }
        }
        func find(_ pattern: [UInt8], from start: Int) -> Int? {
            guard bytes.count >= pattern.count else { return nil }
            var at = start
            while at + pattern.count <= bytes.count {
                if bytes[at] == pattern[0] && Array(bytes[at..<at + pattern.count]) == pattern { return at }
                at += 1
            }
            return nil
        }

        let open: [UInt8] = Array("{{".utf8)
        while let start = find(open, from: index) {
            advance(to: start)
            let tagLine = line
            let tagColumn = column
            let triple = start + 2 < bytes.count && bytes[start + 2] == UInt8(ascii: "{")
            let closing: [UInt8] = Array((triple ? "}}}" : "}}").utf8)
            guard let end = find(closing, from: start + (triple ? 3 : 2)) else {
                return (tags, [TemplateProblem(line: tagLine, column: tagColumn, message: "this tag is never closed with '\(String(decoding: closing, as: UTF8.self))'")])
            }
            var inner = String(decoding: bytes[(start + (triple ? 3 : 2))..<end], as: UTF8.self)
                .trimmingCharacters(in: .whitespaces)
            var sigil = Sigil.variable
            if triple {
                sigil = .unescaped
            } else if let first = inner.first {
                switch first {
                case "#": sigil = .section
                case "^": sigil = .inverted
                case "/": sigil = .close
                case "!": sigil = .comment
                case "&": sigil = .unescaped
                case ">", "<", "$": sigil = .partial
                case "=": sigil = .delimiters
                case "%": sigil = .pragma
                default: break
                }
                if sigil != .variable { inner = String(inner.dropFirst()).trimmingCharacters(in: .whitespaces) }
            }
            tags.append(MustacheTag(sigil: sigil, name: inner, line: tagLine, column: tagColumn))
            advance(to: end + closing.count)
        }
        return (tags, [])
    }

    /// Whether `name` is `.` or identifiers joined by dots — the only names a template may use.
    static func isWellFormed(_ name: String) -> Bool {
        if name == "." { return true }
        let segments = name.split(separator: ".", omittingEmptySubsequences: false)
        return !segments.isEmpty
            && segments.allSatisfy { segment in
                guard let first = segment.first, first.isASCII, first.isLetter || first == "_" else { return false }
                return segment.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            }
    }
}
