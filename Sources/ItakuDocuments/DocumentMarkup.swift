import Foundation

/// The small markup templates write in, and the document it describes. Blocks, one per line or
/// group of lines: `#`, `##`, `###` headings; `- ` bullets; `|`-separated table rows (a row
/// followed by `|---|` is the header); `---` alone starts a new page; other lines are paragraph
/// text, joined until a blank line. Inline: `**bold**` and `` `code` ``; a backslash makes the
/// next character plain text.
enum DocumentMarkup {
    /// A stretch of text with one style.
    struct Run: Equatable {
        var text: String
        var bold: Bool
        var code: Bool = false
    }

    /// One block of the document.
    enum Block: Equatable {
        case heading(level: Int, [Run])
        case paragraph([Run])
        case bullets([[Run]])
        case table(header: [[Run]]?, rows: [[[Run]]])
        case pageBreak
    }

    /// Characters that mean something in the markup, escaped in every value a template prints.
    static let special: Set<Character> = ["\\", "*", "|", "#", "-", "`"]

    /// `text` made inert: markup characters escaped, line breaks and control characters turned
    /// into spaces so a value can never start a block or break a table row.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for character in text {
            if special.contains(character) {
                out.append("\\")
                out.append(character)
            } else if character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                out.append(" ")
            } else {
                out.append(character)
            }
        }
        return out
    }

    static func parse(_ text: String) -> [Block] {
        var blocks: [Block] = []
        var paragraph: [String] = []
        var bullets: [[Run]] = []
        var rows: [[[Run]]] = []
        var header: [[Run]]?

        func flush() {
            if !paragraph.isEmpty { blocks.append(.paragraph(inline(paragraph.joined(separator: " ")))) }
            if !bullets.isEmpty { blocks.append(.bullets(bullets)) }
            if !rows.isEmpty || header != nil { blocks.append(.table(header: header, rows: rows)) }
            paragraph = []
            bullets = []
            rows = []
            header = nil
        }

        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                flush()
            } else if line == "---" {
                flush()
                blocks.append(.pageBreak)
            } else if let level = headingLevel(line) {
                flush()
                blocks.append(.heading(level: level, inline(String(line.dropFirst(level + 1)))))
            } else if line.hasPrefix("- ") {
                if bullets.isEmpty { flush() }
                bullets.append(inline(String(line.dropFirst(2))))
            } else if line.hasPrefix("|") {
                if rows.isEmpty && header == nil { flush() }
                if isSeparatorRow(line) {
                    if header == nil, let first = rows.first, rows.count == 1 {
                        header = first
                        rows = []
                    }
                } else {
                    rows.append(cells(line).map(inline))
                }
            } else {
                if !bullets.isEmpty || !rows.isEmpty || header != nil { flush() }
                paragraph.append(line)
            }
        }
        flush()
        return blocks
    }

    static func headingLevel(_ line: String) -> Int? {
        for level in 1...3 where line.hasPrefix(String(repeating: "#", count: level) + " ") { return level }
        return nil
    }

    static func isSeparatorRow(_ line: String) -> Bool {
        line.contains("-") && line.allSatisfy { $0 == "|" || $0 == "-" || $0 == ":" || $0 == " " }
    }

    /// The cells of a table row, split on pipes that are not escaped; outer pipes are optional.
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append("\\")
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        cells.append(current)
        if cells.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { cells.removeFirst() }
        if cells.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { cells.removeLast() }
        return cells.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Runs of `text`: `**` toggles bold, a backtick toggles code, a backslash makes the next
    /// character literal.
    static func inline(_ text: String) -> [Run] {
        var runs: [Run] = []
        var current = ""
        var bold = false
        var code = false
        var characters = text.makeIterator()
        var pending: Character? = nil

        func close() {
            if !current.isEmpty { runs.append(Run(text: current, bold: bold, code: code)) }
            current = ""
        }
        while let character = pending ?? characters.next() {
            pending = nil
            if character == "\\" {
                if let next = characters.next() { current.append(next) } else { current.append("\\") }
            } else if character == "`" {
                close()
                code.toggle()
            } else if code {
                current.append(character)
            } else if character == "*" {
                let next = characters.next()
                if next == "*" {
                    close()
                    bold.toggle()
                } else {
                    current.append("*")
                    pending = next
                }
            } else {
                current.append(character)
            }
        }
        close()
        return runs
    }
}

extension [DocumentMarkup.Run] {
    var plainText: String { map(\.text).joined() }
}
