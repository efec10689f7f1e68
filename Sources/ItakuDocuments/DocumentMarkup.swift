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

    /// Bytes that mean something anywhere in a line.
    static func isInlineSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "|") || byte == UInt8(ascii: "`")
    }

    /// Bytes that mean something only where a line starts.
    static func isLineStartSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "#") || byte == UInt8(ascii: "-")
    }

    static func isControl(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x7F }

    /// `text` made inert: markup characters escaped (`#` and `-` only where they could start a
    /// block), line breaks and control characters turned into spaces, so a value can never
    /// start a block or break a table row. Works on UTF-8 bytes: every markup character is
    /// ASCII, and no byte of a multi-byte character is.
    static func escape(_ text: String) -> String {
        var clean = true
        var leading = true
        for byte in text.utf8 {
            if isControl(byte) || isInlineSpecial(byte) || (leading && isLineStartSpecial(byte)) {
                clean = false
                break
            }
            if byte != 0x20 { leading = false }
        }
        if clean { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        leading = true
        for byte in text.utf8 {
            if isInlineSpecial(byte) || (leading && isLineStartSpecial(byte)) {
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            } else if isControl(byte) {
                out.append(0x20)
                continue
            } else {
                out.append(byte)
            }
            if byte != 0x20 { leading = false }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func parse(_ text: String) -> [Block] {
        var blocks: [Block] = []
        var paragraph: [UInt8] = []
        var bullets: [[Run]] = []
        var rows: [[[Run]]] = []
        var header: [[Run]]?

        func flush() {
            if !paragraph.isEmpty { blocks.append(.paragraph(inline(paragraph[...]))) }
            if !bullets.isEmpty { blocks.append(.bullets(bullets)) }
            if !rows.isEmpty || header != nil { blocks.append(.table(header: header, rows: rows)) }
            paragraph = []
            bullets = []
            rows = []
            header = nil
        }

        let bytes = Array(text.utf8)
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let line = trimmed(raw)
            if line.isEmpty {
                flush()
            } else if line.elementsEqual("---".utf8) {
                flush()
                blocks.append(.pageBreak)
            } else if let level = headingLevel(line) {
                flush()
                blocks.append(.heading(level: level, inline(line.dropFirst(level + 1))))
            } else if line.starts(with: "- ".utf8) {
                if bullets.isEmpty { flush() }
                bullets.append(inline(line.dropFirst(2)))
            } else if line.first == UInt8(ascii: "|") {
                if rows.isEmpty && header == nil { flush() }
                if isSeparatorRow(line) {
                    if header == nil, rows.count == 1 {
                        header = rows[0]
                        rows = []
                    }
                } else {
                    rows.append(cells(line).map(inline))
                }
            } else {
                if !bullets.isEmpty || !rows.isEmpty || header != nil { flush() }
                if !paragraph.isEmpty { paragraph.append(0x20) }
                paragraph.append(contentsOf: line)
            }
        }
        flush()
        return blocks
    }

    static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var line = line
        while let first = line.first, first == 0x20 || first == 0x09 || first == 0x0D { line = line.dropFirst() }
        while let last = line.last, last == 0x20 || last == 0x09 || last == 0x0D { line = line.dropLast() }
        return line
    }

    static func headingLevel(_ line: ArraySlice<UInt8>) -> Int? {
        var level = 0
        for byte in line {
            if byte == UInt8(ascii: "#") {
                level += 1
            } else {
                return byte == 0x20 && (1...3).contains(level) ? level : nil
            }
        }
        return nil
    }

    static func isSeparatorRow(_ line: ArraySlice<UInt8>) -> Bool {
        line.contains(UInt8(ascii: "-"))
            && line.allSatisfy { $0 == UInt8(ascii: "|") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ":") || $0 == 0x20 }
    }

    /// The cells of a table row, split on pipes that are not escaped; outer pipes are optional.
    static func cells(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var cells: [ArraySlice<UInt8>] = []
        var start = line.startIndex
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "|") {
                cells.append(trimmed(line[start..<index]))
                start = index + 1
            }
            index += 1
        }
        cells.append(trimmed(line[min(start, line.endIndex)..<line.endIndex]))
        if cells.first?.isEmpty == true { cells.removeFirst() }
        if cells.last?.isEmpty == true { cells.removeLast() }
        return cells
    }

    /// Runs of `text`: `**` toggles bold, a backtick toggles code, a backslash makes the next
    /// character literal.
    static func inline(_ text: ArraySlice<UInt8>) -> [Run] {
        var runs: [Run] = []
        var current: [UInt8] = []
        var bold = false
        var code = false

        func close() {
            if !current.isEmpty { runs.append(Run(text: String(decoding: current, as: UTF8.self), bold: bold, code: code)) }
            current.removeAll(keepingCapacity: true)
        }
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "\\") {
                let next = index + 1
                current.append(next < text.endIndex ? text[next] : byte)
                index += 2
                continue
            }
            if byte == UInt8(ascii: "`") {
                close()
                code.toggle()
            } else if code {
                current.append(byte)
            } else if byte == UInt8(ascii: "*"), index + 1 < text.endIndex, text[index + 1] == UInt8(ascii: "*") {
                close()
                bold.toggle()
                index += 1
            } else {
                current.append(byte)
            }
            index += 1
        }
        close()
        return runs
    }

    /// Runs of a line of markup.
    static func inline(_ text: String) -> [Run] {
        inline(Array(text.utf8)[...])
    }
}

extension [DocumentMarkup.Run] {
    var plainText: String { map(\.text).joined() }
}
